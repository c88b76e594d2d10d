"""gunicorn's settings, from the environment (`make serve` and production use this file).

Worker class and count (WORKER_CHOICE) come from the load test on this project's two-core box
(`tests/load/compare.sh`, 200 learners, SQLite and PostgreSQL; the table is in README
"Production"): sync workers served at least as much of the review loop as gthread and never
dropped a connection, where gthread (4 x 2) dropped 15 on SQLite and 29 on PostgreSQL, racing
its 2 s keep-alive; 4 sync workers served more than 2 and 8 (8 left learners waiting past
60 s), so the default is 2 per core + 1 (4-5 here, within the box's noise).
"""

import os

WORKER_CHOICE = {"class": "sync", "per_core": 2, "plus": 1, "threads": 1}
WORKER_CLASSES = ("sync", "gthread")


def whole_number(environ, name: str, default: int, minimum: int = 1) -> int:
    value = environ.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or int(value) < minimum:
        raise SystemExit(f"{name} must be a whole number of at least {minimum}, not {value!r}")
    return int(value)


def from_environment(environ, cpu_count: int) -> dict:
    """gunicorn's settings for this environment; a bad value stops with its name and why."""
    worker_class = environ.get("GUNICORN_WORKER_CLASS", "") or WORKER_CHOICE["class"]
    if worker_class not in WORKER_CLASSES:
        raise SystemExit(
            f"GUNICORN_WORKER_CLASS must be one of {', '.join(WORKER_CLASSES)}, "
            f"not {worker_class!r}"
        )
    default_threads = WORKER_CHOICE["threads"] if worker_class == WORKER_CHOICE["class"] else 1
    threads = whole_number(environ, "GUNICORN_THREADS", default_threads)
    if worker_class == "sync" and threads != 1:
        raise SystemExit("GUNICORN_THREADS needs GUNICORN_WORKER_CLASS=gthread (sync is 1)")
    timeout = whole_number(environ, "GUNICORN_TIMEOUT", 30)
    max_requests = whole_number(environ, "GUNICORN_MAX_REQUESTS", 5000, minimum=0)
    return {
        "bind": environ.get("BIND", "") or "127.0.0.1:8000",
        "workers": whole_number(
            environ,
            "WEB_CONCURRENCY",
            WORKER_CHOICE["per_core"] * cpu_count + WORKER_CHOICE["plus"],
        ),
        "worker_class": worker_class,
        "threads": threads,
        # Waiting sign-ins queue in the kernel instead of being refused under a burst.
        "backlog": whole_number(environ, "GUNICORN_BACKLOG", 2048),
        "timeout": timeout,
        "graceful_timeout": timeout,
        # Recycle workers now and then so a slow leak never grows without bound (0: never).
        "max_requests": max_requests,
        "max_requests_jitter": max_requests // 10,
        # Behind a proxy, trust its X-Forwarded-* only from the addresses listed.
        "forwarded_allow_ips": environ.get("FORWARDED_ALLOW_IPS", "") or "127.0.0.1,::1",
        "accesslog": environ.get("GUNICORN_ACCESS_LOG") or None,
        "errorlog": "-",
        "loglevel": environ.get("GUNICORN_LOG_LEVEL", "") or "info",
        # gunicorn's control socket sits at one path per home directory, so a second instance
        # on the host would take it over; nothing here uses it.
        "control_socket_disable": True,
    }


globals().update(from_environment(os.environ, os.cpu_count() or 1))
