from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from clusterbench.demo.ladder import demo_ladder_accounts, demo_ladder_create
from clusterbench.demo.services import (
    DemoError,
    demo_accounts_create,
    demo_engagements_create,
    demo_group_bids_create,
    demo_labels_create,
    demo_showcase,
)
from clusterbench.labels.reminders import reminder_recipients, reminders_due


class Command(BaseCommand):
    help = (
        "Create (or reset) one demonstration account per role, tied to demonstration "
        "clusters and the demonstration network, give them engagements in every step of "
        "the workflow, and print their passwords. The passwords are public, so this "
        "refuses to run unless DEBUG=1 or --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="create the accounts even though DEBUG is off"
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo accounts have published passwords; run with DEBUG=1 "
                "(a demonstration server) or --force."
            )
        try:
            accounts = demo_accounts_create()
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        labels = demo_labels_create()
        if labels:
            self.stdout.write(f"Awarded {labels} Bronze Labels to the historical benchmarkings.")
        engagements = demo_engagements_create()
        if engagements:
            self.stdout.write(f"Created {engagements} engagements, one in every step.")
        if demo_group_bids_create():
            self.stdout.write("Created the demonstration network's group bids.")
        demo_ladder_accounts()
        ladder = demo_ladder_create()
        accounts += demo_ladder_accounts()  # again, to say which clusters they act for
        if ladder:
            self.stdout.write(
                "Created the Silver and Gold demonstration: a Silver audit held yesterday, "
                "a Gold visit with two scorings to reconcile, a cluster with a Gold Label."
            )
        self.stdout.write(
            f"\nDemonstration accounts (log in at {settings.SITE_URL}{reverse('login')}):"
        )
        for account in accounts:
            line = f"  {account.role:<22} {account.username:<12} password: {account.password}"
            self.stdout.write(line + (f"   for {account.acts_for}" if account.acts_for else ""))
        showcase = demo_showcase()
        if showcase is not None:
            engagement = showcase.benchmarking
            self.stdout.write(
                f"\nThe showcase report: {engagement.cluster.name_en}, compared with "
                f"{showcase.snapshot.peers} peers, at "
                f"{settings.SITE_URL}{reverse('engagement_detail', args=[engagement.pk])} "
                f"(as manager), or in English `clusterbench render {engagement.pk} --language "
                f"en -o report.pdf`, in Serbian `clusterbench render {engagement.pk} --language "
                "sr-latn -o r.pdf`."
            )
        due = reminders_due(timezone.localdate())
        reachable = sum(1 for label, _stage in due if reminder_recipients(label))
        if due:
            self.stdout.write(
                f"\n{len(due)} labels expire within three months: `clusterbench "
                f"send_renewal_reminders` sends the {reachable} reminders that have someone "
                "to go to (once), and names the others' clusters (no account of theirs has "
                "an e-mail address)."
            )
        self.stdout.write("")
