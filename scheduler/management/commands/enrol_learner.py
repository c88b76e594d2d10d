"""Enrol a learner in topics from the command line (make run's local account, an operator)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cards.models import Topic
from scheduler.enrolment import Enrolment
from scheduler.enrolment_services import enrol


class Command(BaseCommand):
    help = (
        "Enrol a learner in the topics given (every topic with --all). With --if-new, only a "
        "learner who has never enrolled in anything: the topics they chose or left stay as "
        "they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("slugs", nargs="*", metavar="topic")
        parser.add_argument("--all", action="store_true", help="every topic there is")
        parser.add_argument(
            "--if-new", action="store_true", help="only if the learner has no enrolment yet"
        )

    def handle(self, *, username: str, slugs: list[str], **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        if not slugs and not options["all"]:
            raise CommandError("Name the topics to enrol in (their slugs), or pass --all.")
        topics = Topic.objects.order_by("title")
        if not options["all"]:
            topics = topics.filter(slug__in=slugs)
            unknown = sorted(set(slugs) - set(topics.values_list("slug", flat=True)))
            if unknown:
                known = ", ".join(Topic.objects.values_list("slug", flat=True)) or "none yet"
                raise CommandError(f"No topic {', '.join(unknown)} (known: {known}).")
        if options["if_new"] and Enrolment.objects.for_user(user).exists():
            self.stdout.write(f"{username} already chose their topics; nothing changed.")
            return
        current = {e.topic_id: e for e in Enrolment.objects.for_user(user)}
        for topic in topics:
            version = current[topic.pk].version if topic.pk in current else 0
            result = enrol(user=user, topic=topic, expected_version=version, now=timezone.now())
            self.stdout.write(f"{topic.title}: " + (result.refusal or f"{username} enrolled."))
