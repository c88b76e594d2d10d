"""The card list's filters: where a card sits, and the editors' quality worklist."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from cards.models import Card, Domain, Section, Topic
from cards.sources.quality import DROPPING, FLAGS


def _chosen_id(request: HttpRequest, parameter: str, model: type[Model]) -> int | None:
    """The id a query-string parameter names, None when absent or when it could name no row.

    The query string is anyone's to write: "abc" would raise ValueError and a 23-digit number
    OverflowError (on SQLite) deep in the query, a 500 instead of the admin's "invalid filter".
    """
    value = request.GET.get(parameter, "")
    low, high = BaseDatabaseOperations.integer_field_ranges[model._meta.pk.get_internal_type()]
    # isascii: str.isdigit also takes other scripts' digits, which int() reads but an id is not.
    if value.isascii() and value.isdigit() and max(low, 1) <= int(value) <= high:
        return int(value)
    return None


def _filter_id(filter: admin.SimpleListFilter, request: HttpRequest, model: type[Model]) -> int:
    """The chosen id for queryset(); a value no row can have is the admin's invalid filter."""
    chosen = _chosen_id(request, filter.parameter_name, model)
    if chosen is None:
        raise IncorrectLookupParameters(f"{filter.parameter_name}={filter.value()!r} is no id")
    return chosen


class DomainFilter(admin.SimpleListFilter):
    """Domains labelled with their topic, narrowed to the topic chosen in the topic filter."""

    title = "domain"
    parameter_name = "domain"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        domains = Domain.objects.select_related("topic").order_by("topic__title", "number")
        # An unreadable choice narrows nothing here: its own filter reports it as invalid.
        if topic := _chosen_id(request, "topic__id__exact", Topic):
            domains = domains.filter(topic_id=topic)
        return [(str(d.pk), f"{d.topic.slug} · {d.number}. {d.title}") for d in domains]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Card]) -> QuerySet[Card]:
        if self.value() is not None:
            return queryset.filter(section__domain_id=_filter_id(self, request, Domain))
        return queryset


class SectionFilter(admin.SimpleListFilter):
    """Sections narrowed to the chosen domain (or topic), labelled with their domain."""

    title = "section"
    parameter_name = "section"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        sections = Section.objects.select_related("domain__topic").order_by(
            "domain__topic__title", "domain__number", "position"
        )
        if domain := _chosen_id(request, "domain", Domain):
            sections = sections.filter(domain_id=domain)
        elif topic := _chosen_id(request, "topic__id__exact", Topic):
            sections = sections.filter(domain__topic_id=topic)
        return [
            (str(s.pk), f"{s.domain.topic.slug} · {s.domain.number}.{s.position} {s.title}")
            for s in sections
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Card]) -> QuerySet[Card]:
        if self.value() is not None:
            return queryset.filter(section_id=_filter_id(self, request, Section))
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
