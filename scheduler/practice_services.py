"""The one write path for practice: start an exam or quiz, answer, flag, submit, and the
logs of the cards a submitted exam missed (log_practice_misses).

Each runs in one transaction with the attempt's row locked, so two tabs on one attempt take
turns: an answer is a choice saved (not a count added), and submitting twice scores once.
An attempt that is not the learner's raises PracticeAttempt.DoesNotExist (the views' 404);
an answer to a question not in the attempt, after the deadline or after submission is refused
with a reason and changes nothing. The deadline is the server's alone.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from cards.models import Card, Domain, Section, Topic
from scheduler import practice
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.practice_models import PracticeAttempt, PracticeQuestion
from scheduler.services_common import today_for
from scheduler.state_snapshots import after, before

QUIZ_QUESTIONS = 10


@dataclass(frozen=True)
class PracticeResult:
    applied: bool
    refusal: str = ""


def _facts(cards) -> list[practice.CardFacts]:
    rows = cards.values_list(
        "id",
        "kind",
        "section__domain_id",
        "section_id",
        "prompt",
        "answer",
        "explanation",
        "verdict",
        "table",
    )
    return [practice.CardFacts(*row) for row in rows]


def _create(
    *,
    user,
    topic: Topic,
    kind: str,
    title: str,
    questions: list[practice.Question],
    seed: int,
    now: datetime,
    minutes: int | None,
) -> PracticeAttempt:
    with transaction.atomic():
        attempt = PracticeAttempt.objects.create(
            user=user,
            topic=topic,
            kind=kind,
            title=title,
            seed=seed,
            started_at=now,
            deadline=now + timedelta(minutes=minutes) if minutes else None,
            score_min=topic.exam_score_min,
            score_max=topic.exam_score_max,
            pass_mark=topic.exam_pass_mark,
        )
        PracticeQuestion.objects.bulk_create(
            PracticeQuestion(
                attempt=attempt,
                position=position,
                card_id=question.card_id,
                domain_id=question.domain,
                prompt=question.prompt,
                options=list(question.options),
                correct=list(question.correct),
            )
            for position, question in enumerate(questions, start=1)
        )
    return attempt


def start_exam(*, user, topic: Topic, now: datetime, seed: int | None = None) -> PracticeAttempt:
    """A mock exam in the topic's format, drawn to its domain weights.

    A fixed number of queries whatever the deck's size: the cards, the weights, two writes.
    """
    seed = secrets.randbelow(2**62) if seed is None else seed
    weights = dict(topic.domains.values_list("id", "weight"))
    questions = practice.build_exam(
        _facts(Card.objects.active().filter(topic=topic)),
        weights=weights,
        count=topic.exam_questions,
        seed=seed,
        multiple_response=topic.exam_multiple_response,
    )
    return _create(
        user=user,
        topic=topic,
        kind=PracticeAttempt.Kind.EXAM,
        title=f"Mock exam: {topic.title}",
        questions=questions,
        seed=seed,
        now=now,
        minutes=topic.exam_minutes,
    )


def start_quiz(
    *,
    user,
    topic: Topic,
    now: datetime,
    domain: Domain | None = None,
    section: Section | None = None,
    seed: int | None = None,
) -> PracticeAttempt | None:
    """Ten questions from one domain or one section, untimed; None if the cards give none."""
    seed = secrets.randbelow(2**62) if seed is None else seed
    cards = Card.objects.active().filter(topic=topic)
    if section is not None:
        cards, domain_id, title = cards.filter(section=section), section.domain_id, section.title
    elif domain is not None:
        cards, domain_id, title = cards.filter(section__domain=domain), domain.pk, domain.title
    else:
        raise ValueError("a quick quiz needs a domain or a section")
    questions = practice.build_exam(
        _facts(cards),
        weights={domain_id: 1},
        count=QUIZ_QUESTIONS,
        seed=seed,
        multiple_response=topic.exam_multiple_response,
    )
    if not questions:
        return None
    return _create(
        user=user,
        topic=topic,
        kind=PracticeAttempt.Kind.QUIZ,
        title=f"Quick quiz: {title}",
        questions=questions,
        seed=seed,
        now=now,
        minutes=None,
    )


def open_exam(*, user, topic: Topic, now: datetime) -> PracticeAttempt | None:
    """The learner's mock exam of this topic still running (to resume), if any."""
    return (
        PracticeAttempt.objects.for_user(user)
        .filter(topic=topic, kind=PracticeAttempt.Kind.EXAM, submitted_at__isnull=True)
        .filter(deadline__gt=now)
        .order_by("-started_at")
        .first()
    )


