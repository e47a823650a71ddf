"""Settings come from the environment and fail loudly in production."""

import pytest
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


def test_production_settings_come_from_the_environment():
    result = import_settings(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="hub.example.se"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['hub.example.se']"


def test_swedish_first_with_english_as_second_language():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert [code for code, _ in settings.LANGUAGES] == ["sv", "en"]


def test_default_database_is_sqlite_in_an_ignored_folder():
    result = import_settings(code="print(s.DATABASES['default'])")
    assert "'ENGINE': 'django.db.backends.sqlite3'" in result.stdout
    assert f"'NAME': '{hub_settings.VAR_DIR / 'db.sqlite3'}'" in result.stdout
    gitignore = (settings.BASE_DIR / ".gitignore").read_text()
    assert f"{hub_settings.VAR_DIR.name}/" in gitignore.splitlines()


def test_database_url_selects_postgresql():
    result = import_settings(
        DATABASE_URL="postgres://root@127.0.0.1:5432/hub", code="print(s.DATABASES['default'])"
    )
    assert "'ENGINE': 'django.db.backends.postgresql'" in result.stdout
    assert "'NAME': 'hub'" in result.stdout


@pytest.mark.postgres
def test_postgresql_runs_through_psycopg_3():
    import psycopg

    assert connection.vendor == "postgresql"
    assert psycopg.__version__.startswith("3.")
    assert connection.pg_version >= 150000
