from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from scheduler.benchmarks import requests as bench
from scheduler.benchmarks.seed import make_deck
from scheduler.management.commands import benchmark
from scheduler.models import Enrolment, ReviewLog, StudyProfile
from scheduler.queue_types import Queue


@pytest.fixture
def studying(db, settings):
    settings.ROOT_URLCONF = "scheduler.benchmarks.urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    topic = make_deck("bench", 40)
    user = get_user_model().objects.create(username="bench-learner")
    StudyProfile.objects.create(user=user, new_cards_per_day=20)
    Enrolment.objects.create(user=user, topic=topic, enrolled_at=timezone.now())
    return user, topic


def test_each_round_answers_one_card_as_the_review_page_posts_it(studying):
    user, topic = studying

    timings = bench.measure_learner(user, topic, repeat=3, pages=["answer"])

    assert set(timings) == {"floor", "POST answer"}
    assert timings["POST answer"].queries > timings["floor"].queries
    # Two warm-up rounds and three measured, each answer accepted and logged once.
    assert ReviewLog.objects.filter(user=user).count() == 5


def test_the_answer_is_form_encoded_like_htmx_sends_it():
    card = type("Card", (), {"pk": 7})()
    queue = Queue(timezone.now().date(), None, card, None, 3)

    assert bench.answer_body(queue) == "card=7&version=3&quality=4"
    assert bench.FORM == "application/x-www-form-urlencoded"


def test_a_learner_with_nothing_left_to_answer_is_said_so():
    empty = Queue(timezone.now().date() + timedelta(days=1), None, None, None, 0)

    with pytest.raises(bench.OutOfCards, match="nothing left to answer"):
        bench.answer_body(empty)


def test_too_many_rounds_for_the_seed_is_a_command_error_not_a_traceback(monkeypatch):
    def run_out(*args, **kwargs):
        raise bench.OutOfCards("a learner has nothing left to answer")

    monkeypatch.setattr(benchmark, "run", run_out)

    with pytest.raises(CommandError, match="--repeat 500 is more answers than"):
        call_command("benchmark", "--repeat", "500")


def _steady(ms: float, rounds: int = 20) -> bench.Timing:
    return bench.Timing(ms, 2, 0.0, (ms,) * rounds)


def test_each_ratio_is_printed_with_the_range_its_resampled_rounds_give():
    lines = []

    bench.report(
        lines.append, "sqlite", {"fresh": {"floor": _steady(2.0), "GET stats": _steady(9.0)}}
    )

    # The first "GET stats" row is the ratios; the second, its time in SQL.
    stats = next(line for line in lines if line.startswith("  GET stats"))
    assert "4.50x (4.50-4.50) [2]" in stats


def test_growth_is_printed_with_its_range_whether_or_not_the_rounds_were_shared():
    fresh = {"floor": _steady(2.0), "GET stats": _steady(8.0)}
    heavy = {"floor": _steady(2.0), "GET stats": _steady(10.0)}

    for shared in (True, False):
        lines = []
        bench.growth(lines.append, "history", fresh, heavy, same_rounds=shared)

        assert lines == ["  history: GET stats 1.25 (1.25-1.25)"]