def _locked(user, attempt_id: int) -> PracticeAttempt:
    return PracticeAttempt.objects.for_user(user).select_for_update().get(pk=attempt_id)


def _closed(attempt: PracticeAttempt, now: datetime) -> str:
    if attempt.submitted_at is not None:
        return "This attempt was already submitted; nothing was changed."
    if attempt.deadline is not None and now >= attempt.deadline:
        return "The time is up; answers after the deadline are not counted."
    return ""


def answer_question(
    *, user, attempt_id: int, position: int, chosen: list[int], now: datetime
) -> PracticeResult:
    """Save the learner's choice for one question (replacing an earlier one)."""
    with transaction.atomic():
        attempt = _locked(user, attempt_id)
        refusal = _closed(attempt, now)
        if refusal:
            return PracticeResult(False, refusal)
        question = attempt.questions.filter(position=position).first()
        if question is None:
            return PracticeResult(False, f"This attempt has no question {position}.")
        picks = sorted(set(chosen))
        if len(picks) != len(chosen) or not picks or len(picks) > question.picks:
            return PracticeResult(False, f"Choose {question.picks} of the options.")
        if picks[0] < 0 or picks[-1] >= len(question.options):
            return PracticeResult(False, "That option is not one of this question's.")
        question.chosen = picks
        question.save(update_fields=["chosen"])
    return PracticeResult(True)


def flag_question(
    *, user, attempt_id: int, position: int, flagged: bool, now: datetime
) -> PracticeResult:
    """Mark a question to come back to (or unmark it)."""
    with transaction.atomic():
        attempt = _locked(user, attempt_id)
        refusal = _closed(attempt, now)
        if refusal:
            return PracticeResult(False, refusal)
        if not attempt.questions.filter(position=position).update(flagged=flagged):
            return PracticeResult(False, f"This attempt has no question {position}.")
    return PracticeResult(True)


def submit_attempt(*, user, attempt_id: int, now: datetime) -> PracticeAttempt:
    """Score the attempt once: early, at the deadline, or on the first visit after it.

    Time used ends at the deadline however late the submission arrives.
    """
    with transaction.atomic():
        attempt = _locked(user, attempt_id)
        if attempt.submitted_at is not None:
            return attempt
        questions = list(attempt.questions.select_related("card"))
        correct = sum(1 for question in questions if question.is_correct)
        attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
        attempt.correct_count = correct
        attempt.scaled_score = practice.scaled_score(
            correct, len(questions), low=attempt.score_min, high=attempt.score_max
        )
        attempt.save(update_fields=["submitted_at", "correct_count", "scaled_score"])
        missed = {q.card_id: q.card for q in questions if not q.is_correct}
        log_practice_misses(user=user, cards=list(missed.values()), now=attempt.submitted_at)
    return attempt


def log_practice_misses(*, user, cards: list[Card], now: datetime) -> None:
    """Note that the learner missed practice questions on these cards.

    A log of its own kind: the SM-2 state is not touched (before = after), and the queue
    brings each card back until it is answered in review again. Called inside the practice
    submission's transaction.
    """
    if not cards:
        return
    profile = StudyProfile.for_user(user)
    if not profile.missed_in_practice:
        # From now on the queue looks for this learner's cards missed in practice.
        profile.missed_in_practice = True
        profile.save(update_fields=["missed_in_practice"])
    today = today_for(user, now)
    mine = ReviewState.objects.for_user(user).filter(card__in=cards)
    states = {state.card_id: state for state in mine}
    ReviewLog.objects.bulk_create(
        ReviewLog(
            user=user,
            card=card,
            topic_id=card.topic_id,
            quality=0,
            answered_at=now,
            study_day=today,
            kind=ReviewLog.Kind.PRACTICE_MISS,
            **before(states.get(card.pk)),
            **after(states.get(card.pk)),
        )
        for card in cards
    )
