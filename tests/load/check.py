"""After a load run: its targets and its answers against the database (tests/load/accounting.py).

`python -m tests.load.check`; prints every miss and exits 1 if there is one.
LOAD_MIN_RATIO (default 0.70) is the loop's least share of the floor's throughput.
"""

import json
import os
import sys

import django

from tests.load.accounting import Log, answer_problems, throughput_lines


def logs_of_the_run() -> list[Log]:
    from scheduler.models import ReviewLog

    # A log keeps the version of the card state its answer was given to.
    rows = ReviewLog.objects.filter(user__username__startswith="load-").values_list(
        "pk", "user__username", "card_id", "version_before", "undone"
    )
    return [Log(*row) for row in rows]


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    with open(os.environ.get("LOAD_RESULT", "var/load-result.json")) as result:
        run = json.load(result)
    min_ratio = float(os.environ.get("LOAD_MIN_RATIO", "0.70"))
    lines, problems = throughput_lines(run, min_ratio)
    answers, answer_misses = answer_problems(run, logs_of_the_run())
    problems += answer_misses
    print("\n".join(lines))
    print(answers)
    for problem in problems:
        print(f"MISSED: {problem}")
    print("load test: " + (f"{len(problems)} target(s) missed" if problems else "all targets met"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
