from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="HostPace",
            fields=[
                ("host", models.CharField(max_length=255, primary_key=True, serialize=False)),
                ("next_start", models.FloatField(default=0.0)),
            ],
        ),
        migrations.CreateModel(
            name="HostSlot",
            fields=[
                ("token", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("host", models.CharField(db_index=True, max_length=255)),
                ("expires", models.FloatField()),
            ],
        ),
        migrations.CreateModel(
            name="Lease",
            fields=[
                ("name", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("holder", models.CharField(blank=True, max_length=64)),
                ("until", models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name="PeriodMark",
            fields=[
                ("name", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("at", models.DateTimeField()),
            ],
        ),
    ]
