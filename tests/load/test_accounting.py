"""A load run passes only when every answer is accounted for and every target is met."""

from tests.load.accounting import Log, answer_problems, throughput_lines


def a_run(**changes) -> dict:
    run = {
        "users": 200,
        "signed_in": 200,
        "failures": 0,
        "think_seconds": 2.0,
        "plan_done": True,
        "phases": {"floor": phase(per_second=100.0), "loop": phase(per_second=80.0)},
        "accepted": [1, 2],
        "undone": [2],
        "sent": [["load-0", 10, 0], ["load-0", 11, 0]],
        "undo_sent": [2],
    }
    return run | changes


def phase(per_second: float) -> dict:
    return {
        "requests": int(per_second * 20),
        "seconds": 20.0,
        "per_second": per_second,
        "server_cpu": 10.0,
        "client_cpu": 1.0,
        "box_cpu": 30.0,
        "box_capacity": 40.0,
        "p50_ms": 12.0,
        "p95_ms": 40.0,
    }


LOGS = [Log(1, "load-0", 10, None, undone=False), Log(2, "load-0", 11, 0, undone=True)]


def test_every_answer_logged_once_and_undone_as_told_is_accounted_for():
    line, problems = answer_problems(a_run(), LOGS)

    assert problems == []
    assert line.startswith("answers sent 2, accepted 2, logs written 2")


def test_an_accepted_answer_without_a_log_is_lost():
    _, problems = answer_problems(a_run(accepted=[1, 2, 3]), LOGS)

    assert problems == ["1 accepted answers without a log"]


def test_two_logs_for_one_version_of_a_card_are_a_doubled_answer():
    logs = [*LOGS, Log(3, "load-0", 10, 0, undone=False)]

    _, problems = answer_problems(a_run(accepted=[1, 2, 3]), logs)

    assert problems == ["1 answers recorded twice for one card version"]


def test_a_log_for_an_answer_never_sent_is_reported():
    logs = [*LOGS, Log(3, "load-1", 10, None, undone=False)]

    _, problems = answer_problems(a_run(), logs)

    assert problems == ["1 logs for answers the run never sent"]


def test_an_answer_or_undo_in_flight_at_the_stop_may_be_logged_without_its_response():
    run = a_run(
        accepted=[1],
        undone=[],
        sent=[["load-0", 10, 0], ["load-0", 11, 0]],
        undo_sent=[2],
    )

    line, problems = answer_problems(run, LOGS)

    assert problems == []
    assert "(logged without a response, in flight at the stop or timed out: 1)" in line


def test_an_undo_the_server_confirmed_but_did_not_record_is_reported():
    logs = [LOGS[0], Log(2, "load-0", 11, 0, undone=False)]

    _, problems = answer_problems(a_run(), logs)

    assert problems == ["1 logs whose undone flag disagrees with the run"]


def test_a_run_that_answered_nothing_proves_nothing():
    _, problems = answer_problems(a_run(accepted=[], undone=[], sent=[], undo_sent=[]), [])

    assert problems == ["no answer was accepted: the run proves nothing"]


def test_a_loop_at_70_percent_of_the_floor_meets_the_target():
    lines, problems = throughput_lines(a_run(), min_ratio=0.70)

    assert problems == []
    assert "loop throughput = 80% of the floor's (target >= 70%)" in lines[-1]


def test_a_loop_below_the_ratio_is_a_miss_that_names_both_figures():
    run = a_run(phases={"floor": phase(per_second=100.0), "loop": phase(per_second=35.0)})

    _, problems = throughput_lines(run, min_ratio=0.70)

    assert problems == ["loop throughput 35% of the floor's, below 70%"]


def test_failed_requests_missing_sign_ins_and_an_unfinished_plan_are_misses():
    run = a_run(failures=3, signed_in=198, plan_done=False)

    _, problems = throughput_lines(run, min_ratio=0.70)

    assert problems == [
        "3 failed requests (see the table above)",
        "only 198 of 200 learners signed in",
        "the run stopped before floor, loop, floor were measured (LOAD_TIME)",
    ]


def test_a_phase_that_served_nothing_gives_no_ratio_but_a_miss():
    run = a_run(phases={"floor": phase(per_second=0.0), "loop": phase(per_second=50.0)})

    _, problems = throughput_lines(run, min_ratio=0.70)

    assert problems == ["the floor or the loop served nothing that could be counted"]
