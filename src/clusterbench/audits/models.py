from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterbench.engagements.models import TimelineStep

from .steps import APPLICATION_STEPS


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ASSIGNED = "assigned", _("Auditors assigned")
    SCHEDULED = "scheduled", _("Audit scheduled")
    AUDITED = "audited", _("Audited")
    AWARDED = "awarded", _("Awarded")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An application in progress, until it is decided or withdrawn: at most one per cluster
# (the constraint below), and what waits for someone's step.
OPEN_STATUSES = [
    ApplicationStatus.APPLIED,
    ApplicationStatus.ASSIGNED,
    ApplicationStatus.SCHEDULED,
    ApplicationStatus.AUDITED,
]


class Application(models.Model):
    """A cluster's application for the Silver or Gold Label, from the application to the
    decision; its steps are ApplicationEvents, its audit is scheduled like an interview."""

    class Level(models.TextChoices):
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")

    Status = ApplicationStatus

    cluster = models.ForeignKey(
        "clusters.ClusterOrganisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("cluster organisation"),
    )
    level = models.CharField(_("level"), max_length=6, choices=Level)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.APPLIED)
    framework = models.ForeignKey(
        "methodology.Framework",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("methodology framework"),
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    first_benchmarking = models.ForeignKey(
        "engagements.Benchmarking",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("first benchmarking"),
        help_text=_("Silver: the Bronze benchmarking 18-24 months before the second"),
    )
    benchmarking = models.ForeignKey(
        "engagements.Benchmarking",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("benchmarking"),
        help_text=_("The latest released benchmarking (Silver: the second Bronze)"),
    )
    audit_start = models.DateTimeField(_("audit start"), null=True, blank=True, help_text=_("UTC"))
    audit_minutes = models.PositiveIntegerField(_("audit minutes"))
    audit_mode = models.CharField(
        _("audit mode"),
        max_length=8,
        choices=[("on_site", _("On site")), ("video", _("Video call"))],
        blank=True,
    )
    audit_location = models.CharField(_("audit location"), max_length=500, blank=True)
    audit_date = models.DateField(
        _("audit date"), null=True, blank=True, help_text=_("In the cluster's time zone")
    )
    baseline_confirmed = models.BooleanField(
        _("eligibility baseline confirmed"), null=True, blank=True
    )
    baseline_note = models.TextField(_("note on the eligibility baseline"), blank=True)
    self_assessment_submitted_at = models.DateTimeField(
        _("self-assessment submitted at"), null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    label = models.OneToOneField(
        "labels.Label",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
        verbose_name=_("label"),
    )

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("label application")
        verbose_name_plural = _("label applications")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(status__in=OPEN_STATUSES),
                name="one_open_application_per_cluster",
                violation_error_message=_("This cluster already has an application in progress."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} application of {self.cluster}"


class ImprovementArea(models.Model):
    """Silver: one of the three improvement areas, against an ECEI quality indicator, with
    what was done and the evidence; the auditor's finding on it."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("label application"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    criterion = models.CharField(
        _("quality indicator"), max_length=10, help_text=_("ECEI quality indicator code")
    )
    weakness = models.TextField(_("weakness"), help_text=_("What the previous report showed"))
    actions = models.TextField(_("actions"), help_text=_("What the cluster did about it"))
    evidence = models.TextField(_("evidence"))
    validated = models.BooleanField(_("validated"), null=True, blank=True)
    finding = models.TextField(_("finding"), blank=True)

    class Meta:
        ordering = ["application", "position"]
        verbose_name = _("improvement area")
        verbose_name_plural = _("improvement areas")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="one_area_per_position"
            ),
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_area_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.criterion}"


class AuditorAssignment(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("label application"),
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="audit_assignments",
        verbose_name=_("auditor"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    scores_submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("auditor assignment")
        verbose_name_plural = _("auditor assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "auditor"], name="one_assignment_each")
        ]

    def __str__(self) -> str:
        return f"{self.auditor} on {self.application_id}"


class GoldScore(models.Model):
    """A score of one quality indicator: the cluster's self-assessment, one auditor's
    independent score, or the final score the two auditors agreed."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-assessment")
        AUDITOR = "auditor", _("Auditor")
        FINAL = "final", _("Agreed final")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("label application"),
    )
    criterion = models.CharField(_("quality indicator"), max_length=10)
    kind = models.CharField(_("kind"), max_length=7, choices=Kind)
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scored by"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why, where the auditors differed")
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("Gold score")
        verbose_name_plural = _("Gold scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion", "scorer"],
                condition=Q(kind="auditor"),
                name="one_score_per_auditor",
            ),
            models.UniqueConstraint(
                fields=["application", "criterion", "kind"],
                condition=~Q(kind="auditor"),
                name="one_self_and_final_score",
            ),
            models.CheckConstraint(
                condition=Q(kind="auditor", scorer__isnull=False) | ~Q(kind="auditor"),
                name="auditor_score_has_scorer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} {self.kind}: {self.score}"


class AuditSlot(models.Model):
    """A time the cluster proposes for the audit (the interview's scheduling, again)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("label application"),
    )
    start = models.DateTimeField(_("start"), help_text=_("UTC"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["start"]
        verbose_name = _("proposed audit time")
        verbose_name_plural = _("proposed audit times")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "start"], name="one_audit_slot_per_time"
            ),
            models.UniqueConstraint(
                fields=["application"], condition=Q(confirmed=True), name="one_confirmed_audit_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} UTC"


class ApplicationEvent(TimelineStep):
    """One step on an application's timeline."""

    sentences = APPLICATION_STEPS

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("label application"),
    )
    from_status = models.CharField(_("from status"), max_length=10, choices=Application.Status)
    to_status = models.CharField(_("to status"), max_length=10, choices=Application.Status)

    class Meta(TimelineStep.Meta):
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
