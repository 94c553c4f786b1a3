from django.core.management.base import BaseCommand, CommandError

from clusterbench.demo import population
from clusterbench.demo.services import DemoError, demo_population_create


class Command(BaseCommand):
    help = (
        "Generate the synthetic demonstration population (936 cluster organisations from "
        "41 countries with their benchmarkings and answers). Does nothing if it is already "
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
            "--replace",
            action="store_true",
            help="delete the existing demonstration population and generate anew",
        )

    def handle(self, *args, seed, replace, **options):
        try:
            result = demo_population_create(seed=seed, replace=replace)
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        if not result.created:
            self.stdout.write(
                f"Demonstration population already present ({result.clusters} "
                "cluster organisations); use --replace to generate it anew."
            )
            return
        self.stdout.write(
            f"Generated {result.clusters} cluster organisations, {result.benchmarkings} "
            f"benchmarkings and {result.answers} answers in {result.seconds:.1f} s "
            f"(seed {seed}, fingerprint {result.fingerprint})."
        )
