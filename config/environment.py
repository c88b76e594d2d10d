"""Settings from the environment: each reader names the variable it refuses and why."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value!r}"
        )
    return number


def env_float(name: str, default: float) -> float:
    """A positive number (a planner cost, say) from the environment."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0 or number == float("inf"):
        raise ImproperlyConfigured(f"{name} must be a number above 0, not {value!r}")
    return number


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER from the environment: off unless a proxy in front sets it.

    Trusting the header when no proxy strips it lets any client claim HTTPS. "true" means the
    usual X-Forwarded-Proto; any other header name is taken as given; its value must be https.
    """
    if value.lower() in {"", "0", "false", "no", "off"}:
        return None
    header = "X-Forwarded-Proto" if value.lower() in {"1", "true", "yes", "on"} else value
    if not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be true, false or a header name, not {value!r}"
        )
    return ("HTTP_" + header.upper().replace("-", "_"), "https")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
