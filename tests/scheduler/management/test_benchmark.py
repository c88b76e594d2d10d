"""The benchmark's options: a wrong one is named, and nothing is measured."""

import re

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--requests", "review,bogus", "unknown request bogus"),
        ("--requests", ",", "unknown request (none)"),
        ("--decks", "600,many", "'600,many' is not a list of deck sizes"),
        ("--decks", "0", "every deck size must be at least 1 card"),
        ("--repeat", "0", "--repeat must be at least 1"),
    ],
)
def test_a_wrong_option_is_refused_with_what_is_wrong(option, value, named):
    with pytest.raises(CommandError, match=re.escape(named)):
        call_command("benchmark", option, value)
