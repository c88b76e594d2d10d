from datetime import date

import pytest
from django.db.models import Value
from django.db.models.fields import DateField

from cards.models import Topic
from scheduler.sql_numbers import EpochDay, day_counts, epoch_day

DAYS = [date(1970, 1, 1), date(1969, 12, 31), date(2024, 2, 29), date(2026, 11, 29)]


@pytest.mark.parametrize("day", DAYS)
def test_the_database_numbers_a_day_as_python_does(db, day):
    Topic.objects.create(slug="t", title="t")

    row = Topic.objects.annotate(n=EpochDay(Value(day, output_field=DateField()))).get()

    assert row.n == epoch_day(day)


def test_packed_day_counts_are_read_back_as_numbers():
    assert day_counts("20786:3,20790:12") == {20786: 3, 20790: 12}
    assert day_counts("") == day_counts(None) == {}
    assert epoch_day(date(2026, 11, 29)) == 20786
