"""Curators' accounts under /konto/. Logging in and changing a password are
the admin's; a forgotten password is reset here, by a link sent by e-mail or
printed by ``create_curator``."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.generic import RedirectView
from django_ratelimit.core import is_ratelimited

login = RedirectView.as_view(pattern_name="admin:login", query_string=True)
password_change = RedirectView.as_view(pattern_name="admin:password_change")


def email_key(group, request):
    return request.POST.get("email", "").strip().lower()


# Reset links asked for per client address and per e-mail address.
RESET_RATES = [("ip", "5/h"), (email_key, "3/h")]


class PasswordResetView(auth_views.PasswordResetView):
    """Says so (503) when the site sends no e-mail, rather than pretending
    to; answers too many requests with 429, as the suggestion form does."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.EMAIL_URL:
            return render(request, "registration/password_reset_unavailable.html", status=503)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        limited = any(
            is_ratelimited(
                self.request,
                group="password_reset",
                key=key,
                rate=rate,
                method="POST",
                increment=True,
            )
            for key, rate in RESET_RATES
        )
        if limited:
            form.add_error(
                "email",
                gettext(
                    "Många länkar har begärts på kort tid, från den här adressen eller till "
                    "den här e-postadressen. Vänta en stund och försök igen."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
