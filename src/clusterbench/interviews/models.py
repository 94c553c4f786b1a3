from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterbench.engagements.models import Benchmarking
from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.spec import AnswerError


class Answer(models.Model):
    """One asked indicator's answer: a value, or explicitly "not known" (never stored as 0)."""

    benchmarking = models.ForeignKey(
        Benchmarking,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("benchmarking"),
    )
    indicator = models.ForeignKey(
        "methodology.Indicator",
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("indicator"),
    )
    value = models.DecimalField(_("value"), max_digits=15, decimal_places=4, null=True, blank=True)
    not_known = models.BooleanField(_("not known"), default=False)
    evidence = models.TextField(_("evidence"), blank=True, help_text=_("What the value rests on"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"))
    self_assessed = models.BooleanField(
        _("self-assessed"),
        default=False,
        help_text=_("Entered by the cluster manager, not yet confirmed by the expert"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every change; a save based on an older one is a conflict"),
    )

    class Meta:
        ordering = ["benchmarking", "indicator__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["benchmarking", "indicator"], name="one_answer_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(not_known=True, value__isnull=True)
                | Q(not_known=False, value__isnull=False),
                name="answer_has_value_or_not_known",
                violation_error_message=_('An answer is either a value or "not known".'),
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
        Benchmarking,
        on_delete=models.CASCADE,
        related_name="answer_changes",
        verbose_name=_("benchmarking"),
    )
    indicator = models.ForeignKey(
        "methodology.Indicator",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("indicator"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old_value = models.CharField(
        _("old value"), max_length=40, blank=True, help_text=_('"not known", or empty')
    )
    new_value = models.CharField(_("new value"), max_length=40)
    old_evidence = models.TextField(_("old evidence"), blank=True)
    new_evidence = models.TextField(_("new evidence"), blank=True)
    version = models.PositiveIntegerField(_("version"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("answer change")
        verbose_name_plural = _("answer changes")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.old_value or '-'} -> {self.new_value}"


class QualitativeEntry(models.Model):
    """One topic of the interview's qualitative part ("beyond the numbers"): the strategy,
    the business model, a megatrend, the expert's observation on an area (text), or a
    success story (title, year, partners, outcome). Saved like an answer: versioned,
    audited, pre-fillable by the cluster manager and confirmed by the expert."""

    benchmarking = models.ForeignKey(
        Benchmarking,
        on_delete=models.CASCADE,
        related_name="qualitative_entries",
        verbose_name=_("benchmarking"),
    )
    topic = models.CharField(
        _("topic"), max_length=40, help_text=_("strategy, digital, observation-A, story-1…")
    )
    text = models.TextField(_("text"), blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"))
    self_assessed = models.BooleanField(
        _("self-assessed"),
        default=False,
        help_text=_("Entered by the cluster manager, not yet confirmed by the expert"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Raised on every change; a save based on an older one is a conflict"),
    )

    class Meta:
        ordering = ["benchmarking", "topic"]
        verbose_name = _("qualitative entry")
        verbose_name_plural = _("qualitative entries")
        constraints = [
            models.UniqueConstraint(
                fields=["benchmarking", "topic"], name="one_qualitative_entry_per_topic"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} (version {self.version})"

    def fields(self) -> dict:
        """What the editor sees and sends: the same keys for every save and conflict."""
        if self.topic.startswith("story-"):
            return {
                "title": self.title,
                "year": "" if self.year is None else str(self.year),
                "partners": self.partners,
                "outcome": self.text,
            }
        return {"text": self.text}


class QualitativeChange(models.Model):
    """The audit trail of the qualitative part: every change, kept forever."""

    benchmarking = models.ForeignKey(
        Benchmarking,
        on_delete=models.CASCADE,
        related_name="qualitative_changes",
        verbose_name=_("benchmarking"),
    )
    topic = models.CharField(_("topic"), max_length=40)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old = models.JSONField(_("before"), default=dict, blank=True)
    new = models.JSONField(_("after"), default=dict)
    version = models.PositiveIntegerField(_("version"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("qualitative change")
        verbose_name_plural = _("qualitative changes")

    def __str__(self) -> str:
        return f"{self.topic} version {self.version}"
