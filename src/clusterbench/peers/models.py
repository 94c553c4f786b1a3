from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbench.engagements.models import Benchmarking


class ReferenceSnapshot(models.Model):
    """The peers a benchmarking was compared with, frozen with their answers.

    Immutable once written: re-running the analysis on it gives exactly the same result
    even after peers' answers change or new benchmarkings arrive.
    """

    subject = models.ForeignKey(
        Benchmarking,
        on_delete=models.PROTECT,
        related_name="snapshots",
        verbose_name=_("benchmarking"),
    )
    reference_date = models.DateField(
        _("reference date"), help_text=_("Peers interviewed in the 5 years up to this date")
    )
    peers = models.PositiveIntegerField(_("peers"))
    # {"codes": [...], "peers": [[id, portfolio, country, ...]]}
    data = models.JSONField(
        _("data"),
        help_text=_("The indicator codes, and each peer's portfolio, country and answers"),
    )
    data_sha256 = models.CharField(_("SHA-256 of the data"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peer snapshot")
        verbose_name_plural = _("peer snapshots")
        get_latest_by = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Snapshot of {self.peers} peers for benchmarking {self.subject_id}"
