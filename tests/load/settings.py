"""The site's settings, plus the benchmark's floor page for the load run to compare against.

Only tests/load/run.sh selects this module (DJANGO_SETTINGS_MODULE), so the floor is served
in the load run and never in production, which uses config.settings and config.urls.
"""

from config.settings import *  # noqa: F403 (everything as production has it)

ROOT_URLCONF = "scheduler.benchmarks.urls"
