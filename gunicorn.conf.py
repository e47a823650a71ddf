"""gunicorn for Kunskapshubben: `gunicorn -c gunicorn.conf.py hub.wsgi`.

Workers follow the CPU count (2 × cores + 1, the gunicorn rule for sync
workers); everything can be overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = 50000  # recycle workers now and then (a restart costs a latency spike)
max_requests_jitter = 5000
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    cache_url = os.environ.get("CACHE_URL", "")
    if workers > 1 and (not cache_url or cache_url.startswith("locmem")):
        server.log.warning(
            "The page cache is in local memory, one per worker: a publish reaches the "
            "pages other workers keep only after HUB_CACHE_SECONDS. Set CACHE_URL to "
            "a shared Redis (docs/deployment.md)."
        )
