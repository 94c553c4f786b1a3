from django.urls import path

from . import views

urlpatterns = [
    path("", views.network_home, name="network_home"),
    path("<int:pk>/", views.network_page, name="network_page"),
    path("<int:pk>/brief.pdf", views.network_brief_pdf, name="network_brief_pdf"),
    path("<int:pk>/brief.csv", views.network_brief_csv, name="network_brief_csv"),
    path("<int:pk>/groups/new/", views.group_new, name="group_new"),
    path("<int:pk>/groups/<int:group_pk>/", views.group_detail, name="group_detail"),
    path(
        "<int:pk>/groups/<int:group_pk>/<slug:action>/",
        views.group_action,
        name="group_action",
    ),
]
