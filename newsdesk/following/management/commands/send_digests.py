"""``newsdesk manage send_digests``: send the e-mail digests that are due (e.g. from cron)."""

from django.core.management.base import BaseCommand

from newsdesk.following.digest import send_due


class Command(BaseCommand):
    help = "Send every daily or weekly digest that is due."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{send_due()} digest(s) sent")
