"""What a load run must show, from its result file and the logs in the database.

Answers: every accepted answer is logged once, every undone one marked undone, and no learner
has a log the run did not send. Targets: no failed request, every learner signed in, and the
review loop served at least `min_ratio` of the floor's throughput in the same run.

Pure (plain data in, lines and problems out), so `make test` checks it; check.py reads the
database and prints.
"""

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Log:
    pk: int
    username: str
    card_id: int
    version_before: int | None  # the card state's version the answer was given to; None: new
    undone: bool


def answer_problems(run: dict, logs: list[Log]) -> tuple[str, list[str]]:
    """A one-line account of the answers, and what is wrong with it (nothing, if all is well)."""
    accepted, undone = run["accepted"], set(run["undone"])
    rows = {log.pk: log.undone for log in logs}
    # Every answer and undo moves the state's version on, so two logs of one card never share
    # the version they were given to unless one answer was recorded twice.
    versions = Counter((log.username, log.card_id, log.version_before or 0) for log in logs)
    doubled = sum(1 for n in versions.values() if n > 1)
    problems = []
    if not accepted:
        problems.append("no answer was accepted: the run proves nothing")
    if len(accepted) != len(set(accepted)):
        problems.append("the server named one answer twice")
    missing = len(set(accepted) - set(rows))
    if missing:
        problems.append(f"{missing} accepted answers without a log")
    # An answer still in flight when the run stopped, or whose response came after the
    # client's timeout, may be logged without the run seeing it accepted.
    sent = {tuple(answer) for answer in run["sent"]}
    unsent = sum(
        1 for log in logs if (log.username, log.card_id, log.version_before or 0) not in sent
    )
    if unsent:
        problems.append(f"{unsent} logs for answers the run never sent")
    # The same for an undo in flight at the stop.
    undo_sent = set(run["undo_sent"]) | undone
    wrong_undo = sum(
        1
        for pk, is_undone in rows.items()
        if (pk in undone and not is_undone) or (is_undone and pk not in undo_sent)
    )
    if wrong_undo:
        problems.append(f"{wrong_undo} logs whose undone flag disagrees with the run")
    if doubled:
        problems.append(f"{doubled} answers recorded twice for one card version")
    line = (
        f"answers sent {len(sent)}, accepted {len(accepted)}, logs written {len(rows)} "
        f"(logged without a response, in flight at the stop or timed out: "
        f"{len(rows) - len(accepted)}), undone {len(undone)}, "
        f"doubled {doubled}"
    )
    return line, problems


def throughput_lines(run: dict, min_ratio: float) -> tuple[list[str], list[str]]:
    """The floor and the loop side by side, their ratio, where the CPU went, and misses."""
    problems = []
    if run["failures"]:
        problems.append(f"{run['failures']} failed requests (see the table above)")
    if run["signed_in"] < run["users"]:
        problems.append(f"only {run['signed_in']} of {run['users']} learners signed in")
    if not run["plan_done"]:
        problems.append("the run stopped before floor, loop, floor were measured (LOAD_TIME)")
    floor, loop = run["phases"]["floor"], run["phases"]["loop"]
    lines = [
        f"{run['users']} learners, {run['think_seconds']:g} s think time before each request "
        f"(0 = busy loop: capacity); floor, loop, loop, floor windows",
        f"{'phase':<6}{'req/s':>8}{'requests':>10}{'seconds':>9}  CPU ms per request",
    ]
    lines.append(
        f"{'':<6}{'':>8}{'':>10}{'':>9}  gunicorn  locust  others on the box   p50 ms   p95 ms"
    )
    for name, phase in (("floor", floor), ("loop", loop)):
        requests = phase["requests"] or 1
        others = phase["box_cpu"] - phase["server_cpu"] - phase["client_cpu"]
        lines.append(
            f"{name:<6}{phase['per_second']:>8.1f}{phase['requests']:>10}{phase['seconds']:>9.0f}"
            f"  {1000 * phase['server_cpu'] / requests:>8.2f}"
            f"  {1000 * phase['client_cpu'] / requests:>6.2f}"
            f"  {1000 * others / requests:>17.2f}"
            f"  {phase['p50_ms']:>7.0f}  {phase['p95_ms']:>7.0f}"
        )
    if not floor["requests"] or not loop["requests"]:
        problems.append("the floor or the loop served nothing that could be counted")
        return lines, problems
    ratio = loop["per_second"] / floor["per_second"]
    server_ratio = (loop["server_cpu"] / loop["requests"]) / (
        floor["server_cpu"] / floor["requests"] or 1
    )
    busy = (floor["box_cpu"] + loop["box_cpu"]) / (floor["box_capacity"] + loop["box_capacity"])
    lines.append(
        f"loop throughput = {ratio:.0%} of the floor's (target >= {min_ratio:.0%}); "
        f"gunicorn CPU per loop request = {server_ratio:.2f}x the floor's; "
        f"the box's cores were {busy:.0%} busy"
    )
    if ratio < min_ratio:
        problems.append(f"loop throughput {ratio:.0%} of the floor's, below {min_ratio:.0%}")
    return lines, problems
