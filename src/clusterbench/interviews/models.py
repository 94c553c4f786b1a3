from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from clusterbench.engagements.models import Benchmarking
from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.spec import AnswerError


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
    self_assessed = models.BooleanField(
        default=False, help_text="Entered by the cluster manager, not yet confirmed by the expert"
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every change; a save based on an older one is a conflict"
    )

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


class AnswerChange(models.Model):
    """The audit trail: every change of an answer, kept forever."""

    benchmarking = models.ForeignKey(
        Benchmarking, on_delete=models.CASCADE, related_name="answer_changes"
    )
    indicator = models.ForeignKey(
        "methodology.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    old_value = models.CharField(max_length=40, blank=True, help_text='"not known", or empty')
    new_value = models.CharField(max_length=40)
    old_evidence = models.TextField(blank=True)
    new_evidence = models.TextField(blank=True)
    version = models.PositiveIntegerField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.old_value or '-'} -> {self.new_value}"
