"""Requests through the Django test client (CSRF checked, htmx headers), timed in one process.

Each figure is the median of `repeat` requests divided by the median of the floor (a trivial
login_required view) measured in the same run, so a ratio says how much work a page adds to
what every request costs anyway. Beside it, the range resampling the run's rounds gives
(scheduler.benchmarks.spread): a goal inside that range is neither met nor missed by the run.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cards.models import Topic
from scheduler.benchmarks.spread import interval, median_ratio
from scheduler.models import StudyProfile
from scheduler.queue import build_queue

GOOD = 4
# How htmx (and a form without JavaScript) posts: not the test client's default, multipart,
# which costs more to encode and to parse than the answer's three fields are worth.
FORM = "application/x-www-form-urlencoded"


class OutOfCards(RuntimeError):
    """A learner has nothing left to answer: more requests asked for than the seed allows."""


def answer_body(queue) -> str:
    """Good for the queue's card, encoded as the review page's form sends it."""
    if queue.card is None:
        raise OutOfCards("a learner has nothing left to answer")
    return urlencode({"card": queue.card.pk, "version": queue.version, "quality": GOOD})


@dataclass(frozen=True)
class Timing:
    median_ms: float
    queries: int
    # The median time inside cursor.execute (driver and database). PostgreSQL's driver has
    # every row by then; SQLite's hands them over on fetch, so there it is a lower bound. The
    # answer's writes, pipelined on PostgreSQL, wait when their batch ends, outside execute
    # (scheduler.write_batch): a lower bound there too.
    sql_ms: float = 0.0
    # Each round's milliseconds, in round order (the spread's resampling draws from them).
    samples: tuple[float, ...] = ()


class _SqlTimer:
    """Counts the queries a request runs and the time they take (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


def _one(request: Callable[[], object]) -> tuple[float, int, float]:
    """One request: milliseconds in all, its queries, and milliseconds in SQL."""
    sql = _SqlTimer()
    with connection.execute_wrapper(sql):
        start = time.perf_counter()
        response = request()
        elapsed = (time.perf_counter() - start) * 1000
    status = getattr(response, "status_code", 200)
    if status != 200:
        raise RuntimeError(f"benchmark request answered {status}, not 200")
    return elapsed, sql.queries, sql.seconds * 1000


# The requests the benchmark can time besides the floor, by the name `--pages` takes.
PAGES = {
    "review": "GET review",
    "answer": "POST answer",
    "dashboard": "GET dashboard",
    "stats": "GET stats",
}


def measure_learner(
    user, topic: Topic, repeat: int, pages: list[str] | None = None
) -> dict[str, Timing]:
    """The floor, the review page, answer + next card (htmx), the dashboard and statistics
    (only the `pages` named, by their PAGES key, when given) for one learner."""
    (timings,) = measure_learners([user], topic, repeat, pages)
    return timings


def measure_learners(
    users, topic: Topic, repeat: int, pages: list[str] | None = None
) -> list[dict[str, Timing]]:
    """measure_learner's figures for each of `users`, in the same rounds.

    The requests take turns, round after round and learner after learner, so the machine's
    drift (other processes on shared cores) touches each of them alike and the ratios stay
    meaningful, between the learners too: measured one after the other, a fresh learner's
    floor and a heavy one's differed by up to a tenth between runs, which was all of the
    "growth with history" some runs reported.
    """
    requests = [_requests(user, topic, pages) for user in users]
    timings = [{name: [] for name in each} for each in requests]
    sql_timings = [{name: [] for name in each} for each in requests]
    queries = [dict.fromkeys(each, 0) for each in requests]
    for _ in range(2):  # warm-up: templates compiled, caches filled, not counted
        for each in requests:
            for prepare in each.values():
                _one(prepare())
    for _ in range(repeat):
        for n, each in enumerate(requests):
            for name, prepare in each.items():
                elapsed, queries[n][name], sql_ms = _one(prepare())
                timings[n][name].append(elapsed)
                sql_timings[n][name].append(sql_ms)
    return [
        {
            name: Timing(
                statistics.median(timings[n][name]),
                queries[n][name],
                statistics.median(sql_timings[n][name]),
                tuple(timings[n][name]),
            )
            for name in each
        }
        for n, each in enumerate(requests)
    ]


def _requests(user, topic: Topic, pages: list[str] | None) -> dict[str, Callable]:
    """The learner's requests by name, each a function that prepares one (untimed) and
    returns what sends it."""
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
        return lambda: client.post(answer_url, answer_body(queue), content_type=FORM, **csrf)

    requests = {
        "floor": lambda: lambda: client.get(floor_url),
        "GET review": lambda: lambda: client.get(review_url),
        "POST answer": answer_next_card,
        "GET dashboard": lambda: lambda: client.get(dashboard_url),
        "GET stats": lambda: lambda: client.get(stats_url),
    }
    if pages is None:
        return requests
    wanted = {"floor"} | {PAGES[page] for page in pages}
    return {name: prepare for name, prepare in requests.items() if name in wanted}


def report(write, vendor: str, scenarios: dict[str, dict[str, Timing]]) -> None:
    """A table of ratios to the floor per scenario, then how each grows with deck and history."""
    names = list(scenarios)
    write(
        f"{vendor}: requests as multiples of the floor (median; where 90 % of resamplings of"
        " the rounds fall in parentheses; queries in brackets)"
    )
    write("  " + "request".ljust(16) + "".join(name.rjust(28) for name in names))
    for request in next(iter(scenarios.values())):
        cells = []
        for name in names:
            timing, floor = scenarios[name][request], scenarios[name]["floor"]
            if request == "floor":
                cells.append(f"{timing.median_ms:.2f} ms [{timing.queries}]".rjust(28))
            else:
                ratio = timing.median_ms / floor.median_ms
                low, high = _ratio_interval(timing, floor)
                cell = f"{ratio:.2f}x ({low:.2f}-{high:.2f}) [{timing.queries}]"
                cells.append(cell.rjust(28))
        write("  " + request.ljust(16) + "".join(cells))
    write(
        "  of which in cursor.execute (median ms; at least: SQLite fetches rows after it,"
        " PostgreSQL's pipelined answer writes are waited for after it)"
    )
    for request in next(iter(scenarios.values())):
        cells = [
            f"{scenarios[name][request].sql_ms:.2f} of {scenarios[name][request].median_ms:.2f} ms"
            for name in names
        ]
        write("  " + request.ljust(16) + "".join(cell.rjust(28) for cell in cells))


def _ratio_interval(timing: Timing, floor: Timing) -> tuple[float, float]:
    return interval(
        lambda rounds: median_ratio(timing.samples, floor.samples, rounds), len(floor.samples)
    )


def growth(
    write,
    label: str,
    small: dict[str, Timing],
    large: dict[str, Timing],
    *,
    same_rounds: bool = False,
) -> None:
    """How each request's multiple of the floor changes from one scenario to the other, with
    its resampled range. `same_rounds`: the two were measured in the same rounds (two learners
    of one deck, measure_learners), so their rounds are resampled together."""
    parts = []
    for request in small:
        if request == "floor":
            continue
        before = small[request].median_ms / small["floor"].median_ms
        after = large[request].median_ms / large["floor"].median_ms

        def resampled(*draws, request=request) -> float:
            # One draw when the rounds are shared, else one per scenario.
            before_rounds, after_rounds = draws[0], draws[-1]
            return median_ratio(
                large[request].samples, large["floor"].samples, after_rounds
            ) / median_ratio(small[request].samples, small["floor"].samples, before_rounds)

        rounds = min(len(small["floor"].samples), len(large["floor"].samples))
        low, high = interval(resampled, rounds, runs=1 if same_rounds else 2)
        parts.append(f"{request} {after / before:.2f} ({low:.2f}-{high:.2f})")
    write(f"  {label}: " + ", ".join(parts))
