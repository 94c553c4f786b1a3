import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterbench.files import open_atomically
from clusterbench.interviews.exports import answers_write_csv


class Command(BaseCommand):
    help = (
        "Write every benchmarking's answers to a CSV file, one row per benchmarking: id, "
        "cluster id, status, country (ISO alpha-3), portfolio, interview date, then one "
        'column per indicator code (empty for "not known"). Use - for standard output.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file to write, or - for standard output")

    def handle(self, *args, file, **options):
        if file == "-":
            answers_write_csv(sys.stdout)
            return
        path = Path(file)
        try:
            # An interrupted export never leaves a truncated file under the requested name.
            with open_atomically(path, "w", newline="", encoding="utf-8") as stream:
                rows = answers_write_csv(stream)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror}") from None
        self.stderr.write(f"Wrote {rows} benchmarkings to {path}")
