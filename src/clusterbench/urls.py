from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("ClusterBench administration")
admin.site.site_title = "ClusterBench"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("clusterbench.languages.urls")),
    path("accounts/", include("clusterbench.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("clusterbench.api.urls")),
    path("benchmarkings/", include("clusterbench.peers.urls")),
    path("engagements/", include("clusterbench.reports.urls")),
    path("engagements/", include("clusterbench.engagements.urls")),
    path("ladder/", include("clusterbench.audits.urls")),
    path("networks/", include("clusterbench.networks.urls")),
    path("", include("clusterbench.web.database_urls")),
    path("", include("clusterbench.web.urls")),
]
