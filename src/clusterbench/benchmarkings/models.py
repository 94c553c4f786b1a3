from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.spec import AnswerError


class Benchmarking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        QUOTED = "quoted", "Quoted"
        ACCEPTED = "accepted", "Accepted"
        SCHEDULED = "scheduled", "Scheduled"
        INTERVIEWED = "interviewed", "Interviewed"
        DRAFT_READY = "draft_ready", "Draft ready"
        IN_REVIEW = "in_review", "In review"
        RELEASED = "released", "Released"
        CANCELLED = "cancelled", "Cancelled"

    # A benchmarking counts as a peer once its interview is closed.
    COMPLETED = (Status.INTERVIEWED, Status.DRAFT_READY, Status.IN_REVIEW, Status.RELEASED)

    cluster = models.ForeignKey(
        "clusters.ClusterOrganisation", on_delete=models.PROTECT, related_name="benchmarkings"
    )
    framework = models.ForeignKey(
        "methodology.Framework", on_delete=models.PROTECT, related_name="benchmarkings"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_benchmarkings",
        limit_choices_to={"role": "expert"},
    )
    interview_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-interview_date", "-pk"]
        indexes = [models.Index(fields=["status", "interview_date"])]

    def __str__(self) -> str:
        when = self.interview_date.isoformat() if self.interview_date else "not scheduled"
        return f"{self.cluster} ({when})"


class Answer(models.Model):
    """One asked indicator's answer: a value, or explicitly "not known" (never stored as 0)."""

    benchmarking = models.ForeignKey(Benchmarking, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(
        "methodology.Indicator", on_delete=models.PROTECT, related_name="answers"
    )
    value = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    not_known = models.BooleanField(default=False)
    evidence = models.TextField(blank=True, help_text="What the value rests on")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["benchmarking", "indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmarking", "indicator"], name="one_answer_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(not_known=True, value__isnull=True)
                | Q(not_known=False, value__isnull=False),
                name="answer_has_value_or_not_known",
                violation_error_message='An answer is either a value or "not known".',
            ),
        ]

    def __str__(self) -> str:
        shown = "not known" if self.not_known else format(self.value.normalize(), "f")
        return f"{self.indicator.code}: {shown}"

    def clean(self) -> None:
        if self.indicator_id is None or self.value is None:
            return
        try:
            indicator_spec(self.indicator).validate(self.value)
        except AnswerError as exc:
            raise ValidationError({"value": str(exc)}) from None


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
