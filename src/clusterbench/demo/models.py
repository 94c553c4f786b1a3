from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoPopulation(models.Model):
    """How the stored demonstration population was generated: one row while it exists.

    Its reference date is fixed when it is generated, so the population does not move
    when time passes: interviews run up to the end of the month before it.
    """

    seed = models.BigIntegerField(_("seed"))
    reference_date = models.DateField(
        _("reference date"),
        help_text=_("Interviews run up to the end of the month before this date"),
    )
    clusters = models.PositiveIntegerField(_("clusters"))
    fingerprint = models.CharField(_("fingerprint"), max_length=16)
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demonstration population")
        verbose_name_plural = _("demonstration populations")

    def __str__(self) -> str:
        return f"{self.clusters} clusters, seed {self.seed}, as of {self.reference_date}"
