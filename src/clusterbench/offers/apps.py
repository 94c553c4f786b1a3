from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "clusterbench.offers"
    verbose_name = _("Offers: price list, quotes and group bids")

    def ready(self) -> None:
        checks.register(price_list_check)


def price_list_check(app_configs, **kwargs):
    """A broken price list stops start-up, not the first quote of the day."""
    from clusterbench.offers.pricing import PriceError
    from clusterbench.offers.quotes import price_list_current

    try:
        price_list_current()
    except PriceError as exc:
        return [
            checks.Error(str(exc), hint="Fix the file or PRICE_LIST_FILE.", id="clusterbench.E001")
        ]
    return []
