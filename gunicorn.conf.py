"""gunicorn for Kunskapshubben: `gunicorn -c gunicorn.conf.py hub.wsgi`.

Threaded workers (gthread): 2 × cores + 1 processes with 4 threads each. A
request that waits for the database holds one thread, not a whole worker, so
static files and cached pages go on being served while the database is slow
or away (a sync worker would queue them behind it). Everything can be
overridden from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
max_requests = 50000  # recycle workers now and then (a restart costs a latency spike)
max_requests_jitter = 5000
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """In the master, before the workers fork (preload_app): import every view,
    load the translations and compile the site's templates once, so that no
    worker pays for them on its first request (about 0.25 s, after each
    start and each recycling). And make the pages cached by the code that ran
    before this start stale: a new release must not serve the old one's HTML."""
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    from publishing.versions import bump_content_version

    reverse("robots")  # imports the URLconf, and with it every view
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()
    templates = settings.BASE_DIR / "templates"
    for path in templates.rglob("*.*"):
        get_template(path.relative_to(templates).as_posix())
    connections.close_all()  # no database connection may cross the fork
    bump_content_version()
