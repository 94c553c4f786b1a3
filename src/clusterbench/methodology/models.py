"""Framework versions as rows. Rows are written only by the loader and never changed:
benchmarkings point at the version they used."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    version = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    published = models.DateField()
    source_sha256 = models.CharField(max_length=64, help_text="Hash of the file it was loaded from")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-loaded_at"]

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=1)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="area_code_per_framework")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count"
        NUMBER = "number"
        PERCENT = "percent"
        ORDINAL = "ordinal"
        DERIVED = "derived"

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")
        NONE = "none", _("descriptive")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=3)
    name = models.CharField(max_length=200)
    question = models.TextField(blank=True)
    help_text = models.TextField(blank=True)
    kind = models.CharField(max_length=8, choices=Kind)
    unit = models.CharField(max_length=50, blank=True)
    min_value = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    levels = models.JSONField(default=list, blank=True, help_text="[{value, label}] for ordinals")
    numerator = models.CharField(max_length=3, blank=True, help_text="Derived: code of the top")
    denominator = models.CharField(
        max_length=3, blank=True, help_text="Derived: code of the bottom"
    )
    direction = models.CharField(max_length=4, choices=Direction)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="indicator_code_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Criterion(models.Model):
    """An ECEI quality indicator: met when the indicator's value reaches the threshold."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=200)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="criteria"
    )
    threshold = models.DecimalField(max_digits=15, decimal_places=4, null=True, blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]
        verbose_name_plural = "criteria"
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
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="eligibility")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    threshold = models.DecimalField(max_digits=15, decimal_places=4)
    requirement = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["framework", "position"]

    def __str__(self) -> str:
        return self.requirement
