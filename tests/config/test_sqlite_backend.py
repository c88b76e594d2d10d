"""SQLite through config.sqlite: Django's backend, each query's placeholders rewritten once."""

import pytest
from django.db import connection

from config.database import database_from_url
from config.sqlite.base import qmark_style

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite backend, tested where it is the database"
)


def test_a_sqlite_url_uses_the_project_backend(tmp_path):
    database = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path)

    assert database["ENGINE"] == "config.sqlite"


def test_placeholders_and_literal_percents_come_out_as_djangos_own_backend_writes_them():
    query = "SELECT %s, 'a %% b', '%%s' WHERE x LIKE %s"

    assert qmark_style(query) == "SELECT ?, 'a % b', '%s' WHERE x LIKE ?"


def test_a_query_seen_before_is_not_rewritten_again():
    query = "SELECT %s + %s -- test_a_query_seen_before_is_not_rewritten_again"
    qmark_style(query)
    hits = qmark_style.cache_info().hits

    assert qmark_style(query) == "SELECT ? + ? -- test_a_query_seen_before_is_not_rewritten_again"
    assert qmark_style.cache_info().hits == hits + 1


@pytest.mark.django_db
def test_queries_with_parameters_run_as_before():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s || '%%', %s", ["50", 2])
        assert cursor.fetchone() == ("50%", 2)
        cursor.execute("SELECT %(a)s + %(b)s", {"a": 1, "b": 2})
        assert cursor.fetchone() == (3,)
