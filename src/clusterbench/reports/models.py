from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbench.languages.reports import ENGLISH, REPORT_LANGUAGES


class ReportVersion(models.Model):
    """One version of a benchmarking's report. A draft is rendered from live data and the
    expert's edits; a released version is immutable: its document, PDF, SHA-256, identifier
    and snapshot are stored, and a correction is a new version that names this one."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RELEASED = "released", _("Released")

    benchmarking = models.ForeignKey(
        "engagements.Benchmarking", on_delete=models.PROTECT, related_name="reports"
    )
    number = models.PositiveSmallIntegerField()
    # The report's language is part of a version's identity: one draft per language, a
    # correction replaces the version of its own language, and the English and the
    # Serbian report of one benchmarking are released side by side, each identified.
    language = models.CharField(max_length=8, choices=REPORT_LANGUAGES, default=ENGLISH)
    status = models.CharField(max_length=8, choices=Status, default=Status.DRAFT)
    snapshot = models.ForeignKey(
        "peers.ReferenceSnapshot", on_delete=models.PROTECT, related_name="reports"
    )
    summary = models.TextField(blank=True, help_text="The expert's executive summary")
    recommendations = models.JSONField(
        null=True,
        blank=True,
        help_text="[{title, what, why, first_step, reason}] as edited; empty: from the analysis",
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    identifier = models.CharField(max_length=24, unique=True, null=True, blank=True)
    # The identifier's two running numbers, allocated on release under IdentifierCounter's
    # row lock and kept unique by the constraints below: the global serial, and the
    # country's running number of benchmarkings (a correction keeps its original's).
    serial = models.PositiveIntegerField(null=True, blank=True, unique=True)
    country_code = models.CharField(max_length=3, blank=True, help_text="ISO alpha-3")
    country_number = models.PositiveIntegerField(null=True, blank=True)
    document = models.JSONField(null=True, blank=True, help_text="Stored on release")
    pdf = models.FileField(upload_to="reports/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["benchmarking", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmarking", "number"], name="one_report_number_per_benchmarking"
            ),
            models.UniqueConstraint(
                fields=["benchmarking", "language"],
                condition=models.Q(status="draft"),
                name="one_draft_per_benchmarking_language",
            ),
            # The report of one benchmarking in another language keeps its country number.
            models.UniqueConstraint(
                fields=["country_code", "country_number", "language"],
                condition=models.Q(replaces__isnull=True, country_number__isnull=False),
                name="one_running_number_per_country",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Report {self.identifier or 'draft'} v{self.number} {self.language} "
            f"({self.benchmarking_id})"
        )

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED


class IdentifierCounter(models.Model):
    """The last number given out of one sequence ("report-serial", "country-SRB",
    "label-serial"); taken and raised under its row lock (reports.counters.number_next), so
    two releases or awards at once never get the same number."""

    key = models.CharField(max_length=40, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"
