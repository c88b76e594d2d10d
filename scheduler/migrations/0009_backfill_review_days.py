"""Build the daily roll-up from the answers logged before it existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from django.db.models import Q

    from scheduler.rollup import rebuild

    ReviewLog, ReviewDay = (
        apps.get_model("scheduler", "ReviewLog"),
        apps.get_model("scheduler", "ReviewDay"),
    )
    # Here a log still keeps the state before as JSON (typed columns came with 0015).
    rebuild(ReviewLog, ReviewDay, new=Q(state_before__introduced_on=None))


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0008_review_day_rollup")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
