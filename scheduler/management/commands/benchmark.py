"""How the hot paths scale: `make benchmark` (prefix DATABASE_URL=… for PostgreSQL).

Prints each request as a multiple of the floor (a trivial login_required view, same run) for
a 600-card and a 30,000-card topic and a fresh learner and one with 25,000 answers, how those
multiples grow with the deck and the history, the same for a learner who introduced every card
(scheduler.benchmarks.finished), a sign-in's CPU, the size of a ReviewLog row,
and how importing scales. It runs on a throw-away test database and is not a test: these
machines are too noisy to assert timings, so it reports ratios measured in one run.
"""

import logging
import statistics
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from cards.fixture import load_fixture
from cards.importer import import_topic
from scheduler.benchmarks.finished import measure_finished, report_finished
from scheduler.benchmarks.log_size import review_log_bytes
from scheduler.benchmarks.prediction import dashboard_with_and_without_prediction, seed_studied
from scheduler.benchmarks.profiling import URLS as PROFILED_PAGES
from scheduler.benchmarks.profiling import profile_page
from scheduler.benchmarks.requests import PAGES, OutOfCards, growth, measure_learners, report
from scheduler.benchmarks.seed import make_deck, seed_history
from scheduler.models import Enrolment, StudyProfile

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ROOT = Path(settings.BASE_DIR)
HEAVY_ANSWERS = 25_000
SMALL_DECK, LARGE_DECK = 600, 30_000
DECKS = {"small": SMALL_DECK, "large": LARGE_DECK}
# A heavy learner's day: about 25,000 answers a year is some 70 a day, with a backlog.
DUE_TODAY = 300
# New cards the heavy learner has not met yet, on either deck, as partway through a deck. With
# none left on the 600-card deck (it had studied all 600) the deck-size comparison measured
# whether there were new cards to count, not the deck's size; a learner with none left is the
# finished scenario's (scheduler.benchmarks.finished).
HEAVY_NEW_LEFT = 100

