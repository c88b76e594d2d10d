"""Drop the JSON snapshots (0016 copied them into typed columns) and the indexes no query
uses: the user's, card's and topic's own foreign-key indexes. Every query on the log starts from
the user, so the composite indexes lead with it; (user, card) serves a card's history.

On PostgreSQL a dropped column's data stays in the rows already written (and 0016's update left
the old row versions behind) until the table is rewritten: run `VACUUM FULL scheduler_reviewlog`
once after migrating a large history to get the space back (it locks the table while it runs).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0010_card_reports"),
        ("scheduler", "0016_review_log_state_from_json"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="reviewlog", name="state_after"),
        migrations.RemoveField(model_name="reviewlog", name="state_before"),
        migrations.AlterField(
            model_name="reviewlog",
            name="card",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="review_logs",
                to="cards.card",
            ),
        ),
        migrations.AlterField(
            model_name="reviewlog",
            name="topic",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cards.topic",
            ),
        ),
        migrations.AlterField(
            model_name="reviewlog",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="review_logs",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="reviewlog",
            index=models.Index(fields=["user", "card"], name="review_log_card"),
        ),
    ]
