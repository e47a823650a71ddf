"""Requests a browser can send but no page can use are answered before any
view: with the Swedish 400 page (JSON ``{"detail": …}`` under /api/), or a 405
naming the methods the address takes. None of them stores anything."""

import codecs
import functools
import ipaddress
import time
from importlib import import_module

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext


def refuse(request, message, status=400, template_message=None, template="400.html"):
    """The answer to a request no page can use: ``message`` as JSON under
    /api/, else ``template`` (the 400 page) saying ``template_message`` (its own
    text when None). The page needs nothing from the database or the Host header."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, template, {"reason": template_message}, status=status)


class RejectNulBytesMiddleware:
    """A NUL byte in the address (``%00``) is never meaningful and PostgreSQL
    refuses it in text, so such requests get a clear 400 instead of a 500.

    A cookie holding one (``sessionid=abcdefgh\\x00``) is dropped instead, and
    the browser told to forget it: the visitor gets the page, as with any
    other session that does not exist, and no query sees the NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "") + request.path
        if "\x00" in raw or "%00" in raw or any("\x00" in v for v in request.GET.values()):
            return refuse(request, "Adressen innehåller ett NUL-tecken.")
        spoilt = [name for name, value in request.COOKIES.items() if "\x00" in name + value]
        for name in spoilt:
            del request.COOKIES[name]
        if settings.SESSION_COOKIE_NAME in spoilt and hasattr(request, "session"):
            engine = import_module(settings.SESSION_ENGINE)
            request.session = engine.SessionStore()
        response = self.get_response(request)
        for name in spoilt:
            if "\x00" not in name and name not in response.cookies:
                response.delete_cookie(name)
        return response


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# Codecs that decode text yet raise UnicodeError (not UnicodeDecodeError, which
# Django expects and answers) on some input.
FAILING_CODECS = {"idna", "punycode", "undefined"}


def usable_charset(name):
    """Whether Django can decode a request in ``name``: a text encoding it
    knows. ``hex``, ``rot13`` or ``zlib`` are codecs, but not of text."""
    try:
        b"x".decode(name)
    except UnicodeDecodeError:
        pass  # a text encoding, in which this is no text
    except (LookupError, ValueError):  # no codec of text, one that always fails, a NUL
        return False
    return codecs.lookup(name).name not in FAILING_CODECS


def with_usable_charset(environ):
    """The WSGI environ, without the Content-Type's charset when Django could
    not decode in it: a 500 while the request was built, before any middleware
    (``?q=x`` with ``Content-Type: text/plain; charset=hex``). Without a
    charset the request is read as UTF-8, as any address is."""
    content_type = environ.get("CONTENT_TYPE", "")
    if "charset" not in content_type.lower():
        return environ
    kind, params = parse_header_parameters(content_type)
    charset = params.pop("charset", None)
    if charset is None or usable_charset(charset):
        return environ
    rest = "".join(
        '; {}="{}"'.format(key, value.replace("\\", "\\\\").replace('"', '\\"'))
        for key, value in params.items()
    )
    return {**environ, "CONTENT_TYPE": kind + rest}


def usable_charsets_only(application):
    """The WSGI application (hub.wsgi), reading requests with a charset it
    can decode (``with_usable_charset``)."""

    def guarded(environ, start_response):
        return application(with_usable_charset(environ), start_response)

    return guarded


