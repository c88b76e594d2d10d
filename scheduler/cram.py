""" "Study now" (cram): a domain's or a section's cards, weakest first, outside the schedule.

The write path for cram sessions: start_cram, answer_cram, undo_cram_answer (scheduler.services
re-exports them). A cram answer is a ReviewLog of kind cram with the card's state before and
after alike: no ReviewState is written, so SM-2 and FSRS never see it, and neither do
retention, readiness or the predicted score; the daily roll-up counts it apart (`cram`).

A session shows each card once; a card answered below Good goes to the back of the session
and comes again until it is answered Good or Easy. Each form carries the session's version,
so a stale or repeated submission is refused and changes nothing.
"""

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Case, F, FilteredRelation, IntegerField, Q, Value, When

from cards.models import Card, Domain, Section, Topic
from scheduler import rollup
from scheduler.extra_study_models import CramSession
from scheduler.models import ReviewLog, ReviewState
from scheduler.services_common import Stale, out_of_study, today_for
from scheduler.state_snapshots import before, log_entry

# Anki's custom study caps a cram deck too; the weakest cards of a large domain come first.
CRAM_SIZE = 40
# Below Good a card comes again in the session, as in review (services.REDRILL_BELOW; not
# imported: scheduler.services re-exports this module).
AGAIN_BELOW = 4

ALREADY_UNDONE = "That answer was already undone; nothing else was taken back."
ALREADY_STARTED = "That cram session was already started."
ALREADY_RECORDED = "That answer was already recorded (or the page was out of date)."
NO_CARDS = "There is nothing to cram in {where}: its cards are suspended or retired."


