from django.db import models


class DemoPopulation(models.Model):
    """How the stored demonstration population was generated: one row while it exists.

    Its reference date is fixed when it is generated, so the population does not move
    when time passes: interviews run up to the end of the month before it.
    """

    seed = models.BigIntegerField()
    reference_date = models.DateField(
        help_text="Interviews run up to the end of the month before this date"
    )
    clusters = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=16)
    generated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "demonstration population"

    def __str__(self) -> str:
        return f"{self.clusters} clusters, seed {self.seed}, as of {self.reference_date}"
