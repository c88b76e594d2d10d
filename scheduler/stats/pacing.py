"""A pacing plan that never proposes an impossible daily load.

Readiness.pace is what seeing every card a week before the exam would take. Above
SENSIBLE_NEW_CARDS_PER_DAY that is not a plan: the page then says how many cards the learner
can still see at their limit (and at the cap), which domains to favour by exam weight, and what
reviews a raise brings with it.
"""

from dataclasses import dataclass

from scheduler.stats.readiness import DomainReadiness, Readiness

# More new cards than this a day cannot be learned well, whatever the exam date says.
SENSIBLE_NEW_CARDS_PER_DAY = 100
# SM-2 brings a card back 1 and then 6 days after it is first seen: each new card a day means
# one review a day on top from the next day, two once the pace has run for a week.
REVIEWS_PER_NEW_CARD_FIRST_WEEK = 1
REVIEWS_PER_NEW_CARD = 2


@dataclass(frozen=True)
class FavouredDomain:
    number: int
    title: str
    weight: int
    unseen: int
    # The share of the cards that can still be seen that this domain gets, by exam weight.
    to_see: int


@dataclass(frozen=True)
class PacePlan:
    needed: int  # new cards a day to see everything a week before the exam
    limit: int  # the learner's new cards a day now
    study_days: int  # study days left before the exam, today included
    unseen: int
    favour: list[FavouredDomain]

    @property
    def feasible(self) -> bool:
        return self.needed <= SENSIBLE_NEW_CARDS_PER_DAY

    @property
    def suggestion(self) -> int:
        """The raise to offer: what is needed, at most the sensible cap."""
        return min(self.needed, SENSIBLE_NEW_CARDS_PER_DAY)

    @property
    def behind(self) -> bool:
        return self.limit < self.suggestion

    @property
    def seeable_now(self) -> int:
        return min(self.unseen, self.limit * self.study_days)

    @property
    def seeable_at_suggestion(self) -> int:
        return min(self.unseen, self.suggestion * self.study_days)

    @property
    def reviews_at_suggestion(self) -> int:
        per_card = REVIEWS_PER_NEW_CARD if self.study_days > 7 else REVIEWS_PER_NEW_CARD_FIRST_WEEK
        return per_card * self.suggestion


def plan(readiness: Readiness, new_cards_per_day: int) -> PacePlan | None:
    """None without an exam ahead or with nothing left to see (the page says so plainly)."""
    if readiness.pace is None or readiness.unseen == 0:
        return None
    study_days = max(1, readiness.days_left)
    per_day = max(new_cards_per_day, min(readiness.pace, SENSIBLE_NEW_CARDS_PER_DAY))
    return PacePlan(
        needed=readiness.pace,
        limit=new_cards_per_day,
        study_days=study_days,
        unseen=readiness.unseen,
        favour=favoured_domains(readiness.domains, min(readiness.unseen, per_day * study_days)),
    )


def favoured_domains(domains: list[DomainReadiness], seeable: int) -> list[FavouredDomain]:
    """Split `seeable` new cards over the domains with unseen cards, by exam weight.

    Heaviest first. Each domain gets its weight's share, never more than it has unseen; what
    a domain cannot take goes to the heaviest domains that still have cards.
    """
    open_domains = sorted(
        (d for d in domains if d.active_cards > d.seen), key=lambda d: (-d.weight, d.number)
    )
    weights = [d.weight for d in open_domains]
    if not any(weights):
        weights = [1] * len(open_domains)
    total = sum(weights)
    unseen = [d.active_cards - d.seen for d in open_domains]
    to_see = [min(u, seeable * w // total) for u, w in zip(unseen, weights, strict=True)]
    left = seeable - sum(to_see)
    for index, room in enumerate(u - t for u, t in zip(unseen, to_see, strict=True)):
        extra = min(left, room)
        to_see[index] += extra
        left -= extra
    return [
        FavouredDomain(d.number, d.title, d.weight, u, t)
        for d, u, t in zip(open_domains, unseen, to_see, strict=True)
    ]
