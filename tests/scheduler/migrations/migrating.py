"""Moving the test database's schema to a migration and back (the migration tests' helper)."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to `targets`, [(app, migration name)], the latest of every app when None; the
    models as they were there (an Apps registry)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = executor.loader.graph.leaf_nodes() if targets is None else targets
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
