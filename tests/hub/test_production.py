"""Production grade: deploy checks, security headers, cache invalidation,
static files and backups. Logins and their lockout: test_accounts.py."""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import GeneratedField
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from cases.models import Case
from publishing.cache import STAFF_COOKIE
from publishing.models import Status
from publishing.registry import content_app_labels
from publishing.roles import PUBLISHER
from publishing.versions import VERSION_KEY
from tests.admin_forms import admin_form
from tests.pages import page_html
from tests.processes import run_python

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-key-for-the-check-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "kunskapshubben.example.se",
    "CACHE_URL": "redis://127.0.0.1:6379/15",
}


def run_with(env, *args):
    return run_python(*args, env={**env, "DJANGO_SETTINGS_MODULE": "hub.settings"})


def test_check_deploy_has_no_warnings_with_production_settings():
    result = run_with(PRODUCTION, "manage.py", "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_production_settings_secure_https_and_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER)"
    )
    behind_proxy = run_with({**PRODUCTION, "DJANGO_BEHIND_PROXY": "1"}, "-c", code)
    assert behind_proxy.stdout.split() == [
        "True", "True", "True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"
    ]  # fmt: skip
    direct = run_with(PRODUCTION, "-c", code.replace("s.SECURE_PROXY_SSL_HEADER", "1"))
    assert direct.returncode == 0 and direct.stdout.split()[-1] == "1"


# -- headers ---------------------------------------------------------------------------


