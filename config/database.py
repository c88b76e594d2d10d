"""The database settings from DATABASE_URL, tuned for SQLite or PostgreSQL (see README)."""

import os
from pathlib import Path

import dj_database_url

from config.environment import env_bool, env_choice, env_float

PLAN_CACHE_MODES = ("force_generic_plan", "force_custom_plan", "auto")


def database_from_url(url: str, var_dir: Path) -> dict:
    """DATABASES['default'] for `url`; SQLite's test database goes in `var_dir`."""
    database = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # One writer at a time: WAL lets readers go on while a review is saved, IMMEDIATE
        # takes the write lock when the transaction starts (no deadlocked upgrades), and the
        # timeout makes a second writer wait instead of failing.
        # Django's backend, with each query's placeholders rewritten once (config.sqlite).
        database["ENGINE"] = "config.sqlite"
        database["CONN_MAX_AGE"] = 0
        database["CONN_HEALTH_CHECKS"] = False
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests use a file too, so threads share one database the way requests do; one per
        # test process, so two test runs on one machine do not share it.
        database["TEST"] = {"NAME": str(var_dir / f"test-{os.getpid()}.sqlite3")}
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with each query's placeholders rewritten once (config.postgresql).
        database["ENGINE"] = "config.postgresql"
        # No JIT: it pays off for long analytical queries, and the queue's query, with a
        # dozen subqueries, has an estimated cost past jit_above_cost for a learner with a
        # big backlog. PostgreSQL then compiled it to machine code on every request: a
        # second of CPU for a query that runs in one millisecond (`make benchmark`).
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        # Index reads priced as what they are on an SSD or a cached table, not a spinning
        # disk's seek (PostgreSQL's default 4): at 4, counting a learner's 260 due cards among
        # 30,000 chose a hash join over the whole card table, 14 ms where 260 index lookups
        # take 0.7 (`make benchmark`, the finished learner). Set to suit the server's disks.
        random_page_cost = env_float("POSTGRES_RANDOM_PAGE_COST", 1.1)
        options["options"] += f" -c random_page_cost={random_page_cost}"
        if env_bool("POSTGRES_PREPARED_STATEMENTS", True):
            # Parameters bound by the server, and a query run a few times on a connection is
            # prepared there: the session and user lookups every request makes are not parsed
            # again. Off behind a pooler in transaction mode (PgBouncer before 1.21), where a
            # connection's prepared statements are not the session's.
            options.setdefault("server_side_binding", True)
            options.setdefault("prepare_threshold", 2)
            # And planned once per connection (a generic plan) rather than for each run's
            # values: planning the queue's query, a dozen subqueries, took 2 ms of the review
            # page's 4 on every request. The queue's parts leave the planner nothing that
            # depends on whose queue it is (scheduler.queue_parts: a state's card is looked
            # up, never joined), so its generic plan runs as fast as a custom one
            # (`make benchmark`, the finished 30,000-card learner included).
            mode = env_choice("POSTGRES_PLAN_CACHE_MODE", "force_generic_plan", PLAN_CACHE_MODES)
            options["options"] += f" -c plan_cache_mode={mode}"
    return database
