"""Settings for Kunskapshubben, read from the environment.

Local runs need nothing: an embedded PostgreSQL server with its data in
``var/`` (``hub.local_database``), DEBUG on, a secret key kept in
``var/dev_secret_key`` (created once).
Production sets ``DJANGO_DEBUG=0``, ``DJANGO_SECRET_KEY``,
``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL`` (PostgreSQL).
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import local_database
from .dev_secret import dev_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development: one key kept in var/, so that sessions and the one-time
    # links create_curator prints survive restarts and work across processes.
    SECRET_KEY = dev_secret_key(
        Path(env.str("HUB_DEV_SECRET_KEY_FILE", default=str(VAR_DIR / "dev_secret_key")))
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.redirects",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "csp",
    "axes",
    "taggit",
    "simple_history",
    "publishing",
    "search",
    "instruments",
    "insights",
    "cases",
    "hub",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ETag on every GET response, and 304 for If-None-Match / If-Modified-Since
    # (for cached pages too).
    "django.middleware.http.ConditionalGetMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers anonymous GETs from the cache before any other work, and keeps
    # public pages with every header the middleware below adds (publishing.cache).
    "publishing.cache.PageCacheMiddleware",
    # While the database is away, 503 at once (hub.outages).
    "hub.outages.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Requests no page can use: a 400 or 405 before any view (hub.middleware).
    "hub.middleware.ReadableRequestMiddleware",
    "hub.middleware.RejectNulBytesMiddleware",
    "hub.middleware.AllowedMethodsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed marker for logged-in curators, so that the page cache skips them.
    "publishing.cache.StaffMarkerMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, plus the Reporting-Endpoints header its report-to needs.
    "hub.csp.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Old addresses of moved records answer with 301 (kept in the admin).
    "publishing.permalinks.PublicRedirectMiddleware",
]

SITE_ID = 1
# The public domain, for absolute links in feeds and the sitemap.
# Unset, they use the host of each request (publishing.sites).
HUB_DOMAIN = env.str("HUB_DOMAIN", default="")

# Open data and the API: anyone may read them from any origin.
CORS_URLS_REGEX = r"^/(api|data)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kunskapshubben API",
    "DESCRIPTION": _(
        "Publicerade exempel, instrument, insiktsområden, citat, begrepp och aktörer "
        "från Kunskapshubben, läsbara för alla. Licens: CC0 1.0. Fältnamn följer "
        "INDIGO-standarden där begreppen är desamma."
    ),
    # Every description is in the request's language (gettext); docstrings are
    # English notes for developers and stay out of the schema.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

# The apps that hold curated content, bottom first (publishing.registry).
CONTENT_APPS = ["instruments", "insights", "cases"]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.site",
            ],
        },
    },
]

VAR_DIR.mkdir(exist_ok=True)
# PostgreSQL everywhere. An empty DATABASE_URL means the default, as an unset
# one does: the embedded server, started (or reused) here.
DATABASE_URL = env.str("DATABASE_URL", default="")
DATABASES = {
    "default": env.db_url_config(DATABASE_URL)
    if DATABASE_URL
    else local_database.start(
        Path(env.str("HUB_EMBEDDED_PGDATA", default=str(VAR_DIR / "postgres")))
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://…).")
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that accepts connections but does not answer costs a request this
# long before it gets the 503 page (hub.outages). The statement timeout is set
# for the web server only (hub/wsgi.py): migrations and commands may run long.
_database_options = DATABASES["default"].setdefault("OPTIONS", {})
_database_options["connect_timeout"] = env.int("DJANGO_DB_CONNECT_TIMEOUT", default=3)
if statement_timeout := env.int("DJANGO_DB_STATEMENT_TIMEOUT", default=0):
    _database_options["options"] = f"-c statement_timeout={statement_timeout * 1000}"
# A web request still waiting on the database this long after it started has
# its connection cut (hub.outages.Watchdog): a connection that stopped
# answering midway is ended by no timeout of PostgreSQL's. Longer than a
# query may run, so that the server cancels a slow query itself.
DATABASE_ANSWER_SECONDS = (
    statement_timeout + _database_options["connect_timeout"] if statement_timeout else None
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Locks out an address or an account after repeated failed logins.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production: hashed, compressed files that browsers may keep for ever.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The page cache, the content version and the rate limits: Redis in production
# (CACHE_URL=redis://…), shared by every worker and server. Local memory is per
# process (a publish would not reach the other workers' pages, and each worker
# would count its own rate limits), so production refuses it unless
# HUB_ALLOW_LOCAL_CACHE=1 says one process is all there is.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's Redis cache that goes on without Redis (publishing.cache); a
    # Redis that hangs costs a request at most half a second, once per 5 s.
    CACHES["default"]["BACKEND"] = "publishing.cache.RedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=0.5, socket_timeout=0.5, retry_on_timeout=False
    )
    # The rate limits count in this process's memory while Redis is away.
    CACHES["ratelimit"] = {**CACHES["default"], "FALLBACK_TO_LOCAL_MEMORY": True}
elif not DEBUG and not env.bool("HUB_ALLOW_LOCAL_CACHE", default=False):
    raise ImproperlyConfigured(
        "With DJANGO_DEBUG=0 the cache must be shared: set CACHE_URL=redis://… "
        "(docs/deployment.md, section 5), or HUB_ALLOW_LOCAL_CACHE=1 for a single process."
    )
else:
    CACHES["ratelimit"] = {**CACHES["default"], "LOCATION": "ratelimit"}
RATELIMIT_USE_CACHE = "ratelimit"
CACHE_MIDDLEWARE_SECONDS = env.int("HUB_CACHE_SECONDS", default=600)

# -- security -------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    # The proxy terminates TLS and says so; it also gives the client's address.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Only curators log in. Their sessions end with the browser, or after four hours.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_SECONDS", default=4 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Nothing is allowed unless named here. The public pages need only the site's
# own style sheets (no script, image, font or inline style: the diagrams, charts
# and map are inline SVG styled from site.css); the admin adds its own scripts,
# SVG icons and the autocomplete's requests, all from this origin. Violations
# are reported to hub.csp.report (logger "hub.csp").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
        "frame-ancestors": [NONE],  # the cards replace this (publishing.views.CardView)
        "report-uri": [reverse_lazy("csp_report")],
        "report-to": "csp",  # the name in the Reporting-Endpoints header (hub.csp)
    }
}
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
}

# The largest form (a tip) is a few kilobytes; the proxy refuses more than 1 MB
# too, and buffers bodies (docs/deployment.md, section 3).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Seconds a request's body may take to arrive in gunicorn (hub.middleware.body_deadline).
REQUEST_BODY_SECONDS = env.int("HUB_REQUEST_BODY_SECONDS", default=10)

# Backups (export_content) keep datetimes to the microsecond.
SERIALIZATION_MODULES = {"json": "hub.lossless_json"}

# Failed admin logins: five from one address, for one account or several, lock
# that address out for fifteen minutes. An account is never locked from other
# addresses, so nobody can lock a publisher out by trying their e-mail address.
AXES_FAILURE_LIMIT = env.int("HUB_LOGIN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("HUB_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# The failed attempts are listed in the admin (Axes › Access attempts); deleting
# an address's attempts there lifts its lockout at once.
AXES_ENABLE_ADMIN = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hub.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "hub.middleware.client_ip"
RATELIMIT_IP_META_KEY = "hub.middleware.client_ip"

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True  # ascii slugs: /amnen/sjukfranvaro/

# Where visitors report accessibility problems and other feedback.
HUB_CONTACT_EMAIL = env.str("HUB_CONTACT_EMAIL", default="kunskapshubben@example.org")
# Who stands behind the site, and the date (YYYY-MM-DD) it was first published:
# the accessibility statement must name both (Digg). Empty until they are set.
HUB_ORGANISATION = env.str("HUB_ORGANISATION", default="")
HUB_PUBLISHED_ON = env.str("HUB_PUBLISHED_ON", default="")
HUB_PUBLISHED_ON = date.fromisoformat(HUB_PUBLISHED_ON) if HUB_PUBLISHED_ON else None

# E-mail, for curators' password-reset links: EMAIL_URL such as
# smtp+tls://user:password@mail.example.se:587 (django-environ), printed to the
# console when debugging. Without it in production the reset form says that
# reset by e-mail is not set up (hub.accounts).
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=HUB_CONTACT_EMAIL)
# Logging in, out and changing a password happen in the admin (hub/urls.py).
LOGIN_URL = "admin:login"

# Django 6 behaviour now: a URL typed without a scheme is read as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}


# Static files leave through whitenoise before any middleware adds headers:
# these are the ones that matter for a file. An SVG opened on its own is a
# document, so it gets a policy of its own that runs nothing.
SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def static_file_headers(headers, path, url):
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = SECURE_REFERRER_POLICY
    # Only this site's pages use them; an embedded card is a page of this site.
    # The embed script is for partners' pages (templates/includes/embed_snippet.html).
    embed = "/js/embed." in url
    headers["Cross-Origin-Resource-Policy"] = "cross-origin" if embed else "same-origin"
    if embed:
        headers["Access-Control-Allow-Origin"] = "*"
    if url.endswith(".svg"):
        headers["Content-Security-Policy"] = SVG_CONTENT_SECURITY_POLICY


WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
