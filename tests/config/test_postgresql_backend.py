"""PostgreSQL through config.postgresql: Django's backend, each query's placeholders
rewritten once rather than by psycopg on every execute."""

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from config.database import database_from_url
from config.postgresql import base
from config.postgresql.base import numbered


def test_a_postgresql_url_uses_the_project_backend(tmp_path):
    database = database_from_url("postgres://user:secret@db.example:5432/cards", tmp_path)

    assert database["ENGINE"] == "config.postgresql"


def test_placeholders_and_literal_percents_come_out_numbered():
    query = "SELECT %s, 'a %% b', '%%s' WHERE x LIKE %s"

    assert numbered(query) == ("SELECT $1, 'a % b', '%s' WHERE x LIKE $2", None, 2)


def test_a_named_placeholder_used_twice_is_one_parameter():
    assert numbered("SELECT %(a)s + %(b)s * %(a)s") == ("SELECT $1 + $2 * $1", ("a", "b"), 2)


@pytest.mark.parametrize(
    "query", ["SELECT %b", "SELECT %d", "SELECT %(a)s + %s", "SELECT 'x' LIKE 'a%'"]
)
def test_other_placeholders_are_refused_as_psycopg_refuses_them(query):
    with pytest.raises(psycopg.ProgrammingError):
        numbered(query)


def test_a_long_query_seen_before_is_not_rewritten_again():
    # Longer than psycopg remembers (4 kB, 50 parameters): the queue's query is.
    query = "SELECT " + " + ".join(["%s"] * 69) + " -- " + "x" * 5000
    numbered(query)
    hits = base._remembered.cache_info().hits

    assert numbered(query)[2] == 69
    assert base._remembered.cache_info().hits == hits + 1


def test_a_bulk_insert_is_rewritten_each_time_not_remembered():
    query = "INSERT INTO t VALUES " + ", ".join(["(%s, %s)"] * 5000)
    misses = base._remembered.cache_info().misses

    assert numbered(query)[2] == 10_000
    assert numbered(query)[2] == 10_000
    assert base._remembered.cache_info().misses == misses


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs queries on PostgreSQL"
)


@needs_postgresql
@pytest.mark.django_db
def test_queries_with_parameters_run_as_before():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s || '%%', %s", ["50", 2])
        assert cursor.fetchone() == ("50%", 2)
        cursor.execute("SELECT %(a)s::int + %(b)s::int * %(a)s::int", {"a": 1, "b": 2})
        assert cursor.fetchone() == (3,)
        cursor.execute("SELECT '100%'")  # no parameters: sent as written
        assert cursor.fetchone() == ("100%",)
        cursor.execute(b"SELECT %s::int + 1", [1])
        assert cursor.fetchone() == (2,)
        cursor.execute(sql.SQL("SELECT {}::int").format(sql.Placeholder()), [4])
        assert cursor.fetchone() == (4,)
        cursor.executemany("SELECT %s::int", [[1], [2]])


@needs_postgresql
@pytest.mark.django_db
def test_a_wrong_number_of_parameters_is_refused_before_it_is_sent():
    with connection.cursor() as cursor, pytest.raises(psycopg.ProgrammingError) as refused:
        cursor.cursor.execute("SELECT %s", [1, 2])

    assert "1 placeholders but 2 parameters" in str(refused.value)


@needs_postgresql
def test_the_connection_uses_the_project_cursor():
    assert connection.get_connection_params()["cursor_factory"] is base.ServerBindingCursor
