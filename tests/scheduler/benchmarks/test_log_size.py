from scheduler.benchmarks.log_size import review_log_bytes
from tests.scheduler.answering import answer


def test_log_size_reports_the_total_a_row_then_the_table_and_each_index(learner, deck):
    cards = deck(3)
    for card in cards:
        answer(learner, card, 4)

    lines = review_log_bytes()

    assert "bytes a row in total (table + TOAST + indexes, 3 rows)" in lines[0]
    assert "table pages" in lines[1]
    assert any("index " in line for line in lines[2:])


def test_log_size_says_when_there_is_nothing_to_measure(db):
    assert review_log_bytes() == ["no ReviewLog rows to measure"]
