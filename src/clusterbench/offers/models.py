import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterbench.engagements.models import Benchmarking, GroupBid


class Quote(models.Model):
    """A priced offer for one engagement. Its lines and totals are stored as issued, so a
    later price list never changes it; an accepted quote never changes at all, and a new
    quote replaces an earlier one by pointing at it."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REPLACED = "replaced", _("Replaced")

    benchmarking = models.ForeignKey(
        Benchmarking,
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("benchmarking"),
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.ISSUED)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    price_list_version = models.CharField(_("price list version"), max_length=20)
    currency = models.CharField(_("currency"), max_length=3)
    client_vat_number = models.CharField(_("client's VAT number"), max_length=20, blank=True)
    group_bid = models.ForeignKey(
        GroupBid,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("group bid"),
        help_text=_("The group bid whose discount this quote carries"),
    )
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=0
    )
    group_clusters = models.PositiveSmallIntegerField(
        _("clusters in the group"),
        null=True,
        blank=True,
        help_text=_(
            "The clusters of the group bid when the quote was issued, which its discount line names"
        ),
    )
    net = models.DecimalField(_("net amount"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    vat_note = models.TextField(
        _("VAT note"), blank=True, help_text=_("Why no VAT is charged, when none is")
    )
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
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
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
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
    quote = models.ForeignKey(
        Quote, on_delete=models.CASCADE, related_name="lines", verbose_name=_("quote")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16)  # fee | discount | travel | accommodation
    description = models.TextField(_("description"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["quote", "position"]
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = [
            models.UniqueConstraint(fields=["quote", "position"], name="one_line_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.description[:40]}: {self.amount}"
