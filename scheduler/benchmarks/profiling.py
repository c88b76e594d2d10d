"""Where a page's time goes: pyinstrument over repeated requests (`benchmark --profile`)."""

from django.test import Client
from django.urls import reverse
from pyinstrument import Profiler

from cards.models import Topic

URLS = {
    "review": lambda topic: reverse("review", kwargs={"topic_slug": topic.slug}),
    "dashboard": lambda topic: reverse("dashboard"),
    "stats": lambda topic: reverse("stats", kwargs={"topic_slug": topic.slug}),
}


def profile_page(write, user, topic: Topic, page: str, repeat: int) -> None:
    """`repeat` GETs of one page, profiled together after two warm-up requests."""
    client = Client()
    client.force_login(user)
    url = URLS[page](topic)
    for _ in range(2):
        client.get(url)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(repeat):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}, not 200")
    write(f"profile of {repeat} x GET {url} as {user.username}:")
    write(profiler.output_text(unicode=True, color=False, short_mode=True))
