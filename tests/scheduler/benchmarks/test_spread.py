import statistics

import pytest

from scheduler.benchmarks.spread import interval, median_ratio


def test_the_ratio_of_medians_counts_each_drawn_round_as_often_as_it_was_drawn():
    top = [10.0, 20.0, 30.0]
    bottom = [1.0, 2.0, 3.0]

    assert median_ratio(top, bottom, [0, 1, 2]) == 10.0
    assert median_ratio(top, bottom, [2, 2, 0]) == 10.0
    assert median_ratio(top, [5.0, 5.0, 5.0], [0, 0, 1]) == 2.0


def test_steady_timings_give_an_interval_of_one_value():
    page, floor = [6.0] * 40, [2.0] * 40

    low, high = interval(lambda rounds: median_ratio(page, floor, rounds), 40)

    assert low == high == 3.0


def test_noisy_timings_give_an_interval_around_the_measured_ratio():
    page = [6.0 + (n % 7) * 0.5 for n in range(60)]
    floor = [2.0 + (n % 5) * 0.1 for n in range(60)]
    measured = median_ratio(page, floor, range(60))

    low, high = interval(lambda rounds: median_ratio(page, floor, rounds), 60)

    assert low < measured < high
    assert high - low < 0.5 * measured


def test_drift_shared_by_a_round_cancels_when_the_rounds_stay_paired():
    # Each round runs the page and the floor back to back: a slow round slows both alike.
    drift = [1.0 + (n % 10) * 0.3 for n in range(50)]
    page = [3.0 * slow for slow in drift]
    floor = [1.0 * slow for slow in drift]

    paired = interval(lambda rounds: median_ratio(page, floor, rounds), 50)
    unpaired = interval(
        lambda one, other: (
            statistics.median(page[n] for n in one) / statistics.median(floor[n] for n in other)
        ),
        50,
        runs=2,
    )

    assert paired == pytest.approx((3.0, 3.0))
    assert unpaired[0] < 3.0 < unpaired[1]


def test_separate_runs_are_resampled_apart():
    drawn = []

    def statistic(first, second):
        drawn.append((tuple(first), tuple(second)))
        return 1.0

    interval(statistic, 30, runs=2, resamples=20)

    assert len(drawn) == 20
    assert any(first != second for first, second in drawn)


def test_the_same_timings_give_the_same_interval_every_time():
    page = [5.0 + (n * 37 % 11) * 0.2 for n in range(60)]
    floor = [2.0 + (n * 13 % 7) * 0.05 for n in range(60)]

    def ratio(rounds):
        return median_ratio(page, floor, rounds)

    assert interval(ratio, 60) == interval(ratio, 60)


def test_no_rounds_is_refused():
    with pytest.raises(ValueError, match="at least one round"):
        interval(lambda rounds: 1.0, 0)
