from django.core.management.base import BaseCommand

from clusterbench.languages.catalogues import build


class Command(BaseCommand):
    help = (
        "Generate the Serbian Cyrillic catalogue from the Serbian Latin one and compile every "
        "catalogue (.po -> .mo) without system gettext."
    )

    def handle(self, *args, **options):
        for path in build():
            self.stdout.write(f"wrote {path}")
