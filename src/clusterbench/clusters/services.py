"""Writes to the cluster registry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterbench.text import quoted

from .models import ClusterOrganisation, Country, Portfolio
from .selectors import cluster_lookalike


def country_get(*, code: str) -> Country:
    """A country by ISO alpha-2 or alpha-3 code, or a ValidationError naming the code."""
    code = (code or "").strip().upper()
    field = {2: "alpha2", 3: "alpha3"}.get(len(code))
    country = Country.objects.filter(**{field: code}).first() if field else None
    if country is None:
        raise ValidationError(
            {
                "country": _(
                    "Unknown country code %(code)s: use ISO 3166 alpha-2 (e.g. %(alpha2)s) or "
                    "alpha-3 (e.g. %(alpha3)s)."
                )
                # The examples are codes, kept in Latin letters in a Cyrillic message.
                % {"code": quoted(code), "alpha2": "RS", "alpha3": "SRB"}
            }
        )
    return country


LOOKALIKE = "lookalike"  # the error key of a name that looks like an existing one


@transaction.atomic
def cluster_create(
    *,
    name: str,
    name_en: str,
    country_code: str,
    portfolio_slug: str,
    lookalike_confirmed: bool = True,
    **fields,
) -> ClusterOrganisation:
    """A new cluster organisation. With lookalike_confirmed False (a registration by a
    cluster manager), a name that looks like one already registered in the country is
    refused with a warning until the person confirms it is another organisation."""
    country = country_get(code=country_code)
    portfolio = Portfolio.objects.filter(slug=portfolio_slug).first()
    if portfolio is None:
        raise ValidationError(
            {
                "portfolio": _("Unknown comparative portfolio %(portfolio)s.")
                % {"portfolio": quoted(portfolio_slug)}
            }
        )
    cluster = ClusterOrganisation(
        name=name, name_en=name_en, country=country, portfolio=portfolio, **fields
    )
    cluster.full_clean()
    twin = None if lookalike_confirmed else cluster_lookalike(cluster)
    if twin is not None:
        raise ValidationError(
            {
                LOOKALIKE: f"“{cluster.name_en}” looks like “{twin.name_en}” ({twin.name}), "
                f"already registered in {country.name}: it may mix letters of different "
                "scripts (such as a Cyrillic o in a Latin name). Check the spelling; if "
                "it is a different organisation, confirm below and send again."
            }
        )
    cluster.save()
    return cluster
