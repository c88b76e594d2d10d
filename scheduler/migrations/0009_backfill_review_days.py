"""Build the daily roll-up from the answers logged before it existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from scheduler.rollup import rebuild

    rebuild(apps.get_model("scheduler", "ReviewLog"), apps.get_model("scheduler", "ReviewDay"))


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0008_review_day_rollup")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
