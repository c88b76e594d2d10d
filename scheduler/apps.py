from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Learning"

    def ready(self) -> None:
        # Learners' per-domain day rows and standings follow cards retired, restored or moved.
        from scheduler import domain_moves, standing_invalidation  # noqa: F401  (connect receivers)
