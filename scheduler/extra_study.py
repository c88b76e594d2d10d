"""Extra study beside the daily queue: today's extra new cards, and review ahead.

Part of the one write path: add_extra_new_cards, and answer_ahead, which records through
scheduler.services' own answer path (so SM-2 and FSRS move exactly as for any answer). Cram
sessions are scheduler.cram.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from cards.models import Card, Topic
from scheduler.enrolment import plan_for
from scheduler.extra_study_models import ExtraNewCards
from scheduler.models import ReviewLog, ReviewState, StudyProfile
from scheduler.services import NotDueAhead, _record_answer
from scheduler.services_common import Stale, out_of_study, today_for

# One raise adds at most this many; a study day's raises together at most the settings' own
# maximum of new cards a day.
MAX_EXTRA_NEW = 200
MAX_EXTRA_NEW_PER_DAY = 1000


@dataclass(frozen=True)
class ExtraNewResult:
    applied: bool
    refusal: str
    # Today's extra new cards in the topic after the request.
    extra_today: int


def extra_new_today(user, topic: Topic, today: date) -> int:
    row = ExtraNewCards.objects.for_user(user).filter(topic=topic, day=today).first()
    return row.extra if row else 0


def add_extra_new_cards(
    *, user, topic: Topic, extra: int, expected_extra: int, now: datetime
) -> ExtraNewResult:
    """Allow `extra` more new cards in `topic` on the learner's current study day only.

    The form carries today's extra as it showed it (`expected_extra`): a repeated or stale
    submission is refused, not added twice.
    """
    if isinstance(extra, bool) or not isinstance(extra, int) or not 1 <= extra <= MAX_EXTRA_NEW:
        raise ValueError(f"extra must be a whole number from 1 to {MAX_EXTRA_NEW}, not {extra!r}")
    today = today_for(user, now)
    try:
        with transaction.atomic():
            row = (
                ExtraNewCards.objects.for_user(user)
                .select_for_update()
                .filter(topic=topic, day=today)
                .first()
            )
            current = row.extra if row else 0
            if current != expected_extra:
                return ExtraNewResult(
                    False,
                    f"That was already done (or the page was out of date): today's extra new "
                    f"cards are {current}; nothing changed.",
                    current,
                )
            if current + extra > MAX_EXTRA_NEW_PER_DAY:
                return ExtraNewResult(
                    False,
                    f"At most {MAX_EXTRA_NEW_PER_DAY} extra new cards a day; today has "
                    f"{current} already.",
                    current,
                )
            if row is None:
                ExtraNewCards.objects.create(user=user, topic=topic, day=today, extra=extra)
            else:
                ExtraNewCards.objects.filter(pk=row.pk).update(extra=current + extra)
    except IntegrityError:  # a racing first raise of the day won
        return ExtraNewResult(
            False, "That was already done (or the page was out of date); nothing changed.", 0
        )
    return ExtraNewResult(True, "", current + extra)


# --- Review ahead -----------------------------------------------------------------------------

# Review ahead looks at most this far ahead (Anki's custom study suggests days, not months).
MAX_AHEAD_DAYS = 30


@dataclass(frozen=True)
class AheadResult:
    refusal: str
    log: ReviewLog | None = None

    @property
    def applied(self) -> bool:
        return not self.refusal


def answer_ahead(
    *, user, card: Card, quality: int, expected_version: int, days: int, now: datetime
) -> AheadResult:
    """Review ahead: answer a card due in the next `days` days, by the normal rules.

    It moves the schedule like any first answer of the day; its log is of kind ahead so the
    statistics tell it apart. A card not due in that window (any more) is refused.
    """
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    if not 1 <= days <= MAX_AHEAD_DAYS:
        raise ValueError(f"days must be from 1 to {MAX_AHEAD_DAYS}, not {days!r}")
    profile = StudyProfile.for_user(user)
    today = profile.today(now)
    if not card.is_active:
        return AheadResult(f"This card was {out_of_study(card)}; your answer was not counted.")
    until = today + timedelta(days=days)
    try:
        with transaction.atomic():
            plan = plan_for(user, profile, card.topic_id)  # its leech threshold
            log = _record_answer(
                user, profile, plan, card, quality, expected_version, now, today, ahead_until=until
            )
    except (Stale, IntegrityError):
        return AheadResult("That answer was already recorded (or the page was out of date).")
    except NotDueAhead:
        return AheadResult(f"That card is not due in the next {days} days; nothing was counted.")
    return AheadResult("", log)


@dataclass(frozen=True)
class AheadQueue:
    today: date
    days: int
    left: int
    card: Card | None
    state: ReviewState | None

    @property
    def version(self) -> int:
        return self.state.version if self.state else 0

    @property
    def until(self) -> date:
        return self.today + timedelta(days=self.days)


def due_ahead(user, topic_id: int, today: date, days: int):
    """The learner's cards of the topic due after today and within `days` days, not yet
    answered today and not set aside (the rule scheduler.services._due_ahead checks)."""
    return (
        ReviewState.objects.for_user(user)
        .introduced()
        .filter(
            topic_id=topic_id,
            card__is_active=True,
            due__gt=today,
            due__lte=today + timedelta(days=days),
            suspended=False,
        )
        .exclude(Q(buried_on=today) | Q(last_answered_on=today))
    )


def ahead_queue(*, user, topic_id: int, today: date, days: int) -> AheadQueue:
    """The next card to review ahead (soonest due first) and how many are left: two queries."""
    cards = due_ahead(user, topic_id, today, days)
    left = cards.count()
    state = (
        cards.select_related("card__section__domain").order_by("due", "card__position").first()
        if left
        else None
    )
    return AheadQueue(today, days, left, state.card if state else None, state)
