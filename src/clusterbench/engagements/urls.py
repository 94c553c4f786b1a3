from django.urls import path

from clusterbench.engagements import views
from clusterbench.interviews import views as interview_views
from clusterbench.offers import views as quote_views

urlpatterns = [
    path("", views.engagement_list, name="engagement_list"),
    path("request/", views.engagement_request, name="engagement_request"),
    path("conflicts/", views.conflicts, name="conflicts"),
    path("<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path("<int:pk>/invite.ics", views.engagement_invite, name="engagement_invite"),
    path("<int:pk>/interview/", interview_views.interview_workspace, name="interview_workspace"),
    path("<int:pk>/answers/<str:code>/", interview_views.answer_autosave, name="answer_autosave"),
    path("<int:pk>/beyond/<str:topic>/", interview_views.topic_autosave, name="topic_autosave"),
    path("<int:pk>/audit/", interview_views.answer_audit, name="answer_audit"),
    path("<int:pk>/quote/", quote_views.quote_page, name="quote_page"),
    path(
        "<int:pk>/quote/<int:quote_pk>/pdf/",
        quote_views.quote_pdf_download,
        name="quote_pdf",
    ),
    path(
        "<int:pk>/quote/<int:quote_pk>/<slug:decision>/",
        quote_views.quote_decide,
        name="quote_decide",
    ),
    path("<int:pk>/<slug:action>/", views.engagement_action, name="engagement_action"),
]
