"""The topic list's export actions: one topic as an Anki package or as CSV."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from cards.exports.apkg import export_topic
from cards.exports.csv import export_topic_csv
from cards.models import Topic


def _one_topic(model_admin: admin.ModelAdmin, request: HttpRequest, topics: QuerySet[Topic]):
    if topics.count() != 1:
        model_admin.message_user(request, "Choose exactly one topic to export.", messages.ERROR)
        return None
    return topics.get()


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.action(description="Export the selected topic as an Anki package (.apkg)")
def export_apkg(model_admin, request: HttpRequest, topics: QuerySet[Topic]):
    topic = _one_topic(model_admin, request, topics)
    if topic is not None:
        return _download(export_topic(topic), f"{topic.slug}.apkg", "application/apkg")
    return None


@admin.action(description="Export the selected topic as CSV")
def export_csv(model_admin, request: HttpRequest, topics: QuerySet[Topic]):
    topic = _one_topic(model_admin, request, topics)
    if topic is not None:
        content = export_topic_csv(topic).encode()
        return _download(content, f"{topic.slug}.csv", "text/csv; charset=utf-8")
    return None
