import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from clusterbench.demo import population
from clusterbench.demo.services import DemoError, demo_population_create
from clusterbench.text import quoted


def iso_date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(
            f"--reference-date must be a date like 2026-05-01; got {quoted(raw)}"
        ) from None


class Command(BaseCommand):
    help = (
        "Generate the synthetic demonstration population (936 cluster organisations from "
        "41 countries with their benchmarkings and answers), interviewed from November "
        "2010 up to the month before its reference date. Does nothing if it is already "
        "there, unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=population.SEED,
            help=f"random seed (default {population.SEED})",
        )
        parser.add_argument(
            "--reference-date",
            type=str,
            help="the population as of this date, kept with it (default: today)",
        )
        parser.add_argument(
            "--clusters",
            type=int,
            default=population.CLUSTER_COUNT,
            help=f"how many cluster organisations (default {population.CLUSTER_COUNT}; "
            "fewer make a quick test database)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the existing demonstration population and generate anew",
        )

    def handle(self, *args, seed, reference_date, clusters, replace, **options):
        try:
            result = demo_population_create(
                seed=seed,
                replace=replace,
                reference_date=iso_date(reference_date) if reference_date else None,
                clusters=clusters,
            )
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        if not result.created:
            as_of = (
                f"as of {result.reference_date:%d %B %Y}"
                if result.reference_date
                else "from an earlier version, not coherent in time"
            )
            self.stdout.write(
                f"Demonstration population already present ({result.clusters} cluster "
                f"organisations, {as_of}); use --replace to generate it anew."
            )
            return
        self.stdout.write(
            f"Generated {result.clusters} cluster organisations from {result.countries} "
            f"countries, {result.benchmarkings} benchmarkings (interviews from "
            f"{result.first_interview:%B %Y} to {result.last_interview:%B %Y}) and "
            f"{result.answers} answers in {result.seconds:.1f} s (as of "
            f"{result.reference_date:%d %B %Y}, seed {seed}, fingerprint {result.fingerprint})."
        )
