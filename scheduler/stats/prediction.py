"""The predicted exam score: each card's chance of being recalled on the exam date.

For every learner, whatever algorithm schedules them: a card's FSRS memory (stability,
difficulty, day of last review) comes from its scheduled answers — kept up to date by every
answer (scheduler.services), and replayed from the log here for a card answered before FSRS
memory was kept. Its retrievability on the exam date is the chance of recalling it then; a
card never answered counts as 0 (no prior: the learner has not shown they know it). A domain's
score is the mean over its active cards; the topic's is the mean weighted by the exam's domain
weights (equal shares if the domains carry none).

What would raise it most: in each domain, the "weak" cards are those whose recall on the exam
date is below the learner's desired retention (never-seen cards included). Reviewing them
brings each to about the desired retention on the exam day, so the domain's possible gain is
its weight × the missing recall of its weak cards; the advice names the domain with the
largest gain and the reviews a day that takes (its weak cards spread over the days left).

One query however long the history, shared with readiness: the learner's per-domain standings
(scheduler.stats.summary; two more on the first read after they go stale); more only while
some card's memory predates FSRS.
"""

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from scheduler.algorithms import fsrs
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.stats.summary import Summary, summarise


@dataclass(frozen=True)
class DomainPrediction:
    domain_id: int
    number: int
    title: str
    weight: int
    active_cards: int
    recall_sum: float = 0.0
    # Cards below the desired retention on the exam date, and the recall they are missing.
    weak: int = 0
    missing: float = 0.0

    @property
    def score(self) -> float:
        return self.recall_sum / self.active_cards if self.active_cards else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.score)


@dataclass(frozen=True)
class Advice:
    domain: DomainPrediction
    reviews_per_day: int
    # Percentage points the topic's score would gain.
    gain: int


@dataclass(frozen=True)
class Prediction:
    topic_id: int
    on: date
    today: date
    pass_mark: int
    # The desired retention: a card below it on the exam date is "weak".
    target: float = fsrs.DEFAULT_RETENTION
    domains: list[DomainPrediction] = field(default_factory=list)

    def _weights(self) -> list[tuple[float, DomainPrediction]]:
        total = sum(d.weight for d in self.domains)
        if not total:
            return [(1 / len(self.domains), d) for d in self.domains]
        return [(d.weight / total, d) for d in self.domains]

    @property
    def score(self) -> float:
        return sum(share * d.score for share, d in self._weights()) if self.domains else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.score)

    @property
    def target_percent(self) -> int:
        return round(100 * self.target)

    @property
    def passes(self) -> bool:
        return self.percent >= self.pass_mark

    @property
    def days_left(self) -> int:
        return max(0, (self.on - self.today).days)

    @property
    def advice(self) -> Advice | None:
        """The domain whose weak cards would raise the score most, if any."""
        gains = [
            (share * d.missing / d.active_cards, d)
            for share, d in self._weights()
            if d.active_cards and d.weak
        ]
        if not gains:
            return None
        gain, domain = max(gains, key=lambda pair: (pair[0], -pair[1].number))
        per_day = math.ceil(domain.weak / max(1, self.days_left))
        return Advice(domain, per_day, round(100 * gain))


def predict(
    user,
    topic_ids: list[int],
    today: date,
    exam_dates: Mapping[int, date | None] | None = None,
    summary: Summary | None = None,
) -> dict[int, Prediction]:
    """The prediction per topic id, for its exam date (today if none is set or it has passed).

    A topic's date is its entry in `exam_dates` (the enrolment's, scheduler.enrolment), the
    profile's without one. From the per-domain sums of scheduler.stats.summary (pass the
    page's `summary` to share its query); cards whose memory predates FSRS are replayed from
    the log instead.
    """
    if not topic_ids:
        return {}
    summary = summary or summarise(user, topic_ids, today, exam_dates)
    profile = StudyProfile.for_user(user)
    if any(states.without_memory for states in summary.by_domain.values()):
        sums = _sums_replaying(user, profile, topic_ids, summary.on, summary.target)
    else:
        sums = {
            domain_id: (states.seen, states.recall_sum, states.weak, states.missing)
            for domain_id, states in summary.by_domain.items()
        }
    predictions = {
        topic_id: Prediction(
            topic_id, summary.on[topic_id], today, profile.pass_mark, summary.target
        )
        for topic_id in topic_ids
    }
    for domain in summary.domains:
        seen, recall_sum, seen_weak, missing = sums.get(domain.pk, (0, 0.0, 0, 0.0))
        unseen = max(0, domain.active_card_count - seen)
        predictions[domain.topic_id].domains.append(
            DomainPrediction(
                domain_id=domain.pk,
                number=domain.number,
                title=domain.title,
                weight=domain.weight,
                active_cards=domain.active_card_count,
                recall_sum=recall_sum,
                weak=seen_weak + unseen,
                missing=missing + unseen * summary.target,
            )
        )
    return predictions


def _sums_replaying(
    user, profile: StudyProfile, topic_ids: list[int], on: Mapping[int, date], target: float
) -> dict[int, tuple[int, float, int, float]]:
    """Seen, recall sum, weak and missing per domain, card by card in Python, replaying the
    memory of cards answered before the write path kept it."""
    model = profile.algorithm_model()
    states = list(
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic_id__in=topic_ids, card__is_active=True)
        .values_list(
            "card_id",
            "topic_id",
            "card__section__domain_id",
            "fsrs_stability",
            "fsrs_difficulty",
            "fsrs_reviewed_on",
        )
    )
    replayed = _replay_cards_without_memory(user, model, topic_ids)
    sums: dict[int, tuple[int, float, int, float]] = {}
    for card_id, topic_id, domain_id, stability, difficulty, reviewed_on in states:
        memory = replayed.get(card_id) or fsrs.FSRSState(stability, difficulty, reviewed_on)
        recall = model.retrievability(memory, on[topic_id])
        seen, recall_sum, weak, missing = sums.get(domain_id, (0, 0.0, 0, 0.0))
        below = recall < target
        sums[domain_id] = (
            seen + 1,
            recall_sum + recall,
            weak + below,
            missing + (target - recall if below else 0.0),
        )
    return sums


def _replay_cards_without_memory(
    user, model: fsrs.Model, topic_ids: list[int]
) -> dict[int, fsrs.FSRSState]:
    """FSRS memory from the log for cards answered before the write path kept it."""
    cards = (
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(topic_id__in=topic_ids, fsrs_stability__isnull=True)
        .values("card_id")
    )
    answers: dict[int, list[tuple[date, int]]] = defaultdict(list)
    rows = (
        ReviewLog.objects.for_user(user)
        .counted()
        .scheduled()
        .filter(card_id__in=cards)
        .order_by("answered_at", "pk")
        .values_list("card_id", "study_day", "quality")
    )
    for card_id, day, quality in rows:
        answers[card_id].append((day, quality))
    return {card_id: model.replay(card_answers) for card_id, card_answers in answers.items()}
