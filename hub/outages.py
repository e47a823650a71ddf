"""When the database is away: a Swedish 503 page (JSON under /api/) with
``Retry-After`` instead of a 500, and the site recovers by itself.

The connect timeout (hub/settings.py) bounds how long a request waits for a
database that accepts connections but does not answer; the web server's
statement timeout (hub/wsgi.py) bounds a query that runs too long. Once a
request has found the database away, each process answers the next requests
with the 503 at once for ``RETRY_SECONDS``, then lets one request try again:
during an outage at most one thread per process waits for the database, so
static files and cached pages (served before this) always find a free thread.
"""

import logging
import sys
import threading
import time

from django.db import InterfaceError, OperationalError
from django.views import defaults

from .middleware import refuse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def is_outage(error):
    """A database that cannot be reached, or did not answer in time (a
    statement timeout is an OperationalError too); not a bug in a query."""
    return isinstance(error, OperationalError | InterfaceError)


def unavailable(request):
    # The page needs nothing from the database (not even the session).
    message = "Databasen svarar inte just nu. Försök igen om en stund."
    response = refuse(request, message, status=503, template="503.html")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """The 500 handler: a 503 when the database is away, else the 500 page."""
    if not is_outage(sys.exc_info()[1]):
        return defaults.server_error(request)
    request.database_outage = True
    return unavailable(request)


class DatabaseOutageMiddleware:
    """Answers 503 at once while this process knows the database is away."""

    RETRY_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        self.down_until = None  # a monotonic time while the database is away
        self.probing = False

    def __call__(self, request):
        probe = False
        if self.down_until is not None:
            with self.lock:
                if self.probing or time.monotonic() < self.down_until:
                    return unavailable(request)
                self.probing = probe = True
        try:
            response = self.get_response(request)
        finally:
            if probe:
                self.probing = False
        if getattr(request, "database_outage", False):
            with self.lock:
                if self.down_until is None:
                    logger.warning("The database is not answering: pages answer 503.")
                self.down_until = time.monotonic() + self.RETRY_SECONDS
        elif probe:
            with self.lock:
                self.down_until = None
            logger.warning("The database is answering again.")
        return response
