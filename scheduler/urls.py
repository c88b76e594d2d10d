from django.urls import path

from scheduler import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
