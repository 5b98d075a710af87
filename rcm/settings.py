"""Settings for the RCM Decision Tracker.

Everything that differs between machines comes from environment variables (README.md, "Environment
variables"). The defaults are the safe ones: debugging off, no secret key unless one is given.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rcm.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool(name="DJANGO_DEBUG", default=False)


def _secret_key() -> str:
    key = env_str(name="DJANGO_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        # No key and no debugging: commands that sign nothing (migrations, checks) still run, while serving
        # refuses to start (rcm/wsgi.py) and anything that signs fails with Django's own "SECRET_KEY must not
        # be empty". There is never a fallback key outside debugging.
        return ""
    # A development key of this checkout's own, never committed, so no two machines share one.
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(name="DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list(name="DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "members",
    "decisions",
    "outbox",
]

MIDDLEWARE = [
    "rcm.clients.ClientAddressMiddleware",  # first: every answer's log line names the client
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rcm.middleware.MalformedInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "rcm.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "rcm.urls"
WSGI_APPLICATION = "rcm.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL=postgres://… selects PostgreSQL, the production database.

DATABASES = {
    "default": dj_database_url.parse(
        env_str(name="DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int(name="DATABASE_CONN_MAX_AGE", default=0),
        # A persistent connection is checked before each request, so the app recovers from a database restart
        # without a restart of its own.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Fail fast while the database is away, instead of holding a worker for the OS's connect timeout.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        name="DATABASE_CONNECT_TIMEOUT", default=3
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite ignores select_for_update: a transaction takes the write lock when it begins, so two writers of one
    # action queue and the second reads the version the first wrote (412), instead of both reading the same
    # one and the second failing with "database is locked" (tests/ops/test_concurrency.py).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # Write-ahead logging: readers never wait for a writer's commit, nor a writer for readers. With the default
    # rollback journal every reader (a cached page too: it reads the version) stalled in SQLite's busy handler
    # while a report was being committed. The mode is kept in the file; backups use SQLite's backup API.
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;")

# --- Cache ----------------------------------------------------------------------------------------
# Pages, API lists and ETags are cached under the record's version (decisions/caching/versions.py), so a write is
# visible on the next read whatever the backend. Local memory (per process) by default; CACHE_URL=redis://…
# shares one cache between processes and machines; CACHE_URL=dummy:// turns caching off.

CACHE_URL = env_str(name="CACHE_URL", default="locmem://")
CACHE_SECONDS = env_int(name="CACHE_SECONDS", default=300)
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "decisions.caching.redis.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env_str(name="CACHE_KEY_PREFIX", default="rcm"),
            "TIMEOUT": CACHE_SECONDS,
            # A Redis that is away makes every read a miss (decisions/caching/redis.py): the site keeps serving from
            # the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL == "locmem://":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": CACHE_SECONDS,
            "OPTIONS": {"MAX_ENTRIES": env_int(name="CACHE_MAX_ENTRIES", default=2000)},
        }
    }
else:
    raise ImproperlyConfigured(f"CACHE_URL must be locmem://, dummy:// or redis://…; got {CACHE_URL!r}")

# --- Passwords and sessions -----------------------------------------------------------------------

# Argon2 first: new and changed passwords are hashed with it; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: its hook revokes the account's API tokens whenever a new password is saved.
    {"NAME": "members.passwords.RevokeTokensOnPasswordChange"},
]

SESSION_COOKIE_SECURE = env_bool(name="DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy (docs/deployment.md): trust its X-Forwarded-Proto, redirect to HTTPS, HSTS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool(name="DJANGO_SECURE_SSL_REDIRECT", default=False)
# A load balancer probes over plain HTTP and must read 200 or 503, not a redirect it will not follow.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int(name="DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(name="DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool(name="DJANGO_HSTS_PRELOAD", default=False)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp): everything from this host, no inline script or style, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Who is asking ---------------------------------------------------------------------------------
# The proxies (addresses or CIDR networks) whose X-Forwarded-For is believed, e.g. the TLS proxy of
# docs/deployment.md. Empty: the client is REMOTE_ADDR. Rate limits, lock-outs and logs all ask
# rcm.clients.client_address, which reads this and nothing else.


def _trusted_proxies() -> list[str]:
    from rcm.clients import parse_networks

    proxies = env_list(name="RCM_TRUSTED_PROXIES", default=[])
    try:
        parse_networks(values=proxies)
    except ValueError as exc:
        raise ImproperlyConfigured(f"RCM_TRUSTED_PROXIES must list addresses or networks: {exc}") from exc
    return proxies


RCM_TRUSTED_PROXIES = _trusted_proxies()

# Login throttling (django-axes): after 5 failures for a user from one client address, a 1-hour lock-out.
# The address is the same client address as everywhere else, so behind a proxy a stranger's failures lock
# the account only for the stranger's own address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int(name="RCM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env_int(name="RCM_LOGIN_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "rcm.clients.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Languages ------------------------------------------------------------------------------------
# The interface ships in English and Spanish; content fields exist in both (django-modeltranslation).

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str(name="DJANGO_TIME_ZONE", default="America/Costa_Rica")  # the Secretariat sits in San José
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A text missing in the reader's language falls back to the other one; pages say when they do.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "es"), "es": ("en",), "en": ("es",)}

# --- Static files ---------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production (make serve) static files are content-hashed and compressed, so the proxy and browsers may
# cache them for ever; development and tests serve them straight from static/.
if env_bool(name="DJANGO_STATIC_MANIFEST", default=False):
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
MEDIA_ROOT = Path(env_str(name="DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Evidence files are kept outside MEDIA_ROOT's public URL space and served only through a permission check.
PRIVATE_MEDIA_ROOT = Path(env_str(name="DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
EVIDENCE_MAX_BYTES = env_int(name="RCM_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
EVIDENCE_MAX_FILES = env_int(name="RCM_EVIDENCE_MAX_FILES", default=5)
# A reporting round's reminder goes this many days before its closing date (and one after it): send_reminders.
ROUND_REMINDER_DAYS = env_int(name="RCM_ROUND_REMINDER_DAYS", default=7)
# A packet uploaded as a spreadsheet larger than this is refused before it is read (5,000 rows is about 0.5 MB).
PACKET_SHEET_MAX_BYTES = env_int(name="RCM_PACKET_SHEET_MAX_BYTES", default=5 * 1024 * 1024)
# PDF reports (decisions/site/report_pdf.py): layouts at once per worker process, and how long a request waits
# for one before it is answered 503 (come back later).
RCM_PDF_LAYOUTS = env_int(name="RCM_PDF_LAYOUTS", default=1)
RCM_PDF_WAIT_SECONDS = env_int(name="RCM_PDF_WAIT_SECONDS", default=20)
# Where reminders and review notices come from, and the site's address in links inside them.
DEFAULT_FROM_EMAIL = env_str(name="DJANGO_DEFAULT_FROM_EMAIL", default="rcm-tracker@localhost")
SITE_URL = env_str(name="RCM_SITE_URL", default="http://127.0.0.1:8000")
EMAIL_BACKEND = env_str(
    name="DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str(name="DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int(name="DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str(name="DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str(name="DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool(name="DJANGO_EMAIL_USE_TLS", default=False)
# Every step of an SMTP exchange gives up after this many seconds; the worker tries again later (outbox).
EMAIL_TIMEOUT = env_int(name="DJANGO_EMAIL_TIMEOUT", default=10)
# E-mail is queued with the change it reports and delivered by `manage.py run_worker` (django-tasks, its
# database backend): a write's answer never waits for, or depends on, the mail server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A failed delivery is tried again after 5 s, 10 s, 20 s… (at most an hour apart), then marked failed.
OUTBOX_RETRY = {
    "first_seconds": env_int(name="RCM_MAIL_RETRY_SECONDS", default=5),
    "max_seconds": env_int(name="RCM_MAIL_RETRY_MAX_SECONDS", default=3600),
    "attempts": env_int(name="RCM_MAIL_ATTEMPTS", default=10),
}

# The benchmark's "floor" endpoint (bench/floor.py); never on in production.
RCM_BENCH_FLOOR = env_bool(name="RCM_BENCH_FLOOR", default=False)

# --- Libraries ------------------------------------------------------------------------------------

COUNTRIES_FIRST = ["BZ", "CA", "CR", "DO", "SV", "GT", "HN", "MX", "NI", "PA", "US"]
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# --- API (decisions/api; README "API") --------------------------------------------------------------
# The API's views set their own authentication, renderers, pagination and error handling; these are the
# project-wide pieces: the schema generator, throttle rates and cross-origin reads.


def _throttle_rate(name: str, default: str) -> str | None:
    """ "300/minute" style; "off" (or "none", "0") turns that limit off."""
    value = env_str(name=name, default=default).strip().lower()
    if value in ("off", "none", "0", ""):
        return None
    count, _slash, period = value.partition("/")
    if not count.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(f"{name} must look like 300/minute (or off); got {value!r}")
    return value


REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "decisions.api.schema.ApiAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_THROTTLE_RATES = {
    "anon": _throttle_rate("API_THROTTLE_ANON", "300/minute"),
    "user": _throttle_rate("API_THROTTLE_USER", "1200/minute"),
    "token": _throttle_rate("API_THROTTLE_TOKEN", "10/minute"),
}
# Password reset links (members/passwords.py): per email address and per client address.
PASSWORD_RESET_RATES = {
    "address": _throttle_rate("RCM_PASSWORD_RESET_PER_ADDRESS", "3/hour"),
    "client": _throttle_rate("RCM_PASSWORD_RESET_PER_CLIENT", "10/hour"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RCM Decision Tracker API",
    "DESCRIPTION": (
        "Every decision of the Regional Conference on Migration (Puebla Process) with its implementation "
        "status, follow-up actions and progress. Anonymous clients read published content; tokens "
        "(Authorization: Token …) let member states and the Technical Secretariat read internal content "
        "and report progress. Errors are RFC 9457 problem details; every GET has an ETag."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DecisionStatusEnum": "decisions.rules.status.DecisionStatus",
        "ActionStatusEnum": "decisions.rules.status.ActionStatus",
        "DecisionKindEnum": "decisions.rules.status.DecisionKind",
        "DuePrecisionEnum": "decisions.rules.due.DuePrecision",
        "VisibilityEnum": "decisions.models.actions.Visibility",
        "MeetingKindEnum": "decisions.models.meetings.MeetingKind",
        "DocumentKindEnum": "decisions.models.documents.DocumentKind",
        "PartyKindEnum": "members.models.PartyKind",
        "LineageRelationEnum": "decisions.models.items.DecisionLinkRelation",
        "DocumentRelationEnum": "decisions.models.documents.DecisionDocumentRelation",
        "PacketAnswerKindEnum": "decisions.models.rounds.AnswerKind",
        "PacketAnswerStateEnum": "decisions.models.rounds.AnswerState",
        "RoundCompletenessEnum": "decisions.api.serializers.rounds.COMPLETENESS_CHOICES",
        "ReportStatusEnum": "decisions.api.serializers.reports.STATUS_CHOICES",
    },
}
# Anyone's web page may read the public API (GET, HEAD, OPTIONS); no cookies are sent cross-origin and no
# write is allowed from another origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "authorization", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    *("ETag", "Last-Modified", "Link", "X-Total-Count", "Location"),
    *("Retry-After", "RateLimit", "RateLimit-Policy"),
]

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str(name="DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # A PDF report (decisions/site/report_pdf.py): WeasyPrint's steps and fontTools' font decoding, at INFO,
        # would write a dozen lines per PDF; their warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
