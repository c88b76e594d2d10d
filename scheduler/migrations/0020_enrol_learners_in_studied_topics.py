"""Enrol every learner in each topic they have studied, so nothing disappears from their
dashboard when it starts showing only enrolled topics.

The enrolments carry no exam date or limits of their own: the profile's keep applying, as
before. Backwards there is nothing to undo (0019's reverse drops the table).
"""

from django.db import migrations
from django.utils import timezone

BATCH = 1000


def enrol_studied_topics(apps, schema_editor):
    ReviewState = apps.get_model("scheduler", "ReviewState")
    Enrolment = apps.get_model("scheduler", "Enrolment")
    now = timezone.now()
    pairs = (
        ReviewState.objects.order_by("user_id", "topic_id")
        .values_list("user_id", "topic_id")
        .distinct()
    )
    batch = []
    for user_id, topic_id in pairs.iterator():
        batch.append(Enrolment(user_id=user_id, topic_id=topic_id, enrolled_at=now))
        if len(batch) == BATCH:
            Enrolment.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Enrolment.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0019_enrolments")]

    operations = [migrations.RunPython(enrol_studied_topics, migrations.RunPython.noop)]
