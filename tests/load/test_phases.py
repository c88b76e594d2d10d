"""The load run counts each phase's requests only while that phase alone is being served."""

import pytest

from tests.load.phases import FLOOR, LOOP, Cpu, Measurement, percentile


def test_a_phase_counts_only_its_own_requests_and_only_while_open():
    measurement = Measurement()
    measurement.served(FLOOR, 5)  # before the phase opens: not counted
    measurement.open(100.0, Cpu(0, 0, 0))
    measurement.served(FLOOR, 5)
    measurement.served(FLOOR, 7)
    measurement.served(LOOP, 50)  # another phase's request
    measurement.close(110.0, Cpu(0.2, 0.05, 1.0))
    measurement.served(FLOOR, 5)  # after it closed

    assert measurement.segments == [
        {
            "phase": FLOOR,
            "requests": 2,
            "seconds": 10.0,
            "server_cpu": 0.2,
            "client_cpu": 0.05,
            "box_cpu": 1.0,
        }
    ]
    assert measurement.times[FLOOR] == [5, 7]


def test_a_phase_waits_until_no_learner_is_inside_an_iteration_of_another():
    measurement = Measurement()
    floor_iteration = measurement.begin_iteration()
    measurement.switch(LOOP)
    loop_iteration = measurement.begin_iteration()

    assert (floor_iteration, loop_iteration) == (FLOOR, LOOP)
    assert not measurement.drained()
    measurement.end_iteration(floor_iteration)
    assert measurement.drained()  # a learner of the phase itself does not hold it back


def test_the_summary_adds_up_each_phases_segments():
    measurement = Measurement()
    for phase, start, requests, cpu in (
        (FLOOR, 0.0, 100, 0.5),
        (LOOP, 20.0, 60, 3.0),
        (FLOOR, 60.0, 80, 0.4),
    ):
        measurement.switch(phase)
        measurement.open(start, Cpu(0, 0, 0))
        for _ in range(requests):
            measurement.served(phase, 10)
        length = 40.0 if phase == LOOP else 10.0
        measurement.close(start + length, Cpu(cpu, 0.1, 2 * cpu))

    summary = measurement.summary(cores=2)

    assert summary[FLOOR]["segments"] == 2
    assert summary[FLOOR]["requests"] == 180
    assert summary[FLOOR]["per_second"] == 9.0
    assert summary[FLOOR]["server_cpu"] == pytest.approx(0.9)
    assert summary[FLOOR]["box_capacity"] == 40.0
    assert summary[LOOP]["per_second"] == 1.5
    assert summary[LOOP]["p95_ms"] == 10


def test_a_phase_never_measured_serves_nothing():
    summary = Measurement().summary(cores=2)

    assert summary[LOOP]["per_second"] == 0.0
    assert summary[LOOP]["p50_ms"] == 0.0


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))

    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([3.0], 99) == 3.0
