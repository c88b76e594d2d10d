"""Learning state in the admin, to look at only: scheduler.services is its one write path."""

from django.contrib import admin
from django.http import HttpRequest

from scheduler.models import Enrolment, ReviewLog, ReviewState, StudyProfile


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(StudyProfile)
class StudyProfileAdmin(ReadOnlyAdmin):
    list_display = (
        "user",
        "time_zone",
        "day_starts_at",
        "new_cards_per_day",
        "reviews_per_day",
        "grading_scale",
        "exam_date",
    )
    list_filter = ("grading_scale", "time_zone")
    list_select_related = ("user",)
    search_fields = ("user__username",)


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    """Who studies what (scheduler.enrolment_services writes them); empty: the profile's."""

    list_display = (
        "user",
        "topic",
        "enrolled_at",
        "left_at",
        "exam_date",
        "new_cards_per_day",
        "reviews_per_day",
        "leech_threshold",
    )
    list_filter = ("topic", ("left_at", admin.EmptyFieldListFilter))
    list_select_related = ("user", "topic")
    search_fields = ("user__username", "topic__slug", "topic__title")


@admin.register(ReviewState)
class ReviewStateAdmin(ReadOnlyAdmin):
    list_display = (
        "user",
        "topic",
        "card_key",
        "due",
        "interval",
        "easiness",
        "repetitions",
        "lapses",
        "reviews",
        "redrill",
    )
    list_filter = ("user", "topic", "redrill")
    list_select_related = ("user", "topic", "card")
    search_fields = ("user__username", "card__key", "card__prompt")
    date_hierarchy = "due"

    @admin.display(description="card", ordering="card__key")
    def card_key(self, state: ReviewState) -> str:
        return state.card.key


@admin.register(ReviewLog)
class ReviewLogAdmin(ReadOnlyAdmin):
    list_display = (
        "answered_at",
        "user",
        "topic",
        "card_key",
        "quality",
        "kind",
        "interval_before",
        "interval_after",
        "undone",
    )
    list_filter = ("user", "topic", "kind", "undone")
    list_select_related = ("user", "topic", "card")
    search_fields = ("user__username", "card__key")
    date_hierarchy = "answered_at"

    @admin.display(description="card", ordering="card__key")
    def card_key(self, log: ReviewLog) -> str:
        return log.card.key
