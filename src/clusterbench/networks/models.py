from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BriefEdition(models.Model):
    """The members' benchmarkings, with their answers, that a network's brief was published
    from. The brief shows its latest edition and takes a new one only when the members'
    latest released benchmarkings differ from every earlier edition in more than the
    disclosure policy's `max_difference` of them (a member joining, leaving, benchmarked
    again or corrected): a brief that moved with one member would describe that member to
    anyone who read it before and after (METHODOLOGY section 3, differencing, over time).
    The answers are kept because a correction can change them after the edition."""

    network = models.ForeignKey(
        "clusters.Network",
        on_delete=models.CASCADE,
        related_name="brief_editions",
        verbose_name=_("network"),
    )
    framework_version = models.CharField(_("methodology version"), max_length=32)
    # [[benchmarking id, portfolio slug, country code, {indicator code: exact text}], ...]
    members = models.JSONField(_("members' benchmarkings and answers"))
    # So that each is kept once.
    digest = models.CharField(_("SHA-256 of the members' answers"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("brief edition")
        verbose_name_plural = _("brief editions")
        constraints = [
            models.UniqueConstraint(
                fields=("network", "framework_version", "digest"), name="brief_edition_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} brief of {self.created_at:%Y-%m-%d}"