def csp(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


@pytest.mark.parametrize(
    "path, framed",
    [
        ("/fall/", False),
        ("/admin/login/", False),
        ("/fall/norrkoping-socialt-utfallskontrakt/kort/", True),
    ],
)
def test_security_headers(client, path, framed):
    response = client.get(path)
    policy = csp(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'" and policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    if framed:
        assert policy["frame-ancestors"] == "*" and "X-Frame-Options" not in response
    else:
        assert policy["frame-ancestors"] == "'none'" and response["X-Frame-Options"] == "DENY"


# -- cache --------------------------------------------------------------------------


def test_public_pages_are_cached_and_a_publish_shows_at_once(
    settings, admin_user, django_capture_on_commit_callbacks
):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    visitor = Client()
    path = "/fall/norrkoping-socialt-utfallskontrakt/"
    first = visitor.get(path)
    assert first.status_code == 200 and hasattr(first, "context")
    cached = visitor.get(path)
    assert cached.status_code == 200
    assert cached.get("Age") is not None  # answered from the cache, no view ran
    assert not hasattr(cached, "context") or cached.context is None
    assert cached["Cache-Control"] == "public, max-age=0, must-revalidate"

    editor = Client()
    editor.force_login(admin_user)
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(editor, url, "case_form")
    data["title"] = ["Norrköpings utfallskontrakt, nytt namn"]
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, data).status_code == 302
    assert "Norrköpings utfallskontrakt, nytt namn" in page_html(visitor.get(path))


def test_the_content_version_moves_only_once_the_change_is_committed(
    django_capture_on_commit_callbacks,
):
    """A visitor whose request runs while a curator's save is not yet committed
    reads the old content; had the version already moved, the old page would be
    stored under the new version and served for the cache's lifetime."""
    cache.set(VERSION_KEY, 1, timeout=None)
    case = Case.objects.get(slug="norrkoping-socialt-utfallskontrakt")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            case.title = "Norrköpings utfallskontrakt, nytt namn"
            case.save()
            assert cache.get(VERSION_KEY) == 1
        assert cache.get(VERSION_KEY) == 1  # the test's own transaction is still open
    assert cache.get(VERSION_KEY) > 1


def test_one_cached_copy_per_address_whatever_the_browser_sends(settings):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    Client().get("/instrument/", HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    other = Client().get("/instrument/", HTTP_ACCEPT_LANGUAGE="en-GB", HTTP_USER_AGENT="x")
    assert other.get("Age") is not None and '<html lang="sv"' in other.content.decode()
    english = Client().get("/en/instrument/")  # another address, another page
    assert english.get("Age") is None and '<html lang="en"' in english.content.decode()
    # a browser that revalidates gets 304 from the cached copy
    again = Client().get("/instrument/", HTTP_IF_NONE_MATCH=other["ETag"])
    assert again.status_code == 304


def test_the_redis_cache_reuses_its_client():
    from publishing.cache import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/0", {})  # no connection is made yet
    assert backend._cache.get_client() is backend._cache.get_client(write=True)


def test_logged_in_curators_never_get_cached_pages(settings, admin_user):
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    Client().get("/fall/")
    editor = Client()
    editor.post("/admin/login/", {"username": admin_user.username, "password": "password"})
    assert STAFF_COOKIE in editor.cookies  # the signed marker, set at login
    response = editor.get("/fall/")
    assert response.get("Age") is None and response.context is not None
    editor.post("/admin/logout/")
    assert editor.cookies[STAFF_COOKIE].value == ""  # gone with the session


def test_gunicorn_warms_up_before_the_workers_fork_without_the_database():
    # A database nobody can reach: the warm-up must not need it. The start
    # also makes the pages the previous code cached stale.
    code = (
        "import runpy, sys\n"
        "import django; django.setup()\n"
        "from django.core.cache import cache\n"
        "from django.template.loader import get_template\n"
        "from django.template.loaders.filesystem import Loader\n"
        "from django.test import Client\n"
        "from publishing.versions import VERSION_KEY\n"
        "cache.set(VERSION_KEY, 7, timeout=None)\n"
        "before = 'hub.urls' in sys.modules\n"
        "runpy.run_path('gunicorn.conf.py')['when_ready'](None)\n"
        "def refuse(*args): raise AssertionError('a template read after the warm-up')\n"
        "Loader.get_contents = refuse\n"
        "get_template('base.html'), get_template('cases/case_list.html')\n"
        "robots = Client(HTTP_HOST='kunskapshubben.example.se').get('/robots.txt')\n"
        "print(before, 'hub.urls' in sys.modules, robots.status_code, cache.get(VERSION_KEY))\n"
    )
    nowhere = "postgres://nobody@127.0.0.1:9/none"
    result = run_with(
        {**PRODUCTION, "DATABASE_URL": nowhere, "DJANGO_SECURE_SSL_REDIRECT": "0"}, "-c", code
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "200", "8"]


# -- static files ----------------------------------------------------------------------


def test_static_files_are_hashed_compressed_and_kept_for_ever(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "from django.templatetags.static import static\n"
        "from django.test import Client\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "url = static('css/site.css')\n"
        "client = Client(HTTP_HOST='kunskapshubben.example.se')\n"
        "r = client.get(url, HTTP_ACCEPT_ENCODING='gzip', secure=True)\n"
        "print(url, r.status_code, r['Cache-Control'], r.get('Content-Encoding'))\n"
    )
    result = run_with({**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path)}, "-c", code)
    assert result.returncode == 0, result.stderr
    url, status, *cache_control, encoding = result.stdout.split()
    assert (
        url.startswith("/static/css/site.")
        and url.endswith(".css")
        and url != "/static/css/site.css"
    )
    assert status == "200" and encoding == "gzip"
    assert " ".join(cache_control) == "max-age=315360000, public, immutable"


# -- backups -----------------------------------------------------------------------

CASE = "norrkoping-socialt-utfallskontrakt"


def snapshot():
    """Every row of every content model, history, tags and the admin log
    included. Content types are named by model: their ids are the database's
    own business."""
    content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in [*content_app_labels(), "admin"]:
            continue
        fields = [f for f in model._meta.concrete_fields if not isinstance(f, GeneratedField)]
        names = [f.attname for f in fields]
        named = [f.related_model is ContentType for f in fields]
        rows[model._meta.label] = sorted(
            (
                tuple(content_types.get(v) if n else v for v, n in zip(row, named, strict=True))
                for row in model.objects.values_list(*names)
            ),
            key=repr,
        )
    return rows


def empty_database():
    """flush, inside the test's transaction. PostgreSQL refuses to truncate
    tables with foreign-key checks still pending, so they run first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def fresh_caches_afterwards(db):
    """Content types and sites get new ids in the imported database; the
    processes' caches of them must not outlive the test's rollback."""
    yield
    ContentType.objects.clear_cache()
    Site.objects.clear_cache()


def accounts():
    """Every account with its privileges; groups by name, as their ids change."""
    return sorted(
        (u.pk, u.username, u.password, u.is_active, u.is_staff, u.is_superuser,
         sorted(g.name for g in u.groups.all()))
        for u in get_user_model().objects.prefetch_related("groups")
    )  # fmt: skip


@pytest.mark.usefixtures("fresh_caches_afterwards")
def test_export_then_empty_database_then_import_gives_identical_data(tmp_path, admin_user):
    admin_user.groups.set([Group.objects.get(name=PUBLISHER)])
    editor = Client()
    editor.force_login(admin_user)
    case = Case.objects.get(slug=CASE)
    url = reverse("admin:cases_case_change", args=[case.pk])
    data = admin_form(editor, url, "case_form")
    data["slug"] = ["norrkoping-sib"]  # a history entry, a redirect and a tagged record
    editor.post(url, data)
    before = snapshot()
    assert before["cases.HistoricalCase"] and before["redirects.Redirect"]
    assert before["publishing.TaggedRecord"] and before["admin.LogEntry"]
    accounts_before = accounts()

    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    assert json.loads(backup.read_text())  # a readable JSON file
    empty_database()
    assert Case.objects.count() == 0
    call_command("import_content", str(backup), "--with-privileges")
    assert snapshot() == before
    assert accounts() == accounts_before
    assert Case.objects.get(slug="norrkoping-sib").history.first().history_user == admin_user
    Tag.objects.create(name="Ny efter importen", slug="ny")  # its id comes after the file's


def test_import_refuses_a_database_with_content_and_replace_replaces_it(tmp_path):
    before = snapshot()
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    Case.objects.filter(slug=CASE).update(title="Ändrad efter säkerhetskopian")
    Tag.objects.create(name="Tillagd efter säkerhetskopian", slug="tillagd")
    changed = snapshot()

    with pytest.raises(CommandError, match="--replace"):
        call_command("import_content", str(backup))
    assert snapshot() == changed
    call_command("import_content", str(backup), "--replace")
    assert snapshot() == before  # the changed row is back, the added one is gone


def log_entry(pk, username):
    return {
        "model": "admin.logentry",
        "pk": pk,
        "fields": {
            "action_time": "2026-01-01T00:00:00+00:00",
            "user": [username],
            "content_type": ["auth", "user"],
            "object_id": "1",
            "object_repr": f"från filen, av {username}",
            "action_flag": 1,
            "change_message": "",
        },
    }


def with_entry(entry):
    return lambda rows: json.dumps([*rows, entry])


BAD_BACKUPS = {
    "not JSON": lambda rows: json.dumps(rows)[:-2],
    "a model a backup may not hold": with_entry(
        {"model": "auth.group", "pk": 10**6, "fields": {"name": "Alla", "permissions": []}}
    ),
    "an unknown model": with_entry({"model": "cases.nothing", "pk": 1, "fields": {}}),
    "a field that does not read": with_entry(
        {"model": "cases.case", "pk": 10**6, "fields": {"published_at": "i går"}}
    ),
    "a reference to nobody": with_entry(log_entry(10**6, "nobody@example.org")),
}


@pytest.mark.parametrize("fault", BAD_BACKUPS)
def test_a_bad_backup_is_refused_before_anything_is_replaced(tmp_path, fault):
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    backup.write_text(BAD_BACKUPS[fault](json.loads(backup.read_text())))
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_content", str(backup), "--replace")
    assert snapshot() == before


@pytest.mark.usefixtures("fresh_caches_afterwards")
def test_a_tampered_backup_neither_publishes_nor_grants_privileges(tmp_path, admin_user):
    Case.objects.filter(slug=CASE).update(status=Status.DRAFT)
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    rows = json.loads(backup.read_text())
    for row in rows:
        if row["model"] == "cases.case" and row["fields"]["slug"] == CASE:
            row["fields"]["status"] = Status.PUBLISHED
    superuser = {"is_superuser": True, "is_staff": True, "groups": [[PUBLISHER]]}
    rows.append({"model": "auth.user", "fields": {"username": "mallory", **superuser}})
    backup.write_text(json.dumps(rows))
    with pytest.raises(CommandError, match="redan innehåll"):
        call_command("import_content", str(backup))
    assert Case.objects.get(slug=CASE).status == Status.DRAFT
    assert not get_user_model().objects.filter(username="mallory").exists()

    # A fresh database where the operator made the first account before the import.
    empty_database()
    users = get_user_model().objects
    operator = users.create_superuser("drift", "drift@example.se", "hemligt")
    own_entry = LogEntry.objects.create(
        user=operator,
        content_type=ContentType.objects.get_for_model(operator),
        object_id=str(operator.pk),
        object_repr="drift",
        action_flag=ADDITION,
    )
    rows[-1]["pk"] = operator.pk  # mallory in the operator's place
    rows.append({"model": "auth.user", "fields": {"username": "drift", "password": "känt"}})
    rows.append(log_entry(own_entry.pk, "mallory"))  # in the operator's log entry's place
    backup.write_text(json.dumps(rows))
    call_command("import_content", str(backup))
    assert users.get(pk=operator.pk).password == operator.password
    assert users.get(pk=operator.pk).is_superuser
    assert LogEntry.objects.get(pk=own_entry.pk).object_repr == "drift"
    mallory = users.get(username="mallory")
    assert LogEntry.objects.get(user=mallory).pk != own_entry.pk
    for user in [mallory, users.get(username=admin_user.username)]:  # superusers in the file
        assert not (user.is_superuser or user.is_staff or user.groups.exists()), user
