# Story.updated_at was indexed but never written: every row held its creation time.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("storage", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="story",
            name="updated_at",
        ),
    ]
