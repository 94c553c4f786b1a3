from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusterbench.engagements.models import Benchmarking
from clusterbench.files import write_atomically
from clusterbench.languages.reports import REPORT_LANGUAGES
from clusterbench.reports.pdf import UndisplayableText, render_pdf
from clusterbench.reports.selectors import released_document


class Command(BaseCommand):
    # A read-only command a user waits for: the system checks would import every view and
    # URL of the site first, about a third of a second for nothing (`clusterbench check`
    # runs them).
    requires_system_checks = []
    help = (
        "Render one benchmarking's report, released or draft: its latest report version (in "
        "a language, with --language), or one built on the snapshot of its latest version "
        "(its latest reference snapshot) when it has none in that language yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("benchmarking_id", type=int)
        parser.add_argument("-o", "--output", type=Path, help="write the PDF to this file")
        parser.add_argument("--html", type=Path, help="write the HTML page to this file")
        parser.add_argument(
            "--language",
            default="",
            choices=[code for code, _name in REPORT_LANGUAGES],
            help="the report's language (default: its latest version's, or the engagement's)",
        )

    def handle(self, *args, benchmarking_id, output, html, language, **options):
        if output is None and html is None:
            raise CommandError("Say where to write the report: -o FILE.pdf and/or --html FILE.html")
        benchmarking = Benchmarking.objects.filter(pk=benchmarking_id).first()
        if benchmarking is None:
            raise CommandError(f"No benchmarking with id {benchmarking_id}.")
        if benchmarking.interview_date is None or not benchmarking.answers.exists():
            raise CommandError(f"Benchmarking {benchmarking_id} has no interview answers yet.")
        document = released_document(benchmarking, language=language)
        if document is None:
            # A draft is built from the analysis: imported only when needed, so printing a
            # released report does not load the analysis, NumPy and the report builder.
            from clusterbench.reports.services import report_for_benchmarking

            document = report_for_benchmarking(benchmarking, language=language)
        try:
            if output is not None:
                write_atomically(output, render_pdf(document))
                self.stderr.write(f"Wrote {output}")
            if html is not None:
                from clusterbench.reports.html import render_html  # only when asked for

                html.write_text(render_html(document), encoding="utf-8")
                self.stderr.write(f"Wrote {html}")
        except OSError as exc:
            raise CommandError(
                f"Cannot write the report: {exc.strerror} ({exc.filename})"
            ) from None
        except UndisplayableText as exc:
            raise CommandError(str(exc)) from None
