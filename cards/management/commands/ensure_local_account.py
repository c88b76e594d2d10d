import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Make sure the local account exists (staff, so it can also edit cards) and print how to "
        "sign in. Its password is generated on first use and kept in var/local-account.txt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="learner")

    def handle(self, *, username: str, **options) -> None:
        secret_file = settings.VAR_DIR / "local-account.txt"
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or not secret_file.exists():
            password = secrets.token_urlsafe(12)
            user = user or User(username=username, is_staff=True, is_superuser=True)
            user.set_password(password)
            user.save()
            settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
            secret_file.touch(mode=0o600)
            secret_file.write_text(f"{username}\n{password}\n")
        username, password = secret_file.read_text().split()[:2]
        self.stdout.write(
            self.style.SUCCESS(
                f"Sign in at http://127.0.0.1:8000/ as {username!r} with password {password!r} "
                f"(kept in {secret_file})."
            )
        )
