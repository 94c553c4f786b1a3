from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterbench.methodology.loader import bundled_framework_files, framework_load
from clusterbench.methodology.spec import FrameworkError


class Command(BaseCommand):
    help = (
        "Load methodology framework files (YAML) as new versions. Without arguments, loads "
        "every framework bundled with ClusterBench. Loading an unchanged file again does "
        "nothing; a changed file needs a new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path, help="framework files to load")

    def handle(self, *args, files, **options):
        for path in files or bundled_framework_files():
            try:
                framework, created = framework_load(path=path)
            except FrameworkError as exc:
                raise CommandError(f"{path.name}: {exc}") from None
            state = "loaded" if created else "already loaded, unchanged"
            self.stdout.write(f"Framework {framework.version} ({path.name}): {state}")
