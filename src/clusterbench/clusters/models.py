import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from clusterbench.text import TextError, name_normalise, quoted, text_check

from .names import country_name, portfolio_name
from .search import search_key


class Country(models.Model):
    """ISO 3166-1 countries; loaded from data/countries.csv by a migration."""

    alpha2 = models.CharField(_("ISO alpha-2 code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the reader's language; the stored name is English."""
        return country_name(self)


class Portfolio(models.Model):
    """A comparative portfolio (technology area) used for the same-portfolio peer group."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("comparative portfolio")
        verbose_name_plural = _("comparative portfolios")

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """The name in the reader's language; the stored name is English."""
        return portfolio_name(self)


class ClusterOrganisation(models.Model):
    name = models.CharField(
        _("name"), max_length=200, help_text=_("In the organisation's own language and script")
    )
    name_en = models.CharField(_("English name"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="clusters", verbose_name=_("country")
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    portfolio = models.ForeignKey(
        Portfolio,
        on_delete=models.PROTECT,
        related_name="clusters",
        verbose_name=_("comparative portfolio"),
    )
    website = models.URLField(_("website"), blank=True)
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Brussels")
    search_text = models.CharField(
        _("search key"),
        max_length=500,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Both names as a search key (see clusters/search.py)"),
    )
    is_synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        help_text=_("Part of the generated demonstration population"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("cluster organisation")
        verbose_name_plural = _("cluster organisations")
        indexes = [models.Index(fields=["name_en"])]  # the public database's default order
        constraints = [
            models.UniqueConstraint(
                Lower("name_en"),
                "country",
                name="unique_cluster_name_per_country",
                violation_error_message=_(
                    "A cluster organisation with this English name already exists in this country."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name_en

    def save(self, *args, **kwargs):
        # Derived from the names, so it can never disagree with them.
        self.search_text = search_key(f"{self.name} {self.name_en}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        # Names are stored normalised (NFKC, no invisible characters, single spaces), so
        # a zero-width space or a full-width letter cannot make a second "same" name.
        for field in ("name", "name_en"):
            try:
                checked = text_check(
                    getattr(self, field),
                    what=self._meta.get_field(field).verbose_name.capitalize(),
                    max_length=200,
                )
            except TextError as exc:
                errors[field] = str(exc)
            else:
                setattr(self, field, name_normalise(checked))
        this_year = dt.date.today().year
        if self.year_founded is not None and not 1900 <= self.year_founded <= this_year:
            errors["year_founded"] = f"Year founded must be between 1900 and {this_year}."
        if self.time_zone not in zoneinfo.available_timezones():
            # The example is a name in the time zone database, the same in every language.
            errors["time_zone"] = _("Unknown time zone %(zone)s; use e.g. %(example)s.") % {
                "zone": quoted(self.time_zone),
                "example": "Europe/Belgrade",
            }
        if errors:
            raise ValidationError(errors)


class Network(models.Model):
    """A network of cluster organisations, such as a regional cluster network."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(
        ClusterOrganisation, related_name="networks", blank=True, verbose_name=_("members")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name
