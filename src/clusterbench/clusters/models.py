import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from clusterbench.text import TextError, name_normalise, report_text_check, text_check

from .names import country_name, portfolio_name
from .search import search_key
from .zones import ZONE_MAX, time_zone_check


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


# A cluster's typed text, each on one line (a line of the quote and of the report, a
# calendar file's location, a CSV cell) and at most its field's max_length: (field,
# whether the documents print it as it is, so that every character must be one their fonts
# show). The own name may be in any script: the documents show the English name instead
# of one their fonts cannot (reports/build.py, offers/quote_document.py). The website is a
# link, which the report says it does not show if need be.
TEXT_FIELDS = (
    ("name", False),
    ("name_en", True),
    ("region", True),
    ("address", True),
    ("contact_name", False),
    ("website", False),
)
NAMES = ("name", "name_en")


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
    # max_length is the limit the checks of typed text apply (clean_fields) and the admin
    # form's; the quote and the report print it in a few lines, and an interview's place
    # (at most 500 characters) starts as it.
    address = models.TextField(_("address"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=ZONE_MAX, default="Europe/Brussels")
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

    def clean_fields(self, exclude=None) -> None:
        # Typed text is checked before Django's own checks of each field, and a field it
        # refuses is left out of those, which would add a second message about the same
        # value (its length again, or "Enter a valid URL").
        exclude = set(exclude or ())
        errors = {}
        for field, printed in TEXT_FIELDS:
            if field in exclude:
                continue
            model_field = self._meta.get_field(field)
            what = model_field.verbose_name.capitalize()
            try:
                checked = text_check(
                    getattr(self, field), what=what, max_length=model_field.max_length
                )
                if printed:
                    report_text_check(checked, what=what)
            except TextError as exc:
                errors[field] = [str(exc)]
                exclude.add(field)
            else:
                # Names are stored normalised (NFKC, no invisible characters, single
                # spaces), so a zero-width space or a full-width letter cannot make a
                # second "same" name.
                setattr(self, field, name_normalise(checked) if field in NAMES else checked)
        if "time_zone" not in exclude:
            try:
                self.time_zone = time_zone_check(
                    self.time_zone, what=self._meta.get_field("time_zone").verbose_name.capitalize()
                )
            except TextError as exc:
                errors["time_zone"] = [str(exc)]
                exclude.add("time_zone")
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self) -> None:
        this_year = dt.date.today().year
        if self.year_founded is not None and not 1900 <= self.year_founded <= this_year:
            raise ValidationError(
                {"year_founded": f"Year founded must be between 1900 and {this_year}."}
            )


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
