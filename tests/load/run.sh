#!/usr/bin/env bash
# make load-test: gunicorn (gunicorn.conf.py as production has it, DEBUG off, plus the floor
# page: tests/load/settings.py) on 127.0.0.1, LOAD_USERS learners for LOAD_TIME with locust
# headless, then the targets and the database check (tests/load/check.py). Exits 1 on a miss.
# Not part of `make test`. DATABASE_URL, WEB_CONCURRENCY, GUNICORN_WORKER_CLASS and
# GUNICORN_THREADS pass through, so one command measures any database and worker set-up.
set -euo pipefail
users=${LOAD_USERS:-200}
# The run ends when its plan is done (about 2-3 minutes); LOAD_TIME only bounds it.
run_time=${LOAD_TIME:-600s}
port=${LOAD_PORT:-18437}
export PYTHONPATH=. LOAD_RESULT=${LOAD_RESULT:-var/load-result.json}
export LOAD_GUNICORN_PID=var/load-gunicorn.pid
rm -f "$LOAD_RESULT"
.venv/bin/python -m tests.load.prepare "$users"
.venv/bin/python - <<'PY'
import os, runpy
conf = runpy.run_path("gunicorn.conf.py")
database = os.environ.get("DATABASE_URL", "sqlite").split(":", 1)[0]
print(f"gunicorn: {conf['workers']} {conf['worker_class']} workers x {conf['threads']} threads; "
      f"database: {database}; cores: {os.cpu_count()}; locust: 1 process")
PY
DJANGO_SETTINGS_MODULE=tests.load.settings DEBUG=false SECURE_SSL_REDIRECT=false \
	SECURE_COOKIES=false BIND=127.0.0.1:$port \
	.venv/bin/gunicorn -c gunicorn.conf.py config.wsgi --pid "$LOAD_GUNICORN_PID" \
	--error-logfile var/load-gunicorn.log &
trap 'kill "$(cat "$LOAD_GUNICORN_PID")" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -s -o /dev/null "http://127.0.0.1:$port/accounts/login/" && break; sleep 1; done
.venv/bin/locust -f tests/load/locustfile.py --headless --host "http://127.0.0.1:$port" \
	--users "$users" --spawn-rate "${LOAD_SPAWN_RATE:-20}" --run-time "$run_time" \
	--stop-timeout 10 --only-summary --exit-code-on-error 0 --loglevel WARNING
.venv/bin/python -m tests.load.check
