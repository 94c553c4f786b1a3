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

    role = models.CharField(max_length=20, choices=Role, blank=True)
    clusters = models.ManyToManyField(
        "clusters.ClusterOrganisation",
        blank=True,
        related_name="managers",
        help_text="The cluster organisations a cluster manager acts for",
    )
    network = models.ForeignKey(
        "clusters.Network",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinators",
        help_text="The network a network coordinator acts for",
    )

    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text="The language of this person's pages and emails; empty: the browser's",
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
