"""The editors' card admin: fix cards that read badly, suspend or retire them, resolve conflicts
with a re-imported fixture.

Nothing is deleted here: learners' history points at it. Every change to a card's editing
state goes through cards.editing.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import Textarea
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.text import Truncator

from cards import editing
from cards.admin.card_display import CardDisplayFields
from cards.admin.card_form import CardEditForm
from cards.admin.filters import DomainFilter, QualityFlagFilter, SectionFilter
from cards.models import Card


@admin.register(Card)
class CardAdmin(CardDisplayFields, admin.ModelAdmin):
    form = CardEditForm
    list_display = (
        "key",
        "kind",
        "place",
        "prompt_excerpt",
        "is_active",
        "edited",
        "conflict",
        "flags",
    )
    list_display_links = ("key", "prompt_excerpt")
    list_filter = (
        "topic",
        DomainFilter,
        SectionFilter,
        "kind",
        "is_active",
        "locally_edited",
        "conflict",
        QualityFlagFilter,
    )
    list_select_related = ("section__domain",)
    search_fields = ("prompt", "answer", "explanation", "key", "tags")
    list_per_page = 100
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})}}
    actions = (
        "dismiss_quality_flags",
        "suspend",
        "reactivate",
        "retire",
        "resolve_taking_new_source_text",
        "resolve_keeping_the_edit",
    )
    change_form_template = "admin/cards/card/change_form.html"

    class Media:
        # Sizes the preview frames to their card (the CSP allows no onload="" attribute).
        js = ["js/card-preview.js"]

    readonly_fields = (
        "key",
        "place",
        "kind",
        "status",
        "quality",
        "preview",
        "source",
        "siblings",
        "incoming_comparison",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Card]:
        return super().get_queryset(request).select_related("section__domain__topic")

    # -- permissions: cards come from fixtures and are never deleted (history points at them)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    # -- the list

    @admin.display(description="domain › section", ordering="section__domain__number")
    def place(self, card: Card) -> str:
        section = card.section
        return f"{section.domain.number}. {section.domain.title} › {section.title}"

    @admin.display(description="prompt")
    def prompt_excerpt(self, card: Card) -> str:
        return Truncator(card.prompt).chars(90)

    @admin.display(description="edited", boolean=True, ordering="locally_edited")
    def edited(self, card: Card) -> bool:
        return card.locally_edited

    @admin.display(description="open flags", ordering="open_flags")
    def flags(self, card: Card) -> str:
        return ", ".join(flag["name"] for flag in card.open_quality_flags) or "—"

    # -- the change page

    def get_fieldsets(self, request: HttpRequest, obj: Card | None = None):
        content = ["prompt", "answer", "verdict", "explanation"]
        if obj is not None and obj.kind == Card.Kind.TRAP:
            content.remove("answer")  # A trap's answer is its verdict.
        elif obj is not None:
            content.remove("verdict")
        fieldsets = [
            (None, {"fields": ("key", "place", "kind", "status")}),
            (
                "Preview, as the review page shows it",
                {"fields": ("quality", "preview"), "classes": ("card-preview",)},
            ),
            ("Content", {"fields": content}),
        ]
        if obj is not None and obj.conflict:
            fieldsets.append(
                (
                    "Conflict: the fixture changed this card after it was edited",
                    {
                        "fields": ("incoming_comparison",),
                        "description": "Choose with the buttons below which text the card keeps.",
                    },
                )
            )
        fieldsets.append(("Source", {"fields": ("source", "siblings")}))
        return fieldsets

    def save_model(self, request: HttpRequest, obj: Card, form, change: bool) -> None:
        editing.save_edit(obj, expected_version=form.cleaned_data["seen_version"])

    def response_change(self, request: HttpRequest, obj: Card) -> HttpResponse:
        if "_dismiss_flags" in request.POST:
            # The form was saved first; if that was an edit, it already cleared the flags.
            editing.dismiss_flags(Card.objects.filter(pk=obj.pk))
            self.message_user(request, f"{obj.key}: its quality flags are dismissed for good.")
            return HttpResponseRedirect(request.path)
        resolutions = {
            "_take_incoming": (editing.take_incoming, "now has the fixture's new text"),
            "_keep_edit": (editing.keep_edit, "keeps the edit; the conflict is resolved"),
        }
        for button, (resolve, outcome) in resolutions.items():
            if button in request.POST:
                try:
                    resolve(obj)
                except editing.NoConflict as error:
                    self.message_user(request, str(error), messages.WARNING)
                else:
                    self.message_user(request, f"{obj.key} {outcome}.", messages.SUCCESS)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # -- actions: none of them touches a learner's states or logs

    @admin.action(description="This is fine: dismiss the selected cards' quality flags for good")
    def dismiss_quality_flags(self, request: HttpRequest, queryset: QuerySet[Card]) -> None:
        count = editing.dismiss_flags(queryset)
        self.message_user(
            request,
            f"{count} card(s) had their quality flags dismissed; a re-import keeps that, and a "
            "card dropped only for a flag is back with learners.",
        )

    @admin.action(description="Suspend selected cards (out of every queue until reactivated)")
    def suspend(self, request: HttpRequest, queryset: QuerySet[Card]) -> None:
        count = editing.suspend_cards(queryset)
        self.message_user(request, f"{count} card(s) suspended; learners' history is kept.")

    @admin.action(description="Reactivate selected cards")
    def reactivate(self, request: HttpRequest, queryset: QuerySet[Card]) -> None:
        count = editing.reactivate_cards(queryset)
        self.message_user(request, f"{count} card(s) active again, with their history.")

    @admin.action(description="Retire selected cards for good (a re-import leaves them retired)")
    def retire(self, request: HttpRequest, queryset: QuerySet[Card]) -> None:
        count = editing.retire_cards(queryset, now=timezone.now())
        self.message_user(request, f"{count} card(s) retired; learners' history is kept.")

    @admin.action(description="Resolve conflicts: take the new source text")
    def resolve_taking_new_source_text(self, request: HttpRequest, queryset) -> None:
        self._resolve(request, queryset, editing.take_incoming, "took the new source text")

    @admin.action(description="Resolve conflicts: keep the edit")
    def resolve_keeping_the_edit(self, request: HttpRequest, queryset) -> None:
        self._resolve(request, queryset, editing.keep_edit, "kept the edit")

    def _resolve(self, request: HttpRequest, queryset, resolve, outcome: str) -> None:
        resolved = [resolve(card).key for card in queryset.filter(conflict=True)]
        skipped = queryset.count() - len(resolved)
        note = f" ({skipped} selected card(s) had no conflict)" if skipped else ""
        self.message_user(request, f"{len(resolved)} card(s) {outcome}{note}.")
