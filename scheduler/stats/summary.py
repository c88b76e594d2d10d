"""The learner's cards per domain, for readiness, mastery and the predicted score: read from
the maintained per-domain standings (scheduler.domain_standing), not counted from the states.

Per domain: how many cards are seen, learned and mature, and (for the predicted exam score)
the sum of their FSRS recall on the prediction date, how many fall below the desired retention
and by how much. One query reads the topics' domains, with their active-card counts
(cards.card_counts) and the learner's row of each. A row missing, unbuilt or on another basis
(the prediction date moved, the curve or retention changed) is counted again from the states
in one grouped query over its topics (scheduler.stats.standing_scan) and stored, so the
first view after such a change pays the scan once and the next ones read rows.

For the dashboard (`session`), also what today's session did per domain, counted from the
states answered today (bounded by the day's work, through the (user, last_answered_on)
index), and each topic's next due day, one index seek per domain row.

The queries are compiled once per process (scheduler.prepared): building them through the
ORM took several times longer than running them.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery

from cards.models import Domain
from scheduler import prepared, standing
from scheduler.models import ReviewState, StudyProfile
from scheduler.standing_terms import Basis, Terms, prediction_date
from scheduler.stats.standing_scan import count_states

__all__ = ["DomainStates", "Summary", "prediction_date", "summarise"]


@dataclass(frozen=True)
class DomainStates:
    seen: int = 0
    learned: int = 0
    mature: int = 0
    # FSRS recall on the prediction date, summed over the seen cards; those below the target
    # and the recall they are missing; and cards whose memory predates FSRS (to be replayed).
    recall_sum: float = 0.0
    weak: int = 0
    missing: float = 0.0
    without_memory: int = 0
    # Today's session: cards first seen today, cards answered today, and those of them whose
    # first answer today failed (they start over tomorrow).
    new_today: int = 0
    answered_today: int = 0
    again_tomorrow: int = 0


@dataclass(frozen=True)
class Summary:
    topic_ids: list[int]
    domains: list[Domain]  # by topic, then number; each with its active_card_count
    # Per topic id, the prediction date: the topic's exam date, or today without one (or once
    # it passed).
    on: dict[int, date]
    target: float  # the desired retention
    by_domain: dict[int, DomainStates] = field(default_factory=dict)
    # Per topic id, the first day after today a card of it falls due (with `session` only).
    next_due_by_topic: dict[int, date | None] = field(default_factory=dict)

    def states(self, domain_id: int) -> DomainStates:
        return self.by_domain.get(domain_id, DomainStates())

    def next_due(self, topic_id: int) -> date | None:
        """The topic's next due day after today, if any."""
        return self.next_due_by_topic.get(topic_id)


def summarise(
    user,
    topic_ids: list[int],
    today: date,
    exam_dates: Mapping[int, date | None] | None = None,
    *,
    session: bool = False,
) -> Summary:
    """The domains of these topics and the learner's cards per domain: one query while the
    learner's rows hold, two or three more where they must be rebuilt (the scan, then replacing
    and inserting rows), one more with `session`.

    Each topic's recall is taken on its exam date in `exam_dates` (the enrolment's,
    scheduler.enrolment), the profile's for a topic not in it. With `session`, also today's
    answers per domain and each topic's next due day (only the dashboard shows them).
    """
    profile = StudyProfile.for_user(user)
    exam_dates = exam_dates or {}
    bases = {
        topic_id: standing.basis_for(profile, exam_dates.get(topic_id, profile.exam_date), today)
        for topic_id in topic_ids
    }
    on = {topic_id: basis.on for topic_id, basis in bases.items()}
    target = float(profile.desired_retention)
    if not topic_ids:
        return Summary([], [], on, target)
    rows = _domains_and_standings(user.pk, list(topic_ids), today, session)
    domains = [Domain(**{name: row[name] for name in _DOMAIN_FIELDS}) for row in rows]
    terms = _read_or_rebuild(user.pk, rows, bases)
    today_counts = _answered_today(user.pk, list(topic_ids), today) if session else {}
    by_domain = {
        domain.pk: DomainStates(
            **{name: getattr(terms[domain.pk], name) for name in standing.TERMS},
            **today_counts.get(domain.pk, {}),
        )
        for domain in domains
    }
    next_due = {row["topic_id"]: row["next_due"] for row in rows} if session else {}
    return Summary(list(topic_ids), domains, on, target, by_domain, next_due)


