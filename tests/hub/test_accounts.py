"""Curators' logins: the admin login's lockout and how a publisher lifts it,
and the /konto/ pages, where a forgotten password is reset by e-mail."""

import ast
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.processes import run_python
from tests.publishing.test_workflow import make_user

pytestmark = pytest.mark.django_db

EMAIL = "anna@example.org"
PASSWORD = "rätt-lösenord-123"


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def curator():
    return get_user_model().objects.create_user(EMAIL, EMAIL, PASSWORD, is_staff=True)


# -- the admin login -----------------------------------------------------------------


def test_login_is_locked_per_address_and_recovers(client, curator):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, f"nobody{attempt}@example.org", "fel")
        assert response.status_code == 200  # the ordinary "wrong password" form
    assert login(client, "nobody@example.org", "fel").status_code == 429  # the last try
    locked = login(client, EMAIL, PASSWORD)
    assert locked.status_code == 429
    assert "För många inloggningsförsök" in locked.content.decode()
    assert "Vänta 15 minuter" in locked.content.decode()
    # another address is not locked
    assert login(Client(), EMAIL, PASSWORD, "10.0.0.2").status_code == 302
    # after the cool-off the first address may try again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(client, EMAIL, PASSWORD).status_code == 302


def test_failures_for_an_account_from_one_address_do_not_lock_it_from_another(curator):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), EMAIL, "fel", "10.0.0.1")
    assert login(Client(), EMAIL, PASSWORD, "10.0.0.1").status_code == 429
    assert login(Client(), EMAIL, PASSWORD, "10.0.0.2").status_code == 302


def test_failures_from_many_addresses_do_not_lock_the_account(curator):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), EMAIL, "fel", f"10.0.1.{attempt}")
    assert login(Client(), EMAIL, PASSWORD, "10.0.2.1").status_code == 302


@pytest.mark.parametrize("role", ["publisher", "superuser"])
def test_a_publisher_or_a_superuser_lifts_a_lockout_in_the_admin(curator, role):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), EMAIL, "fel", "10.0.0.1")
    assert login(Client(), EMAIL, PASSWORD, "10.0.0.1").status_code == 429
    attempt = AccessAttempt.objects.get(ip_address="10.0.0.1", username=EMAIL)
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])

    # a curator (Redaktör) can neither see nor lift it
    colleague = Client()
    colleague.force_login(make_user("curator"))
    assert colleague.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert colleague.post(delete, {"post": "yes"}).status_code == 403
    assert login(Client(), EMAIL, PASSWORD, "10.0.0.1").status_code == 429

    admin = Client()
    admin.force_login(make_user(role))
    index = admin.get(reverse("admin:index")).content.decode()
    assert reverse("admin:axes_accessattempt_changelist") in index
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"), {"q": "10.0.0.1"})
    assert listing.status_code == 200 and EMAIL in listing.content.decode()
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(ip_address="10.0.0.1").exists()
    assert login(Client(), EMAIL, PASSWORD, "10.0.0.1").status_code == 302


def test_admin_sessions_end_with_the_browser_and_expire(client, curator):
    response = login(client, EMAIL, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 4 * 60 * 60


# -- /konto/ ---------------------------------------------------------------------------


def test_konto_login_is_the_admin_login_and_keeps_next(client):
    response = client.get("/konto/login/?next=/admin/cases/case/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/cases/case/"


def test_konto_password_change_is_the_admins(client, curator):
    response = client.get("/konto/password_change/")
    assert response.status_code == 302 and response["Location"] == "/admin/password_change/"
    client.force_login(curator)
    form = client.get("/konto/password_change/", follow=True)
    assert form.redirect_chain[-1][0] == "/admin/password_change/"
    assert b"new_password1" in form.content


def test_the_admin_login_links_to_the_swedish_reset_form(client):
    assert 'href="/konto/password_reset/"' in client.get("/admin/login/").content.decode()
    form = client.get("/konto/password_reset/")
    assert form.status_code == 200
    assert "Har du glömt ditt lösenord? Ange din e-postadress nedan" in form.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/konto/login/",
        "/konto/login/?next=/admin/",
        "/konto/password_change/",
        "/konto/password_reset/",
        "/konto/password_reset/done/",
        "/konto/reset/MQ/fel-token/",
        "/konto/reset/done/",
        # the addresses django.contrib.auth.urls had, for old bookmarks
        "/konto/logout/",
        "/konto/password_change/done/",
    ],
)
def test_every_konto_page_answers_without_an_error(client, path):
    response = client.get(path, follow=True)
    assert response.status_code < 500


