"""The standings the answer and the undo keep (scheduler.standing) equal the learner's states
counted afresh, without a rebuild; and a rebuild never stores over a concurrent writer."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduler import standing
from scheduler.domain_standing import DomainStanding
from scheduler.extra_study import answer_ahead
from scheduler.models import StudyProfile
from scheduler.standing_terms import Terms
from tests.scheduler.answering import NOON, answer, days_later, undo
from tests.scheduler.domain_days import study
from tests.scheduler.standings import built, rows_hold, summary_holds

TODAY = NOON.date()
EXAM = TODAY + timedelta(days=60)


def topics_of(cards) -> list[int]:
    return sorted({card.topic_id for card in cards})


def with_exam(learners) -> None:
    """An exam date far enough ahead that every study day of the tests shares one basis."""
    StudyProfile.objects.filter(user__in=learners).update(exam_date=EXAM, new_cards_per_day=50)
    for learner in learners:
        learner.refresh_from_db()


def test_answers_reviews_lapses_redrills_and_undos_keep_the_rows_exact(learners, two_domains):
    with_exam(learners)
    for learner in learners:
        summary_holds(learner, topics_of(two_domains), TODAY)  # the rows are stored
    before = {learner.pk: built(learner) for learner in learners}

    for n, learner in enumerate(learners):
        study(learner, two_domains[n:], days=8)

    last_day = days_later(7).date()
    for learner in learners:
        # Kept by the answers alone: the same rows, still on the exam's basis, more versions.
        bases = rows_hold(learner)
        assert set(bases) == set(before[learner.pk])
        assert all(basis is not None and basis.on == EXAM for basis in bases.values())
        assert all(built(learner)[d] > v for d, v in before[learner.pk].items())
        # and the summary reads them, with no rebuild (no version changes).
        versions = built(learner)
        summary_holds(learner, topics_of(two_domains), last_day)
        assert built(learner) == versions
    assert built(learners[0]) != built(learners[1])


def test_without_an_exam_date_the_day_after_leaves_the_recall_stale_and_the_counts_right(
    learner, two_domains
):
    summary_holds(learner, topics_of(two_domains), TODAY)
    study(learner, two_domains, days=1)
    assert all(basis is not None for basis in rows_hold(learner).values())

    answer(learner, two_domains[0], 5, now=days_later(1))

    bases = rows_hold(learner)  # the counts still hold, the recall of that domain is stale
    assert bases[two_domains[0].section.domain_id] is None
    summary_holds(learner, topics_of(two_domains), days_later(1).date())
    assert all(basis is not None for basis in rows_hold(learner).values())


def test_an_exam_date_changed_and_changed_back_rebuilds_rather_than_trusting_old_recall(
    learner, two_domains
):
    topics = topics_of(two_domains)
    with_exam([learner])
    study(learner, two_domains, days=2)
    summary_holds(learner, topics, days_later(1).date())  # on the exam date
    later = {topics[0]: EXAM + timedelta(days=30)}
    summary_holds(learner, topics, days_later(1).date(), later)  # rebuilt on the later one

    study(learner, two_domains, days=1, start=2)  # answers adjust counts, not the recall

    rows_hold(learner)
    summary_holds(learner, topics, days_later(2).date())  # back on the exam date: rebuilt
    summary_holds(learner, topics, days_later(2).date(), later)


def test_a_redrill_and_its_undo_write_no_row(learner, two_domains):
    card_ = two_domains[0]
    summary_holds(learner, topics_of(two_domains), TODAY)
    answer(learner, card_, 2)
    versions = built(learner)

    with CaptureQueriesContext(connection) as redrill:
        answer(learner, card_, 4, now=NOON + timedelta(seconds=30))
        undo(learner, now=NOON + timedelta(seconds=40))

    assert not [q for q in redrill.captured_queries if "domainstanding" in q["sql"]]
    assert built(learner) == versions
    rows_hold(learner)


def test_an_answer_writes_one_statement_to_the_rows(learner, two_domains):
    summary_holds(learner, topics_of(two_domains), TODAY)

    with CaptureQueriesContext(connection) as answering:
        answer(learner, two_domains[0], 4)

    assert len([q for q in answering.captured_queries if "domainstanding" in q["sql"]]) == 1
    rows_hold(learner)


def test_one_learners_answers_never_touch_anothers_rows(learners, two_domains):
    first, other = learners
    for learner in learners:
        summary_holds(learner, topics_of(two_domains), TODAY)
    theirs = built(other)

    study(first, two_domains, days=2)

    assert built(other) == theirs
    rows_hold(first)


def test_a_review_ahead_is_kept_like_an_answer(learner, two_domains):
    with_exam([learner])
    card_ = two_domains[0]
    summary_holds(learner, topics_of(two_domains), TODAY)
    answer(learner, card_, 5)
    answer(learner, card_, 5, now=days_later(1))  # due again in 6 days

    result = answer_ahead(
        user=learner, card=card_, quality=4, expected_version=2, days=7, now=days_later(3)
    )

    assert result.applied
    assert all(basis is not None for basis in rows_hold(learner).values())


def test_the_first_answer_in_a_domain_without_a_row_leaves_it_unbuilt(learner, two_domains):
    answer(learner, two_domains[0], 4)

    row = DomainStanding.objects.get(user=learner)
    assert not row.built
    summary_holds(learner, topics_of(two_domains), TODAY)
    assert DomainStanding.objects.get(user=learner, domain=row.domain_id).built


def test_a_rebuild_stores_nothing_over_a_row_written_since_it_read_the_version(
    learner, two_domains
):
    domain_id = two_domains[0].section.domain_id
    summary_holds(learner, topics_of(two_domains), TODAY)
    read_version = built(learner)[domain_id]
    basis = standing.basis_for(learner.study_profile, None, TODAY)

    answer(learner, two_domains[0], 4)  # after the read, before the store
    standing.store(learner.pk, {domain_id: Terms()}, {domain_id: basis}, {domain_id: read_version})

    rows_hold(learner)
    assert DomainStanding.objects.get(user=learner, domain=domain_id).seen == 1


def test_a_rebuild_that_found_no_row_stores_nothing_over_one_an_answer_began(learner, two_domains):
    domain_id = two_domains[0].section.domain_id
    basis = standing.basis_for(learner.study_profile, None, TODAY)

    answer(learner, two_domains[0], 4)  # the row is begun after the rebuild found none
    standing.store(learner.pk, {domain_id: Terms()}, {domain_id: basis}, {domain_id: None})

    assert not DomainStanding.objects.get(user=learner, domain=domain_id).built
    summary_holds(learner, topics_of(two_domains), TODAY)
