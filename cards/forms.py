"""Forms of the admin's topic import: the upload, and the confirmation that carries it on.

An upload becomes a checked fixture by the same code path as the command line: a `.json` file
goes through `load_fixture`; a guide document through `parse_document` and `build_fixture`
(what `build_topic` does) and then `load_fixture`. A bad file is a form error worded like the
command's message: the file's name, where in it, and what is wrong.
"""

from dataclasses import dataclass

from django import forms
from django.core import signing

from cards.fixture import FixtureError, TopicFixture, build_fixture, dump_fixture, load_fixture
from cards.sources import GuideError, parse_document
from cards.sources.anki import AnkiPackageError, read_anki_package

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
    # What an Anki package left out (audio, images that are not images), shown with the plan.
    warnings: tuple[str, ...] = ()


class TopicUploadForm(forms.Form):
    document = forms.FileField(
        label="Topic fixture or guide",
        help_text="A topic fixture (.json), a guide document (the seed's text shape, or "
        "Markdown as in fixtures/README.md) or an Anki package (.apkg) to build one from.",
    )
    slug = forms.SlugField(required=False, help_text="For a guide: the topic's slug.")
    title = forms.CharField(
        required=False, max_length=200, help_text="For a guide: the topic's title."
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        document = cleaned.get("document")
        if document is None:
            return cleaned
        name = document.name
        if document.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"{name}: larger than {MAX_UPLOAD_BYTES // 2**20} MB")
        content = document.read()
        if name.lower().endswith(".json"):
            cleaned["upload"] = self._fixture(name, content)
        elif name.lower().endswith(".apkg"):
            cleaned["upload"] = self._anki_package(name, content, cleaned)
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
        missing = [field for field in ("slug", "title") if not cleaned.get(field)]
        if missing:
            for field in missing:
                self.add_error(field, "A guide needs a slug and a title for its topic.")
            raise forms.ValidationError(f"{name}: a guide is built into a topic: name it.")
        try:
            guide = parse_document(content.decode())
        except UnicodeDecodeError as error:
            raise forms.ValidationError(f"{name}: byte {error.start}: not UTF-8 text") from None
        except GuideError as error:
            raise forms.ValidationError(f"{name}: {error}") from None
        text = dump_fixture(
            build_fixture(guide, slug=cleaned["slug"], title=cleaned["title"], source=name)
        )
        # Checked like a fixture file, so the import sees exactly what `import_topic` would.
        return self._fixture(name, text.encode())

    def _anki_package(self, name: str, content: bytes, cleaned: dict) -> Upload:
        if not cleaned.get("slug"):
            self.add_error("slug", "An Anki package needs a slug for its topic.")
            raise forms.ValidationError(f"{name}: an Anki deck is built into a topic: name it.")
        try:
            package = read_anki_package(content, max_bytes=MAX_UPLOAD_BYTES)
        except AnkiPackageError as error:
            raise forms.ValidationError(f"{name}: {error}") from None
        title = cleaned.get("title") or package.title
        fixture = build_fixture(package.guide, slug=cleaned["slug"], title=title, source=name)
        upload = self._fixture(name, dump_fixture(fixture).encode())
        return Upload(upload.name, upload.text, upload.fixture, package.warnings)


class ConfirmImportForm(forms.Form):
    """The dry run's upload, signed: the import applies exactly what the plan showed."""

    payload = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def sign(upload: Upload, *, user_id: int) -> str:
        return signing.dumps(
            {"name": upload.name, "text": upload.text, "user": user_id},
            salt=PAYLOAD_SALT,
            compress=True,
        )

    def upload(self, *, user_id: int) -> Upload:
        """The signed upload; ValidationError if it was altered, expired, or is someone else's."""
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
        if data.get("user") != user_id:
            raise forms.ValidationError("This dry run was someone else's: upload the file again.")
        try:
            fixture = load_fixture(data["text"], data["name"])
        except FixtureError as error:  # Only if the fixture format changed since the dry run.
            raise forms.ValidationError(str(error)) from None
        return Upload(data["name"], data["text"], fixture)
