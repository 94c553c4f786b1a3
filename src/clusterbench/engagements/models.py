import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterbench.languages.reports import ENGLISH, REPORT_LANGUAGES

from .steps import ENGAGEMENT_STEPS


class Benchmarking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        QUOTED = "quoted", _("Quoted")
        ACCEPTED = "accepted", _("Accepted")
        SCHEDULED = "scheduled", _("Scheduled")
        INTERVIEWED = "interviewed", _("Interviewed")
        DRAFT_READY = "draft_ready", _("Draft ready")
        IN_REVIEW = "in_review", _("In review")
        RELEASED = "released", _("Released")
        CANCELLED = "cancelled", _("Cancelled")

    # A benchmarking counts as a peer once its interview is closed.
    COMPLETED = (Status.INTERVIEWED, Status.DRAFT_READY, Status.IN_REVIEW, Status.RELEASED)

    cluster = models.ForeignKey(
        "clusters.ClusterOrganisation",
        on_delete=models.PROTECT,
        related_name="benchmarkings",
        verbose_name=_("cluster organisation"),
    )
    framework = models.ForeignKey(
        "methodology.Framework",
        on_delete=models.PROTECT,
        related_name="benchmarkings",
        verbose_name=_("methodology framework"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_benchmarkings",
        limit_choices_to={"role": "expert"},
        verbose_name=_("expert"),
    )
    interview_date = models.DateField(
        _("interview date"), null=True, blank=True, help_text=_("In the cluster's time zone")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.REQUESTED)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_benchmarkings",
        verbose_name=_("requested by"),
    )
    request_note = models.TextField(_("note with the request"), blank=True)
    interview_start = models.DateTimeField(
        _("interview start"), null=True, blank=True, help_text=_("UTC")
    )
    interview_minutes = models.PositiveSmallIntegerField(_("interview minutes"), default=150)
    interview_mode = models.CharField(
        _("interview mode"),
        max_length=8,
        choices=[("on_site", _("On site")), ("video", _("Video call"))],
        blank=True,
    )
    interview_location = models.CharField(
        _("interview location"),
        max_length=500,
        blank=True,
        help_text=_("Address on site, or the video call link"),
    )
    report_language = models.CharField(
        _("report language"),
        max_length=8,
        choices=REPORT_LANGUAGES,
        default=ENGLISH,
        help_text=_("The language the report is drafted in (English unless the cluster asks)"),
    )
    group_bid = models.ForeignKey(
        "GroupBid",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("group bid"),
        help_text=_("The network's group bid this engagement is part of"),
    )

    class Meta:
        ordering = ["-interview_date", "-pk"]
        verbose_name = _("benchmarking")
        verbose_name_plural = _("benchmarkings")
        indexes = [
            models.Index(fields=["status", "interview_date"]),
            models.Index(fields=["status", "cluster"]),  # which clusters were benchmarked
        ]

    def __str__(self) -> str:
        when = self.interview_date.isoformat() if self.interview_date else "not scheduled"
        return f"{self.cluster} ({when})"

    REPORT_WEEKS = 5  # the turnaround target from interview to report

    @property
    def report_due(self):
        if self.interview_date is None:
            return None
        return self.interview_date + dt.timedelta(weeks=self.REPORT_WEEKS)

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.RELEASED, self.Status.CANCELLED)


class TimelineStep(models.Model):
    """A step on a timeline (an engagement's, a label application's), with who and when:
    stored as a code and its values and written in each reader's language when shown
    (`sentences`, the timeline's own: engagements.steps, audits.steps)."""

    sentences = ENGAGEMENT_STEPS

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    description = models.CharField(
        _("description"), max_length=500, help_text=_("The step in English, as recorded")
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        help_text=_(
            "The step, shown in the reader's language; empty for a step recorded before "
            "steps had codes, shown as described"
        ),
    )
    params = models.JSONField(
        _("values"), default=dict, blank=True, help_text=_("The values the step names")
    )

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def text(self) -> str:
        """The step in the active language (as described when it has no code)."""
        return self.sentences.text(self.code, self.params) or self.description


class EngagementEvent(TimelineStep):
    """One step of an engagement's timeline: a transition (from -> to) or an event within
    a step (an expert assigned, slots proposed)."""

    benchmarking = models.ForeignKey(
        Benchmarking,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("benchmarking"),
    )
    from_status = models.CharField(_("from status"), max_length=12, choices=Benchmarking.Status)
    to_status = models.CharField(_("to status"), max_length=12, choices=Benchmarking.Status)

    class Meta(TimelineStep.Meta):
        verbose_name = _("engagement step")
        verbose_name_plural = _("engagement steps")


class ConflictOfInterest(models.Model):
    """An expert's declared conflict with a cluster organisation, or with every member of a
    network; such an expert cannot be assigned to it."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflicts",
        limit_choices_to={"role": "expert"},
        verbose_name=_("expert"),
    )
    cluster = models.ForeignKey(
        "clusters.ClusterOrganisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("cluster organisation"),
    )
    network = models.ForeignKey(
        "clusters.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
        verbose_name=_("network"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.CheckConstraint(
                condition=Q(cluster__isnull=False, network__isnull=True)
                | Q(cluster__isnull=True, network__isnull=False),
                name="conflict_with_cluster_or_network",
                violation_error_message=_("Declare a conflict with a cluster or a network."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.cluster or self.network}"


class SlotProposal(models.Model):
    """A time the cluster manager offers for the interview."""

    benchmarking = models.ForeignKey(
        Benchmarking,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("benchmarking"),
    )
    start = models.DateTimeField(_("start"), help_text=_("UTC"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["start"]
        verbose_name = _("proposed interview time")
        verbose_name_plural = _("proposed interview times")
        constraints = [
            models.UniqueConstraint(fields=["benchmarking", "start"], name="one_slot_per_time"),
            models.UniqueConstraint(
                fields=["benchmarking"], condition=Q(confirmed=True), name="one_confirmed_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} UTC"


class GroupBid(models.Model):
    """A network's group of member clusters, benchmarked together on one bid; from the
    price list's minimum size up, each member's quote carries the group discount."""

    network = models.ForeignKey(
        "clusters.Network",
        on_delete=models.PROTECT,
        related_name="group_bids",
        verbose_name=_("network"),
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        "clusters.ClusterOrganisation",
        related_name="group_bids",
        blank=True,
        verbose_name=_("members"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    requested_at = models.DateTimeField(
        _("requested at"),
        null=True,
        blank=True,
        help_text=_("When the coordinator asked for the group bid"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("group bid")
        verbose_name_plural = _("group bids")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="unique_group_bid_name_per_network",
                violation_error_message=_("This network already has a group with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name
