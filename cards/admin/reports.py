"""The editors' worklist of learners' reports: open ones first, filtered by topic and reason,
each linked to its card's edit page; resolving tells the reporter on their dashboard."""

from django.contrib import admin, messages
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from cards import editing
from cards.models import CardReport


class OpenFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("open", "Open"), ("resolved", "Resolved")]

    def queryset(self, request, queryset: QuerySet[CardReport]) -> QuerySet[CardReport]:
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(CardReport)
class CardReportAdmin(admin.ModelAdmin):
    list_display = (
        "card_link",
        "topic",
        "reason",
        "note_excerpt",
        "reporter",
        "created_at",
        "open",
    )
    list_filter = (OpenFilter, ("card__topic", admin.RelatedOnlyFieldListFilter), "reason")
    list_select_related = ("card__topic", "reporter")
    search_fields = ("note", "card__key", "card__prompt")
    actions = ("resolve",)
    readonly_fields = ("card", "reporter", "reason", "note", "created_at", "resolved_at")
    fields = readonly_fields + ("resolved_by",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # learners report from the review page

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # resolve, never delete: the reporter is told

    def get_queryset(self, request: HttpRequest) -> QuerySet[CardReport]:
        # Open reports first, oldest first: the worklist order.
        return (
            super()
            .get_queryset(request)
            .order_by(F("resolved_at").desc(nulls_first=True), "created_at")
        )

    @admin.display(description="card", ordering="card__key")
    def card_link(self, report: CardReport) -> SafeString:
        url = reverse("admin:cards_card_change", args=[report.card_id])
        return format_html('<a href="{}">{}</a>', url, report.card.key)

    @admin.display(description="topic", ordering="card__topic__title")
    def topic(self, report: CardReport) -> str:
        return report.card.topic.title

    @admin.display(description="note")
    def note_excerpt(self, report: CardReport) -> str:
        return Truncator(report.note).chars(80)

    @admin.display(description="open", boolean=True)
    def open(self, report: CardReport) -> bool:
        return report.resolved_at is None

    @admin.action(description="Resolve the selected reports (tells each reporter)")
    def resolve(self, request: HttpRequest, queryset: QuerySet[CardReport]) -> None:
        resolved = editing.resolve_reports(queryset, editor=request.user, now=timezone.now())
        messages.success(request, f"Resolved {resolved} report{'s' if resolved != 1 else ''}.")
