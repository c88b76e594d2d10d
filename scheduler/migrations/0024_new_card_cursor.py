"""Each learner's new-card cursor per topic (scheduler.new_card_cursor), set where their
answers so far would have moved it: without a row a learner who finished a deck would keep
cursor 0, the whole deck, until their next new card, which never comes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def backfill(apps, schema_editor):
    from scheduler.new_card_cursor import advance

    ReviewState = apps.get_model("scheduler", "ReviewState")
    pairs = ReviewState.objects.order_by().values_list("user_id", "topic_id").distinct()
    for user_id, topic_id in list(pairs):
        advance(user_id=user_id, topic_id=topic_id)


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0012_card_sibling_order"),
        ("scheduler", "0023_backfill_domain_days"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NewCardCursor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0)),
                ("lowered", models.PositiveIntegerField(default=0)),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cards.topic",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("user", "topic"), name="new_card_cursor_unique")
                ],
            },
        ),
        # Backwards, dropping the table drops the rows.
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
