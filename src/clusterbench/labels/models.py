import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A label's status (Label.status_on, web.selectors.label_status) as a word on a page.
STATUS_NAMES = {
    "valid": pgettext_lazy("label status", "valid"),
    "expired": pgettext_lazy("label status", "expired"),
    "revoked": pgettext_lazy("label status", "revoked"),
}


class LabelChanges(models.Model):
    """One row counting every write to labels (awarded, renewed, revoked, deleted, in bulk
    or one by one). Pages that show labels may be kept rendered under this count: the
    next change to any label makes them new, at once and on every server process, since
    the count is read from the database (labels_stamp)."""

    changes = models.PositiveBigIntegerField(_("changes"), default=0)

    class Meta:
        verbose_name = _("count of label changes")
        verbose_name_plural = _("counts of label changes")

    def __str__(self) -> str:
        return f"{self.changes} changes to labels"


def labels_changed(using: str = "default") -> None:
    """Count a write to labels: called in the writing transaction, so that a page that
    reads the new count reads the written labels too."""
    if not LabelChanges.objects.using(using).filter(pk=1).update(changes=F("changes") + 1):
        LabelChanges.objects.using(using).get_or_create(pk=1, defaults={"changes": 1})


class LabelQuerySet(models.QuerySet):
    """Writes in bulk count as changes to labels too (labels_changed)."""

    def _counted(self, write, *args, **kwargs):
        with transaction.atomic(using=self.db):
            result = write(*args, **kwargs)
            labels_changed(self.db)
        return result

    def update(self, **kwargs):
        return self._counted(super().update, **kwargs)

    def delete(self):
        return self._counted(super().delete)

    def bulk_create(self, *args, **kwargs):
        return self._counted(super().bulk_create, *args, **kwargs)

    def bulk_update(self, *args, **kwargs):
        return self._counted(super().bulk_update, *args, **kwargs)


class Label(models.Model):
    """A label awarded to a cluster organisation: Bronze after a released benchmarking
    report of an eligible cluster; Silver and Gold recorded with their audit date."""

    class Level(models.TextChoices):
        BRONZE = "bronze", _("Bronze")
        SILVER = "silver", _("Silver")
        GOLD = "gold", _("Gold")

    MOTTO = {
        Level.BRONZE: _("Striving for Cluster Excellence"),
        Level.SILVER: _("Cluster Management Excellence"),
        Level.GOLD: _("Cluster Management Excellence"),
    }

    cluster = models.ForeignKey(
        "clusters.ClusterOrganisation",
        on_delete=models.PROTECT,
        related_name="labels",
        verbose_name=_("cluster organisation"),
    )
    level = models.CharField(_("level"), max_length=6, choices=Level)
    certificate_id = models.CharField(_("certificate identifier"), max_length=24, unique=True)
    report = models.OneToOneField(
        "reports.ReportVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="label",
        verbose_name=_("report"),
    )
    valid_from = models.DateField(
        _("valid from"), help_text=_("The interview (Bronze) or audit date")
    )
    valid_until = models.DateField(_("valid until"))
    awarded_at = models.DateTimeField(_("awarded at"), auto_now_add=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("awarded by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        indexes = [models.Index(fields=["cluster", "valid_until"])]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.certificate_id}"

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            labels_changed(using)

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            result = super().delete(*args, **kwargs)
            labels_changed(using)
        return result

    @property
    def motto(self) -> str:
        """The level's motto, in the active language."""
        return str(self.MOTTO[self.level])

    def status_on(self, day: dt.date) -> str:
        """valid, expired or revoked, on a given day."""
        if self.revoked_at is not None:
            return "revoked"
        return "valid" if day <= self.valid_until else "expired"


class RenewalReminder(models.Model):
    """A renewal reminder sent for a label, months_before its expiry: the unique
    constraint makes sending it a once-only act, however often the command runs."""

    label = models.ForeignKey(
        Label, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("label")
    )
    months_before = models.PositiveSmallIntegerField(_("months before expiry"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(
        _("recipients"), help_text=_("The addresses it went to, one a line")
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["label", "months_before"], name="one_reminder_per_label_and_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.months_before} months before expiry"