_DOMAIN_FIELDS = tuple(field.attname for field in Domain._meta.concrete_fields)
_STANDING_FIELDS = ("built", "version", *standing.TERMS, *standing.BASIS)


def _domains_and_standings(user_id: int, topic_ids: list[int], today: date, session: bool):
    """The topics' domains by topic then number, with their active-card counts, the learner's
    row of each (`standing_<field>`, None without one) and, with `session`, the topic's next
    due day: one query."""

    def build(values: prepared.Values):
        domains = (
            Domain.objects.filter(topic_id__in=values.topic_ids)
            .alias(
                mine=FilteredRelation("standings", condition=Q(standings__user_id=values.user_id))
            )
            .order_by("topic_id", "number")
        )
        extra = {}
        if session:
            # An index seek on (user, topic, due) per domain row: the first due day after
            # today of an introduced state on an active card.
            extra["next_due"] = Subquery(
                ReviewState.objects.filter(
                    user_id=values.user_id,
                    topic_id=OuterRef("topic_id"),
                    due__gt=values.today,
                    introduced_on__isnull=False,
                    card__is_active=True,
                )
                .order_by("due")
                .values("due")[:1]
            )
        return domains.values(
            *_DOMAIN_FIELDS,
            **{f"standing_{name}": F(f"mine__{name}") for name in _STANDING_FIELDS},
            **extra,
        )

    return prepared.rows(
        ("summary domains", session), build, prepared.Values(user_id, today, topic_ids)
    )


def _read_or_rebuild(user_id: int, rows: list[dict], bases: Mapping[int, Basis]):
    """Terms per domain id: the learner's rows where they hold on the topic's basis; the
    others counted from the states (one query over their topics) and stored."""
    terms, versions = {}, {}
    for row in rows:
        mine = {name: row[f"standing_{name}"] for name in _STANDING_FIELDS}
        if mine["version"] is not None and standing.on_basis(mine, bases[row["topic_id"]]):
            terms[row["id"]] = Terms(**{name: mine[name] for name in standing.TERMS})
        else:
            versions[row["id"]] = mine["version"]
    if not versions:
        return terms
    topics = {row["topic_id"] for row in rows if row["id"] in versions}
    counted = count_states(user_id, {topic_id: bases[topic_id] for topic_id in topics})
    rebuilt = {domain_id: counted.get(domain_id, Terms()) for domain_id in versions}
    topic_of = {row["id"]: row["topic_id"] for row in rows}
    standing.store(user_id, rebuilt, {d: bases[topic_of[d]] for d in rebuilt}, versions)
    return terms | rebuilt


def _answered_today(user_id: int, topic_ids: list[int], today: date) -> dict[int, dict]:
    """Today's session per domain id, from the states answered today only."""
    rows = prepared.rows(
        ("summary today",),
        lambda values: (
            ReviewState.objects.filter(user_id=values.user_id, last_answered_on=values.today)
            .introduced()
            .filter(topic_id__in=values.topic_ids, card__is_active=True)
            .values(domain=F("card__section__domain"))
            .annotate(
                new_today=Count("pk", filter=Q(introduced_on=values.today)),
                answered_today=Count("pk"),
                # Their first answer today failed: they start over tomorrow.
                again_tomorrow=Count("pk", filter=Q(repetitions=0)),
            )
            .order_by()
        ),
        prepared.Values(user_id, today, topic_ids),
    )
    return {row.pop("domain"): row for row in rows}
