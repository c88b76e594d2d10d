from django.urls import path

from scheduler import stats_views, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("review/<slug:topic_slug>/", views.review, name="review"),
    path("review/<slug:topic_slug>/reveal", views.reveal, name="review-reveal"),
    path("review/<slug:topic_slug>/answer", views.answer, name="review-answer"),
    path("review/<slug:topic_slug>/undo", views.undo, name="review-undo"),
    path("settings/", views.study_settings, name="study-settings"),
    path("stats/", stats_views.stats_index, name="stats_index"),
    path("stats/<slug:topic_slug>/", stats_views.stats_page, name="stats"),
    path("stats/<slug:topic_slug>/pace", stats_views.raise_pace, name="stats_pace"),
]
