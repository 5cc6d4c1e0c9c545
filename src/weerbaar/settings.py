"""Django settings for Weerbaar.

Everything that differs between machines comes from the environment:

- ``WEERBAAR_SECRET_KEY``   secret key (required unless ``WEERBAAR_DEBUG`` or demo mode)
- ``DATABASE_URL``          ``postgresql://user:pass@host:port/name``; empty means embedded SQLite
- ``WEERBAAR_VAR_DIR``      working data folder (default ``./var``)
- ``WEERBAAR_SQLITE_PATH``  embedded SQLite database (default ``$VAR_DIR/weerbaar.sqlite3``)
- ``WEERBAAR_DEMO``         ``1`` enables demo mode (demo logins work, cookies not HTTPS-only)
- ``WEERBAAR_DEBUG``        ``1`` for development only
- ``WEERBAAR_ALLOWED_HOSTS`` comma-separated host names
- ``WEERBAAR_DATA_DIR``     where uploads and exports are stored (outside the web root)
- ``WEERBAAR_EMAIL_HOST`` / ``_PORT`` / ``_USER`` / ``_PASSWORD`` / ``_USE_TLS`` / ``_FROM``
- ``WEERBAAR_BASE_URL``     public base URL used in e-mails (e.g. https://weerbaar.gemeente.nl)
- ``WEERBAAR_NOTES_KEYS`` / ``WEERBAAR_NOTES_KEY_FILE``  keys of the confidential notes
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
# Working data (embedded database, uploads, demo mail) lives under VAR_DIR.
VAR_DIR = Path(os.environ.get("WEERBAAR_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEMO_MODE = env_bool("WEERBAAR_DEMO")
DEBUG = env_bool("WEERBAAR_DEBUG")
TESTING = env_bool("WEERBAAR_TESTING") or "pytest" in sys.modules


def demo_secret_key(path: Path) -> str:
    """The demo's own key, kept in VAR_DIR: a restart keeps logins and resumable answers."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("WEERBAAR_SECRET_KEY", "")
if not SECRET_KEY and DEMO_MODE and "pytest" not in sys.modules:
    SECRET_KEY = demo_secret_key(VAR_DIR / "demo-secret-key")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE or TESTING:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "WEERBAAR_SECRET_KEY is not set. Set it in the environment (see docs/operations.md)."
        )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("WEERBAAR_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
BASE_URL = os.environ.get("WEERBAAR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "weerbaar.core",
    "weerbaar.accounts",
    "weerbaar.audit",
    "weerbaar.organisations",
    "weerbaar.library",
    "weerbaar.scans",
    "weerbaar.notes",
    "weerbaar.surveys",
    "weerbaar.registers",
    "weerbaar.incidents",
    "weerbaar.fieldwork",
    "weerbaar.assessment",
    "weerbaar.disclosure",
    "weerbaar.screening",
    "weerbaar.reports",
    "weerbaar.actions",
    "weerbaar.bench",
    "weerbaar.practices",
    "weerbaar.regional",
    "weerbaar.awareness",
    "weerbaar.secretaris",
    "weerbaar.oidc",
    # Django REST framework is deliberately not an installed app: the API renders JSON only
    # (no templates), and its translation catalogue would replace Django's Dutch form
    # messages on every page ("Dit veld is verplicht.").
    "drf_spectacular",
    "weerbaar.api",
    "weerbaar.maintenance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "weerbaar.core.xmltext.CleanTextInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "weerbaar.core.middleware.NoStoreMiddleware",
    "weerbaar.accounts.middleware.SecondFactorMiddleware",
    "weerbaar.accounts.middleware.LanguageMiddleware",
    "weerbaar.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "weerbaar.urls"
WSGI_APPLICATION = "weerbaar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "weerbaar.core.context_processors.platform",
            ],
            "builtins": ["weerbaar.core.templatetags.weerbaar"],
        },
    }
]


