"""The per-domain daily roll-up readiness reads: one learner's answers in one exam domain on
one study day."""

from django.conf import settings
from django.db import models

from cards.models import Domain


class DomainDayQuerySet(models.QuerySet):
    def for_user(self, user) -> "DomainDayQuerySet":
        return self.filter(user=user)


class DomainDay(models.Model):
    """One learner's counted answers to one domain's active cards on one study day.

    Derived from ReviewLog and kept in step with it by scheduler.domain_rollup: in the
    transaction of every answer and undo, and of every editor's action or import that retires,
    restores or moves cards (scheduler.domain_moves). An answer counts in the domain its card is
    in now, and only while the card is active, as readiness has always counted it.
    `manage.py backfill_review_days` rebuilds the rows from the logs.
    """

    # No index of their own, as ReviewLog's: the unique constraint's index leads with the user,
    # and nothing looks rows up by domain alone (a domain with cards is never deleted).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="domain_days",
        db_index=False,
    )
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+", db_index=False)
    day = models.DateField(help_text="The learner's study day.")
    # Scheduled answers (reviewed ahead included, re-drills not) and those graded 3 or more.
    answered = models.PositiveIntegerField(default=0)
    passed = models.PositiveIntegerField(default=0)
    # Counted answers (re-drills included) that took the card's repetitions to 2 or more from
    # below, and down from 2 or more: readiness walks its learned counts back with them.
    became_learned = models.PositiveIntegerField(default=0)
    stopped_learned = models.PositiveIntegerField(default=0)

    objects = DomainDayQuerySet.as_manager()

    class Meta:
        # Its index is the one readiness reads: a learner's domains of some topics, a window
        # of days in each.
        constraints = [
            models.UniqueConstraint(fields=["user", "domain", "day"], name="domain_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · domain {self.domain_id} · {self.day}"
