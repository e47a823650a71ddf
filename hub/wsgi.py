"""WSGI entry point for gunicorn and other WSGI servers."""

import os

from django.core.wsgi import get_wsgi_application

from hub.middleware import body_deadline, usable_charsets_only

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings")
# Seconds a query of a web request may run; commands (migrate, backups) have none.
os.environ.setdefault("DJANGO_DB_STATEMENT_TIMEOUT", "10")

application = body_deadline(usable_charsets_only(get_wsgi_application()))
