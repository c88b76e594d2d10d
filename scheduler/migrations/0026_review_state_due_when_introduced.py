"""A review state has a due date only once introduced (scheduler.models.ReviewState).

Every write path already keeps the two together; the constraint makes the statistics'
forecast safe to count from the (user, topic, due) index alone. A state that broke the rule
(none is known) would be a card that is new again: its stray due date is cleared first, so
the constraint can be added over any existing data.
"""

from django.db import migrations, models


def clear_due_of_new_cards(apps, schema_editor):
    ReviewState = apps.get_model("scheduler", "ReviewState")
    ReviewState.objects.filter(introduced_on__isnull=True, due__isnull=False).update(due=None)


class Migration(migrations.Migration):
    dependencies = [
        ("scheduler", "0025_domain_standing"),
    ]

    operations = [
        migrations.RunPython(clear_due_of_new_cards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="reviewstate",
            constraint=models.CheckConstraint(
                condition=models.Q(due__isnull=True) | models.Q(introduced_on__isnull=False),
                name="review_state_due_when_introduced",
            ),
        ),
    ]