# What the tests also adjust: plain HTTP and static files without a collectstatic manifest.
# The test client's host, without setup_test_environment(): that also instruments template
# rendering so the client can keep each template's context, which production never pays for
# and the floor (no template) never would, so every page's ratio carried it.
BENCHMARK_SETTINGS = {
    "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
    "ROOT_URLCONF": "scheduler.benchmarks.urls",
    "SECURE_SSL_REDIRECT": False,
    "STORAGES": {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


def median_ms(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def learners(slug: str, size: int, repeat: int):
    """A deck of `size` cards, a fresh learner and one with HEAVY_ANSWERS past answers."""
    User = get_user_model()
    topic = make_deck(slug, size)
    fresh = User.objects.create(username=f"fresh-{slug}")
    heavy = User.objects.create(username=f"heavy-{slug}")
    for user in (fresh, heavy):
        # Room for every answer the benchmark gives, and not much more: the queue counts
        # only up to the day's limits.
        StudyProfile.objects.create(user=user, new_cards_per_day=repeat + 10)
    now = timezone.now()
    # Both study the deck (its review page is theirs to use).
    Enrolment.objects.bulk_create(
        Enrolment(user=user, topic=topic, enrolled_at=now) for user in (fresh, heavy)
    )
    today = StudyProfile.for_user(heavy).today(now)
    cards = min(size - HEAVY_NEW_LEFT, 5000)
    seed_history(
        heavy, topic, answers=HEAVY_ANSWERS, cards=cards, due_today=DUE_TODAY, now=now, today=today
    )
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, without which the planner
        # guesses, and the visibility map, without which an index-only scan reads the table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return topic, fresh, heavy


def sign_in_cpu_ms(repeat: int = 5) -> float:
    """CPU for checking a password with the configured first hasher (what a sign-in costs)."""
    user = get_user_model()(username="signin")
    user.set_password("correct horse battery staple")
    timings = []
    for _ in range(repeat):
        start = time.process_time()
        user.check_password("correct horse battery staple")
        timings.append((time.process_time() - start) * 1000)
    return statistics.median(timings)


def predicted_exam_score(write) -> None:
    user = get_user_model().objects.create(username="studied")
    StudyProfile.objects.create(user=user, exam_date=NOW.date() + timedelta(days=20))
    seed_studied(user, make_deck("predicted", 6000), 20000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does soon after a bulk load
    dashboard_with_and_without_prediction(user, write)


def log_size(write) -> None:
    write("ReviewLog on disk (the heavy learners' logs):")
    for line in review_log_bytes():
        write(f"  {line}")


def run(
    write,
    repeat: int,
    *,
    pages: list[str] | None = None,
    decks: list[str] | None = None,
    requests_only: bool = False,
    profile: str | None = None,
    only: str = "",
) -> None:
    # django-axes logs every sign-in; the benchmark signs in its learners and needs no record.
    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if only == "log-size":
            learners("small", SMALL_DECK, repeat)
            log_size(write)
            return
        with override_settings(**BENCHMARK_SETTINGS):
            scenarios, finished = {}, {}
            # The small deck is measured before the large one exists, so the dashboard (every
            # topic) of the small scenarios is not the large deck's.
            for slug in decks or DECKS:
                size = DECKS[slug]
                topic, fresh, heavy = learners(slug, size, repeat)
                if profile:
                    for user in (fresh, heavy):
                        profile_page(write, user, topic, profile, repeat)
                    continue
                # Both learners in the same rounds: the history's growth is theirs, not drift's.
                fresh_timings, heavy_timings = measure_learners(
                    [fresh, heavy], topic, repeat, pages
                )
                scenarios[f"{size} cards, fresh"] = fresh_timings
                scenarios[f"{size} cards, {HEAVY_ANSWERS} answers"] = heavy_timings
                if pages is None:
                    finished[size] = measure_finished(topic, repeat)
            if profile:
                return
            report(write, connection.vendor, scenarios)
            write("growth of the multiple (1.00 = flat):")
            by_deck = [list(scenarios.values())[n : n + 2] for n in range(0, len(scenarios), 2)]
            if len(by_deck) == 2:
                (small_fresh, small_heavy), (large_fresh, large_heavy) = by_deck
                growth(write, f"deck {SMALL_DECK}->{LARGE_DECK}, fresh", small_fresh, large_fresh)
                growth(write, f"deck {SMALL_DECK}->{LARGE_DECK}, heavy", small_heavy, large_heavy)
            for slug, (fresh, heavy) in zip(decks or DECKS, by_deck, strict=True):
                growth(
                    write,
                    f"history 0->{HEAVY_ANSWERS}, {DECKS[slug]}",
                    fresh,
                    heavy,
                    same_rounds=True,
                )
            if finished:
                report_finished(write, connection.vendor, finished)
            if requests_only:
                return
            log_size(write)
            predicted_exam_score(write)
        write(f"sign-in: {sign_in_cpu_ms():.1f} ms CPU ({settings.PASSWORD_HASHERS[0]})")

        text = (ROOT / "fixtures" / "aws-dva-c02.json").read_bytes()
        fixture = load_fixture(text, "aws-dva-c02.json")
        first = median_ms(lambda: import_topic(fixture, now=NOW), 1)
        again = median_ms(lambda: import_topic(fixture, now=NOW), 3)
        write("import of the DVA-C02 fixture (592 cards)")
        write(f"  first import                 : {first:6.1f} ms")
        write(f"  re-import, nothing changed   : {again:6.1f} ms median of 3")
        write(f"  ratio re-import/first        : {again / first:6.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _names(allowed, value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise CommandError(
            f"unknown name(s) {', '.join(unknown) or value!r}: choose from {', '.join(allowed)}"
        )
    return names


class Command(BaseCommand):
    help = "Time requests, sign-in and importing on a throw-away database; prints ratios."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=60, help="requests per figure")
        parser.add_argument(
            "--only",
            choices=["log-size"],
            default="",
            help="log-size: only seed a heavy learner's history and measure a ReviewLog row",
        )
        parser.add_argument(
            "--pages",
            help=f"time only these requests besides the floor, comma-separated: {', '.join(PAGES)}",
        )
        parser.add_argument(
            "--decks", help=f"only these decks, comma-separated: {', '.join(DECKS)}"
        )
        parser.add_argument(
            "--requests-only",
            action="store_true",
            help="stop after the requests (no log size, prediction, sign-in or import figures)",
        )
        parser.add_argument(
            "--profile",
            choices=list(PROFILED_PAGES),
            help="instead of timing, profile this page (pyinstrument) for each learner",
        )

    def handle(self, **options) -> None:
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1")
        try:
            run(
                self.stdout.write,
                options["repeat"],
                pages=options["pages"] and _names(PAGES, options["pages"]),
                decks=options["decks"] and _names(DECKS, options["decks"]),
                requests_only=options["requests_only"],
                profile=options["profile"],
                only=options["only"],
            )
        except OutOfCards as error:
            # Each learner answers once per round: the seed's due and new cards run out.
            raise CommandError(
                f"{error}: --repeat {options['repeat']} is more answers than the seeded learners "
                "have cards for; use a smaller --repeat (the default is 60)"
            ) from None
