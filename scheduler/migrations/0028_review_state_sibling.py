from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_card_rows(apps, schema_editor):
    """Each existing state takes its card's table row, in one statement."""
    Card = apps.get_model("cards", "Card")
    ReviewState = apps.get_model("scheduler", "ReviewState")
    row = Card.objects.filter(pk=OuterRef("card_id")).values("sibling")[:1]
    ReviewState.objects.exclude(card__sibling="").update(sibling=Subquery(row))


class Migration(migrations.Migration):
    dependencies = [
        ("cards", "0012_card_sibling_order"),
        ("scheduler", "0027_review_state_due_then_introduced"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewstate",
            name="sibling",
            field=models.CharField(blank=True, default="", max_length=80),
        ),
        migrations.RunPython(copy_card_rows, migrations.RunPython.noop, elidable=True),
    ]
