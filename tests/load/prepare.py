"""Create (or reset) the load test's learners: `python -m tests.load.prepare N`.

An earlier run's learners are renamed, history and all, rather than deleted. Deleting them
left the learner tables nearly empty; autovacuum then recorded them as empty, and on
PostgreSQL each connection's generic plan for the queue's queries was made for empty
tables (a sequential scan of the states for every card of the deck) and kept until the
next autoanalyze, a minute or more into the run: loop throughput swung from 27% to 82%
of the floor's between runs on one database. Kept, they also make the tables what a site
in use has. Each run adds a few hundred kilobytes.
"""

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

    User = get_user_model()
    run = timezone.now().strftime("%Y%m%d%H%M%S")
    for user in User.objects.filter(username__regex=r"^load-[0-9]+$"):
        user.username = f"earlier-{run}-{user.username}"
        user.save(update_fields=["username"])
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
