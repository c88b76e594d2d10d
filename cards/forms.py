"""Forms of the admin's topic import: the upload, and the confirmation of its dry run.

An upload becomes a checked fixture by the same code path as the command line: a `.json` file
goes through `load_fixture`; any other document through `cards.documents.fixture_from_document`
(what `build_topic` and `import_topic` do). A bad file is a form error worded like the
command's message: the file's name, where in it, and what is wrong.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing

from cards.documents import fixture_from_document
from cards.fixture import FixtureError, TopicFixture, load_fixture
from cards.models import PendingImport

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The confirmation must come soon after the dry run it confirms, and from the same person.
PAYLOAD_SALT = "cards.admin_import"
PAYLOAD_MAX_AGE = 60 * 60


@dataclass(frozen=True)
class Upload:
    name: str
    # The fixture's JSON text: what is signed, carried to the confirm step and imported.
    text: str
    fixture: TopicFixture
    # What the document's reader skipped and why ("line N: ..."), shown with the plan.
    warnings: tuple[str, ...] = ()


class TopicUploadForm(forms.Form):
    document = forms.FileField(
        label="Topic fixture, notes or deck",
        help_text="A topic fixture (.json), Markdown notes (.md, .txt), a CSV/TSV deck (.csv, "
        ".tsv: Anki's plain-text export, Quizlet's export, or front,back with a header) or the "
        "seed's text shape, or an Anki package (.apkg); see fixtures/README.md.",
    )
    slug = forms.SlugField(
        required=False, help_text="For a document: the topic's slug (default: the file name)."
    )
    title = forms.CharField(
        required=False,
        max_length=200,
        help_text="For a document: the topic's title (default: its own title or file name).",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        document = cleaned.get("document")
        if document is None:
            return cleaned
        name = document.name.replace("\x00", "")
        if document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MB")
        content = document.read()
        if name.lower().endswith(".json"):
            cleaned["upload"] = self._fixture(name, content)
        else:
            cleaned["upload"] = self._guide(name, content, cleaned)
        return cleaned

    def _fixture(self, name: str, content: bytes) -> Upload:
        try:
            fixture = load_fixture(content, name)
        except FixtureError as error:
            raise forms.ValidationError(str(error)) from None
        return Upload(name, content.decode(), fixture)

    def _guide(self, name: str, content: bytes, cleaned: dict) -> Upload:
        try:
            built = fixture_from_document(
                name, content, slug=cleaned.get("slug", ""), title=cleaned.get("title", "")
            )
        except FixtureError as error:
            raise forms.ValidationError(str(error)) from None
        return Upload(name, built.text, built.fixture, built.warnings)


class ConfirmImportForm(forms.Form):
    """Confirms a dry run: a signed token naming the upload kept server-side for its editor.

    The fixture itself stays in the database (PendingImport): carried in the form, a fixture
    near the upload limit no longer fits in a request's form data once signed.
    """

    payload = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def keep(upload: Upload, *, editor: AbstractBaseUser, topic_state: str, now: datetime) -> str:
        """Keep the upload for its editor's confirmation; the token the form carries."""
        PendingImport.objects.filter(
            created_at__lt=now - timedelta(seconds=PAYLOAD_MAX_AGE)
        ).delete()
        pending = PendingImport.objects.create(
            editor=editor,
            name=upload.name,
            text=upload.text,
            topic_state=topic_state,
            created_at=now,
        )
        return signing.dumps({"pending": pending.pk, "user": editor.pk}, salt=PAYLOAD_SALT)

    def pending(self, *, editor: AbstractBaseUser) -> tuple[PendingImport, Upload]:
        """The editor's kept upload; ValidationError if the token was altered, expired, is
        someone else's, or was used already."""
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE
            )
        except signing.SignatureExpired:
            raise forms.ValidationError("The dry run has expired: upload the file again.") from None
        except signing.BadSignature:
            raise forms.ValidationError(
                "The confirmation was altered or is not from this site: upload the file again."
            ) from None
        if not isinstance(data, dict) or data.get("user") != editor.pk:
            raise forms.ValidationError("This dry run was someone else's: upload the file again.")
        mine = PendingImport.objects.filter(editor=editor, pk=data.get("pending"))
        pending = mine.select_for_update().first()
        if pending is None:
            raise forms.ValidationError(
                "This dry run was imported already, or has expired: upload the file again."
            )
        try:
            fixture = load_fixture(pending.text, pending.name)
        except FixtureError as error:  # Only if the fixture format changed since the dry run.
            raise forms.ValidationError(str(error)) from None
        return pending, Upload(pending.name, pending.text, fixture)
