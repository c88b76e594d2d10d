"""gunicorn's settings, from the environment (`make serve` and production use this file).

Sync workers: the study pages are short, CPU-bound requests on a database, so one request
per process with no thread switching serves most per core; `WEB_CONCURRENCY` workers (default
2 per core + 1) keep the cores busy while another worker waits on the database. Measured on
this project's two-core box with the load test (tests/load/); see README "Production".
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Waiting sign-ins queue in the kernel instead of being refused under a burst of learners.
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = timeout
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Behind a proxy, trust its X-Forwarded-* only from the addresses listed (default: local).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
