"""Django's SQLite backend, converting each distinct query's placeholders once.

Python's sqlite3 takes "?" placeholders where Django writes "%s", so Django's cursor rewrites
every query with a regular expression before running it. The same few queries run on every
request (the session, the user, the queue's, compiled once by scheduler.prepared), and the
rewrite of their 20,000 characters took 0.8 ms of each answer: more than SQLite took to run
them. The rewrite depends on the query text alone, so it is kept for the queries seen last.
"""

from functools import lru_cache

from django.db.backends.sqlite3 import base

# Distinct query texts remembered: every page's few, with room for the admin's and imports'.
CONVERTED_QUERIES = 512


@lru_cache(maxsize=CONVERTED_QUERIES)
def qmark_style(query: str) -> str:
    """What Django's SQLiteCursorWrapper.convert_query gives for positional parameters."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return qmark_style(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
