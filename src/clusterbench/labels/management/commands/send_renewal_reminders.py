import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clusterbench.labels.reminders import reminders_send
from clusterbench.text import quoted


class Command(BaseCommand):
    help = (
        "Send the renewal reminders due today (3 months and 1 month before a label "
        "expires) to the cluster's managers and its networks' coordinators. Each reminder "
        "is sent once, however often this runs: run it daily from cron or a periodic task."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, today, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(
                f"--today must be a date like 2027-01-31; got {quoted(today)}"
            ) from None
        result = reminders_send(day)
        for reminder in result.sent:
            label = reminder.label
            self.stdout.write(
                f"{label.cluster.name_en}: {label.get_level_display()} {label.certificate_id} "
                f"expires {label.valid_until:%d %B %Y}; {reminder.months_before}-month "
                f"reminder to {len(reminder.recipients)} recipient(s)"
            )
        for label, stage in result.unreachable:
            self.stdout.write(
                f"{label.cluster.name_en}: {label.get_level_display()} {label.certificate_id} "
                f"expires {label.valid_until:%d %B %Y}: no active manager or network "
                f"coordinator has an e-mail address, so its {stage}-month reminder was not "
                "sent (it will be, on the first run after one is added)"
            )
        summary = f"{len(result.sent)} renewal reminder(s) sent for {day:%d %B %Y}"
        if result.unreachable:
            summary += f"; {len(result.unreachable)} due with no one to send it to"
        self.stdout.write(summary + ".")
