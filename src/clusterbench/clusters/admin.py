from django.contrib import admin
from django.db import models

from .models import ClusterOrganisation, Country, Network, Portfolio


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


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]
