"""The admin's topic import: upload, see the dry run's plan, confirm.

The same code path as `import_topic` (cards.forms builds the fixture, cards.importer plans and
applies it). The uploaded fixture waits server-side for its editor's confirmation, which carries
only a signed token. Confirming applies exactly the plan shown, or nothing: if the topic changed
since the dry run, the editor is told and sees the new plan to confirm instead.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
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
        return _confirm(request, context)
    if request.method == "POST":
        form = TopicUploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, TEMPLATE, context, status=400)
        upload = form.cleaned_data["upload"]
        now = timezone.now()
        report = import_topic(upload.fixture, now=now, dry_run=True)
        context |= _report_context(report, upload.name)
        context["warnings"] = upload.warnings  # what the document's reader skipped
        token = ConfirmImportForm.keep(
            upload, editor=request.user, topic_state=report.topic_state, now=now
        )
        context["confirm"] = ConfirmImportForm(initial={"payload": token})
    return render(request, TEMPLATE, context)


def _confirm(request: HttpRequest, context: dict) -> HttpResponse:
    confirm = ConfirmImportForm(request.POST)
    try:
        # One transaction with the upload's row locked: a double click imports once, and the
        # second click finds the upload gone.
        with transaction.atomic():
            if not confirm.is_valid():
                raise ValidationError("The confirmation is incomplete: upload the file again.")
            pending, upload = confirm.pending(editor=request.user)
            report = import_topic(
                upload.fixture, now=timezone.now(), expected_state=pending.topic_state
            )
            if report.stale:
                # Nothing was imported: the new plan is shown, confirmed with the same token.
                pending.topic_state = report.topic_state
                pending.save(update_fields=["topic_state"])
            else:
                pending.delete()
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, TEMPLATE, context, status=400)
    context |= _report_context(report, upload.name)
    if report.stale:
        context["confirm"] = confirm
        return render(request, TEMPLATE, context, status=409)
    context["topic"] = Topic.objects.get(slug=upload.fixture.slug)
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
