"""Give every card answered before FSRS memory was kept its memory, replayed from the log.

Without it the predicted exam score would replay those cards' history on every view. Profiles
are all on SM-2 with the default parameters at this point, so the defaults are right. The
reverse does nothing: the fields are dropped with the previous migration's reverse.
"""

from collections import defaultdict

from django.db import migrations

from scheduler.algorithms import fsrs


def replay_history(apps, schema_editor):
    ReviewState = apps.get_model("scheduler", "ReviewState")
    ReviewLog = apps.get_model("scheduler", "ReviewLog")
    model = fsrs.Model()
    users = (
        ReviewState.objects.filter(fsrs_stability__isnull=True, introduced_on__isnull=False)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in list(users):
        answers = defaultdict(list)
        logs = (
            ReviewLog.objects.filter(user_id=user_id, undone=False, kind="scheduled")
            .order_by("answered_at", "pk")
            .values_list("card_id", "study_day", "quality")
        )
        for card_id, day, quality in logs:
            answers[card_id].append((day, quality))
        states = list(ReviewState.objects.filter(user_id=user_id, fsrs_stability__isnull=True))
        for state in states:
            memory = model.replay(answers.get(state.card_id, []))
            state.fsrs_stability = memory.stability
            state.fsrs_difficulty = memory.difficulty
            state.fsrs_reviewed_on = memory.last_review
        ReviewState.objects.bulk_update(
            states, ["fsrs_stability", "fsrs_difficulty", "fsrs_reviewed_on"], batch_size=500
        )


class Migration(migrations.Migration):
    dependencies = [("scheduler", "0006_studyprofile_pass_mark")]

    operations = [migrations.RunPython(replay_history, migrations.RunPython.noop)]
