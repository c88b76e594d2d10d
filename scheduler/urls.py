from django.urls import path

from scheduler.views import (
    account_data,
    browse,
    card_actions,
    dashboard,
    exports,
    review,
    settings,
    stats,
)

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("review/<slug:topic_slug>/", review.review, name="review"),
    path("review/<slug:topic_slug>/reveal", review.reveal, name="review-reveal"),
    path("review/<slug:topic_slug>/answer", review.answer, name="review-answer"),
    path("review/<slug:topic_slug>/undo", review.undo, name="review-undo"),
    path("review/<slug:topic_slug>/report", card_actions.report, name="review-report"),
    path(
        "review/<slug:topic_slug>/card/<slug:action>",
        card_actions.card_action,
        name="review-card-action",
    ),
    path("cards/<slug:topic_slug>/", browse.browse, name="browse"),
    path("cards/<slug:topic_slug>/<int:card_id>/", browse.browse_card, name="browse-card"),
    path(
        "cards/<slug:topic_slug>/<int:card_id>/<slug:action>",
        browse.browse_action,
        name="browse-card-action",
    ),
    path("settings/", settings.study_settings, name="study-settings"),
    path("settings/delete-account", account_data.delete_account, name="delete-account"),
    path("settings/my-data.json", exports.my_data_download, name="my-data"),
    path("stats/", stats.stats_index, name="stats_index"),
    path("stats/<slug:topic_slug>/", stats.stats_page, name="stats"),
    path("stats/<slug:topic_slug>/pace", stats.raise_pace, name="stats_pace"),
    path("stats/<slug:topic_slug>/anki.apkg", exports.anki_with_schedule, name="stats_anki_export"),
]
