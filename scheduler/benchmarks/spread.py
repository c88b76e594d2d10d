"""How far a benchmark ratio can be trusted: a bootstrap over the rounds that measured it.

On a shared machine a ratio of two medians moves between runs with no change to the code
(the statistics page's growth with history read 1.06 in one run and 1.19 in the next), so a
figure near its goal says little on its own. Each round times every request once, in turn
(requests.measure_learners), and drift touches a round's requests alike: so the round is what
to resample. Drawing the rounds again, with replacement, and recomputing the ratio many times
gives the range the run's own sampling leaves it in; where that range straddles a goal, the
run has not shown which side of it the code is on. It is a lower bound on the uncertainty:
what changes for a whole run (the box busier for a minute) moves every round, and two runs
minutes apart have differed by more than their ranges.

Pure Python: it sees lists of timings, never a request.
"""

import random
import statistics
from collections.abc import Callable, Sequence

# Enough draws for the 5th and 95th percentiles to settle to two decimals; a few hundred
# medians of sixty numbers each, well under a second for the whole report.
RESAMPLES = 400
# The interval printed: 90 % of the resampled ratios fall inside it.
LOW, HIGH = 0.05, 0.95


def median_ratio(top: Sequence[float], bottom: Sequence[float], rounds: Sequence[int]) -> float:
    """median(top) / median(bottom), each over the given rounds (indices, repeats allowed)."""
    return statistics.median(top[n] for n in rounds) / statistics.median(bottom[n] for n in rounds)


def interval(
    statistic: Callable[..., float],
    rounds: int,
    *,
    runs: int = 1,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> tuple[float, float]:
    """The 5th and 95th percentiles of `statistic` over resampled rounds.

    `statistic` takes one list of round indices per run: `runs` > 1 for a figure that compares
    separate runs (two decks, each measured in rounds of its own), which are resampled apart;
    requests measured in the same rounds must share one list, so that what drift did to a
    round stays paired. Seeded, so a report prints the same interval for the same timings.
    """
    if rounds < 1:
        raise ValueError("an interval needs at least one round")
    draw = random.Random(seed)
    values = sorted(
        statistic(*(draw.choices(range(rounds), k=rounds) for _ in range(runs)))
        for _ in range(resamples)
    )
    return values[round(LOW * (resamples - 1))], values[round(HIGH * (resamples - 1))]
