"""Requests through the Django test client (CSRF checked, htmx headers), timed in one process.

Each figure is the median of `repeat` requests divided by the median of the floor (a trivial
login_required view) measured in the same run, so a ratio says how much work a page adds to
what every request costs anyway.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cards.models import Topic
from scheduler.models import StudyProfile
from scheduler.queue import build_queue

GOOD = 4


@dataclass(frozen=True)
class Timing:
    median_ms: float
    queries: int


def _one(request: Callable[[], object]) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = request()
        elapsed = (time.perf_counter() - start) * 1000
    status = getattr(response, "status_code", 200)
    if status != 200:
        raise RuntimeError(f"benchmark request answered {status}, not 200")
    return elapsed, len(captured.captured_queries)


def measure_learner(user, topic: Topic, repeat: int) -> dict[str, Timing]:
    """The floor, the review page, answer + next card (htmx), the dashboard and statistics.

    The requests take turns, round after round, so the machine's drift (other processes on
    shared cores) touches each of them alike and the ratios stay meaningful.
    """
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    review_url = reverse("review", kwargs={"topic_slug": topic.slug})
    client.get(review_url)  # sets the CSRF cookie
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value, "HTTP_HX_REQUEST": "true"}
    profile = StudyProfile.for_user(user)
    answer_url = reverse("review-answer", kwargs={"topic_slug": topic.slug})
    stats_url = reverse("stats", kwargs={"topic_slug": topic.slug})
    floor_url, dashboard_url = reverse("benchmark-floor"), reverse("dashboard")

    def answer_next_card():
        today = profile.today(timezone.now())
        queue = build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)
        if queue.card is None:
            raise RuntimeError(f"{user} has nothing left to answer in {topic.slug}")
        form = {"card": queue.card.pk, "version": queue.version, "quality": GOOD}
        return lambda: client.post(answer_url, form, **csrf)

    requests = {
        "floor": lambda: lambda: client.get(floor_url),
        "GET review": lambda: lambda: client.get(review_url),
        "POST answer": answer_next_card,
        "GET dashboard": lambda: lambda: client.get(dashboard_url),
        "GET stats": lambda: lambda: client.get(stats_url),
    }
    timings = {name: [] for name in requests}
    queries = dict.fromkeys(requests, 0)
    for _ in range(2):  # warm-up: templates compiled, caches filled, not counted
        for prepare in requests.values():
            _one(prepare())
    for _ in range(repeat):
        for name, prepare in requests.items():
            elapsed, queries[name] = _one(prepare())
            timings[name].append(elapsed)
    return {name: Timing(statistics.median(timings[name]), queries[name]) for name in requests}


def report(write, vendor: str, scenarios: dict[str, dict[str, Timing]]) -> None:
    """A table of ratios to the floor per scenario, then how each grows with deck and history."""
    names = list(scenarios)
    write(f"{vendor}: requests as multiples of the floor (median; queries in brackets)")
    write("  " + "request".ljust(16) + "".join(name.rjust(28) for name in names))
    for request in next(iter(scenarios.values())):
        cells = []
        for name in names:
            timing = scenarios[name][request]
            floor = scenarios[name]["floor"].median_ms
            if request == "floor":
                cells.append(f"{timing.median_ms:.2f} ms [{timing.queries}]".rjust(28))
            else:
                cells.append(f"{timing.median_ms / floor:.2f}x [{timing.queries}]".rjust(28))
        write("  " + request.ljust(16) + "".join(cells))


def growth(write, label: str, small: dict[str, Timing], large: dict[str, Timing]) -> None:
    """How each request's multiple of the floor changes from one scenario to the other."""
    parts = []
    for request in small:
        if request == "floor":
            continue
        before = small[request].median_ms / small["floor"].median_ms
        after = large[request].median_ms / large["floor"].median_ms
        parts.append(f"{request} {after / before:.2f}")
    write(f"  {label}: " + ", ".join(parts))
