import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterbench.methodology.loader import indicator_spec
from clusterbench.methodology.spec import AnswerError


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
    interview_date = models.DateField(null=True, blank=True, help_text="In the cluster's time zone")
    status = models.CharField(max_length=12, choices=Status, default=Status.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_benchmarkings",
    )
    request_note = models.TextField(blank=True)
    interview_start = models.DateTimeField(null=True, blank=True, help_text="UTC")
    interview_minutes = models.PositiveSmallIntegerField(default=150)
    interview_mode = models.CharField(
        max_length=8, choices=[("on_site", _("On site")), ("video", _("Video call"))], blank=True
    )
    interview_location = models.CharField(
        max_length=500, blank=True, help_text="Address on site, or the video call link"
    )
    group_bid = models.ForeignKey(
        "GroupBid",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
        help_text="The network's group bid this engagement is part of",
    )

    class Meta:
        ordering = ["-interview_date", "-pk"]
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


class EngagementEvent(models.Model):
    """One step of an engagement's timeline: a transition (from -> to) or an event within
    a step (an expert assigned, slots proposed), with who and when."""

    benchmarking = models.ForeignKey(Benchmarking, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=12, choices=Benchmarking.Status)
    to_status = models.CharField(max_length=12, choices=Benchmarking.Status)
    description = models.CharField(max_length=500)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.description


class ConflictOfInterest(models.Model):
    """An expert's declared conflict with a cluster organisation, or with every member of a
    network; such an expert cannot be assigned to it."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflicts",
        limit_choices_to={"role": "expert"},
    )
    cluster = models.ForeignKey(
        "clusters.ClusterOrganisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    network = models.ForeignKey(
        "clusters.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.CheckConstraint(
                condition=Q(cluster__isnull=False, network__isnull=True)
                | Q(cluster__isnull=True, network__isnull=False),
                name="conflict_with_cluster_or_network",
                violation_error_message="Declare a conflict with a cluster or a network.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert}: {self.cluster or self.network}"


class SlotProposal(models.Model):
    """A time the cluster manager offers for the interview."""

    benchmarking = models.ForeignKey(Benchmarking, on_delete=models.CASCADE, related_name="slots")
    start = models.DateTimeField(help_text="UTC")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["benchmarking", "start"], name="one_slot_per_time"),
            models.UniqueConstraint(
                fields=["benchmarking"], condition=Q(confirmed=True), name="one_confirmed_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} UTC"


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


class GroupBid(models.Model):
    """A network's group of member clusters, benchmarked together on one bid; from the
    price list's minimum size up, each member's quote carries the group discount."""

    network = models.ForeignKey(
        "clusters.Network", on_delete=models.PROTECT, related_name="group_bids"
    )
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(
        "clusters.ClusterOrganisation", related_name="group_bids", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When the coordinator asked for the group bid"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="unique_group_bid_name_per_network",
                violation_error_message="This network already has a group with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Quote(models.Model):
    """A priced offer for one engagement. Its lines and totals are stored as issued, so a
    later price list never changes it; an accepted quote never changes at all, and a new
    quote replaces an earlier one by pointing at it."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REPLACED = "replaced", _("Replaced")

    benchmarking = models.ForeignKey(Benchmarking, on_delete=models.PROTECT, related_name="quotes")
    number = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=8, choices=Status, default=Status.ISSUED)
    issued_on = models.DateField()
    valid_until = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    price_list_version = models.CharField(max_length=20)
    currency = models.CharField(max_length=3)
    client_vat_number = models.CharField(max_length=20, blank=True)
    group_bid = models.ForeignKey(
        GroupBid,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
        help_text="The group bid whose discount this quote carries",
    )
    discount_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    net = models.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2)
    vat = models.DecimalField(max_digits=12, decimal_places=2)
    vat_note = models.TextField(blank=True, help_text="Why no VAT is charged, when none is")
    total = models.DecimalField(max_digits=12, decimal_places=2)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")),
                name="quote_valid_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(total=models.F("net") + models.F("vat")),
                name="quote_total_is_net_plus_vat",
            ),
            models.UniqueConstraint(
                fields=["benchmarking"],
                condition=Q(status="accepted"),
                name="one_accepted_quote_per_engagement",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_expired(self, today: dt.date) -> bool:
        return self.status == self.Status.ISSUED and today > self.valid_until


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16)  # fee | discount | travel | accommodation
    description = models.TextField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["quote", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quote", "position"], name="one_line_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.description[:40]}: {self.amount}"
