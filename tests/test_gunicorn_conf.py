"""gunicorn.conf.py reads the environment, refuses a bad value by name, and gives gunicorn
only settings it knows."""

import os
import runpy

import pytest
from django.conf import settings
from gunicorn.config import Config

CONF = settings.BASE_DIR / "gunicorn.conf.py"
from_environment = runpy.run_path(str(CONF))["from_environment"]


def test_the_measured_choice_is_the_default():
    conf = from_environment({}, cpu_count=2)

    assert (conf["worker_class"], conf["workers"], conf["threads"]) == ("sync", 5, 1)
    assert conf["bind"] == "127.0.0.1:8000"
    assert conf["control_socket_disable"] is True


def test_workers_class_and_threads_come_from_the_environment():
    conf = from_environment(
        {"WEB_CONCURRENCY": "4", "GUNICORN_WORKER_CLASS": "gthread", "GUNICORN_THREADS": "2"},
        cpu_count=2,
    )

    assert (conf["worker_class"], conf["workers"], conf["threads"]) == ("gthread", 4, 2)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"WEB_CONCURRENCY": "four"}, "WEB_CONCURRENCY must be a whole number of at least 1"),
        ({"WEB_CONCURRENCY": "0"}, "WEB_CONCURRENCY must be a whole number of at least 1"),
        ({"GUNICORN_TIMEOUT": "-5"}, "GUNICORN_TIMEOUT must be a whole number of at least 1"),
        ({"GUNICORN_WORKER_CLASS": "eventlet"}, "GUNICORN_WORKER_CLASS must be one of"),
        ({"GUNICORN_THREADS": "4"}, "GUNICORN_THREADS needs GUNICORN_WORKER_CLASS=gthread"),
    ],
)
def test_a_bad_value_stops_gunicorn_with_its_name(environ, message):
    with pytest.raises(SystemExit) as stopped:
        from_environment(environ, cpu_count=2)

    assert message in str(stopped.value)


def test_gunicorn_accepts_every_setting_the_file_gives(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKER_CLASS", "gthread")
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    names = runpy.run_path(str(CONF))
    config = Config()

    for name, value in from_environment(dict(os.environ), cpu_count=2).items():
        config.set(name, value)  # an unknown name or a bad value raises

    assert names["workers"] == config.workers
    assert config.worker_class_str == "gthread"
