from django.urls import path

from clusterbench.peers import views

urlpatterns = [
    path("", views.benchmarking_list, name="benchmarking_list"),
    path("<int:pk>/analysis/", views.benchmarking_analysis, name="benchmarking_analysis"),
]
