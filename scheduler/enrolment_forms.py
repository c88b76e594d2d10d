"""The forms of "Topics I study": enrol (with an optional exam date), leave, and a topic's
own plan (exam date, new cards and reviews a day, leech threshold).

Every form carries the enrolment's version it was rendered with (scheduler.enrolment_services
refuses a stale one). Errors name the field and its allowed range.
"""

from datetime import date

from django import forms


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": "The form did not say which version of your enrolment it saw; reload.",
            "invalid": "The enrolment version must be a whole number; reload the page.",
            "min_value": "The enrolment version must be a whole number from 0; reload the page.",
        },
    )


def _count_field(label: str, low: int, high: int, help_text: str) -> forms.IntegerField:
    in_range = f"{label} must be a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": f"{in_range}.",
            "min_value": f"{in_range}, not less.",
            "max_value": f"{in_range}, not more.",
        },
    )


class _EnrolmentForm(forms.Form):
    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def first_error(self) -> str:
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = f"{field.label or name}: " if field is not None else ""
            return f"{label}{errors[0]}"
        return ""


class _ExamDateMixin:
    def clean_exam_date(self) -> date | None:
        exam_date = self.cleaned_data["exam_date"]
        # Only a newly chosen date must lie ahead; a past exam can stay until it is cleared.
        if exam_date and "exam_date" in self.changed_data and exam_date < self.today:
            raise forms.ValidationError(
                f"The exam date {exam_date:%d %B %Y} is in the past; choose a later day or "
                "leave it empty."
            )
        return exam_date


def _exam_date_field(help_text: str) -> forms.DateField:
    return forms.DateField(
        label="Exam date",
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Exam date must be a date such as 2027-03-31."},
    )


class EnrolForm(_ExamDateMixin, _EnrolmentForm):
    exam_date = _exam_date_field("Optional; without one, your settings' exam date applies.")
    version = _version_field()


class LeaveForm(_EnrolmentForm):
    version = _version_field()


class PlanForm(_ExamDateMixin, _EnrolmentForm):
    """A topic's own plan; an empty field means "as in my settings"."""

    exam_date = _exam_date_field("Optional; empty: your settings' exam date.")
    new_cards_per_day = _count_field(
        "New cards per day", 0, 1000, "0–1000; empty: your settings' limit."
    )
    reviews_per_day = _count_field(
        "Reviews per day", 1, 10000, "1–10000; empty: your settings' limit."
    )
    leech_threshold = _count_field(
        "Leech after this many failures", 1, 100, "1–100; empty: your settings' threshold."
    )
    version = _version_field()
