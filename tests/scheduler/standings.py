"""The per-domain standings as the rows say and as the states, counted afresh, say."""

from collections import defaultdict
from datetime import date

import pytest

from cards.models import Domain
from scheduler import standing
from scheduler.domain_standing import DomainStanding
from scheduler.models import StudyProfile
from scheduler.standing_terms import COUNTS, RECALL, Basis, Terms
from scheduler.stats.standing_scan import count_states
from scheduler.stats.summary import summarise


def terms_of(row: DomainStanding) -> Terms:
    return Terms(**{name: getattr(row, name) for name in COUNTS + RECALL})


def basis_of(row: DomainStanding) -> Basis | None:
    if row.basis_on is None:
        return None
    return Basis(row.basis_on, row.curve_factor, row.curve_decay, row.target)


def assert_same(held: Terms, counted: Terms, *, recall: bool = True) -> None:
    for name in COUNTS:
        assert getattr(held, name) == getattr(counted, name), name
    if recall:
        assert held.weak == counted.weak
        assert held.recall_sum == pytest.approx(counted.recall_sum, rel=1e-9, abs=1e-9)
        assert held.missing == pytest.approx(counted.missing, rel=1e-9, abs=1e-9)


def rows_hold(user) -> dict[int, Basis | None]:
    """Assert every built row of the learner equals their states counted afresh (its recall
    terms on its own basis, where it has one); return {domain id: basis} of those rows."""
    rows = list(DomainStanding.objects.for_user(user).filter(built=True))
    topic_of = dict(Domain.objects.values_list("pk", "topic_id"))
    by_basis = defaultdict(list)
    for row in rows:
        by_basis[basis_of(row)].append(row)
    for basis, group in by_basis.items():
        # Counts hold on any basis: count on some date when the row has none.
        on = basis or Basis(date(2026, 1, 1), 0.5, -0.5, 0.9)
        topics = {topic_of[row.domain_id] for row in group}
        counted = count_states(user.pk, dict.fromkeys(topics, on))
        for row in group:
            assert_same(
                terms_of(row), counted.get(row.domain_id, Terms()), recall=basis is not None
            )
    return {row.domain_id: basis_of(row) for row in rows}


def built(user) -> dict[int, int]:
    """{domain id: version} of the learner's built rows."""
    return dict(
        DomainStanding.objects.for_user(user).filter(built=True).values_list("domain", "version")
    )


def summary_holds(user, topic_ids: list[int], today: date, exam_dates=None):
    """Assert summarise gives per domain what the states, counted afresh on each topic's
    basis, give; return the summary."""
    summary = summarise(user, topic_ids, today, exam_dates)
    profile = StudyProfile.for_user(user)
    exam_dates = exam_dates or {}
    for topic_id in topic_ids:
        basis = standing.basis_for(profile, exam_dates.get(topic_id, profile.exam_date), today)
        counted = count_states(user.pk, {topic_id: basis})
        for domain in summary.domains:
            if domain.topic_id == topic_id:
                states = summary.states(domain.pk)
                held = Terms(**{name: getattr(states, name) for name in COUNTS + RECALL})
                assert_same(held, counted.get(domain.pk, Terms()))
    return summary
