"""The settings page's forms: the study profile, and deleting the account with its data."""

import zoneinfo
from datetime import date

from django import forms
from django.contrib.auth import authenticate
from django.core.validators import MaxValueValidator, MinValueValidator

from scheduler.models import MAX_RETENTION, MIN_RETENTION, StudyProfile


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


# Each whole-number setting's range, as its help text says it: one message names it, whatever
# side the value is off (the model's validators and the field's own bound said it in two
# different ways, one of them the wrong lower bound).
RANGES = {
    "day_starts_at": (0, 23),
    "new_cards_per_day": (0, 1000),
    "reviews_per_day": (1, 10000),
    "pass_mark": (1, 100),
    "leech_threshold": (1, 100),
}


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
            "new_cards_per_day": "0–1000 per topic, for each topic whose plan sets none.",
            "reviews_per_day": "1–10000 per topic, for each topic whose plan sets none.",
            "exam_date": "Optional; for each topic whose plan sets none.",
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
            "suspended for you as a leech (unless its topic's plan sets its own).",
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
        for name, (low, high) in RANGES.items():
            field = self.fields[name]
            message = f"{field.label} must be a whole number from {low} to {high}."
            field.error_messages["invalid"] = message
            # Validators' messages are %-formatted with the value: "Pass mark (%)" is literal.
            message = message.replace("%", "%%")
            field.validators = [MinValueValidator(low, message), MaxValueValidator(high, message)]
            field.widget.attrs.update(inputmode="numeric", min=low, max=high)
        retention = self.fields["desired_retention"]
        between = f"Desired retention must be from {MIN_RETENTION} to {MAX_RETENTION}."
        for code in ("invalid", "max_digits", "max_decimal_places", "max_whole_digits"):
            retention.error_messages[code] = between
        # A form posted without it (an older page) keeps the learner's threshold.
        self.fields["leech_threshold"].required = False
        # Colours are a preference, not a study setting: a form posted without them keeps them.
        self.fields["theme"].required = False
        # Likewise a form from before the scheduler settings keeps them.
        self.fields["scheduler"].required = False
        self.fields["desired_retention"].required = False
        self.fields["pass_mark"].required = False

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
