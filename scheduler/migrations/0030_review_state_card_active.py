from django.db import migrations, models


def copy_card_activity(apps, schema_editor):
    """States of retired or suspended cards say so, in one statement (the rest keep True)."""
    ReviewState = apps.get_model("scheduler", "ReviewState")
    ReviewState.objects.filter(card__is_active=False).update(card_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0012_card_sibling_order"),
        ("scheduler", "0029_review_state_answered_on_topic"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewstate",
            name="card_active",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(copy_card_activity, migrations.RunPython.noop, elidable=True),
    ]
