from django.urls import path

from . import views

urlpatterns = [
    path("", views.ladder_list, name="ladder_list"),
    path("silver/<int:cluster_pk>/", views.silver_apply_page, name="silver_apply"),
    path("gold/<int:cluster_pk>/", views.gold_apply_page, name="gold_apply"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/invite.ics", views.application_invite, name="application_invite"),
    path("<int:pk>/self-assessment/", views.self_assessment_page, name="self_assessment"),
    path(
        "<int:pk>/self-assessment/<str:code>/",
        views.self_assessment_autosave,
        name="self_assessment_autosave",
    ),
    path("<int:pk>/scores/", views.scoring_page, name="scoring"),
    path("<int:pk>/reconcile/", views.reconcile_page, name="reconcile"),
    path("<int:pk>/<slug:action>/", views.application_action, name="application_action"),
]
