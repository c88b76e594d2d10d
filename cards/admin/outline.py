"""The outline (topics, domains, sections) comes from fixtures and is shown read-only: a re-import
would put back anything changed here. Topics are imported from the topic list's import page.
"""

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from cards import editing
from cards.admin.topic_export import export_apkg, export_csv
from cards.admin.topic_import import import_topic_view
from cards.models import Card, Domain, Section, Topic
from cards.sources.quality import DROPPING, FLAGS


class ReadOnlyOutlineAdmin(admin.ModelAdmin):
    """Fixtures own the outline: edit the guide and re-import instead."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(ReadOnlyOutlineAdmin):
    list_display = (
        "title",
        "slug",
        "source",
        "weighted",
        "domain_count",
        "active_cards",
        "inactive_cards",
        "conflict_count",
        "flagged_count",
        "imported_at",
    )
    fields = ("title", "slug", "source", "weights", "imported_at", "quality_flags")
    readonly_fields = ("weights", "quality_flags")
    list_filter = ("weighted",)
    search_fields = ("title", "slug", "source")
    date_hierarchy = "imported_at"
    actions = (export_apkg, export_csv)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                domain_count=Count("domains", distinct=True),
                active_cards=Count("cards", filter=Q(cards__is_active=True), distinct=True),
                inactive_cards=Count("cards", filter=Q(cards__is_active=False), distinct=True),
                conflict_count=Count("cards", filter=Q(cards__conflict=True), distinct=True),
                flagged_count=Count("cards", filter=~Q(cards__open_flags=""), distinct=True),
            )
        )

    @admin.display(description="domains", ordering="domain_count")
    def domain_count(self, topic: Topic) -> int:
        return topic.domain_count

    @admin.display(description="active cards", ordering="active_cards")
    def active_cards(self, topic: Topic) -> int:
        return topic.active_cards

    @admin.display(description="inactive", ordering="inactive_cards")
    def inactive_cards(self, topic: Topic) -> int:
        return topic.inactive_cards

    @admin.display(description="conflicts", ordering="conflict_count")
    def conflict_count(self, topic: Topic) -> SafeString | int:
        if not topic.conflict_count:
            return 0
        url = reverse("admin:cards_card_changelist") + f"?topic__id__exact={topic.pk}&conflict=1"
        return format_html('<a href="{}">{}</a>', url, topic.conflict_count)

    @admin.display(description="flagged", ordering="flagged_count")
    def flagged_count(self, topic: Topic) -> SafeString | int:
        if not topic.flagged_count:
            return 0
        return format_html('<a href="{}">{}</a>', _worklist(topic, "any"), topic.flagged_count)

    @admin.display(description="domain weights")
    def weights(self, topic: Topic) -> SafeString:
        """Each domain's weight; for notes that gave none, a link to set them."""
        rows = [
            (reverse("admin:cards_domain_change", args=[domain.pk]), domain, domain.weight)
            for domain in topic.domains.order_by("number")
        ]
        listing = format_html_join(", ", '<a href="{}">{}</a>: {}%', rows)
        if topic.weighted:
            return listing
        return format_html(
            "{}<br>Unweighted: the notes gave no exam weights, so the domains count equally "
            "until you set each one's weight (a re-import keeps what you set).",
            listing,
        )

    @admin.display(description="quality flags (open; the editors' worklist)")
    def quality_flags(self, topic: Topic) -> SafeString:
        """Per flag, how many of the topic's cards have it open, linked to the filtered list."""
        cards = Card.objects.filter(topic=topic)
        counts = cards.aggregate(
            **{name: Count("pk", filter=Q(open_flags__contains=f",{name},")) for name in FLAGS}
        )
        rows = (
            (
                _worklist(topic, name),
                name,
                "dropped: learners do not see these" if name in DROPPING else "kept in the deck",
                counts[name],
            )
            for name in FLAGS
        )
        return format_html(
            '<table class="quality-counts"><tbody>{}</tbody></table>',
            format_html_join(
                "", '<tr><th><a href="{}">{}</a></th><td>{}</td><td>{}</td></tr>', rows
            ),
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="cards_topic_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        return import_topic_view(request, self)


@admin.register(Domain)
class DomainAdmin(ReadOnlyOutlineAdmin):
    """Read-only, but for one thing fixtures cannot know: the weight of a domain of notes that
    gave no exam weights. An editor sets it here, and re-imports keep it (cards.editing)."""

    list_display = ("__str__", "topic", "weight", "weight_edited", "section_count")
    list_filter = ("topic", "topic__weighted")
    list_select_related = ("topic",)
    search_fields = ("title", "topic__title")
    fields = ("topic", "number", "title", "weight")
    readonly_fields = ("topic", "number", "title")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Domain]:
        return super().get_queryset(request).annotate(section_count=Count("sections"))

    def has_change_permission(self, request: HttpRequest, obj: Domain | None = None) -> bool:
        # Only weights the notes did not give (or an editor gave) are the editors' to set.
        editable = obj is None or not obj.topic.weighted or obj.weight_edited
        return editable and request.user.has_perm("cards.change_domain")

    def save_model(self, request: HttpRequest, obj: Domain, form, change: bool) -> None:
        editing.set_domain_weight(obj, form.cleaned_data["weight"])

    @admin.display(description="sections", ordering="section_count")
    def section_count(self, domain: Domain) -> int:
        return domain.section_count


@admin.register(Section)
class SectionAdmin(ReadOnlyOutlineAdmin):
    list_display = ("title", "domain", "topic", "position", "card_count")
    list_filter = ("domain__topic", "domain")
    list_select_related = ("domain__topic",)
    search_fields = ("title", "domain__title")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        return super().get_queryset(request).annotate(card_count=Count("cards"))

    @admin.display(ordering="domain__topic")
    def topic(self, section: Section) -> Topic:
        return section.domain.topic

    @admin.display(description="cards", ordering="card_count")
    def card_count(self, section: Section) -> int:
        return section.card_count


def _worklist(topic: Topic, flag: str) -> str:
    return reverse("admin:cards_card_changelist") + f"?topic__id__exact={topic.pk}&flag={flag}"