class BodyWithDeadline:
    """A request body (``wsgi.input``) that must arrive by ``deadline`` (a
    monotonic time): each read waits on the socket only until then, and fails
    with a TimeoutError after it."""

    def __init__(self, stream, sock, deadline):
        self.stream, self.sock, self.deadline = stream, sock, deadline

    def _wait(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("The request body did not arrive in time.")
        self.sock.settimeout(left)

    def read(self, *args):
        self._wait()
        return self.stream.read(*args)

    def readline(self, *args):
        self._wait()
        return self.stream.readline(*args)


def body_deadline(application):
    """The WSGI application (hub.wsgi), giving a request's body
    ``REQUEST_BODY_SECONDS`` to arrive. gunicorn's threads wait on a socket
    without a timeout: a client that announced more than it sent held one
    until it went away."""

    def guarded(environ, start_response):
        sock = environ.get("gunicorn.socket")
        if sock is None:
            return application(environ, start_response)
        deadline = time.monotonic() + settings.REQUEST_BODY_SECONDS
        environ["wsgi.input"] = BodyWithDeadline(environ["wsgi.input"], sock, deadline)
        try:
            return application(environ, start_response)
        finally:
            sock.settimeout(None)  # as gunicorn had it, to send the answer

    return guarded


class ReadableRequestMiddleware:
    """A form in another charset than UTF-8 (``charset=utf-7``) or a multipart
    body without a boundary cannot be read. Django says so the first time the
    form is read and again each time after, in the CSRF check of its own error
    pages too, which turned the 400 into a 500. Here the form is read once,
    before anything else needs it, and such a request answered 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORMS:
            try:
                request.POST  # noqa: B018 - reading it is the check
            except (BadRequest, MultiPartParserError, UnicodeError):
                request._mark_post_parse_error()  # as Django does for a too large form
                message = gettext(
                    "Formuläret kom i en form som vi inte kan läsa (till exempel en annan "
                    "teckenkodning än UTF-8). Gå tillbaka till formuläret och skicka det igen."
                )
                return refuse(request, message, template_message=message)
            except UnreadablePostError:  # it stopped coming (body_deadline)
                request._mark_post_parse_error()
                message = gettext(
                    "Formuläret kom inte fram i sin helhet. Gå tillbaka till formuläret "
                    "och skicka det igen."
                )
                return refuse(request, message, template_message=message)
        return self.get_response(request)


# What any address may be asked; everything else (TRACE, PROPFIND, made-up
# methods) is answered 405 whatever the address.
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
# The most a page of the site takes: none takes PUT, PATCH or DELETE.
PAGE_METHODS = {"GET", "HEAD", "POST", "OPTIONS"}
READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def only_read(view):
    """Marks a function view that is only read, as feeds and sitemaps are:
    other methods get the 405 page."""
    view.only_read = True
    return view


def _only_read(view):
    """A feed or a view marked ``only_read`` (the sitemaps), under any decorators."""
    while not getattr(view, "only_read", False) and (
        isinstance(view, functools.partial) or hasattr(view, "__wrapped__")
    ):
        view = view.func if isinstance(view, functools.partial) else view.__wrapped__
    return getattr(view, "only_read", False) or isinstance(view, Feed)


def allowed_methods(match):
    """The methods the view at ``match`` (a ResolverMatch) answers.

    Class-based views say so by their handlers, and take POST only when they
    have a form (a RedirectView does not). Feeds and sitemaps are only read;
    other views that are plain functions (the admin's, the CSP reports) may
    take a POST and check the method themselves. The API's views are Django
    REST framework's, which routes its own."""
    view = match.func
    if hasattr(view, "actions"):  # a REST framework viewset: the actions it routes
        methods = {method.upper() for method in view.actions} | {"OPTIONS"}
    elif (view_class := getattr(view, "view_class", None)) is None:
        methods = set(READ_ONLY) if _only_read(view) else READ_ONLY | {"POST"}
    else:
        names = view_class.http_method_names
        methods = {name.upper() for name in names if hasattr(view_class, name)}
        if not hasattr(view, "cls"):  # not REST framework's
            methods &= PAGE_METHODS if hasattr(view_class, "get_form") else READ_ONLY
    if "GET" in methods:
        methods.add("HEAD")
    return methods


def not_allowed(request, allowed):
    allow = ", ".join(sorted(allowed))
    message = gettext("Metoden %(method)s används inte på den här adressen (bara %(allow)s).") % {
        "method": request.method[:20],
        "allow": allow,
    }
    response = refuse(request, message, status=405, template_message=message)
    response["Allow"] = allow
    return response


class AllowedMethodsMiddleware:
    """405, with an Allow header, for a method the address does not take:
    TRACE and made-up methods everywhere, PUT, PATCH and DELETE on every page,
    POST where there is no form. OPTIONS is answered with the Allow header.
    Above the CSRF check, so that a PUT is told 405 rather than 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in METHODS:
            try:
                allowed = allowed_methods(resolve(request.path_info))
            except Resolver404:
                allowed = READ_ONLY
            return not_allowed(request, allowed)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(view_func, "cls"):
            return None  # REST framework answers for its views, in JSON
        allowed = allowed_methods(request.resolver_match)
        if request.method not in allowed:
            return not_allowed(request, allowed)
        if request.method == "OPTIONS":  # the same Allow as a 405 (a FormView's names PUT)
            response = HttpResponse(headers={"Allow": ", ".join(sorted(allowed))})
            response["Content-Length"] = "0"
            return response
        return None


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The visitor's address, for rate limits and login lockouts. Behind the
    proxy (DJANGO_BEHIND_PROXY=1) it is the last address the proxy added.
    What is no address (``X-Forwarded-For: unknown``) is not used: the rate
    limits failed on it with a 500."""
    if settings.BEHIND_PROXY:
        forwarded = _address(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1])
        if forwarded:
            return forwarded
    return _address(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"
