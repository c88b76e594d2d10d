#!/usr/bin/env bash
# Worker set-ups side by side: `bash tests/load/compare.sh sync:4 gthread:4:2 …` runs the load
# test (tests/load/run.sh) once per CLASS:WORKERS[:THREADS] on the DATABASE_URL given, keeps
# each run's output in var/compare-*.txt and prints one table row per run. Not part of
# `make test`; the table in README "Production" came from it.
set -uo pipefail
database=$(.venv/bin/python -c "import os; print(os.environ.get('DATABASE_URL', 'sqlite').split(':')[0])")
for setup in "$@"; do
	IFS=: read -r class workers threads <<<"$setup"
	name="$database-$class-$workers-${threads:-1}"
	GUNICORN_WORKER_CLASS=$class WEB_CONCURRENCY=$workers GUNICORN_THREADS=${threads:-1} \
		LOAD_RESULT=var/compare-$name.json bash tests/load/run.sh >"var/compare-$name.txt" 2>&1
	.venv/bin/python -m tests.load.compare_row "$setup" "$database" \
		"var/compare-$name.json" "var/compare-$name.txt"
done
