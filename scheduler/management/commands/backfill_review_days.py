"""Rebuild the statistics' daily roll-up (ReviewDay) from the review logs."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scheduler.rollup import rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the daily roll-up the statistics read from the review logs, for everyone or "
        "for the named learners. Safe to run any time: the rows are derived from the logs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("usernames", nargs="*", help="only these learners (default: all)")

    def handle(self, **options) -> None:
        usernames = options["usernames"]
        user_ids = None
        if usernames:
            found = dict(
                get_user_model()
                .objects.filter(username__in=usernames)
                .values_list("username", "pk")
            )
            missing = sorted(set(usernames) - set(found))
            if missing:
                raise CommandError(f"No learner named {', '.join(missing)}; nothing was rebuilt.")
            user_ids = list(found.values())
        written = rebuild(user_ids=user_ids)
        self.stdout.write(f"Rebuilt {written} day row{'s' if written != 1 else ''} from the logs.")
