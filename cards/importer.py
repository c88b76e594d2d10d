"""Importing a topic fixture: the one code path for `import_topic` and the admin's import page.

An import is planned first (what would be created, updated, unchanged, retired, conflicting)
and then applied, in one transaction. A dry run is the same plan, rolled back.

The import locks the topic's row and its cards' rows before it reads them (SQLite's IMMEDIATE
transactions serialize writers anyway), so an editor's save cannot slip in between the read and
the write: it waits, and then finds the card's version moved on. The plan fingerprints the
topic as it found it; a confirmation passes that fingerprint back and gets the new plan, with
nothing written, if the topic changed in between.

What an import never does: delete a card (learners' history points at it), overwrite an
editor's change (a card whose fixture text changed under an edit is flagged as a conflict and
keeps the editor's text), or reactivate a card an editor suspended.
"""

import hashlib
import json
from datetime import datetime

from django.db import IntegrityError, transaction

from cards.card_counts import recount_active_cards
from cards.fixture import CONTENT_FIELDS, CardSpec, TopicFixture, content_hash
from cards.fixture_types import ExamSpec
from cards.import_outline import store_images, sync_outline
from cards.import_report import ImportReport
from cards.models import Card, Section, Topic
from cards.placement import watching
from cards.sources.quality import DROPPING

