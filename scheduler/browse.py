"""The card browser's query: a topic's cards with the learner's own state beside each one.

Every card is joined with this learner's state (at most one row) through a FilteredRelation,
so filtering by "my state" and showing it costs no query per card, whatever the deck size or
the history.
"""

from datetime import date

from django.db.models import F, FilteredRelation, Q, QuerySet

from cards.models import Card, Topic
from scheduler.stats import MATURE_INTERVAL

# The learner's states a card can be filtered by, as the browser's filter names them.
MY_STATES = {
    "new": "New",
    "learning": "Learning",
    "due": "Due today",
    "mature": "Mature",
    "suspended": "Suspended by me",
    "buried": "Buried",
    "flagged": "Flagged or marked",
    "leech": "Leech",
    "retired": "Retired from the deck",
}


def _state_q(state: str, today: date) -> Q:
    introduced = Q(mine__introduced_on__isnull=False)
    return {
        "new": Q(mine__introduced_on__isnull=True),
        "learning": introduced & Q(mine__interval__lt=MATURE_INTERVAL),
        "due": introduced
        & Q(mine__due__lte=today, is_active=True)
        & ~Q(mine__suspended=True)
        & ~Q(mine__buried_on=today),
        "mature": introduced & Q(mine__interval__gte=MATURE_INTERVAL),
        "suspended": Q(mine__suspended=True),
        "buried": Q(mine__buried_on=today),
        "flagged": Q(mine__flag__gt=0) | Q(mine__marked=True),
        "leech": Q(mine__leech=True),
        "retired": Q(is_active=False),
    }[state]


def browse_cards(
    *,
    user,
    topic: Topic,
    today: date,
    text: str = "",
    domain_id: int | None = None,
    section_id: int | None = None,
    kind: str = "",
    state: str = "",
) -> QuerySet[Card]:
    """The topic's cards in document order, each with `my_*` fields from the learner's state."""
    cards = (
        Card.objects.filter(topic=topic)
        .annotate(mine=FilteredRelation("review_states", condition=Q(review_states__user=user)))
        .select_related("section__domain")
        .annotate(
            my_introduced_on=F("mine__introduced_on"),
            my_due=F("mine__due"),
            my_interval=F("mine__interval"),
            my_suspended=F("mine__suspended"),
            my_leech=F("mine__leech"),
            my_buried_on=F("mine__buried_on"),
            my_marked=F("mine__marked"),
            my_flag=F("mine__flag"),
            my_version=F("mine__version"),
        )
        .order_by("position", "pk")
    )
    if text:
        cards = cards.filter(
            Q(prompt__icontains=text)
            | Q(answer__icontains=text)
            | Q(explanation__icontains=text)
            | Q(context__icontains=text)
        )
    if domain_id is not None:
        cards = cards.filter(section__domain_id=domain_id)
    if section_id is not None:
        cards = cards.filter(section_id=section_id)
    if kind:
        cards = cards.filter(kind=kind)
    # The deck as the dashboard counts it: retired cards only when asked for (with the
    # learner's history on them, kept), so the browser's count and the dashboard's agree.
    cards = cards.filter(_state_q(state, today)) if state else cards
    return cards if state == "retired" else cards.filter(is_active=True)
