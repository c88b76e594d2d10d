"""Rebuild the statistics' daily roll-ups (ReviewDay, and readiness's DomainDay) from the
review logs."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from scheduler import domain_rollup, rollup


class Command(BaseCommand):
    help = (
        "Rebuild the daily roll-ups the statistics read (per topic, and per exam domain for "
        "readiness) from the review logs, for everyone or for the named learners. Safe to run "
        "any time: the rows are derived from the logs."
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
        with transaction.atomic():
            domain_rollup.hold_off_answers()  # none counted twice or lost while rebuilding
            written = rollup.rebuild(user_ids=user_ids)
            per_domain = domain_rollup.rebuild(user_ids=user_ids)
        self.stdout.write(f"Rebuilt {written} day row{'s' if written != 1 else ''} from the logs.")
        self.stdout.write(
            f"Rebuilt {per_domain} domain day row{'s' if per_domain != 1 else ''} from the logs."
        )
