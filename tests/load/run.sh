#!/usr/bin/env bash
# make load-test: gunicorn (gunicorn.conf.py, DEBUG off) on 127.0.0.1, LOAD_USERS learners for
# LOAD_TIME with locust headless, then the database check. Not part of `make test`.
set -euo pipefail
users=${LOAD_USERS:-200}
run_time=${LOAD_TIME:-60s}
port=${LOAD_PORT:-18437}
export LOAD_RESULT=${LOAD_RESULT:-var/load-result.json}
.venv/bin/python -m tests.load.prepare "$users"
DEBUG=false SECURE_SSL_REDIRECT=false SECURE_COOKIES=false BIND=127.0.0.1:$port \
	.venv/bin/gunicorn -c gunicorn.conf.py config.wsgi --pid var/load-gunicorn.pid \
	--error-logfile var/load-gunicorn.log &
trap 'kill "$(cat var/load-gunicorn.pid)" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -s -o /dev/null "http://127.0.0.1:$port/accounts/login/" && break; sleep 1; done
.venv/bin/locust -f tests/load/locustfile.py --headless --host "http://127.0.0.1:$port" \
	--users "$users" --spawn-rate "${LOAD_SPAWN_RATE:-20}" --run-time "$run_time" \
	--stop-timeout 10 --only-summary --exit-code-on-error 0
.venv/bin/python -m tests.load.check
