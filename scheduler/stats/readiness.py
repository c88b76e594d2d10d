"""Mastery and exam readiness per domain and topic, with its exact 30-day history."""

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from django.db.models import Sum

from cards.models import Topic
from scheduler import prepared
from scheduler.charts import short_day_label
from scheduler.models import DomainDay, StudyProfile
from scheduler.stats.measures import (
    HISTORY_DAYS,
    MAX_NEW_CARDS_PER_DAY,
    PACING_MARGIN_DAYS,
    RETENTION_DAYS,
    percent,
    share,
    weighted_mean,
    weighted_ratio_mean,
)
from scheduler.stats.readiness_history import learned_by_day, window_sums
from scheduler.stats.summary import Summary, summarise

# --- Mastery and readiness ------------------------------------------------------------------


@dataclass(frozen=True)
class DomainReadiness:
    """One exam domain for one learner: how much is learned and how well it is remembered.

    readiness = learned share × recent retention, where
    - learned share = active cards of the domain with repetitions >= 2 / active cards;
    - recent retention = scheduled, not undone answers to the domain's active cards in the
      last RETENTION_DAYS study days with quality >= 3 / all those answers.

    No answers yet: with no scheduled answer in the window, retention is unknown (None, shown
    as "not enough data") and readiness counts as 0 — nothing recent shows the cards are
    remembered. A domain without active cards has learned share 0 and readiness 0 as well:
    the exam still tests it and the deck cannot prepare for it.
    """

    domain_id: int
    number: int
    title: str
    weight: int
    active_cards: int
    seen: int = 0
    learned: int = 0
    mature: int = 0
    answered: int = 0
    passed: int = 0

    @property
    def learned_share(self) -> Fraction:
        return share(self.learned, self.active_cards) or Fraction(0)

    @property
    def retention(self) -> Fraction | None:
        return share(self.passed, self.answered)

    @property
    def retention_percent(self) -> int | None:
        return percent(self.retention)

    @property
    def has_data(self) -> bool:
        return self.answered > 0

    @property
    def readiness(self) -> Fraction:
        return self.learned_share * (self.retention or Fraction(0))

    @property
    def readiness_percent(self) -> int:
        return percent(self.readiness)


@dataclass(frozen=True)
class ReadinessPoint:
    day: date
    overall: Fraction

    @property
    def overall_percent(self) -> int:
        return percent(self.overall)

    @property
    def label(self) -> str:
        return short_day_label(self.day)


@dataclass(frozen=True)
class Readiness:
    """Exam readiness for one topic; `overall` is the exam-weighted mean of the domains.

    Weights are Domain.weight (the exam's % per domain). If a topic's domains carry no weight
    at all, they count equally.
    """

    topic_id: int
    domains: list[DomainReadiness]
    exam_date: date | None
    today: date
    # Oldest first, one point per study day; empty unless asked for.
    history: list[ReadinessPoint] = field(default_factory=list)

    @property
    def overall(self) -> Fraction:
        return weighted_mean((d.weight, d.readiness) for d in self.domains)

    @property
    def overall_percent(self) -> int:
        return percent(self.overall)

    @property
    def has_data(self) -> bool:
        return any(d.has_data for d in self.domains)

    @property
    def active_cards(self) -> int:
        return sum(d.active_cards for d in self.domains)

    @property
    def unseen(self) -> int:
        return sum(d.active_cards - d.seen for d in self.domains)

    @property
    def days_left(self) -> int | None:
        return None if self.exam_date is None else (self.exam_date - self.today).days

    @property
    def pace(self) -> int | None:
        """New cards per day needed to have seen every active card a week before the exam.

        unseen / (days left − 7), rounded up. Inside the last week the whole remainder is due
        now (divided by one day). None without an exam date or once the exam day has passed.
        """
        days_left = self.days_left
        if days_left is None or days_left < 0:
            return None
        if not self.unseen:
            return 0
        return min(
            MAX_NEW_CARDS_PER_DAY,
            math.ceil(self.unseen / max(1, days_left - PACING_MARGIN_DAYS)),
        )


