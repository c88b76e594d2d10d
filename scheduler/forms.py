"""Input of the study pages: answers, reveals, undo, the study settings, account deletion.

Answer and reveal forms are bound to the topic of the page, so a card id from another topic
is refused exactly like one that does not exist.
"""

import zoneinfo
from datetime import date

from django import forms
from django.contrib.auth import authenticate

from cards.models import Card, CardReport
from scheduler.models import MAX_RETENTION, MIN_RETENTION, StudyProfile

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

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                int(value)
            except (TypeError, ValueError):
                raise forms.ValidationError(
                    "The card id must be a whole number, not %(value)s.",
                    code="invalid",
                    params={"value": value},
                ) from None
        return super().to_python(value)


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

    def __init__(self, data, *, topic_slug: str):
        super().__init__(data)
        # One query: the card, checked against the page's topic, with its place and topic.
        self.fields["card"].queryset = Card.objects.filter(topic__slug=topic_slug).select_related(
            "topic", "section__domain"
        )


class AnswerForm(_CardForm):
    quality = forms.TypedChoiceField(
        coerce=int,
        error_messages={"required": "Which grade? The quality is missing."},
    )

    def __init__(self, data, *, topic_slug: str, profile: StudyProfile):
        super().__init__(data, topic_slug=topic_slug)
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


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class StudyProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        help_text="Your study day follows this zone's clock.",
        error_messages={
            "invalid_choice": "%(value)s is not a time zone name such as Europe/Berlin."
        },
    )

    class Meta:
        model = StudyProfile
        fields = [
            "time_zone",
            "day_starts_at",
            "new_cards_per_day",
            "reviews_per_day",
            "grading_scale",
            "exam_date",
            "pass_mark",
            "scheduler",
            "desired_retention",
            "leech_threshold",
            "theme",
        ]
        labels = {
            "leech_threshold": "Leech after this many failures",
            "day_starts_at": "Study day starts at (hour)",
            "new_cards_per_day": "New cards per day",
            "reviews_per_day": "Reviews per day",
            "exam_date": "Exam date",
            "pass_mark": "Pass mark (%)",
            "theme": "Colours",
            "scheduler": "Scheduler",
            "desired_retention": "Desired retention (FSRS)",
        }
        help_texts = {
            "day_starts_at": "0–23. Answers before this hour count for the day before.",
            "new_cards_per_day": "0–1000 per topic.",
            "reviews_per_day": "1–10000 per topic.",
            "exam_date": "Optional.",
            "pass_mark": "1–100; the predicted exam score is compared with it.",
            "scheduler": (
                "SM-2 is the classic; FSRS (Anki's default) fits intervals to your memory and "
                "asks for fewer reviews. Switching keeps every card's progress."
            ),
            "desired_retention": (
                "0.70–0.99: the share of cards you want to still know when they fall due. "
                "Higher means more reviews."
            ),
            "leech_threshold": "1–100 (Anki's default is 8). A card you fail this often is "
            "suspended for you as a leech.",
        }
        widgets = {
            "exam_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "grading_scale": forms.RadioSelect,
            "theme": forms.RadioSelect,
            "scheduler": forms.RadioSelect,
            "desired_retention": forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        }

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for name in ("day_starts_at", "new_cards_per_day", "reviews_per_day", "leech_threshold"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        # A form posted without it (an older page) keeps the learner's threshold.
        self.fields["leech_threshold"].required = False
        # Colours are a preference, not a study setting: a form posted without them keeps them.
        self.fields["theme"].required = False
        # Likewise a form from before the scheduler settings keeps them.
        self.fields["scheduler"].required = False
        self.fields["desired_retention"].required = False
        self.fields["pass_mark"].required = False
        self.fields["pass_mark"].widget.attrs["inputmode"] = "numeric"

    def clean_leech_threshold(self) -> int:
        threshold = self.cleaned_data["leech_threshold"]
        return self.instance.leech_threshold if threshold is None else threshold

    def clean_theme(self) -> str:
        return self.cleaned_data["theme"] or self.instance.theme

    def clean_pass_mark(self) -> int:
        value = self.cleaned_data["pass_mark"]
        return self.instance.pass_mark if value is None else value

    def clean_scheduler(self) -> str:
        return self.cleaned_data["scheduler"] or self.instance.scheduler

    def clean_desired_retention(self):
        value = self.cleaned_data["desired_retention"]
        return self.instance.desired_retention if value is None else value

    def _post_clean(self) -> None:
        # One message naming the range, instead of the model validators' two.
        retention = self.cleaned_data.get("desired_retention")
        if retention is not None and not MIN_RETENTION <= retention <= MAX_RETENTION:
            self.add_error(
                "desired_retention",
                f"Desired retention must be from {MIN_RETENTION} to {MAX_RETENTION}, "
                f"not {retention}.",
            )
            return
        super()._post_clean()

    def clean_exam_date(self) -> date | None:
        exam_date = self.cleaned_data["exam_date"]
        # Only a newly chosen date must lie ahead; a past exam can stay until it is cleared.
        if exam_date and "exam_date" in self.changed_data and exam_date < self.today:
            raise forms.ValidationError(
                f"The exam date {exam_date:%d %B %Y} is in the past; choose a later day or "
                "leave it empty."
            )
        return exam_date


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for its password: a session left open is not enough.

    The password goes through authenticate(), like a sign-in, so wrong guesses here count
    towards the same lockout (django-axes) as wrong guesses at the sign-in page.
    """

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Type your password to delete your account."},
    )

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        username = self.user.get_username()
        if authenticate(self.request, username=username, password=password) != self.user:
            raise forms.ValidationError("That is not your password.", code="password_incorrect")
        return password
