"""Create (or reset) the load test's learners: `python -m tests.load.prepare N`."""

import os
import sys

import django


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cards.models import Topic
    from scheduler.models import Enrolment, StudyProfile
    from scheduler.services import delete_account_and_data

    User = get_user_model()
    for user in User.objects.filter(username__startswith="load-"):
        delete_account_and_data(user=user)
    password = os.environ.get("LOAD_PASSWORD", "load-test-password-1")
    for n in range(count):
        user = User(username=f"load-{n}")
        user.set_password(password)
        user.save()
        StudyProfile.objects.create(user=user, new_cards_per_day=1000)
        # They study every topic: the review page of a topic not studied offers to start it.
        Enrolment.objects.bulk_create(
            Enrolment(user=user, topic=topic, enrolled_at=timezone.now())
            for topic in Topic.objects.all()
        )
    print(f"{count} load-test learners ready")


if __name__ == "__main__":
    main(int(sys.argv[1]))
