"""The admin's topic import: upload, see the dry run's plan, confirm.

The same code path as `import_topic` (cards.forms builds the fixture, cards.importer plans and
applies it); the confirmation carries the uploaded fixture signed, never a re-posted raw body.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.forms import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cards.forms import ConfirmImportForm, TopicUploadForm
from cards.importer import ImportReport, import_topic
from cards.models import Topic

TEMPLATE = "admin/cards/topic/import.html"
# Importing creates and changes cards and topics.
REQUIRED_PERMISSIONS = ("cards.add_topic", "cards.change_topic", "cards.change_card")


def import_topic_view(request: HttpRequest, model_admin: admin.ModelAdmin) -> HttpResponse:
    if not request.user.has_perms(REQUIRED_PERMISSIONS):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Topic._meta,
        "title": "Import a topic",
        "form": TopicUploadForm(),
    }
    if request.method == "POST" and "payload" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        try:
            if not confirm.is_valid():
                raise ValidationError("The confirmation is incomplete: upload the file again.")
            upload = confirm.upload(user_id=request.user.pk)
        except ValidationError as error:
            context["errors"] = error.messages
            return render(request, TEMPLATE, context, status=400)
        report = import_topic(upload.fixture, now=timezone.now())
        context |= _report_context(report, upload.name)
        context["topic"] = Topic.objects.get(slug=upload.fixture.slug)
        return render(request, TEMPLATE, context)
    if request.method == "POST":
        form = TopicUploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, TEMPLATE, context, status=400)
        upload = form.cleaned_data["upload"]
        report = import_topic(upload.fixture, now=timezone.now(), dry_run=True)
        context |= _report_context(report, upload.name)
        context["warnings"] = upload.warnings
        context["confirm"] = ConfirmImportForm(
            initial={"payload": ConfirmImportForm.sign(upload, user_id=request.user.pk)}
        )
    return render(request, TEMPLATE, context)


def _report_context(report: ImportReport, name: str) -> dict:
    return {
        "report": report,
        "file_name": name,
        "plan": [
            ("Created", report.created),
            ("Updated", report.updated),
            ("Retired", report.retired),
            ("Conflicting", report.conflicts),
            ("Unchanged", report.unchanged),
        ],
    }
