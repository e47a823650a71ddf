"""When the database is away: a Swedish 503 page (JSON under /api/) with
``Retry-After`` instead of a 500, and the site recovers by itself.

The connect timeout (hub/settings.py) bounds how long a request waits for a
database that accepts connections but does not answer; the web server's
statement timeout (hub/wsgi.py) bounds a query that runs too long. Neither
ends the wait of a request whose open connection stops answering midway (a
server that stops, a network that drops everything: PostgreSQL's timeout is
the server's, and gunicorn never stops a thread): the ``Watchdog`` cuts
that connection when the request, ``DATABASE_ANSWER_SECONDS`` after it
started, still waits on it, and every connection of the process that waits
once one request has found the database away.
Once a request has found the database away, each process answers the next
requests with the 503 at once for ``RETRY_SECONDS``, then lets one request
try again: during an outage at most one thread per process waits for the
database, so static files and cached pages (served before this) always find
a free thread.
"""

import contextlib
import logging
import math
import os
import socket
import sys
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.views import defaults
from psycopg import pq
from psycopg.errors import QueryCanceled

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
    error = sys.exc_info()[1]
    if not is_outage(error):
        return defaults.server_error(request)
    request.database_outage = error
    return unavailable(request)


def waiting(connection):
    """Whether ``connection`` (a Django connection) waits for the server to
    answer a command."""
    try:
        return connection.connection.pgconn.transaction_status == pq.TransactionStatus.ACTIVE
    except Exception:  # noqa: BLE001 - not connected, or closed meanwhile
        return False


def cut(connection):
    """Shut the socket of ``connection``, which another thread waits on: the
    wait ends, with an OperationalError."""
    with contextlib.suppress(Exception):  # closed meanwhile
        descriptor = os.dup(connection.connection.pgconn.socket)
        with socket.socket(fileno=descriptor) as server:
            server.shutdown(socket.SHUT_RDWR)


def database_answers(connection):
    """Whether the database of ``connection`` answers a new connection, within
    its connect timeout."""
    probe = connection.copy()
    try:
        probe.ensure_connection()
    except (OperationalError, InterfaceError):
        return False
    finally:
        probe.close()
    return True


class Watchdog:
    """Cuts a database connection that a request still waits on ``seconds``
    after it started; and every waiting connection of the process at once when
    a request that waits ``PROBE_AFTER`` seconds finds that the database does
    not answer a new connection either. One thread per process, started with
    the first request (a thread does not survive gunicorn's fork)."""

    PROBE_AFTER = 1  # second
    PROBE_EVERY = 5  # seconds at most

    def __init__(self, seconds):
        self.seconds = seconds
        self.lock = threading.RLock()
        self.watched = {}  # token → (start, the request's connections)
        self.thread = None
        self.next_probe = 0.0

    def watch(self, used=None):
        """Watch the connections of this thread (or ``used``) from now on."""
        token = object()
        used = [connections[alias] for alias in connections] if used is None else used
        with self.lock:
            self.watched[token] = (time.monotonic(), used)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="watchdog", daemon=True)
                self.thread.start()
        return token

    def forget(self, token):
        with self.lock:
            self.watched.pop(token, None)

    def run(self):
        while True:
            time.sleep(0.2)
            now = time.monotonic()
            self.cut_waiting(now - self.seconds)
            waiting_long = self.waiting_since(now - self.PROBE_AFTER)
            if waiting_long and now > self.next_probe:
                self.next_probe = now + self.PROBE_EVERY
                if not database_answers(waiting_long[0][1]):
                    self.cut_waiting()

    def waiting_since(self, moment):
        """The requests started before ``moment`` that wait on the database."""
        with self.lock:
            return [
                (token, connection)
                for token, (start, used) in self.watched.items()
                if start < moment
                for connection in used
                if waiting(connection)
            ]

    def cut_waiting(self, moment=math.inf):
        """Cut the connections waited on by requests started before ``moment``
        (by every request, left out)."""
        with self.lock:
            stuck = self.waiting_since(moment)
            for token, connection in stuck:
                cut(connection)
                self.watched.pop(token, None)
        if stuck:
            logger.warning("Cut %d database connections that did not answer.", len(stuck))


class DatabaseOutageMiddleware:
    """Answers 503 at once while this process knows the database is away."""

    RETRY_SECONDS = 5

    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        self.down_until = None  # a monotonic time while the database is away
        self.probing = False
        seconds = settings.DATABASE_ANSWER_SECONDS
        self.watchdog = Watchdog(seconds) if seconds else None

    def __call__(self, request):
        probe = False
        if self.down_until is not None:
            with self.lock:
                if self.probing or time.monotonic() < self.down_until:
                    return unavailable(request)
                self.probing = probe = True
        watched = self.watchdog and self.watchdog.watch()
        try:
            response = self.get_response(request)
        finally:
            if watched:
                self.watchdog.forget(watched)
            outage = getattr(request, "database_outage", None)
            with self.lock:  # the end of a probe and what it found, in one step
                went = outage is not None and self.down_until is None
                if outage is not None:
                    self.down_until = time.monotonic() + self.RETRY_SECONDS
                elif probe:
                    self.down_until = None
                if probe:
                    self.probing = False
        if went:
            logger.warning("The database is not answering: pages answer 503.")
            if self.watchdog and not isinstance(outage.__cause__, QueryCanceled):
                # the other requests of this process wait on the same database
                self.watchdog.cut_waiting()
        elif probe and outage is None:
            logger.warning("The database is answering again.")
        return response
