from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterbench.languages.reports import ENGLISH, REPORT_LANGUAGES


class ReportVersion(models.Model):
    """One version of a benchmarking's report. A draft is rendered from live data and the
    expert's edits; a released version is immutable: its document, PDF, SHA-256, identifier
    and snapshot are stored, and a correction is a new version that names this one and
    compares with the same snapshot (reports.selectors.report_snapshot)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RELEASED = "released", _("Released")

    benchmarking = models.ForeignKey(
        "engagements.Benchmarking",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("benchmarking"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # The report's language is part of a version's identity: one draft per language, a
    # correction replaces the version of its own language, and the English and the
    # Serbian report of one benchmarking are released side by side, each identified.
    language = models.CharField(
        _("language"), max_length=8, choices=REPORT_LANGUAGES, default=ENGLISH
    )
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.DRAFT)
    snapshot = models.ForeignKey(
        "peers.ReferenceSnapshot",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("peer snapshot"),
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("The expert's executive summary")
    )
    recommendations = models.JSONField(
        _("recommendations"),
        null=True,
        blank=True,
        help_text=_("[{title, what, why, first_step, reason}] as edited; empty: from the analysis"),
    )
    # The editor's optimistic lock, as an answer's version: a save made on an older
    # revision of the summary and recommendations is refused, never overwrites.
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_(
            "Raised on every save of the summary and recommendations; a save based on an "
            "older one is a conflict"
        ),
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("edited by"),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    identifier = models.CharField(
        _("identifier"), max_length=24, unique=True, null=True, blank=True
    )
    # The identifier's two running numbers, allocated on release under IdentifierCounter's
    # row lock and kept unique by the constraints below: the global serial, and the
    # country's running number of benchmarkings (a correction keeps its original's).
    serial = models.PositiveIntegerField(_("serial number"), null=True, blank=True, unique=True)
    country_code = models.CharField(
        _("country code"), max_length=3, blank=True, help_text=_("ISO alpha-3")
    )
    country_number = models.PositiveIntegerField(
        _("running number in the country"), null=True, blank=True
    )
    document = models.JSONField(
        _("document"), null=True, blank=True, help_text=_("Stored on release")
    )
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("released by"),
    )

    class Meta:
        ordering = ["benchmarking", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
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

    key = models.CharField(_("sequence"), max_length=40, unique=True)
    value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"
