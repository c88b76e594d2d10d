"""One row of tests/load/compare.sh's table, from a run's result file and its output."""

import json
import sys

# check.py's misses that are about the answers, not the targets of throughput and errors.
ANSWER_MISSES = ("without a log", "never sent", "undone flag", "recorded twice", "no answer")


def main(setup: str, database: str, result_path: str, output_path: str) -> None:
    with open(output_path) as output:
        lines = output.read().rstrip().splitlines()
    verdict = lines[-1].removeprefix("load test: ")
    try:
        with open(result_path) as result:
            run = json.load(result)
    except (OSError, ValueError):
        print(f"| {setup} | {database} | the run left no result: {verdict} ({output_path}) |")
        return
    answer_misses = [
        line
        for line in lines
        if line.startswith("MISSED") and any(m in line for m in ANSWER_MISSES)
    ]
    floor, loop = run["phases"]["floor"], run["phases"]["loop"]
    ratio = loop["per_second"] / floor["per_second"] if floor["per_second"] else 0.0
    print(
        f"| {setup} | {database} | {floor['per_second']:.1f} | {loop['per_second']:.1f} "
        f"| {ratio:.0%} | {loop['p50_ms']:.0f} / {loop['p95_ms']:.0f} "
        f"| {1000 * loop['server_cpu'] / (loop['requests'] or 1):.0f} "
        f"| {run['failures']} | {'; '.join(answer_misses) or 'all accounted for'} |"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