def database_from_url(url: str) -> dict:
    """Translate ``postgresql://user:pass@host:port/name`` into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"DATABASE_URL scheme {parsed.scheme!r} is not supported.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("WEERBAAR_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    sqlite_path = Path(os.environ.get("WEERBAAR_SQLITE_PATH", VAR_DIR / "weerbaar.sqlite3"))
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": sqlite_path,
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
CSRF_FAILURE_VIEW = "weerbaar.core.views.csrf_failure"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Fast hashing in tests only; production always uses argon2 (see test_security.py).
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *PASSWORD_HASHERS,
    ]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "weerbaar.accounts.backends.EmailBackend",
    "weerbaar.oidc.backends.OIDCBackend",
]

# Login throttling (django-axes): lock an account/IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Two independent locks: per account (the normalised e-mail address, from any client address)
# and per client address (whatever account it tries).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "weerbaar.accounts.throttling.axes_username"
AXES_CLIENT_IP_CALLABLE = "weerbaar.accounts.clientip.client_ip"
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated);
# from any other peer the header is ignored and the connection's address is the client's.
WEERBAAR_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("WEERBAAR_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# Password-reset requests: at most this many per client address and per target account
# within the window (seconds); more get the same neutral answer but no e-mail.
WEERBAAR_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("WEERBAAR_RESET_LIMIT_PER_ADDRESS", "10"))
WEERBAAR_RESET_LIMIT_PER_ACCOUNT = int(os.environ.get("WEERBAAR_RESET_LIMIT_PER_ACCOUNT", "3"))
WEERBAAR_RESET_LIMIT_WINDOW = 60 * 60
# Reset and welcome links stay valid this long (seconds; default 24 hours).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("WEERBAAR_PASSWORD_RESET_TIMEOUT", str(24 * 60 * 60)))

# Second factor (TOTP through django-otp, passkeys through py_webauthn).
OTP_TOTP_ISSUER = "Weerbaar"
WEERBAAR_RECOVERY_CODE_COUNT = 10
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Internationalisation: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("WEERBAAR_STATIC_ROOT", VAR_DIR / "static"))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(os.environ.get("WEERBAAR_DATA_DIR", VAR_DIR / "data")),
            # No base_url: stored files are never served directly, only through views
            # that check access and send them as downloads.
            "base_url": None,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if DEBUG or DEMO_MODE or TESTING:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
# Uploaded files (weerbaar.core.uploads): size as sent, what a ZIP container (XLSX, DOCX,
# ODT) may unpack to and how far one member may have shrunk, the longest CSV field.
WEERBAAR_UPLOAD_MAX_BYTES = int(os.environ.get("WEERBAAR_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("WEERBAAR_UPLOAD_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
)
WEERBAAR_UPLOAD_MAX_COMPRESSION_RATIO = int(
    os.environ.get("WEERBAAR_UPLOAD_MAX_COMPRESSION_RATIO", 500)
)
WEERBAAR_CSV_MAX_FIELD_CHARS = int(os.environ.get("WEERBAAR_CSV_MAX_FIELD_CHARS", 128 * 1024))

# Security baseline.
SECURE_COOKIES = env_bool("WEERBAAR_SECURE_COOKIES", default=not (DEBUG or DEMO_MODE or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not from the cookie
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_COOKIES:
    SECURE_HSTS_SECONDS = int(os.environ.get("WEERBAAR_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("WEERBAAR_SSL_REDIRECT", default=False)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# E-mail over SMTP; settings from the environment.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("WEERBAAR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WEERBAAR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("WEERBAAR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WEERBAAR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("WEERBAAR_EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
# Where users report an accessibility problem (shown on the accessibility statement page).
ACCESSIBILITY_CONTACT = os.environ.get("WEERBAAR_ACCESSIBILITY_CONTACT", "")
DEFAULT_FROM_EMAIL = os.environ.get("WEERBAAR_EMAIL_FROM", "Weerbaar <noreply@weerbaar.local>")
if DEMO_MODE and not os.environ.get("WEERBAAR_EMAIL_HOST"):
    # The demo has no mail server: e-mails are written to var/mail instead.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "respondents": {"()": "weerbaar.core.logprivacy.RespondentPathFilter"},
        "refusals": {"()": "weerbaar.core.logfilters.RefusalWithoutTraceback"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["respondents", "refusals"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("WEERBAAR_LOG_LEVEL", "WARNING")},
    "loggers": {
        "axes": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}

# Minimum cell size for any shown or exported result (k-anonymity); per organisation it can
# be raised, never set below the floor.
MIN_CELL_SIZE_DEFAULT = 5
MIN_CELL_SIZE_FLOOR = 3

# Log-in through an organisation's own OpenID provider (weerbaar.oidc). Client secrets are
# encrypted with the first of these Fernet keys (any of them decrypts; empty: derived from
# SECRET_KEY). The issuer must be https unless DEBUG or the test suite runs.
OIDC_SECRET_KEYS = [
    k.strip() for k in os.environ.get("WEERBAAR_OIDC_SECRET_KEYS", "").split(",") if k.strip()
]
OIDC_HTTP_TIMEOUT = int(os.environ.get("WEERBAAR_OIDC_HTTP_TIMEOUT", "10"))
OIDC_ALLOW_INSECURE_ISSUER = DEBUG or TESTING

# The REST API (weerbaar.api, /api/v1/): API tokens only (no session, so no CSRF), JSON only,
# errors as problem+json, one request rate per token (WEERBAAR_API_RATE, e.g. "120/min").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["weerbaar.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["weerbaar.api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["weerbaar.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api-token": os.environ.get("WEERBAAR_API_RATE", "120/min")},
    "DEFAULT_PAGINATION_CLASS": "weerbaar.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "weerbaar.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Weerbaar API",
    "DESCRIPTION": "One organisation's scans, published reports, action plan, suppressed survey "
    "results and incident statistics, for an API token of that organisation "
    "(Authorization: Bearer wb_…).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "COMPONENT_SPLIT_PATCH": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "weerbaar.api.schema.add_problems_and_version",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "weerbaar.actions.models.ActionStatus",
        "SurveyStatusEnum": "weerbaar.surveys.models.SurveyStatus",
    },
}

# Confidential notes (weerbaar.notes) are encrypted with AES-GCM under keys kept outside the
# database: WEERBAAR_NOTES_KEYS ("id:key,id:key", 32-byte URL-safe base64 keys; the first
# encrypts) or else the key file NOTES_KEY_FILE (created on first use; not in the backup).
NOTES_KEYS = [k.strip() for k in os.environ.get("WEERBAAR_NOTES_KEYS", "").split(",") if k.strip()]
if TESTING and not NOTES_KEYS:  # one throwaway key per test process
    import base64 as _base64

    NOTES_KEYS = [f"test:{_base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}"]
NOTES_KEY_FILE = Path(os.environ.get("WEERBAAR_NOTES_KEY_FILE", VAR_DIR / "notes-keys"))
