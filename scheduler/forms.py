"""Input of the review and browse pages: answers, reveals, undo, card actions, reports.

The settings page's forms are in scheduler/settings_forms.py.

Answer and reveal forms are bound to the topic of the page, so a card id from another topic
is refused exactly like one that does not exist.
"""

from django import forms
from django.db.models import FilteredRelation, Q

from cards.models import Card, CardReport
from scheduler import prepared
from scheduler.enrolment import ENROLMENT_COLUMNS, with_enrolment
from scheduler.models import ReviewState, StudyProfile

# (quality, accessible name, key) per grading scale; DESIGN.md "Grading scales".
GRADES = {
    StudyProfile.GradingScale.FOUR: [
        (2, "Again", "1"),
        (3, "Hard", "2"),
        (4, "Good", "3"),
        (5, "Easy", "4"),
    ],
    StudyProfile.GradingScale.SIX: [(q, str(q), str(q)) for q in range(6)],
}
# What each raw grade means on the six-grade scale, shown under its button.
SIX_GRADE_HINTS = {
    0: "blackout",
    1: "wrong, familiar",
    2: "wrong, easy once seen",
    3: "right, hard",
    4: "right, hesitant",
    5: "perfect",
}


def grades_for(profile: StudyProfile) -> list[tuple[int, str, str]]:
    return GRADES[StudyProfile.GradingScale(profile.grading_scale)]


class CardInTopicField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "There is no card %(value)s in this topic.",
    }

    # Set by the form: only a card of this topic is found; given the learner, with their
    # enrolment in its topic (scheduler.enrolment.with_enrolment).
    topic_slug = ""
    user_id: int | None = None

    def to_python(self, value):
        """The card with its topic, section and domain: one query, compiled once (it runs on
        every reveal and answer). Given the learner, with their state of it as
        `card.learner_state` (None before their first answer): an answer writes it without
        reading it again, checked by its version (scheduler.services.answer_card)."""
        if value in self.empty_values:
            return None
        try:
            card_id = int(value)
        except (TypeError, ValueError):
            raise forms.ValidationError(
                "The card id must be a whole number, not %(value)s.",
                code="invalid",
                params={"value": value},
            ) from None
        card = None
        if BIGGEST_ID >= card_id >= 1:
            with_learner = self.user_id is not None
            card = prepared.instance(
                ("card in topic", with_learner),
                Card,
                lambda v: self._cards(v, with_learner),
                prepared.Values(user_id=self.user_id, row_id=card_id, slug=self.topic_slug),
                ("topic",),
                ("section", "domain"),
                extra=ENROLMENT_COLUMNS if with_learner else (),
                joined={"learner_state": ReviewState} if with_learner else None,
            )
        if card is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return card

    @staticmethod
    def _cards(values: prepared.Values, with_learner: bool):
        cards = Card.objects.filter(topic__slug=values.slug, pk=values.row_id)
        if not with_learner:
            return cards
        mine = Q(review_states__user_id=values.user_id)
        cards = cards.annotate(learner_state=FilteredRelation("review_states", condition=mine))
        return with_enrolment(cards, values.user_id, through="topic__")


# The largest id a database key holds: a larger one names no card (and must not reach SQL).
BIGGEST_ID = 2**63 - 1


class _StudyForm(forms.Form):
    def first_error(self) -> str:
        for name, errors in self.errors.items():
            label = "" if name == "__all__" else f"{name}: "
            return f"{label}{errors[0]}"
        return ""


class UndoForm(_StudyForm):
    """The undo button names the answer it takes back (its ReviewLog id), so it undoes once."""

    answer = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Which answer? The undo form did not say; reload the page.",
            "invalid": "The answer to undo must be a whole number.",
            "min_value": "The answer to undo must be a whole number from 1.",
        },
    )


