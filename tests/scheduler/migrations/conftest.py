import pytest

from tests.scheduler.migrations.migrating import migrate


@pytest.fixture(autouse=True)
def back_to_the_latest_migrations():
    """Each test here migrates back and forth: leave the schema as every other test expects."""
    yield
    migrate(None)
