from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext

from .models import ClusterOrganisation, Country, Network, Portfolio
from .selectors import cluster_lookalike


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "alpha2", "alpha3"]
    search_fields = ["name", "alpha2", "alpha3"]


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]


@admin.register(ClusterOrganisation)
class ClusterOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name", "country", "portfolio", "region", "is_synthetic"]
    list_filter = ["portfolio", "is_synthetic", "country"]
    search_fields = ["name", "name_en", "region"]
    list_select_related = ["country", "portfolio"]
    autocomplete_fields = ["country"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        twin = cluster_lookalike(obj)
        if twin is not None:
            self.message_user(
                request,
                gettext(
                    "“%(name)s” looks like “%(twin)s”, also in %(country)s: check that it is "
                    "not the same organisation under a look-alike name."
                )
                % {"name": obj.name_en, "twin": twin.name_en, "country": obj.country.local_name},
                messages.WARNING,
            )


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]
