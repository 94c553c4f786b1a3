import json

from django.core.management.base import BaseCommand, CommandError

from clusterbench.analysis.core import analysis_as_dict
from clusterbench.analysis.recommendations import CatalogueError
from clusterbench.engagements.models import Benchmarking
from clusterbench.peers.analysis import benchmarking_analyse, snapshot_freeze


class Command(BaseCommand):
    help = (
        "Analyse one benchmarking against its peers: comparison groups with their "
        "statistics and the subject's percentile ranks, strengths, weaknesses, area scores, "
        "excellence comparison, eligibility and recommendations. Uses the benchmarking's "
        "frozen reference snapshot, freezing one first if it has none."
    )

    def add_arguments(self, parser):
        parser.add_argument("benchmarking_id", type=int)
        parser.add_argument("--json", action="store_true", help="print the analysis as JSON")
        parser.add_argument(
            "--new-snapshot",
            action="store_true",
            help="freeze a new reference snapshot instead of reusing the latest",
        )

    def handle(self, *args, benchmarking_id, new_snapshot, **options):
        benchmarking = (
            Benchmarking.objects.select_related(
                "cluster__country", "cluster__portfolio", "framework"
            )
            .filter(pk=benchmarking_id)
            .first()
        )
        if benchmarking is None:
            raise CommandError(f"No benchmarking with id {benchmarking_id}.")
        snapshot = benchmarking.snapshots.first()
        if snapshot is None or new_snapshot:
            snapshot = snapshot_freeze(benchmarking=benchmarking)
            self.stderr.write(
                f"Froze reference snapshot {snapshot.pk}: {snapshot.peers} peers "
                f"interviewed up to {snapshot.reference_date}."
            )
        try:
            analysis = benchmarking_analyse(benchmarking=benchmarking, snapshot=snapshot)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from None
        result = {
            "benchmarking": benchmarking.pk,
            "cluster": benchmarking.cluster.name_en,
            "snapshot": {
                "id": snapshot.pk,
                "reference_date": str(snapshot.reference_date),
                "sha256": snapshot.data_sha256,
            },
            **analysis_as_dict(analysis),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))
            return
        self._summary(result)

    def _summary(self, result):
        write = self.stdout.write
        write(
            f"{result['cluster']} (benchmarking {result['benchmarking']}), "
            f"{result['peers']} peers, framework {result['framework_version']}"
        )
        for group in result["groups"]:
            write(f"  {group['label']}: {group['peers']} peers")
        write(
            "Area scores: "
            + ", ".join(
                f"{a['name']} {'-' if a['score'] is None else round(a['score'])}"
                for a in result["area_scores"]
            )
        )
        write("Strengths: " + (", ".join(s["code"] for s in result["strengths"]) or "none"))
        write("Weaknesses: " + (", ".join(w["code"] for w in result["weaknesses"]) or "none"))
        excellence = result["excellence"]
        write(
            f"Excellence readiness: {excellence['readiness']:.0f} % "
            f"({excellence['met']} of {excellence['assessable']} criteria met)"
        )
        write(
            "Eligible: "
            + (
                "yes"
                if excellence["eligible"]
                else "no: " + "; ".join(excellence["eligibility_failures"])
            )
        )
        write(f"Recommendations: {len(result['recommendations'])} (use --json for everything)")
