"""Build the per-domain daily roll-up from the answers logged before it existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from scheduler.domain_rollup import rebuild

    rebuild(apps.get_model("scheduler", "ReviewLog"), apps.get_model("scheduler", "DomainDay"))


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0022_domain_day_rollup")]

    # Backwards, 0021's reverse drops the table.
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
