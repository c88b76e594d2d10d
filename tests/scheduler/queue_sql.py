"""The queue's query as scheduler.prepared compiles and runs it, for the plan tests to EXPLAIN."""

from django.db import connection
from django.utils import timezone

from scheduler import prepared, prepared_values
from scheduler.models import StudyProfile
from scheduler.queue import build_queue


def queue_query(user, topic) -> tuple[str, list]:
    """The SQL (with %s placeholders) and parameters of `user`'s queue query for `topic`."""
    profile = StudyProfile.for_user(user)
    today = profile.today(timezone.now())
    build_queue(user=user, profile=profile, topic_id=topic.pk, today=today)  # compiles it
    (compiled,) = [value for key, value in prepared._compiled.items() if "next" in key]
    params = prepared_values.params_for(
        compiled.slots, prepared.Values(user.pk, today, [topic.pk]), connection
    )
    return compiled.sql, params
