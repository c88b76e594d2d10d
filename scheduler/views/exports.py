"""Downloads a learner takes away: a topic with their schedule for Anki, and "My data"."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from cards.models import Topic
from scheduler.exports import schedule_package
from scheduler.my_data import my_data_json
from scheduler.views.common import HtmxHttpRequest


def _attachment(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Someone's own learning data: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def anki_with_schedule(request: HtmxHttpRequest, topic_slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=topic_slug)
    package = schedule_package(user=request.user, topic=topic, now=timezone.now())
    return _attachment(package, f"{topic.slug}-my-schedule.apkg", "application/apkg")


@require_GET
@login_required
def my_data_download(request: HtmxHttpRequest) -> HttpResponse:
    content = my_data_json(request.user, now=timezone.now())
    return _attachment(content, "spacecards-my-data.json", "application/json; charset=utf-8")
