"""Where a request's time goes: pyinstrument over repeated requests (`benchmark --profile`)."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pyinstrument import Profiler

from cards.models import Topic
from scheduler.benchmarks.requests import FORM, answer_body
from scheduler.models import StudyProfile
from scheduler.queue import build_queue

URLS = {
    "review": lambda topic: reverse("review", kwargs={"topic_slug": topic.slug}),
    "answer": lambda topic: reverse("review-answer", kwargs={"topic_slug": topic.slug}),
    "dashboard": lambda topic: reverse("dashboard"),
    "stats": lambda topic: reverse("stats", kwargs={"topic_slug": topic.slug}),
}


def profile_page(write, user, topic: Topic, page: str, repeat: int) -> None:
    """`repeat` requests of one page, profiled together after two warm-up requests.

    "answer" posts Good for the learner's next card (htmx, as the review page does); the
    next card is looked up outside the profiled time.
    """
    client = Client()
    client.force_login(user)
    url = URLS[page](topic)
    profile = StudyProfile.for_user(user)

    def request():
        if page != "answer":
            return lambda: client.get(url)
        today = profile.today(timezone.now())
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)
        body = answer_body(queue)
        return lambda: client.post(url, body, content_type=FORM, HTTP_HX_REQUEST="true")

    for _ in range(2):
        request()()
    profiler = Profiler(interval=0.0005)
    for _ in range(repeat):
        send = request()
        with profiler:
            response = send()
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    write(f"profile of {repeat} x {page} {url} as {user.username}:")
    write(profiler.output_text(unicode=True, color=False, short_mode=True))
