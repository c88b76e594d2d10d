"""A ReviewLog keeps the state before it in typed columns, not two JSON snapshots (issue 18).

Added nullable here, filled from the JSON by 0016, and the JSON dropped by 0017 (made nullable
here so that 0017 can be reversed and 0016's reverse fill it in again). The columns
are added widest first: PostgreSQL lays a row out in column order and pads each column to its
alignment, so this order wastes the fewest bytes.
"""

from django.db import migrations, models


def field(name: str, column: models.Field) -> migrations.AddField:
    return migrations.AddField(model_name="reviewlog", name=name, field=column)


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0014_review_log_kinds_actions_and_practice")]

    operations = [
        migrations.AlterField("reviewlog", "state_before", models.JSONField(null=True)),
        migrations.AlterField("reviewlog", "state_after", models.JSONField(null=True)),
        field("last_answered_at_before", models.DateTimeField(null=True)),
        field("fsrs_stability_before", models.FloatField(null=True)),
        field("fsrs_difficulty_before", models.FloatField(null=True)),
        field("due_before", models.DateField(null=True)),
        field("reviews_before", models.PositiveIntegerField(null=True)),
        field("introduced_on_before", models.DateField(null=True)),
        field("last_answered_on_before", models.DateField(null=True)),
        field("buried_on_before", models.DateField(null=True)),
        field("version_before", models.PositiveIntegerField(null=True)),
        field("sm2_interval_before", models.PositiveIntegerField(null=True)),
        field("fsrs_reviewed_on_before", models.DateField(null=True)),
        field("repetitions_before", models.PositiveSmallIntegerField(null=True)),
        field("lapses_before", models.PositiveSmallIntegerField(null=True)),
        field("flag_before", models.PositiveSmallIntegerField(null=True)),
        field("repetitions_after", models.PositiveSmallIntegerField(null=True)),
        field("redrill_before", models.BooleanField(null=True)),
        field("suspended_before", models.BooleanField(null=True)),
        field("leech_before", models.BooleanField(null=True)),
        field("marked_before", models.BooleanField(null=True)),
        field("leech_after", models.BooleanField(default=False)),
        field("easiness_before", models.DecimalField(decimal_places=2, max_digits=4, null=True)),
        field("easiness_after", models.DecimalField(decimal_places=2, max_digits=4, null=True)),
    ]
