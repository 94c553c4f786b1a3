from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        EXPERT = "expert", _("Benchmarking expert")
        CLUSTER_MANAGER = "cluster_manager", _("Cluster manager")
        NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")

    role = models.CharField(_("role"), max_length=20, choices=Role, blank=True)
    clusters = models.ManyToManyField(
        "clusters.ClusterOrganisation",
        blank=True,
        related_name="managers",
        verbose_name=_("cluster organisations"),
        help_text=_("The cluster organisations a cluster manager acts for"),
    )
    network = models.ForeignKey(
        "clusters.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinators",
        verbose_name=_("network"),
        help_text=_("The network a network coordinator acts for"),
    )
    country = models.ForeignKey(
        "clusters.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("country"),
        help_text=_(
            "Where an expert works from: a Gold audit pairs an auditor from the "
            "cluster's country with one from another"
        ),
    )

    # The languages' names stay as settings.LANGUAGES writes them: each in itself.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of this person's pages and emails; empty: the browser's"),
    )

    def clean(self) -> None:
        super().clean()
        if self.role == self.Role.SECRETARIAT:
            # The secretariat works in the admin, which admits only staff accounts.
            self.is_staff = True
        if self.role == self.Role.NETWORK_COORDINATOR and self.network_id is None:
            raise ValidationError({"network": "A network coordinator must be tied to a network."})
        if self.role != self.Role.NETWORK_COORDINATOR and self.network_id is not None:
            raise ValidationError({"network": "Only a network coordinator is tied to a network."})

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == self.Role.SECRETARIAT)


class ApiToken(models.Model):
    """A personal token for the API: it acts with its user's role and nothing more.

    Only the SHA-256 of the token is stored (the token itself is shown once, when it is
    made); a token is 32 random bytes, so a fast hash is as safe as a slow one here.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. our CRM")
    )
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("The token's start, to recognise it")
    )
    key_sha256 = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("The last day it works (UTC); empty: until revoked"),
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def status_on(self, day) -> str:
        """active, expired or revoked, on a given day."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on is not None and day > self.expires_on:
            return "expired"
        return "active"