class _CardForm(_StudyForm):
    card = CardInTopicField(
        queryset=Card.objects.none(),
        error_messages={"required": "Which card? The card id is missing."},
    )
    version = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "The card's version is missing; reload the page.",
            "invalid": "The card's version must be a whole number.",
        },
    )

    def __init__(self, data, *, topic_slug: str, user=None):
        super().__init__(data)
        # One query: the card, checked against the page's topic, with its place and topic, and
        # (given the learner) their enrolment in the topic: StudyPlan.of(profile, id, card).
        self.fields["card"].topic_slug = topic_slug
        self.fields["card"].user_id = user.pk if user is not None else None


class AnswerForm(_CardForm):
    quality = forms.TypedChoiceField(
        coerce=int,
        error_messages={"required": "Which grade? The quality is missing."},
    )

    def __init__(self, data, *, topic_slug: str, profile: StudyProfile, user=None):
        super().__init__(data, topic_slug=topic_slug, user=user)
        grades = grades_for(profile)
        allowed = ", ".join(str(q) for q, _, _ in grades)
        field = self.fields["quality"]
        field.choices = [(str(q), name) for q, name, _ in grades]
        field.error_messages["invalid_choice"] = (
            f"quality must be one of {allowed} on your grading scale, not %(value)s."
        )


class RevealForm(_CardForm):
    verdict = forms.ChoiceField(
        choices=Card.Verdict.choices,
        required=False,
        error_messages={"invalid_choice": "%(value)s is not a verdict."},
    )

    def clean(self):
        cleaned = super().clean()
        card = cleaned.get("card")
        if card is not None and card.kind == Card.Kind.TRAP and not cleaned.get("verdict"):
            self.add_error("verdict", "Pick TRUE, FALSE, PARTIALLY TRUE or CONTEXT-DEPENDENT.")
        return cleaned


class CardActionForm(_CardForm):
    """Bury, suspend, mark or flag a card of the page's topic; `face` is the face it was on."""

    flag = forms.TypedChoiceField(
        coerce=int,
        required=False,
        choices=[(str(n), str(n)) for n in range(5)],
        error_messages={"invalid_choice": "flag must be one of 0, 1, 2, 3, 4, not %(value)s."},
    )
    face = forms.ChoiceField(
        choices=[("front", "front"), ("back", "back")],
        required=False,
        error_messages={"invalid_choice": "face must be front or back, not %(value)s."},
    )

    def clean_flag(self) -> int:
        flag = self.cleaned_data["flag"]
        return 0 if flag in ("", None) else flag


class ReportForm(_CardForm):
    """ "Report a problem with this card": what is wrong, and a note."""

    reason = forms.ChoiceField(
        choices=CardReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "What is wrong with the card? Pick a reason.",
            "invalid_choice": "%(value)s is not a reason to report a card.",
        },
    )
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the note under 1000 characters."},
    )
    face = CardActionForm.base_fields["face"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == CardReport.Reason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", "Say in the note what is wrong with the card.")
        return cleaned


class BrowseForm(_StudyForm):
    """The card browser's search and filters; choices come from the topic's sections."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        error_messages={"max_length": "Keep the search under 200 characters."},
    )
    domain = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    section = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind"), *Card.Kind.choices], label="Kind"
    )
    state = forms.ChoiceField(required=False, label="My state")
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "The page must be a whole number.",
            "min_value": "The page must be a whole number from 1.",
        },
    )

    def __init__(self, data, *, sections: list, states: dict[str, str]):
        super().__init__(data)
        domains = {section.domain_id: section.domain for section in sections}
        self.fields["domain"].choices = [("", "Any domain")] + [
            (str(pk), f"{domain.number}. {domain.title}") for pk, domain in domains.items()
        ]
        self.fields["section"].choices = [("", "Any section")] + [
            (str(section.pk), f"{section.domain.number}.{section.position} {section.title}")
            for section in sections
        ]
        self.fields["state"].choices = [("", "Any")] + list(states.items())
        for name in ("domain", "section", "kind", "state"):
            self.fields[name].error_messages["invalid_choice"] = (
                "%(value)s is not one of the choices for this topic."
            )
