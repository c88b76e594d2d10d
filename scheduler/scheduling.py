"""Changing how a learner is scheduled: switching algorithm, replaying history into FSRS memory.

Writes learning state, so like scheduler.services each action is one transaction that locks
the learner's states first; an answer racing it waits, and a form rendered before it is
refused as out of date (every state it touches gets a new version).

Switching SM-2 → FSRS replays the learner's scheduled answers (not undone, oldest first) into
each card's FSRS memory with the learner's parameters, so no card becomes new. The write path
already advances the FSRS memory on every answer whatever the algorithm; the replay also
covers answers given before FSRS existed here and makes the memory exact for new parameters.
Switching FSRS → SM-2 keeps the SM-2 fields, which every answer under FSRS kept updating
(repetitions, easiness, SM-2's own interval), so SM-2 continues exactly where it would be.
Neither switch moves a due date: the next answer is scheduled by the new algorithm.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F

from cards.models import Card
from scheduler.algorithms import FSRS, SM2, fsrs, fsrs_optimiser
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.standing_invalidation import memory_rewritten


def scheduled_answers(user) -> dict[int, list[tuple[date, int]]]:
    """Each card's scheduled answers (study day, grade), oldest first, in one query."""
    answers: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = (
        ReviewLog.objects.for_user(user)
        .counted()
        .scheduled()
        .order_by("answered_at", "pk")
        .values_list("card_id", "study_day", "quality")
    )
    for card_id, day, quality in rows:
        answers[card_id].append((day, quality))
    return answers


def replay(
    model: fsrs.Model, answers: dict[int, list[tuple[date, int]]]
) -> dict[int, fsrs.FSRSState]:
    return {card_id: model.replay(card_answers) for card_id, card_answers in answers.items()}


def _rewrite_fsrs_memory(user, model: fsrs.Model) -> int:
    """Replay the history into every card's FSRS memory; returns how many cards it set."""
    states = list(ReviewState.objects.for_user(user).select_for_update().order_by("pk"))
    memories = replay(model, scheduled_answers(user))
    for state in states:
        memory = memories.get(state.card_id, fsrs.FSRSState())
        state.fsrs_stability = memory.stability
        state.fsrs_difficulty = memory.difficulty
        state.fsrs_reviewed_on = memory.last_review
    ReviewState.objects.bulk_update(
        states, ["fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on"], batch_size=500
    )
    ReviewState.objects.for_user(user).update(version=F("version") + 1)
    memory_rewritten(user)  # the recall terms of the learner's standings
    return sum(1 for state in states if state.fsrs_stability is not None)


def _locked_profile(user) -> StudyProfile:
    StudyProfile.for_user(user)
    return StudyProfile.objects.select_for_update().get(user=user)


def switch_scheduler(*, user, scheduler: str) -> int:
    """Schedule the learner with `scheduler` ("sm2" or "fsrs") from their next answer on.

    Returns how many cards have an FSRS memory afterwards (replayed when switching to FSRS).
    """
    if scheduler not in (SM2, FSRS):
        raise ValueError(f"scheduler must be {SM2!r} or {FSRS!r}, got {scheduler!r}")
    with transaction.atomic():
        profile = _locked_profile(user)
        replayed = 0
        if scheduler == FSRS:
            replayed = _rewrite_fsrs_memory(user, profile.algorithm_model())
        profile.scheduler = scheduler
        profile.save(update_fields=["scheduler"])
    user.study_profile = profile
    return replayed


def set_fsrs_parameters(*, user, parameters: Sequence[float] | None) -> int:
    """Use `parameters` (None: the library's defaults) and replay every card's memory with them."""
    with transaction.atomic():
        profile = _locked_profile(user)
        profile.fsrs_parameters = list(parameters) if parameters is not None else None
        replayed = _rewrite_fsrs_memory(user, profile.algorithm_model())
        profile.save(update_fields=["fsrs_parameters"])
    user.study_profile = profile
    return replayed


@dataclass(frozen=True)
class Optimisation:
    """What "optimise my parameters" did, or why it did not (`refusal`)."""

    answers: int
    refusal: str = ""
    before: fsrs_optimiser.Workload | None = None
    after: fsrs_optimiser.Workload | None = None


WORKLOAD_DAYS = 30


def optimise_parameters(*, user) -> Optimisation:
    """Fit FSRS parameters to the learner's scheduled answers, use them, replay every memory.

    Refused, changing nothing, below fsrs_optimiser.MIN_ANSWERS scheduled answers. Reports the
    predicted reviews a day (over WORKLOAD_DAYS days, at the learner's desired retention and
    limits, for as many cards as the active topics hold) with the old and the new parameters.
    """
    answers = scheduled_answers(user)
    count = sum(len(card_answers) for card_answers in answers.values())
    if count < fsrs_optimiser.MIN_ANSWERS:
        return Optimisation(
            count,
            refusal=(
                f"Optimising needs at least {fsrs_optimiser.MIN_ANSWERS} scheduled answers; "
                f"you have {count}. Until then the default parameters fit better."
            ),
        )
    fitted = fsrs_optimiser.fit(answers.values())
    profile = StudyProfile.for_user(user)
    old = profile.fsrs_parameters or list(fsrs.DEFAULT_PARAMETERS)
    cards = Card.objects.active().filter(topic_id__in=_studied_topics(user)).count()

    def load(parameters):
        return fsrs_optimiser.workload(
            parameters,
            float(profile.desired_retention),
            cards=cards,
            new_per_day=profile.new_cards_per_day,
            reviews_per_day=profile.reviews_per_day,
            days=WORKLOAD_DAYS,
        )

    before, after = load(old), load(fitted)
    set_fsrs_parameters(user=user, parameters=fitted)
    return Optimisation(count, before=before, after=after)


def _studied_topics(user):
    return ReviewState.objects.for_user(user).values("topic_id").distinct()
