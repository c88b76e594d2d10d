"""Where a learner stands in one exam domain: the per-domain counts the dashboard and the
statistics read (scheduler.stats.summary), kept instead of counted from the learner's states."""

from django.conf import settings
from django.db import models

from cards.models import Domain


class DomainStandingQuerySet(models.QuerySet):
    def for_user(self, user) -> "DomainStandingQuerySet":
        return self.filter(user=user)


class DomainStanding(models.Model):
    """One learner's introduced states on one domain's active cards, counted.

    Derived from ReviewState (scheduler.standing keeps it): every answer and undo adds the
    difference its card made, in its transaction; whatever else changes counted state (cards
    retired, restored or moved, FSRS memory rewritten) marks the row unbuilt, and
    scheduler.stats.summary rebuilds it from the states when it next reads it.

    The counts hold on any day. The recall terms hold only on their `basis`: the prediction
    date and the learner's forgetting curve and desired retention they were computed with;
    a reader whose basis differs rebuilds the row.
    """

    # CASCADE, unlike ReviewState's PROTECT: these rows are derived, not history, and
    # delete_account_and_data deletes them explicitly anyway.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="domain_standings",
        db_index=False,
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="standings", db_index=False
    )
    # False until built from the states, and again once invalidated: the figures below are
    # then only the answers' deltas since, and mean nothing.
    built = models.BooleanField(default=False)
    # Every write that changes the figures adds 1: a rebuild stores its result only if the row
    # still has the version it read before counting the states (scheduler.standing).
    version = models.PositiveIntegerField(default=0)
    # Signed: an unbuilt row sums deltas, which may be below 0.
    seen = models.IntegerField(default=0)
    learned = models.IntegerField(default=0)
    mature = models.IntegerField(default=0)
    without_memory = models.IntegerField(default=0)
    recall_sum = models.FloatField(default=0.0)
    weak = models.IntegerField(default=0)
    missing = models.FloatField(default=0.0)
    # The basis of the recall terms (scheduler.standing_terms.Basis).
    basis_on = models.DateField(null=True)
    curve_factor = models.FloatField(null=True)
    curve_decay = models.FloatField(null=True)
    target = models.FloatField(null=True)

    objects = DomainStandingQuerySet.as_manager()

    class Meta:
        # Its index is the one every read and write uses (a learner's domains).
        constraints = [
            models.UniqueConstraint(fields=["user", "domain"], name="domain_standing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · domain {self.domain_id}"
