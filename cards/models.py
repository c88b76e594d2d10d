"""The content: Topic → Domain → Section → Card.

Cards are never deleted by an import: learners' history points at them. A card that leaves its
fixture is retired (inactive, `retired_at` set); an editor may also suspend one (inactive, not
retired). Either way it leaves every queue and keeps every learner's state and log.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from cards.sources.parsed import CONTEXT_MAX_LENGTH
from cards.sources.quality import DROPPING


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    source = models.CharField(
        max_length=200, blank=True, help_text="The document the topic was built from."
    )
    imported_at = models.DateTimeField(null=True, blank=True)
    # False when the document gave no exam weights: its domains share 100% equally, and the
    # dashboard and statistics say "unweighted" rather than quote an exam's split.
    weighted = models.BooleanField(
        default=True, help_text="The domains' weights are the exam's (not equal shares)."
    )
    # The exam's own format, for practice exams (fixture `topic.exam`; these defaults otherwise).
    exam_questions = models.PositiveSmallIntegerField(default=20)
    exam_minutes = models.PositiveSmallIntegerField(default=30)
    exam_score_min = models.PositiveSmallIntegerField(default=0)
    exam_score_max = models.PositiveSmallIntegerField(default=100)
    exam_pass_mark = models.PositiveSmallIntegerField(default=70)
    exam_multiple_response = models.BooleanField(
        default=False, help_text="Some questions ask for two answers of five."
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Domain(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField(
        help_text="Share of the exam's scored content, %.", validators=[MaxValueValidator(100)]
    )
    # An editor set the weight (a topic whose notes gave none): a re-import keeps it.
    weight_edited = models.BooleanField(default=False, editable=False)
    # Kept by cards.card_counts whenever cards change, so no page counts a whole deck.
    active_card_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["topic_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="domain_number_unique"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="domain_weight_percent"),
        ]

    def __str__(self) -> str:
        return f"Domain {self.number}: {self.title}"


class Section(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["domain_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "position"], name="section_position_unique")
        ]

    def __str__(self) -> str:
        return self.title


class CardQuerySet(models.QuerySet):
    def active(self) -> "CardQuerySet":
        return self.filter(is_active=True)

    def with_place(self) -> "CardQuerySet":
        """Everything a card page shows about where the card sits, in the same query."""
        return self.select_related("section__domain__topic")

    def flagged(self, name: str) -> "CardQuerySet":
        """Cards with this quality flag open (not dismissed by an editor)."""
        return self.filter(open_flags__contains=f",{name},")


class Card(models.Model):
    class Kind(models.TextChoices):
        TRAP = "trap", "Common trap"
        TABLE = "table", "Table"
        SCENARIO = "scenario", "Scenario"
        TERM = "term", "Term"
        QUESTION = "question", "Question"

    class Verdict(models.TextChoices):
        TRUE = "TRUE"
        FALSE = "FALSE"
        PARTIALLY_TRUE = "PARTIALLY TRUE"
        CONTEXT_DEPENDENT = "CONTEXT-DEPENDENT"

    # The topic is also reachable through the section; it is kept here so that keys are unique
    # per topic in the database and the daily queue is one index range.
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="cards")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="cards")
    key = models.CharField(max_length=80, help_text="Stable across rebuilds of the document.")
    kind = models.CharField(max_length=10, choices=Kind)
    prompt = models.TextField()
    answer = models.TextField()
    explanation = models.TextField(blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict, blank=True)
    source = models.TextField(blank=True, help_text="The verbatim excerpt the card came from.")
    sibling = models.CharField(
        max_length=80, blank=True, help_text="Cards from one table row share this."
    )
    position = models.PositiveIntegerField(help_text="Order in the document.")
    context = models.CharField(
        max_length=CONTEXT_MAX_LENGTH,
        blank=True,
        help_text="Headings below the section, e.g. 'Lambda › Limits'.",
    )
    # Placement, not content: an import always brings them up to date.
    tags = models.TextField(
        blank=True, help_text="Space-separated tags from the source (an Anki note's tags)."
    )
    # Table cards: {"header": [...], "row": [...], "hidden": column index}.
    table = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when the card left its fixture or an editor retired it.",
    )
    # An editor's retirement sticks; one made by an import is undone when the card comes back.
    retired_by_editor = models.BooleanField(default=False)

    # Editing: the fixture's content of this card as last imported is fingerprinted, so a
    # re-import can tell "the fixture changed" apart from "an editor changed the card".
    source_hash = models.CharField(max_length=64, blank=True)
    locally_edited = models.BooleanField(default=False)
    conflict = models.BooleanField(
        default=False, help_text="The fixture changed a card an editor had changed."
    )
    incoming = models.JSONField(
        null=True, blank=True, help_text="The fixture's version waiting for an editor."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Every write bumps it (cards.editing, cards.importer): the admin form carries the version
    # it showed, so a save over an import or another editor's change is refused, not lost.
    version = models.PositiveIntegerField(default=0)

    # Quality (cards.sources.quality): the fixture's flags as last imported, the names an editor
    # has dealt with (by editing the card or saying "this is fine"; kept across re-imports), and
    # the flags still open, as ",name,name," so a list filter is one portable `contains`.
    quality_flags = models.JSONField(default=list, blank=True)
    dismissed_flags = models.JSONField(default=list, blank=True)
    open_flags = models.CharField(max_length=200, blank=True, editable=False)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["topic_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "key"], name="card_key_unique_per_topic"),
            models.CheckConstraint(
                condition=Q(
                    kind="trap",
                    verdict__in=["TRUE", "FALSE", "PARTIALLY TRUE", "CONTEXT-DEPENDENT"],
                )
                | (~Q(kind="trap") & Q(verdict="")),
                name="card_verdict_only_on_traps",
            ),
        ]
        indexes = [
            models.Index(fields=["topic", "is_active", "position"]),
            # The queue asks, for each new card it counts, whether a new card of the same
            # table row comes earlier (scheduler.queue_parts.new_heads): without this index
            # that read the whole topic per card (28 ms for the DVA-C02 deck on SQLite).
            models.Index(fields=["topic", "sibling", "position"], name="card_sibling_order"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.prompt[:60]}"

    @property
    def domain(self) -> Domain:
        return self.section.domain

    @property
    def open_quality_flags(self) -> list[dict]:
        return [flag for flag in self.quality_flags if flag["name"] not in self.dismissed_flags]

    @property
    def dropped_for_quality(self) -> bool:
        """An open flag keeps this card from learners (an import retires it)."""
        return any(flag["name"] in DROPPING for flag in self.open_quality_flags)

    def refresh_open_flags(self) -> bool:
        """Recompute `open_flags` after the flags or dismissals changed; True if it changed."""
        names = sorted({flag["name"] for flag in self.open_quality_flags})
        value = f",{','.join(names)}," if names else ""
        changed = value != self.open_flags
        self.open_flags = value
        return changed


class PendingImport(models.Model):
    """An uploaded fixture between its dry run and the editor's confirmation.

    Kept here, not carried in the confirmation form: a fixture may be as large as the upload
    limit, and no form field can carry that back. `topic_state` fingerprints the topic as the
    dry run found it; the confirmation applies the plan only to that same state.
    """

    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    text = models.TextField()
    topic_state = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} (dry run {self.created_at:%Y-%m-%d %H:%M})"


class CardImage(models.Model):
    """An image cards show, named by its content's hash and type (cards.sources.images).

    Content-addressed, so one picture in several topics is stored once and an import that
    brings it again changes nothing. Served to signed-in users by cards.views.card_image.
    """

    name = models.CharField(max_length=30, unique=True)
    content = models.BinaryField()
    content_type = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.name


class CardReport(models.Model):
    """A learner's "this card is wrong": a worklist item for editors until one resolves it.

    Nothing changes for other learners until an editor acts on the card. PROTECT: a report
    outlives every edit, re-import and retirement of its card (which are never deleted).
    """

    class Reason(models.TextChoices):
        WRONG_ANSWER = "wrong_answer", "The answer is wrong"
        UNCLEAR = "unclear", "It is unclear"
        DUPLICATE = "duplicate", "It duplicates another card"
        TYPO = "typo", "There is a typo"
        OTHER = "other", "Something else"

    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_reports"
    )
    reason = models.CharField(max_length=20, choices=Reason)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One open report per learner and card: a repeated submission is refused.
            models.UniqueConstraint(
                fields=["reporter", "card"],
                condition=Q(resolved_at__isnull=True),
                name="card_report_one_open_per_reporter",
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="card_report_open")]

    def __str__(self) -> str:
        return f"{self.card.key}: {self.get_reason_display()}"
