"""StudyProfile.missed_in_practice: whether the queue needs to look for cards missed in
practice. Set for every learner who already has a practice miss logged (a profile is made for
one who has none yet, so the flag is not lost to StudyProfile.for_user's defaults)."""

from django.db import migrations, models

PRACTICE_MISS = "practice"


def flag_learners_with_misses(apps, schema_editor):
    ReviewLog = apps.get_model("scheduler", "ReviewLog")
    StudyProfile = apps.get_model("scheduler", "StudyProfile")
    missed = set(
        ReviewLog.objects.filter(kind=PRACTICE_MISS).values_list("user_id", flat=True).distinct()
    )
    if not missed:
        return
    StudyProfile.objects.filter(user_id__in=missed).update(missed_in_practice=True)
    have = set(StudyProfile.objects.filter(user_id__in=missed).values_list("user_id", flat=True))
    StudyProfile.objects.bulk_create(
        StudyProfile(user_id=user_id, missed_in_practice=True) for user_id in missed - have
    )


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0020_enrol_learners_in_studied_topics")]

    operations = [
        migrations.AddField(
            model_name="studyprofile",
            name="missed_in_practice",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(flag_learners_with_misses, migrations.RunPython.noop),
    ]
