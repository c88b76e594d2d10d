"""The production settings pass Django's deployment checklist, from the environment alone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 30 + "production-key-1234567890",
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_must_be_a_clear_yes_or_no():
    result = manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def setting(name: str, **env: str) -> str:
    """The value of a setting as a fresh process reads it from this environment."""
    code = f"from django.conf import settings; print(settings.{name})"
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_proxy_https_header_is_not_trusted_unless_a_proxy_is_said_to_set_it():
    assert setting("SECURE_PROXY_SSL_HEADER") == "None"
    assert setting("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="false") == "None"


@pytest.mark.parametrize(
    ("value", "header"),
    [
        ("true", "HTTP_X_FORWARDED_PROTO"),
        ("X-Forwarded-Proto", "HTTP_X_FORWARDED_PROTO"),
        ("X-Forwarded-Scheme", "HTTP_X_FORWARDED_SCHEME"),
    ],
)
def test_the_proxy_https_header_is_trusted_when_the_environment_names_it(value, header):
    shown = setting("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER=value)

    assert shown == str((header, "https"))


def test_the_proxy_https_header_must_be_a_header_name():
    result = manage("check", SECURE_PROXY_SSL_HEADER="X-Proto: https")

    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be true, false or a header name" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"), [("LOGIN_FAILURE_LIMIT", "0"), ("LOGIN_LOCKOUT_MINUTES", "soon")]
)
def test_login_throttling_settings_must_be_positive_whole_numbers(name, value):
    result = manage("check", **{name: value})

    assert result.returncode != 0
    assert f"{name} must be a whole number of at least 1, not {value!r}" in result.stderr


def test_login_throttling_is_set_from_the_environment():
    env = {"LOGIN_FAILURE_LIMIT": "3", "LOGIN_LOCKOUT_MINUTES": "60"}

    assert setting("AXES_FAILURE_LIMIT", **env) == "3"
    assert setting("AXES_COOLOFF_TIME", **env) == "1:00:00"


def test_without_a_mail_server_no_mail_goes_out_and_no_reset_is_offered():
    assert setting("PASSWORD_RESET_OPEN") == "False"


def test_while_developing_mail_is_printed_on_the_console_and_resets_work():
    assert "console.EmailBackend" in setting("MAILERS", DEBUG="true")
    assert setting("PASSWORD_RESET_OPEN", DEBUG="true") == "True"


def test_a_mail_server_from_the_environment_sends_the_mail_and_opens_the_reset():
    env = {"EMAIL_HOST": "smtp.example.com", "EMAIL_PORT": "2525", "EMAIL_HOST_USER": "cards"}

    mailers = setting("MAILERS", **env)

    assert "smtp.EmailBackend" in mailers
    assert "'host': 'smtp.example.com', 'port': 2525, 'username': 'cards'" in mailers
    assert setting("PASSWORD_RESET_OPEN", **env) == "True"


# Where a SQLite test database would go; the PostgreSQL settings below do not use it.
VAR = Path("var")


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("postgres://u:p@localhost/spacecards", "-c jit=off -c random_page_cost=1.1"),
        (
            "postgres://u:p@localhost/spacecards?sslmode=require",
            "-c jit=off -c random_page_cost=1.1",
        ),
        (
            "postgres://u:p@localhost/spacecards?options=-c%20statement_timeout%3D5000",
            "-c statement_timeout=5000 -c jit=off -c random_page_cost=1.1",
        ),
    ],
)
def test_postgresql_never_jit_compiles_a_request_query(url, options, monkeypatch):
    from config.database import database_from_url

    monkeypatch.setenv("POSTGRES_PREPARED_STATEMENTS", "false")
    database = database_from_url(url, VAR)

    assert database["OPTIONS"]["options"] == options
    assert database["OPTIONS"].get("sslmode", "require") == "require"


def test_postgresql_prices_index_reads_for_an_ssd_unless_told_otherwise(monkeypatch):
    from config.database import database_from_url

    monkeypatch.setenv("POSTGRES_PREPARED_STATEMENTS", "false")
    monkeypatch.setenv("POSTGRES_RANDOM_PAGE_COST", "2.5")
    options = database_from_url("postgres://u:p@localhost/spacecards", VAR)["OPTIONS"]

    assert options["options"] == "-c jit=off -c random_page_cost=2.5"
    for wrong in ("0", "-1", "cheap", "inf", "nan"):
        monkeypatch.setenv("POSTGRES_RANDOM_PAGE_COST", wrong)
        with pytest.raises(
            ImproperlyConfigured, match="POSTGRES_RANDOM_PAGE_COST must be a number"
        ):
            database_from_url("postgres://u:p@localhost/spacecards", VAR)


def test_postgresql_prepares_the_queries_a_connection_repeats(monkeypatch):
    from config.database import database_from_url

    monkeypatch.delenv("POSTGRES_PREPARED_STATEMENTS", raising=False)
    monkeypatch.delenv("POSTGRES_PLAN_CACHE_MODE", raising=False)
    options = database_from_url("postgres://u:p@localhost/spacecards", VAR)["OPTIONS"]

    assert (options["server_side_binding"], options["prepare_threshold"]) == (True, 2)
    # Prepared, and planned once per connection.
    assert options["options"] == (
        "-c jit=off -c random_page_cost=1.1 -c plan_cache_mode=force_generic_plan"
    )


def test_the_plan_cache_mode_comes_from_the_environment_and_a_wrong_one_is_named(monkeypatch):
    from config.database import database_from_url

    monkeypatch.setenv("POSTGRES_PLAN_CACHE_MODE", "force_custom_plan")
    options = database_from_url("postgres://u:p@localhost/spacecards", VAR)["OPTIONS"]
    assert options["options"].endswith(" -c plan_cache_mode=force_custom_plan")

    monkeypatch.setenv("POSTGRES_PLAN_CACHE_MODE", "fastest")
    with pytest.raises(ImproperlyConfigured, match="POSTGRES_PLAN_CACHE_MODE must be one of"):
        database_from_url("postgres://u:p@localhost/spacecards", VAR)


def test_prepared_statements_can_be_turned_off_for_a_pooler_in_transaction_mode(monkeypatch):
    from config.database import database_from_url

    monkeypatch.setenv("POSTGRES_PREPARED_STATEMENTS", "false")
    options = database_from_url("postgres://u:p@localhost/spacecards", VAR)["OPTIONS"]

    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options
    assert options["options"] == "-c jit=off -c random_page_cost=1.1"
    monkeypatch.setenv("POSTGRES_PREPARED_STATEMENTS", "sometimes")
    with pytest.raises(ImproperlyConfigured, match="POSTGRES_PREPARED_STATEMENTS must be true"):
        database_from_url("postgres://u:p@localhost/spacecards", VAR)
