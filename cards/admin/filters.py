"""The card list's filters: where a card sits, and the editors' quality worklist."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cards.models import Card, Domain, Section
from cards.sources.quality import DROPPING, FLAGS


class DomainFilter(admin.SimpleListFilter):
    """Domains labelled with their topic, narrowed to the topic chosen in the topic filter."""

    title = "domain"
    parameter_name = "domain"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        domains = Domain.objects.select_related("topic").order_by("topic__title", "number")
        if topic := request.GET.get("topic__id__exact"):
            domains = domains.filter(topic_id=topic)
        return [(str(d.pk), f"{d.topic.slug} · {d.number}. {d.title}") for d in domains]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Card]) -> QuerySet[Card]:
        if self.value():
            return queryset.filter(section__domain_id=self.value())
        return queryset


class SectionFilter(admin.SimpleListFilter):
    """Sections narrowed to the chosen domain (or topic), labelled with their domain."""

    title = "section"
    parameter_name = "section"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        sections = Section.objects.select_related("domain__topic").order_by(
            "domain__topic__title", "domain__number", "position"
        )
        if domain := request.GET.get("domain"):
            sections = sections.filter(domain_id=domain)
        elif topic := request.GET.get("topic__id__exact"):
            sections = sections.filter(domain__topic_id=topic)
        return [
            (str(s.pk), f"{s.domain.topic.slug} · {s.domain.number}.{s.position} {s.title}")
            for s in sections
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Card]) -> QuerySet[Card]:
        if self.value():
            return queryset.filter(section_id=self.value())
        return queryset


class QualityFlagFilter(admin.SimpleListFilter):
    """The editors' worklist: cards with an open quality flag, by flag."""

    title = "quality flag"
    parameter_name = "flag"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("any", "any open flag")] + [
            (name, f"{name} ({'dropped' if name in DROPPING else 'kept'})") for name in FLAGS
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Card]) -> QuerySet[Card]:
        if self.value() == "any":
            return queryset.exclude(open_flags="")
        if self.value() in FLAGS:
            return queryset.flagged(self.value())
        return queryset
