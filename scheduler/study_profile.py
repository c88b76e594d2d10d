"""A learner's study settings: time zone, day start, limits, grading scale, scheduler, theme."""

import zoneinfo
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from scheduler import algorithms, study_day
from scheduler.algorithms import fsrs

MIN_RETENTION = Decimal("0.70")
MAX_RETENTION = Decimal("0.99")


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a time zone name such as Europe/Berlin.")


def default_time_zone() -> str:
    return settings.DEFAULT_STUDY_TIME_ZONE


class StudyProfile(models.Model):
    """A learner's settings. It holds no history, so it goes with its user."""

    class GradingScale(models.TextChoices):
        FOUR = "four", "Again / Hard / Good / Easy"
        SIX = "six", "Grades 0–5"

    class Scheduler(models.TextChoices):
        SM2 = "sm2", "SM-2"
        FSRS = "fsrs", "FSRS"

    class Theme(models.TextChoices):
        SYSTEM = "system", "Follow the system"
        LIGHT = "light", "Light"
        DARK = "dark", "Dark"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_profile"
    )
    time_zone = models.CharField(
        max_length=64, default=default_time_zone, validators=[validate_time_zone]
    )
    day_starts_at = models.PositiveSmallIntegerField(
        default=4,
        validators=[MaxValueValidator(23)],
        help_text="The hour (0–23) at which a new study day begins.",
    )
    new_cards_per_day = models.PositiveSmallIntegerField(
        default=20, validators=[MaxValueValidator(1000)]
    )
    reviews_per_day = models.PositiveIntegerField(
        default=200, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    grading_scale = models.CharField(max_length=4, choices=GradingScale, default=GradingScale.FOUR)
    exam_date = models.DateField(null=True, blank=True)
    # Anki's default: a card failed this many times is suspended for the learner as a leech.
    leech_threshold = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Failures after which a card is suspended for you as a leech.",
    )
    theme = models.CharField(max_length=6, choices=Theme, default=Theme.SYSTEM)
    # Which algorithm schedules the next answer; both memory models are kept up to date either
    # way (scheduler.algorithms), so switching loses nothing.
    scheduler = models.CharField(max_length=4, choices=Scheduler, default=Scheduler.SM2)
    desired_retention = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.90"),
        validators=[
            MinValueValidator(MIN_RETENTION),
            MaxValueValidator(MAX_RETENTION),
        ],
        help_text="FSRS: the share of cards you want to still remember when they fall due.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The exam's pass mark, % (DVA-C02: 720 of 1000).",
    )
    # FSRS parameters fitted to this learner's answers; null means the library's defaults.
    fsrs_parameters = models.JSONField(null=True, blank=True, editable=False)
    # Set when the time zone or day start changes: the study day in progress then, kept while
    # the new settings' own day is `kept_through` or earlier (scheduler.study_day.keep_day).
    kept_day = models.DateField(null=True, blank=True, editable=False)
    kept_through = models.DateField(null=True, blank=True, editable=False)
    # Set by the first practice exam question the learner misses (it never goes back): only
    # then does the queue look for cards missed in practice, a part of its query that costs
    # every other learner planning time on each review page and answer.
    missed_in_practice = models.BooleanField(default=False, editable=False)

    def __str__(self) -> str:
        return f"Study profile of {self.user}"

    @classmethod
    def for_user(cls, user) -> "StudyProfile":
        """The learner's profile, created with the defaults on first use.

        Cached on the user object, so a request asks the database once.
        """
        try:
            return user.study_profile
        except cls.DoesNotExist:
            profile, _ = cls.objects.get_or_create(user=user)
            user.study_profile = profile
            return profile

    def algorithm(self) -> "algorithms.Algorithm":
        """The learner's scheduler, with their FSRS parameters and desired retention."""
        return algorithms.choose(
            self.scheduler,
            parameters=self.fsrs_parameters,
            desired_retention=float(self.desired_retention),
        )

    def algorithm_model(self) -> fsrs.Model:
        """FSRS with the learner's parameters and retention (for replay and prediction)."""
        return fsrs.Model(self.fsrs_parameters, float(self.desired_retention))

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self, now: datetime) -> date:
        """The learner's study day at `now`: every view and service asks this."""
        return study_day.kept_study_day(
            now, self.zone, self.day_starts_at, self.kept_day, self.kept_through
        )

    def keep_day_across_change(self, *, day_before: date, now: datetime) -> None:
        """Call after changing time zone or day start (unsaved), with the day in progress."""
        kept = study_day.keep_day(now, day_before, self.zone, self.day_starts_at)
        self.kept_day, self.kept_through = kept or (None, None)
