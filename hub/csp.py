"""The Content-Security-Policy's reports: where browsers send them, and the
header that tells them where that is.

The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings. It names
this endpoint twice: ``report-uri`` (the old way, one ``application/csp-report``
POST per violation) and ``report-to`` (the Reporting API: batches of
``application/reports+json``, to the endpoint the ``Reporting-Endpoints``
header names). Browsers that know ``report-to`` use it and ignore
``report-uri``. Each violation becomes one warning from the ``hub.csp``
logger; a rate limit keeps a flood (a broken deploy seen by every visitor,
or somebody posting on purpose) from filling the logs: at most
``MAX_REPORTS`` lines a request, for the requests ``REPORT_RATES`` let in.
"""

import json
import logging

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.http import HttpResponse, UnreadablePostError
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger("hub.csp")

MAX_BODY = 16 * 1024  # bytes; a real report is well under 2 KB
MAX_REPORTS = 10  # logged from one request (a report-to batch)
MAX_FIELD = 200  # characters of each value in the log line
REPORT_TYPES = {"application/csp-report", "application/reports+json"}


def everyone(group, request):
    return "all"


# Per client address, and for all clients together.
REPORT_RATES = [("ip", "20/m"), (everyone, "120/m")]


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware, plus the ``Reporting-Endpoints`` header that
    ``report-to`` needs (django-csp 4.0 writes the directive, not the header)."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        group = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get("report-to")
        if group and (HEADER in response or HEADER_REPORT_ONLY in response):
            response.setdefault("Reporting-Endpoints", f'{group}="{reverse("csp_report")}"')
        return response


def clip(value):
    """One value for the log line: a short, quoted, one-line string."""
    text = value if isinstance(value, str) else json.dumps(value)
    if len(text) > MAX_FIELD:
        text = text[:MAX_FIELD] + "…"
    return repr(text)  # quotes it and escapes line breaks and control characters


def violations(content_type, data):
    """(document, directive, blocked) of each violation in a report body, or
    None when the body is not a report of that type."""
    if content_type == "application/csp-report":
        report = data.get("csp-report") if isinstance(data, dict) else None
        if not isinstance(report, dict):
            return None
        directive = report.get("violated-directive") or report.get("effective-directive")
        return [(report.get("document-uri"), directive, report.get("blocked-uri"))]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        return None
    found = []
    for report in data:
        body = report.get("body")
        if report.get("type") == "csp-violation" and isinstance(body, dict):
            directive = body.get("effectiveDirective") or body.get("violatedDirective")
            found.append((body.get("documentURL"), directive, body.get("blockedURL")))
    return found


def refuse(status, **headers):
    return HttpResponse(status=status, headers=headers)


@csrf_exempt
@never_cache
def report(request):
    """Logs the violations a browser reports and answers 204 No Content.

    Every request counts against the rate limit, whatever it holds. Below it,
    a refused request is logged by Django (``django.request``) as any 4xx is;
    above it, the 429 is not logged at all, so a flood adds nothing to the logs.
    """
    limited = any(
        is_ratelimited(request, group="csp_reports", key=key, rate=rate, increment=True)
        for key, rate in REPORT_RATES
    )
    if limited:
        response = refuse(429)
        response._has_been_logged = True  # Django's mark: django.request skips it
        return response
    if request.method != "POST":
        return refuse(405, Allow="POST")
    content_type = request.content_type.lower()
    if content_type not in REPORT_TYPES:
        return refuse(415)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return refuse(400)
    if length > MAX_BODY:
        return refuse(413)
    try:
        body = request.read(MAX_BODY + 1)
    except UnreadablePostError:  # it stopped coming (hub.middleware.body_deadline)
        return refuse(400)
    if len(body) > MAX_BODY:
        return refuse(413)
    try:
        found = violations(content_type, json.loads(body))
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested without end
        found = None
    if found is None:
        return refuse(400)
    for document, directive, blocked in found[:MAX_REPORTS]:
        logger.warning(
            "CSP violation: document-uri=%s violated-directive=%s blocked-uri=%s",
            clip(document),
            clip(directive),
            clip(blocked),
        )
    return HttpResponse(status=204)
