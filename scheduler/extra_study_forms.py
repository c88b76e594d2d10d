"""Input of the extra-study pages: start a cram session, answer in it, review ahead, raise
today's new cards. Every field says what is wrong in words a learner can act on."""

from django import forms

from cards.models import Domain, Section
from scheduler.extra_study import MAX_AHEAD_DAYS, MAX_EXTRA_NEW
from scheduler.forms import AnswerForm, RevealForm, _StudyForm

DAYS_FIELD = {
    "min_value": 1,
    "max_value": MAX_AHEAD_DAYS,
    "error_messages": {
        "required": "How many days ahead? Give a number of days.",
        "invalid": "days must be a whole number.",
        "min_value": f"days must be from 1 to {MAX_AHEAD_DAYS}.",
        "max_value": f"days must be from 1 to {MAX_AHEAD_DAYS}.",
    },
}


class AheadDaysForm(_StudyForm):
    days = forms.IntegerField(**DAYS_FIELD)


class AheadAnswerForm(AnswerForm):
    days = forms.IntegerField(**DAYS_FIELD)


class AheadRevealForm(RevealForm):
    days = forms.IntegerField(**DAYS_FIELD)


class CramStartForm(_StudyForm):
    """A domain or a section of the page's topic, and the latest session the page knew of."""

    domain = forms.ModelChoiceField(
        queryset=Domain.objects.none(),
        required=False,
        error_messages={"invalid_choice": "There is no such domain in this topic."},
    )
    section = forms.ModelChoiceField(
        queryset=Section.objects.none(),
        required=False,
        error_messages={"invalid_choice": "There is no such section in this topic."},
    )
    latest = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "The form is incomplete; reload the page.",
            "invalid": "latest must be a whole number.",
            "min_value": "latest must be a whole number from 0.",
        },
    )

    def __init__(self, data, *, topic):
        super().__init__(data)
        self.fields["domain"].queryset = Domain.objects.filter(topic=topic)
        self.fields["section"].queryset = Section.objects.filter(
            domain__topic=topic
        ).select_related("domain")

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("domain") and not cleaned.get("section"):
            raise forms.ValidationError("Pick a domain or a section to study now.")
        return cleaned


class ExtraNewForm(_StudyForm):
    extra = forms.IntegerField(
        min_value=1,
        max_value=MAX_EXTRA_NEW,
        error_messages={
            "required": "How many extra new cards? Give a number.",
            "invalid": "extra must be a whole number.",
            "min_value": f"extra must be from 1 to {MAX_EXTRA_NEW}.",
            "max_value": f"extra must be from 1 to {MAX_EXTRA_NEW}.",
        },
    )
    expected = forms.IntegerField(
        min_value=0,
        error_messages={
            "required": "The form is incomplete; reload the page.",
            "invalid": "expected must be a whole number.",
            "min_value": "expected must be a whole number from 0.",
        },
    )
