"""The admin index's count of learners' open reports (one query)."""

from django import template

from cards.models import CardReport

register = template.Library()


@register.simple_tag
def open_report_count() -> int:
    return CardReport.objects.filter(resolved_at__isnull=True).count()
