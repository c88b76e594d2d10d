"""Pacing never proposes an impossible daily load (scheduler/stats/pacing.py)."""

from datetime import date, timedelta

from scheduler import stats
from scheduler.stats import pacing

TODAY = date(2026, 11, 26)


def domain(number: int, weight: int, cards: int, seen: int = 0) -> stats.DomainReadiness:
    return stats.DomainReadiness(
        domain_id=number, number=number, title=f"D{number}", weight=weight,
        active_cards=cards, seen=seen,
    )  # fmt: skip


def readiness(domains, exam_in_days: int) -> stats.Readiness:
    return stats.Readiness(1, domains, TODAY + timedelta(days=exam_in_days), TODAY)


def test_an_exam_two_days_away_gets_a_capped_raise_and_what_can_still_be_seen():
    """The issue's case: 572 unseen cards, the exam in two days, 20 new cards a day."""
    deck = [domain(1, 32, 200), domain(2, 26, 150), domain(3, 24, 122), domain(4, 18, 100)]

    plan = pacing.plan(readiness(deck, 2), new_cards_per_day=20)

    assert plan.needed == 572 and not plan.feasible
    assert plan.suggestion == pacing.SENSIBLE_NEW_CARDS_PER_DAY == 100
    assert (plan.study_days, plan.seeable_now, plan.seeable_at_suggestion) == (2, 40, 200)
    assert plan.reviews_at_suggestion == 100  # each comes back the next day
    assert [(d.number, d.to_see) for d in plan.favour] == [(1, 64), (2, 52), (3, 48), (4, 36)]


def test_cards_a_domain_cannot_take_go_to_the_heaviest_domains_left():
    deck = [domain(1, 60, 10), domain(2, 30, 300), domain(3, 10, 300)]

    favour = pacing.favoured_domains(deck, 200)

    assert [(d.number, d.to_see) for d in favour] == [(1, 10), (2, 170), (3, 20)]
    assert sum(d.to_see for d in favour) == 200


def test_a_feasible_pace_is_offered_as_it_is():
    plan = pacing.plan(readiness([domain(1, 100, 25, seen=5)], 12), new_cards_per_day=2)

    assert (plan.needed, plan.feasible, plan.suggestion, plan.behind) == (4, True, 4, True)


def test_no_plan_without_an_exam_or_with_everything_seen():
    assert pacing.plan(stats.Readiness(1, [domain(1, 100, 5)], None, TODAY), 20) is None
    assert pacing.plan(readiness([domain(1, 100, 5, seen=5)], 10), 20) is None
