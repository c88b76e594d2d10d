from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Learning"

    def ready(self) -> None:
        # Learners' per-domain day rows and standings follow cards that are retired, restored
        # or moved, their new-card cursors go back where cards come in, come back or move, and
        # their states keep their cards' table rows and activity (each module connects its
        # receiver).
        from scheduler import (  # noqa: F401
            card_copies,
            domain_moves,
            new_card_cursor,
            standing_invalidation,
        )
