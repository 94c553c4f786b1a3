from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/report/", views.report_page, name="report_page"),
    path("<int:pk>/report/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/report/edit/", views.report_edit, name="report_edit"),
    path("<int:pk>/report/release/", views.report_release, name="report_release"),
    path("<int:pk>/report/correct/", views.report_correct, name="report_correct"),
]
