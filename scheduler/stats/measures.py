"""Shares, percentages, weighted means, limits and the answer filters every statistic uses."""

import math
from collections.abc import Iterable
from fractions import Fraction

from django.db.models import Q

from scheduler.models import ReviewLog

HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_DAYS = 30
HISTORY_DAYS = 30
MATURE_INTERVAL = 21
LEARNED_REPETITIONS = 2
PASSING_QUALITY = 3
# Pacing aims to have every card seen this many days before the exam.
PACING_MARGIN_DAYS = 7
MAX_NEW_CARDS_PER_DAY = 1000

# Reviewed ahead is scheduled too; cram answers and re-drills never count here.
SCHEDULED = Q(kind__in=ReviewLog.SCHEDULED_KINDS)
PASSED = SCHEDULED & Q(quality__gte=PASSING_QUALITY)

# A log moves its card into "learned" when repetitions go from below 2 to 2 or more, and out
# of it on a lapse. The log keeps the repetitions before and after, so SQL can tell (a null
# repetitions count is not learned).
_LEARNED_BEFORE = Q(repetitions_before__gte=LEARNED_REPETITIONS)
_LEARNED_AFTER = Q(repetitions_after__gte=LEARNED_REPETITIONS)
BECAME_LEARNED = _LEARNED_AFTER & ~_LEARNED_BEFORE
STOPPED_LEARNED = ~_LEARNED_AFTER & _LEARNED_BEFORE


def share(part: int, whole: int) -> Fraction | None:
    """part / whole, or None when there is nothing to divide (no answers, no cards)."""
    return Fraction(part, whole) if whole else None


def percent(value: Fraction | None) -> int | None:
    """A share as a whole percentage, rounded half up; None stays None."""
    return None if value is None else math.floor(value * 100 + Fraction(1, 2))


def weighted_mean(pairs: Iterable[tuple[int, Fraction]]) -> Fraction:
    """The weight-weighted mean of the values (their plain mean when every weight is 0)."""
    return weighted_ratio_mean(
        (weight, value.numerator, value.denominator) for weight, value in pairs
    )


def weighted_ratio_mean(terms: Iterable[tuple[int, int, int]]) -> Fraction:
    """weighted_mean of (weight, numerator, denominator) terms, exactly, in whole numbers over
    their least common denominator: one Fraction in all. A Fraction per term and operation
    (each reducing by a gcd) was most of a heavy learner's readiness history: 30 days of
    every domain's products."""
    terms = list(terms)
    if not terms:
        return Fraction(0)
    common = math.lcm(*(denominator for _, _, denominator in terms))
    total_weight = sum(weight for weight, _, _ in terms)
    if not total_weight:
        terms = [(1, numerator, denominator) for _, numerator, denominator in terms]
        total_weight = len(terms)
    return Fraction(
        sum(
            weight * numerator * (common // denominator) for weight, numerator, denominator in terms
        ),
        common * total_weight,
    )
