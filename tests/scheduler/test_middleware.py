from django.urls import reverse

from tests.factories import SectionFactory


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