def weakest_cards(user, topic: Topic, *, domain: Domain | None, section: Section | None) -> list:
    """The scope's active card ids, weakest first, up to CRAM_SIZE (one query).

    Weakest: cards the learner has seen before unseen ones; among them the most lapses, then
    the lowest easiness (every Again or Hard lowers it), then the shortest interval; document
    order breaks ties. Cards the learner suspended (leeches too) stay out.
    """
    scope = Q(section=section) if section is not None else Q(section__domain=domain)
    cards = (
        Card.objects.active()
        .filter(scope, topic=topic)
        .alias(mine=FilteredRelation("review_states", condition=Q(review_states__user=user)))
        .filter(Q(mine__id__isnull=True) | Q(mine__suspended=False))
        .order_by(
            Case(
                When(mine__introduced_on__isnull=False, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            F("mine__lapses").desc(nulls_last=True),
            F("mine__easiness").asc(nulls_last=True),
            F("mine__interval").asc(nulls_last=True),
            "position",
            "pk",
        )
    )
    return list(cards.values_list("pk", flat=True)[:CRAM_SIZE])


def remaining(session: CramSession) -> list[int]:
    """The card ids still to answer, in order: replayed from the session's answers."""
    left = deque(session.cards)
    for card_id, quality, _log_id in session.answers:
        if card_id in left:
            left.remove(card_id)
        if quality < AGAIN_BELOW:
            left.append(card_id)
    return list(left)


@dataclass(frozen=True)
class CramResult:
    applied: bool
    refusal: str
    session: CramSession | None
    log: ReviewLog | None = None


def start_cram(
    *,
    user,
    topic: Topic,
    domain: Domain | None = None,
    section: Section | None = None,
    expected_latest: int,
    now: datetime,
) -> CramResult:
    """A new cram session over `section`, else `domain`, of `topic`.

    `expected_latest` is the id of the learner's latest cram session when the form was
    rendered (0 for none): a repeated or stale start is refused instead of starting twice.
    """
    if section is not None:
        domain = section.domain
    if domain is None or domain.topic_id != topic.pk:
        raise ValueError("cram needs a domain or a section of the topic")
    where = (
        f"section {domain.number}.{section.position} {section.title}"
        if section is not None
        else f"domain {domain.number}: {domain.title}"
    )
    with transaction.atomic():
        # Lock the learner: two racing starts queue here, and the second sees the first.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        latest = (
            CramSession.objects.for_user(user).order_by("-pk").values_list("pk", flat=True).first()
        )
        if (latest or 0) != expected_latest:
            return CramResult(False, ALREADY_STARTED, None)
        cards = weakest_cards(user, topic, domain=domain, section=section)
        if not cards:
            return CramResult(False, NO_CARDS.format(where=where), None)
        session = CramSession.objects.create(
            user=user,
            topic=topic,
            domain=domain,
            section=section,
            title=where[0].upper() + where[1:],
            started_at=now,
            cards=cards,
        )
    return CramResult(True, "", session)


def answer_cram(
    *, user, session_id: int, card: Card, quality: int, expected_version: int, now: datetime
) -> CramResult:
    """Log a cram answer to `card`: the schedule stays exactly as it was."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be a whole number from 0 to 5, not {quality!r}")
    today = today_for(user, now)
    try:
        with transaction.atomic():
            session = (
                CramSession.objects.for_user(user).select_for_update().filter(pk=session_id).first()
            )
            if session is None:
                return CramResult(False, f"There is no cram session {session_id} of yours.", None)
            if session.version != expected_version or card.pk not in remaining(session):
                raise Stale
            if not card.is_active:
                return CramResult(
                    False, f"This card was {out_of_study(card)}; it was skipped.", session
                )
            # The state is read, never written: a new card stays new.
            state = ReviewState.objects.for_user(user).filter(card=card).first()
            log = log_entry(
                user=user,
                card=card,
                kind=ReviewLog.Kind.CRAM,
                quality=quality,
                now=now,
                today=today,
                state_before=before(state),
                state=state,
            )
            log.save(force_insert=True)
            rollup.record_cram(log)
            session.answers.append([card.pk, quality, log.pk])
            _save(session, expected_version)
    except Stale:
        session = CramSession.objects.for_user(user).filter(pk=session_id).first()
        return CramResult(False, ALREADY_RECORDED, session)
    return CramResult(True, "", session, log)


def undo_cram_answer(*, user, session_id: int, log_id: int, now: datetime) -> CramResult:
    """Take back the session's latest answer, which `log_id` names (once, and only today)."""
    today = today_for(user, now)
    try:
        with transaction.atomic():
            session = (
                CramSession.objects.for_user(user).select_for_update().filter(pk=session_id).first()
            )
            if session is None:
                return CramResult(False, f"There is no cram session {session_id} of yours.", None)
            logged = [entry[2] for entry in session.answers]
            if log_id not in logged:
                return CramResult(False, ALREADY_UNDONE, session)
            if logged[-1] != log_id:
                return CramResult(
                    False,
                    "That is no longer your latest cram answer (you answered again since, "
                    "perhaps in another tab); nothing was undone.",
                    session,
                )
            log = ReviewLog.objects.for_user(user).get(pk=log_id)
            if log.study_day != today:
                return CramResult(
                    False,
                    "That answer is from an earlier study day; only today's can be undone.",
                    session,
                )
            if not ReviewLog.objects.filter(pk=log.pk, undone=False).update(undone=True):
                raise Stale
            rollup.take_back(log)
            version = session.version
            session.answers.pop()
            _save(session, version)
    except Stale:
        return CramResult(False, ALREADY_UNDONE, None)
    log.undone = True
    return CramResult(True, "", session, log)


def _save(session: CramSession, expected_version: int) -> None:
    session.version = expected_version + 1
    updated = CramSession.objects.filter(pk=session.pk, version=expected_version).update(
        answers=session.answers, version=session.version
    )
    if not updated:
        raise Stale


def weakest_domain(domains: list) -> object | None:
    """The domain to cram first (scheduler.stats DomainReadiness): the lowest readiness among
    those with active cards; the heavier exam weight, then the lower number, breaks ties."""
    candidates = [domain for domain in domains if domain.active_cards]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (d.readiness, -d.weight, d.number))
