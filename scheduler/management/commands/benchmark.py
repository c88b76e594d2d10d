"""How the hot paths scale: `make benchmark` (prefix DATABASE_URL=… for PostgreSQL).

Prints each request as a multiple of the floor (a trivial login_required view, same run) for
a 600-card and a 30,000-card topic and a fresh learner and one with 25,000 answers, how those
multiples grow with the deck and the history, a sign-in's CPU, the size of a ReviewLog row,
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
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings, setup_test_environment
from django.utils import timezone

from cards.fixture import load_fixture
from cards.importer import import_topic
from scheduler.benchmarks.prediction import dashboard_with_and_without_prediction, seed_studied
from scheduler.benchmarks.requests import growth, measure_learner, report
from scheduler.benchmarks.seed import make_deck, seed_history
from scheduler.models import StudyProfile

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
ROOT = Path(settings.BASE_DIR)
HEAVY_ANSWERS = 25_000
SMALL_DECK, LARGE_DECK = 600, 30_000
# A heavy learner's day: about 25,000 answers a year is some 70 a day, with a backlog.
DUE_TODAY = 300

# What the tests also adjust: plain HTTP and static files without a collectstatic manifest.
BENCHMARK_SETTINGS = {
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
    today = StudyProfile.for_user(heavy).today(now)
    cards = min(size, 5000)
    seed_history(
        heavy, topic, answers=HEAVY_ANSWERS, cards=cards, due_today=DUE_TODAY, now=now, today=today
    )
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load; without it the planner guesses.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
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


def review_log_bytes() -> str:
    if connection.vendor != "postgresql":
        return "(PostgreSQL only)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT avg(pg_column_size(t.*)), count(*) FROM scheduler_reviewlog t")
        row_bytes, rows = cursor.fetchone()
        cursor.execute("SELECT pg_total_relation_size('scheduler_reviewlog')")
        (total,) = cursor.fetchone()
    return f"{row_bytes:.0f} bytes a row (pg_column_size), {total / rows:.0f} with indexes"


def predicted_exam_score(write) -> None:
    user = get_user_model().objects.create(username="studied")
    StudyProfile.objects.create(user=user, exam_date=NOW.date() + timedelta(days=20))
    seed_studied(user, make_deck("predicted", 6000), 20000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
    dashboard_with_and_without_prediction(user, write)


def run(write, repeat: int) -> None:
    setup_test_environment()
    # django-axes logs every sign-in; the benchmark signs in its learners and needs no record.
    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(**BENCHMARK_SETTINGS):
            scenarios = {}
            # The small deck is measured before the large one exists, so the dashboard (every
            # topic) of the small scenarios is not the large deck's.
            for slug, size in (("small", SMALL_DECK), ("large", LARGE_DECK)):
                topic, fresh, heavy = learners(slug, size, repeat)
                for label, user in (("fresh", fresh), (f"{HEAVY_ANSWERS} answers", heavy)):
                    name = f"{size} cards, {label}"
                    scenarios[name] = measure_learner(user, topic, repeat)
            report(write, connection.vendor, scenarios)
            small_fresh, small_heavy, large_fresh, large_heavy = scenarios.values()
            write("growth of the multiple (1.00 = flat):")
            growth(write, f"deck {SMALL_DECK}->{LARGE_DECK}, fresh", small_fresh, large_fresh)
            growth(write, f"deck {SMALL_DECK}->{LARGE_DECK}, heavy", small_heavy, large_heavy)
            growth(write, f"history 0->{HEAVY_ANSWERS}, {SMALL_DECK}", small_fresh, small_heavy)
            growth(write, f"history 0->{HEAVY_ANSWERS}, {LARGE_DECK}", large_fresh, large_heavy)
            write(f"ReviewLog: {review_log_bytes()}")
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


class Command(BaseCommand):
    help = "Time requests, sign-in and importing on a throw-away database; prints ratios."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=60, help="requests per figure")

    def handle(self, **options) -> None:
        if options["repeat"] < 1:
            self.stderr.write("--repeat must be at least 1")
            return
        run(self.stdout.write, options["repeat"])
