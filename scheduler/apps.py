from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    verbose_name = "Learning"

    def ready(self) -> None:
        # Learners' per-domain day rows follow cards that are retired, restored or moved.
        from scheduler import domain_moves  # noqa: F401  (connects the receiver)
