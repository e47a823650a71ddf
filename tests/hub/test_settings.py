"""Settings come from the environment and fail loudly in production."""

from django.conf import settings
from django.db import connection

from hub import settings as hub_settings
from tests.processes import run_python


def import_settings(code="print(s.DEBUG, s.ALLOWED_HOSTS)", **env):
    return run_python(
        "-c", f"import hub.settings as s; {code}", env=env, without=("DJANGO_", "DATABASE_URL")
    )


def test_secret_key_is_required_when_debug_is_off():
    result = import_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "hub.example.se",
    "CACHE_URL": "redis://cache.internal:6379/0",
}


def test_production_settings_come_from_the_environment():
    result = import_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['hub.example.se']"


def test_production_refuses_a_cache_of_its_own_per_process():
    local = {**PRODUCTION, "CACHE_URL": "locmemcache://"}
    refused = import_settings(**local)
    assert refused.returncode != 0 and "the cache must be shared" in refused.stderr
    allowed = import_settings(
        "print(s.CACHES['ratelimit']['BACKEND'])", **local, HUB_ALLOW_LOCAL_CACHE="1"
    )
    assert allowed.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
    redis = import_settings(
        "print(s.CACHES['default']['BACKEND'], s.CACHES['ratelimit']['FALLBACK_TO_LOCAL_MEMORY'],"
        " s.RATELIMIT_USE_CACHE)",
        **PRODUCTION,
    )
    assert redis.stdout.split() == ["publishing.cache.RedisCache", "True", "ratelimit"]


def test_the_web_server_has_a_statement_timeout_and_commands_do_not():
    code = "print(s.DATABASES['default']['OPTIONS'], s.DATABASE_ANSWER_SECONDS)"
    command = import_settings(code, **PRODUCTION)
    assert "'connect_timeout': 3" in command.stdout and "statement_timeout" not in command.stdout
    assert command.stdout.split()[-1] == "None"  # no watchdog (hub.outages)
    web = run_python(
        "-c",
        "import hub.wsgi; from django.conf import settings as s; " + code,
        env=PRODUCTION,
        without=("DJANGO_", "DATABASE_URL"),
    )
    assert "-c statement_timeout=10000" in web.stdout, web.stderr
    assert web.stdout.split()[-1] == "13"  # the statement and the connect timeout


def test_swedish_first_with_english_as_second_language():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _ in settings.LANGUAGES] == ["sv", "en"]


def test_default_database_is_the_embedded_postgresql_in_an_ignored_folder():
    result = import_settings(code="print(s.DATABASES['default']['ENGINE'])")
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr
    assert (hub_settings.VAR_DIR / "postgres" / "PG_VERSION").exists()
    gitignore = (settings.BASE_DIR / ".gitignore").read_text()
    assert f"{hub_settings.VAR_DIR.name}/" in gitignore.splitlines()


def test_the_embedded_server_starts_with_swedish_search_and_stops_with_its_last_user(tmp_path):
    data = tmp_path / "pg"
    query = (
        "SELECT current_setting('server_version_num')::int, "
        "to_tsvector('swedish', 'sjukskrivningarna')::text, "
        "similarity('utfallskontrakt', 'utfalskontrakt') > 0.5"
    )
    code = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('CREATE EXTENSION pg_trgm'); "
        f"cursor.execute({query!r}); print(cursor.fetchone())"
    )
    result = run_python(
        "-c",
        f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hub.settings'; {code}",
        env={"HUB_EMBEDDED_PGDATA": str(data)},
        without=("DJANGO_", "DATABASE_URL", "HUB_"),
    )
    assert result.returncode == 0, result.stderr
    version, vector, similar = eval(result.stdout)  # noqa: S307 - our own child's tuple
    assert version >= 180000
    assert vector == "'sjukskrivning':1"
    assert similar is True
    assert (data / "PG_VERSION").exists()
    assert not (data / "postmaster.pid").exists()  # stopped when the child exited


def test_database_url_selects_postgresql():
    result = import_settings(
        DATABASE_URL="postgres://root@127.0.0.1:5432/hub", code="print(s.DATABASES['default'])"
    )
    assert "'ENGINE': 'django.db.backends.postgresql'" in result.stdout
    assert "'NAME': 'hub'" in result.stdout


def test_postgresql_runs_through_psycopg_3():
    import psycopg

    assert connection.vendor == "postgresql"
    assert psycopg.__version__.startswith("3.")