def reset_link(message):
    return re.search(r"https?://testserver(/konto/reset/\S+/)", message.body).group(1)


def test_a_reset_request_mails_a_link_that_sets_the_password(client, curator):
    response = client.post("/konto/password_reset/", {"email": EMAIL})
    assert response.status_code == 302 and response["Location"] == "/konto/password_reset/done/"
    assert [message.to for message in mail.outbox] == [[EMAIL]]
    assert "återställning av ditt lösenord" in mail.outbox[0].body
    form = client.get(reset_link(mail.outbox[0]), follow=True)
    assert b"new_password1" in form.content
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "ett-nytt-lösenord-456", "new_password2": "ett-nytt-lösenord-456"},
    )
    assert done.status_code == 302 and done["Location"] == "/konto/reset/done/"
    assert login(Client(), EMAIL, "ett-nytt-lösenord-456").status_code == 302


def test_reset_requests_are_limited_per_email_address(curator):
    for attempt in range(3):
        response = Client().post(
            "/konto/password_reset/", {"email": EMAIL}, REMOTE_ADDR=f"10.0.3.{attempt}"
        )
        assert response.status_code == 302
    limited = Client().post("/konto/password_reset/", {"email": EMAIL.upper()})
    assert limited.status_code == 429
    assert "Många länkar har begärts på kort tid" in limited.content.decode()
    assert len(mail.outbox) == 3


def test_reset_requests_are_limited_per_address(client):
    for attempt in range(5):
        response = client.post("/konto/password_reset/", {"email": f"nobody{attempt}@example.org"})
        assert response.status_code == 302
    assert client.post("/konto/password_reset/", {"email": EMAIL}).status_code == 429


@override_settings(EMAIL_URL="")
def test_without_email_settings_the_reset_form_says_so_and_sends_nothing(client, curator):
    form = client.get("/konto/password_reset/")
    assert form.status_code == 503
    page = form.content.decode()
    assert "Återställning av lösenord via e-post är inte inställd" in page
    assert settings.HUB_CONTACT_EMAIL in page
    assert client.post("/konto/password_reset/", {"email": EMAIL}).status_code == 503
    assert mail.outbox == []


def email_settings(**env):
    """The e-mail settings a process started with ``env`` gets."""
    names = ["EMAIL_URL", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL"]
    code = f"import hub.settings as s; print({{n: getattr(s, n, None) for n in {names}}})"
    without = ("DJANGO_", "HUB_", "DATABASE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL")
    env = {"DJANGO_SECRET_KEY": "x" * 50, "CACHE_URL": "redis://cache.internal:6379/0", **env}
    result = run_python("-c", code, env=env, without=without)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout)


def test_email_settings_come_from_the_environment():
    assert email_settings(DJANGO_DEBUG="1")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert email_settings(DJANGO_DEBUG="0")["EMAIL_URL"] == ""  # the form says so (503)
    assert email_settings(
        DJANGO_DEBUG="0",
        EMAIL_URL="smtp+tls://hub:secret@mail.example.se:587",
        HUB_CONTACT_EMAIL="kunskapshubben@example.se",
    ) == {
        "EMAIL_URL": "smtp+tls://hub:secret@mail.example.se:587",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.se",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "kunskapshubben@example.se",
    }
    assert email_settings(DEFAULT_FROM_EMAIL="noreply@example.se")["DEFAULT_FROM_EMAIL"] == (
        "noreply@example.se"
    )