__all__ = ["ImportReport", "import_topic", "topic_fingerprint"]


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run (or a stale confirmation) once planned."""


def import_topic(
    fixture: TopicFixture,
    *,
    now: datetime,
    dry_run: bool = False,
    expected_state: str | None = None,
) -> ImportReport:
    """Plan and apply `fixture` in one transaction; with `dry_run`, only plan it.

    With `expected_state` (a dry run's `topic_state`), the import is applied only if the topic is
    still as that dry run found it; otherwise the report is the new plan, marked `stale`.
    """
    for attempt in range(2):
        report = ImportReport(topic=fixture.slug, dry_run=dry_run)
        try:
            with transaction.atomic():
                _apply(fixture, report, now, expected_state)
                if dry_run or report.stale:
                    raise _Rollback
        except _Rollback:
            pass
        except IntegrityError:
            # Two first imports of one new topic at once: the other created it first. Plan
            # again against what it wrote (the topic is now there to be locked).
            if attempt:
                raise
            continue
        if report.stale:
            report.dry_run = True
        return report
    raise AssertionError("unreachable")  # pragma: no cover


def _apply(
    fixture: TopicFixture, report: ImportReport, now: datetime, expected_state: str | None
) -> None:
    topic = Topic.objects.select_for_update().filter(slug=fixture.slug).first()
    existing: dict[str, Card] = {}
    if topic is not None:
        existing = {
            card.key: card
            for card in Card.objects.select_for_update().filter(topic=topic).order_by("pk")
        }
    report.topic_state = topic_fingerprint(topic, existing.values())
    report.stale = expected_state is not None and expected_state != report.topic_state

    if topic is None:
        topic = Topic.objects.create(
            slug=fixture.slug,
            title=fixture.title,
            source=fixture.source,
            weighted=fixture.weighted,
            **fixture.exam.as_topic_fields(),
        )
        report.outline_changes.append(f"Topic {fixture.slug} created.")
    elif (topic.title, topic.source) != (fixture.title, fixture.source):
        report.outline_changes.append(f"Topic {fixture.slug} retitled to {fixture.title!r}.")
        topic.title, topic.source = fixture.title, fixture.source
        topic.save(update_fields=["title", "source"])
    sections = sync_outline(topic, fixture, report)
    store_images(fixture, report)
    # Weighted by the fixture, or by an editor who set every domain's weight (cards.editing).
    weighted = fixture.weighted or all(d.weight_edited for d in topic.domains.all())
    if topic.weighted != weighted:
        topic.weighted = weighted
        topic.save(update_fields=["weighted"])
    exam = fixture.exam.as_topic_fields()
    if any(getattr(topic, name) != value for name, value in exam.items()):
        report.outline_changes.append(f"Topic {fixture.slug}: exam format updated.")
        for name, value in exam.items():
            setattr(topic, name, value)
        topic.save(update_fields=list(exam))

    to_create, to_update = [], []
    for spec in fixture.cards:
        section = sections[(spec.domain, spec.section)]
        card = existing.get(spec.key)
        if card is None:
            card = _new_card(topic, section, spec)
            _sync_quality(card, spec, now, report)
            to_create.append(card)
            report.created.append(spec.key)
        elif _merge(card, section, spec, report) | _sync_quality(card, spec, now, report):
            to_update.append(card)

    incoming_keys = {spec.key for spec in fixture.cards}
    for key, card in existing.items():
        if key not in incoming_keys and card.retired_at is None:
            card.is_active = False
            card.retired_at = now
            to_update.append(card)
            report.retired.append(key)

    for card in to_update:
        card.version += 1  # Safe: the row is locked since it was read.
    # Retired, restored and moved cards take learners' answers with them (cards.placement).
    with watching(Card.objects.filter(topic=topic)):
        Card.objects.bulk_create(to_create, batch_size=500)
        Card.objects.bulk_update(
            to_update,
            [
                "section",
                "position",
                "sibling",
                "context",
                "tags",
                "is_active",
                "retired_at",
                "source_hash",
                "locally_edited",
                "conflict",
                "incoming",
                "quality_flags",
                "open_flags",
                "version",
                *CONTENT_FIELDS,
            ],
            batch_size=500,
        )
    recount_active_cards([topic.pk])
    if report.changed_anything:
        topic.imported_at = now
        topic.save(update_fields=["imported_at"])


def topic_fingerprint(topic: Topic | None, cards) -> str:
    """The topic as an import sees it: its outline and every card, field by field.

    Every field rather than the cards' versions, so a write that bypasses the version (an
    update from a script) still counts as a change.
    """
    if topic is None:
        return content_hash({"topic": None})
    outline = list(
        Section.objects.filter(domain__topic=topic)
        .order_by("domain__number", "position")
        .values_list("domain__number", "domain__title", "domain__weight", "position", "title")
    )
    domains = list(topic.domains.order_by("number").values_list("number", "title", "weight"))
    fields = Card._meta.concrete_fields
    state = {
        "topic": [
            topic.title,
            topic.source,
            topic.weighted,
            *(getattr(topic, name) for name in ExamSpec().as_topic_fields()),
        ],
        "domains": domains,
        "sections": outline,
        "cards": [[getattr(card, field.attname) for field in fields] for card in cards],
    }
    canonical = json.dumps(state, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _new_card(topic: Topic, section: Section, spec: CardSpec) -> Card:
    return Card(
        topic=topic,
        section=section,
        key=spec.key,
        position=spec.position,
        sibling=spec.sibling,
        context=spec.context,
        tags=" ".join(spec.tags),
        source_hash=content_hash(spec.content()),
        **spec.content(),
    )


def _drops(card: Card, spec: CardSpec) -> bool:
    return any(
        flag["name"] in DROPPING and flag["name"] not in card.dismissed_flags for flag in spec.flags
    )


def _sync_quality(card: Card, spec: CardSpec, now: datetime, report: ImportReport) -> bool:
    """Take the fixture's quality flags; retire a card a dropping flag keeps from learners.

    An editor's dismissals stay (they are the editor's, not the fixture's). True if the card
    must be saved.
    """
    flags = [dict(flag) for flag in spec.flags]
    changed = card.quality_flags != flags
    card.quality_flags = flags
    changed = card.refresh_open_flags() or changed
    if card.dropped_for_quality and card.retired_at is None:
        card.is_active, card.retired_at = False, now
        report.dropped.append(spec.key)
        changed = True
    if changed and card.key not in report.updated and card.pk is not None:
        if card.key in report.unchanged:
            report.unchanged.remove(card.key)
        if card.key not in report.conflicts:
            report.updated.append(card.key)
    return changed


def _merge(card: Card, section: Section, spec: CardSpec, report: ImportReport) -> bool:
    """Bring an existing card in line with the fixture and file it in the report.

    True if the card must be saved. A conflicting card is filed under conflicts only.
    """
    changed = False
    placement = {
        "section_id": section.pk,
        "position": spec.position,
        "sibling": spec.sibling,
        "context": spec.context,
        "tags": " ".join(spec.tags),
    }
    for name, value in placement.items():
        if getattr(card, name) != value:
            setattr(card, name, value)
            changed = True
    if card.retired_at is not None and not card.retired_by_editor and not _drops(card, spec):
        # Back in the fixture: un-retire. A card an editor suspended or retired stays so, and
        # one with a dropping quality flag stays out (_sync_quality).
        card.is_active, card.retired_at = True, None
        changed = True

    incoming = spec.content()
    incoming_hash = content_hash(incoming)
    current_hash = content_hash({name: getattr(card, name) for name in CONTENT_FIELDS})
    if incoming_hash == card.source_hash:
        # The fixture did not change this card; an editor's change, if any, stands. A conflict
        # left open by a fixture change that was since taken back is no longer one.
        if card.conflict:
            card.conflict, card.incoming = False, None
            changed = True
    elif not card.locally_edited or current_hash == incoming_hash:
        # Unedited, or the fixture now says what the editor wrote: no conflict either way.
        for name, value in incoming.items():
            setattr(card, name, value)
        card.source_hash = incoming_hash
        card.locally_edited, card.conflict, card.incoming = False, False, None
        changed = True
    else:
        report.conflicts.append(spec.key)
        if card.incoming != incoming:
            card.conflict, card.incoming = True, incoming
            report.new_conflicts.append(spec.key)
            changed = True
        return changed

    (report.updated if changed else report.unchanged).append(spec.key)
    return changed
