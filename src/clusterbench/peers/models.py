from django.db import models

from clusterbench.engagements.models import Benchmarking


class ReferenceSnapshot(models.Model):
    """The peers a benchmarking was compared with, frozen with their answers.

    Immutable once written: re-running the analysis on it gives exactly the same result
    even after peers' answers change or new benchmarkings arrive.
    """

    subject = models.ForeignKey(Benchmarking, on_delete=models.PROTECT, related_name="snapshots")
    reference_date = models.DateField(help_text="Peers interviewed in the 5 years up to this date")
    peers = models.PositiveIntegerField()
    data = models.JSONField(help_text='{"codes": [...], "peers": [[id, portfolio, country, ...]]}')
    data_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Snapshot of {self.peers} peers for benchmarking {self.subject_id}"
