"""Requests a browser can send but no page can use are answered before any view."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


class RejectNulBytesMiddleware:
    """A NUL byte in the address (``%00``) is never meaningful and PostgreSQL
    refuses it in text, so such requests get a clear 400 instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "") + request.path
        if "\x00" in raw or "%00" in raw or any("\x00" in v for v in request.GET.values()):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Adressen innehåller ett NUL-tecken."}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)


def client_ip(request):
    """The visitor's address, for rate limits and login lockouts. Behind the
    proxy (DJANGO_BEHIND_PROXY=1) it is the last address the proxy added."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
