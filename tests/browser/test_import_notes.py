"""An editor imports unmodified Markdown notes in the admin; a learner studies a card from them,
formatted as the author wrote it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cards.models import Topic
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

NOTES = """\
# 🔐 IAM notes

## Permissions

- `s3:GetObject` **permission**: lets a role *read* objects, see [the docs](https://docs.aws.amazon.com/s3/)
- Least privilege: grant only what a task needs

- a loose thought with no card in it

## Policies

| Policy | Attached to |
|---|---|
| Identity-based | a user, group or role |
| Resource-based | the resource, naming a principal<br>(e.g. a bucket policy) |
"""


def test_markdown_notes_import_through_the_admin_and_study_with_formatting(
    page, sign_in, screenshot
):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    editor.save()  # The factory sets the password after saving.
    sign_in(page, editor)

    page.goto(reverse("admin:cards_topic_import"))
    page.set_input_files(
        'input[type="file"]',
        files=[{"name": "iam-notes.md", "mimeType": "text/markdown", "buffer": NOTES.encode()}],
    )
    page.get_by_role("button", name="Show the plan").click()

    expect(page.locator("#import-summary")).to_contain_text("4 created")
    expect(page.locator("#import-warnings")).to_contain_text(
        "line 8: 1 list item matched no card shape"
    )
    screenshot(page, "admin-import-notes-plan")
    page.get_by_role("button", name="Import it").click()
    expect(page.get_by_text("Imported iam-notes.md")).to_be_visible()
    topic = Topic.objects.get(slug="iam-notes")
    assert (topic.title, topic.weighted) == ("🔐 IAM notes", False)

    # Importing enrols nobody: the review page offers the editor to start studying it.
    page.goto(f"/review/{topic.slug}/")
    page.get_by_role("button", name="Start studying 🔐 IAM notes").click()
    card = page.locator('[role="region"][aria-label="Card"]')
    prompt = card.locator(".prompt")
    expect(prompt.locator("code")).to_have_text("s3:GetObject")
    expect(prompt.locator("strong")).to_have_text("permission")
    expect(prompt).not_to_contain_text("**")
    expect(prompt).not_to_contain_text("`")
    page.wait_for_selector("html[data-keys-ready]", state="attached")
    page.keyboard.press("Space")
    answer = card.locator(".answer")
    expect(answer.locator("em")).to_have_text("read")
    expect(answer.locator("a")).to_have_attribute("href", "https://docs.aws.amazon.com/s3/")
    screenshot(page, "review-imported-note")