def readiness_by_topic(
    user,
    topics: Iterable[Topic | int],
    today: date,
    *,
    history: bool = False,
    exam_dates: Mapping[int, date | None] | None = None,
    summary: Summary | None = None,
) -> dict[int, Readiness]:
    """Readiness (and mastery) per topic id, in two queries however many topics there are,
    each compiled once per process (scheduler.prepared), and two or three more when the
    learner's standings must be rebuilt (scheduler.stats.summary).

    Days left count to each topic's exam date in `exam_dates` (the learner's enrolment's,
    scheduler.enrolment.StudyPlan); a topic not in it takes the profile's. Pass the page's
    `summary` (scheduler.stats.summary) to share its query: then one.
    With `history`, also the overall readiness at the end of each of the last HISTORY_DAYS
    study days, still in two queries (see `_history`).
    """
    topic_ids = [getattr(topic, "pk", topic) for topic in topics]
    if not topic_ids:
        return {}
    profile_exam_date = StudyProfile.for_user(user).exam_date
    exam_dates = exam_dates or {}
    summary = summary or summarise(user, topic_ids, today, exam_dates)
    # Per domain and study day, from the day rows (never the answers): scheduled answers,
    # passes, and how many cards became learned or stopped being learned that day. Without
    # history only the retention window is needed, summed per domain.
    window = RETENTION_DAYS + (HISTORY_DAYS - 1 if history else 0)
    day_rows = prepared.rows(
        ("readiness days", history),
        lambda values: _day_counts(values, history),
        prepared.Values(user.pk, today, topic_ids, days=[today - timedelta(days=window)]),
    )
    days_by_domain: dict[int, list[dict]] = defaultdict(list)
    for row in day_rows:
        days_by_domain[row["domain_id"]].append(row)

    readiness: dict[int, Readiness] = {
        topic_id: Readiness(topic_id, [], exam_dates.get(topic_id, profile_exam_date), today)
        for topic_id in topic_ids
    }
    for domain in summary.domains:
        state = summary.states(domain.pk)
        recent = [
            row
            for row in days_by_domain[domain.pk]
            if not history or row["day"] > today - timedelta(days=RETENTION_DAYS)
        ]
        readiness[domain.topic_id].domains.append(
            DomainReadiness(
                domain_id=domain.pk,
                number=domain.number,
                title=domain.title,
                weight=domain.weight,
                active_cards=domain.active_card_count,
                seen=state.seen,
                learned=state.learned,
                mature=state.mature,
                answered=sum(row["answered"] for row in recent),
                passed=sum(row["passed"] for row in recent),
            )
        )
    if history:
        for topic_readiness in readiness.values():
            topic_readiness.history.extend(_history(topic_readiness, days_by_domain, today))
    return readiness


def _day_counts(values: prepared.Values, history: bool):
    """The learner's scheduled answers and passes per domain of the topics (and per study day,
    with `history`, with the cards that became or stopped being learned), after
    `values.days[0]` up to today: from the per-domain roll-up (scheduler.domain_rollup), which
    counts answers to active cards in their domain, as the logs would."""
    days = DomainDay.objects.filter(
        user_id=values.user_id,
        domain__topic_id__in=values.topic_ids,
        day__gt=values.days[0],
        day__lte=values.today,
    )
    if history:
        return days.values(
            "domain_id", "day", "answered", "passed", "became_learned", "stopped_learned"
        ).order_by()
    return (
        days.values("domain_id").annotate(answered=Sum("answered"), passed=Sum("passed")).order_by()
    )


def _history(
    readiness: Readiness, days_by_domain: dict[int, list[dict]], today: date
) -> list[ReadinessPoint]:
    """Overall readiness at the end of each of the last HISTORY_DAYS study days.

    Exact reconstruction from the log (through its day rows), without replaying it card by card:
    the counted logs of a card form a chain (each one's state before is the previous one's state
    after; undo restores the state before and marks the row undone), so a card's latest state
    after up to day D is learned exactly when today's learned count, minus the cards that
    became learned after D, plus those that stopped being learned after D, says so. Learned
    counts on day D are therefore today's counts (from ReviewState) walked back through the
    per-day changes, and retention on day D is the RETENTION_DAYS window ending on D
    (scheduler.stats.readiness_history, one pass each).

    One approximation: a card's active flag is taken as it is today for every past day (a
    card retired last week counts as if it had always been retired).
    """
    days = [today - timedelta(days=offset) for offset in range(HISTORY_DAYS - 1, -1, -1)]
    per_domain = []
    for domain in readiness.domains:
        rows = days_by_domain[domain.domain_id]
        per_domain.append(
            (domain, learned_by_day(domain.learned, rows, days), window_sums(rows, days))
        )
    points = []
    for day in days:
        terms = []
        for domain, learned, windows in per_domain:
            answered, passed = windows[day]
            # The share learned times retention, 0 without cards or answers (as DomainReadiness).
            if domain.active_cards and answered:
                product = (learned[day] * passed, domain.active_cards * answered)
            else:
                product = (0, 1)
            terms.append((domain.weight, *product))
        points.append(ReadinessPoint(day, weighted_ratio_mean(terms)))
    return points
