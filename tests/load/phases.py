"""The load run's measurement: the same learners on the same gunicorn serve the floor, then
the review loop, then the floor again, and what each phase served is counted.

The floor is the benchmark's trivial signed-in page (session, user, middleware, nothing else).
In the floor phase each learner asks for it exactly as often and with the same think time as
it would ask for pages in the loop, so the two throughputs differ only by the server's work.
Floor, loop for two windows, floor: drift on a shared machine touches both phases alike.
A phase is counted only once every learner has finished the iteration it began in the one
before (drained), so no request of one phase is served inside another's count.

Pure (no locust, no Django), so `make test` checks it.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

FLOOR, LOOP = "floor", "loop"
# (phase, length in windows)
PLAN = ((FLOOR, 1), (LOOP, 2), (FLOOR, 1))


def percentile(values: list[float], percent: int) -> float:
    """The nearest-rank percentile: the smallest value at or above `percent`% of them."""
    if not values:
        return 0.0
    return sorted(values)[math.ceil(percent / 100 * len(values)) - 1]


@dataclass(frozen=True)
class Cpu:
    """CPU seconds used so far by the server (gunicorn), the client (locust) and the box."""

    server: float
    client: float
    box: float

    def __sub__(self, other: "Cpu") -> "Cpu":
        return Cpu(self.server - other.server, self.client - other.client, self.box - other.box)


@dataclass
class Measurement:
    # What a learner starting an iteration now does; the floor until the plan begins.
    phase: str = FLOOR
    counting: bool = False
    active: Counter = field(default_factory=Counter)  # learners inside an iteration, by phase
    requests: int = 0
    # Response times (ms) of the counted requests, by phase.
    times: dict[str, list[float]] = field(default_factory=lambda: {FLOOR: [], LOOP: []})
    opened: tuple[float, Cpu] | None = None
    segments: list[dict] = field(default_factory=list)

    def begin_iteration(self) -> str:
        phase = self.phase
        self.active[phase] += 1
        return phase

    def end_iteration(self, phase: str) -> None:
        self.active[phase] -= 1

    def switch(self, phase: str) -> None:
        self.phase = phase

    def drained(self) -> bool:
        """No learner is still inside an iteration of another phase."""
        return all(count == 0 for phase, count in self.active.items() if phase != self.phase)

    def served(self, phase: str, milliseconds: float) -> None:
        """A request of `phase` was answered (without error) in `milliseconds`."""
        if self.counting and phase == self.phase:
            self.requests += 1
            self.times[phase].append(milliseconds)

    def open(self, now: float, cpu: Cpu) -> None:
        self.counting, self.requests, self.opened = True, 0, (now, cpu)

    def close(self, now: float, cpu: Cpu) -> None:
        began, first = self.opened
        used = cpu - first
        self.segments.append(
            {
                "phase": self.phase,
                "requests": self.requests,
                "seconds": now - began,
                "server_cpu": used.server,
                "client_cpu": used.client,
                "box_cpu": used.box,
            }
        )
        self.counting, self.opened = False, None

    def summary(self, cores: int) -> dict[str, dict[str, float]]:
        """Per phase, over its closed segments: requests, seconds, requests/s and CPU."""
        result = {}
        for phase in (FLOOR, LOOP):
            mine = [segment for segment in self.segments if segment["phase"] == phase]
            total = {
                key: sum(segment[key] for segment in mine)
                for key in ("requests", "seconds", "server_cpu", "client_cpu", "box_cpu")
            }
            seconds = total["seconds"]
            result[phase] = total | {
                "segments": len(mine),
                "per_second": total["requests"] / seconds if seconds else 0.0,
                "box_capacity": seconds * cores,
                "p50_ms": percentile(self.times[phase], 50),
                "p95_ms": percentile(self.times[phase], 95),
            }
        return result
