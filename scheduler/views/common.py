"""What every study view shares: the htmx-aware request type and the learner's study day."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from scheduler.models import StudyProfile


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def today_for(profile: StudyProfile) -> date:
    """The learner's current study day, in their time zone and from their day's start hour."""
    return profile.today(timezone.now())
