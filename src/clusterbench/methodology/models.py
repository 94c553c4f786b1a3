"""Framework versions as rows. Rows are written only by the loader and never changed:
benchmarkings point at the version they used."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    version = models.CharField(_("version"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    published = models.DateField(_("published on"))
    source_sha256 = models.CharField(
        _("SHA-256 of the source"),
        max_length=64,
        help_text=_("Hash of the file it was loaded from"),
    )
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-published", "-loaded_at"]
        verbose_name = _("methodology framework")
        verbose_name_plural = _("methodology frameworks")

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Area(models.Model):
    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("methodology framework"),
    )
    code = models.CharField(_("code"), max_length=1)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_code_per_framework")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        NUMBER = "number", _("Number")
        PERCENT = "percent", _("Percentage")
        ORDINAL = "ordinal", _("Ordinal")
        DERIVED = "derived", _("Derived")

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")
        NONE = "none", _("descriptive")

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("methodology framework"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("area")
    )
    code = models.CharField(_("code"), max_length=3)
    name = models.CharField(_("name"), max_length=200)
    question = models.TextField(_("question"), blank=True)
    help_text = models.TextField(_("help text"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    min_value = models.DecimalField(
        _("lowest value"), max_digits=15, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("highest value"), max_digits=15, decimal_places=4, null=True, blank=True
    )
    levels = models.JSONField(
        _("levels"), default=list, blank=True, help_text=_("[{value, label}] for ordinals")
    )
    numerator = models.CharField(
        _("numerator"), max_length=3, blank=True, help_text=_("Derived: code of the top")
    )
    denominator = models.CharField(
        _("denominator"), max_length=3, blank=True, help_text=_("Derived: code of the bottom")
    )
    direction = models.CharField(_("direction"), max_length=4, choices=Direction)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Criterion(models.Model):
    """An ECEI quality indicator: met when the indicator's value reaches the threshold."""

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("methodology framework"),
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("indicator"),
    )
    threshold = models.DecimalField(
        _("threshold"), max_digits=15, decimal_places=4, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("ECEI quality indicator")
        verbose_name_plural = _("ECEI quality indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="criterion_code_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def audit_only(self) -> bool:
        return self.indicator_id is None


class EligibilityCondition(models.Model):
    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="eligibility",
        verbose_name=_("methodology framework"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    threshold = models.DecimalField(_("threshold"), max_digits=15, decimal_places=4)
    requirement = models.CharField(_("requirement"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("eligibility condition")
        verbose_name_plural = _("eligibility conditions")

    def __str__(self) -> str:
        return self.requirement
