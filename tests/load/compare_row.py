"""One row of tests/load/compare.sh's table, from a run's result file and its output."""

import json
import sys


def main(setup: str, result_path: str, output_path: str) -> None:
    with open(output_path) as output:
        verdict = output.read().rstrip().splitlines()[-1].removeprefix("load test: ")
    try:
        with open(result_path) as result:
            run = json.load(result)
    except (OSError, ValueError):
        print(f"| {setup} | the run left no result: {verdict} (see {output_path}) |")
        return
    floor, loop = run["phases"]["floor"], run["phases"]["loop"]
    ratio = loop["per_second"] / floor["per_second"] if floor["per_second"] else 0.0
    print(
        f"| {setup} | {floor['per_second']:.1f} | {loop['per_second']:.1f} | {ratio:.0%} "
        f"| {loop['p50_ms']:.0f} / {loop['p95_ms']:.0f} "
        f"| {1000 * loop['server_cpu'] / (loop['requests'] or 1):.1f} "
        f"| {run['failures']} | {verdict} |"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
