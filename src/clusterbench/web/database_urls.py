from django.urls import path

from clusterbench.labels import views as label_views
from clusterbench.web import database_views as views

urlpatterns = [
    path("database/", views.database, name="database"),
    path("database.csv", views.database_csv, name="database_csv"),
    path("database.json", views.database_json, name="database_json"),
    path("clusters/<int:pk>/", views.public_cluster, name="public_cluster"),
    path("clusters/<int:pk>/badge.svg", label_views.badge, name="badge"),
    path("verify/", label_views.verify_lookup, name="verify_lookup"),
    path("verify/<str:certificate_id>/", label_views.verify, name="verify"),
    path(
        "labels/<str:certificate_id>/revoke/",
        label_views.label_revoke_page,
        name="label_revoke",
    ),
    path(
        "labels/<str:certificate_id>/certificate.pdf",
        label_views.certificate_download,
        name="certificate_download",
    ),
    path(
        "labels/<str:certificate_id>/files.zip",
        label_views.label_files_download,
        name="label_files_download",
    ),
]
