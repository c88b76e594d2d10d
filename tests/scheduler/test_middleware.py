import pytest
from django.urls import reverse, reverse_lazy

from tests.factories import CardFactory, EnrolmentFactory, SectionFactory, UserFactory


def test_an_htmx_request_after_the_session_expired_navigates_to_sign_in(client, db):
    topic = SectionFactory().domain.topic
    review = reverse("review", kwargs={"topic_slug": topic.slug})

    response = client.post(review + "answer", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={review}answer"


def test_a_plain_request_after_the_session_expired_is_redirected_as_usual(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("dashboard"),
        reverse_lazy("stats_index"),
        reverse_lazy("study-settings"),
        reverse_lazy("admin:index"),
    ],
)
def test_pages_behind_the_sign_in_are_kept_in_no_cache(client, db, url):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(url)

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_directives(response)


def test_the_review_page_and_its_htmx_fragments_are_kept_in_no_cache(client, db):
    user = UserFactory()
    topic = CardFactory().topic
    EnrolmentFactory(user=user, topic=topic)
    client.force_login(user)
    review = reverse("review", kwargs={"topic_slug": topic.slug})

    page = client.get(review)
    card = page.context["card"].pk
    fragment = client.post(review + "reveal", {"card": card}, HTTP_HX_REQUEST="true")

    assert {"private", "no-store"} <= cache_directives(page)
    assert {"private", "no-store"} <= cache_directives(fragment)


@pytest.mark.parametrize("url", [reverse_lazy("login"), reverse_lazy("signup")])
def test_the_sign_in_pages_are_kept_in_no_cache(client, db, url):
    response = client.get(url)

    assert {"private", "no-store"} <= cache_directives(response)


@pytest.mark.parametrize(
    ("action", "page"),
    [
        ("review-reveal", "review"),
        ("review-answer", "review"),
        ("review-undo", "review"),
        ("extra-new", "extra-study"),
        ("stats_pace", "stats"),
        ("topic-enrol", "topic"),
    ],
)
def test_opening_a_forms_address_goes_to_the_page_of_the_form(client, db, action, page):
    # Without JavaScript the address bar keeps a form's address after it was sent: a reload
    # or the back button opens it, which only takes the form.
    client.force_login(UserFactory())
    topic = SectionFactory().domain.topic

    response = client.get(reverse(action, kwargs={"topic_slug": topic.slug}))

    assert response.status_code == 303
    assert response["Location"] == reverse(page, kwargs={"topic_slug": topic.slug})


def test_an_address_with_no_page_above_it_still_refuses_the_method(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("logout"))

    assert response.status_code == 405
