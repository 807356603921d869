"""Kith settings: one module, every deployment choice read from the environment.

Development defaults need no set-up (SQLite under var/, console email). Production sets
KITH_ENV=production, SECRET_KEY (or SECRET_KEY_FILE), ALLOWED_HOSTS and DATABASE_URL.
"""

import hashlib
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envsecret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


PRODUCTION = os.environ.get("KITH_ENV", "development") == "production"
DEBUG = envbool("DEBUG", not PRODUCTION)

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("Set SECRET_KEY or SECRET_KEY_FILE in production.")
    SECRET_KEY = "development-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "kith.core.apps.KithAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "kith.core",
    "kith.accounts",
    "kith.postcodes",
    "kith.areas",
    "kith.organisations",
    "kith.directory",
    "kith.interchange",
    "kith.needs",
    "kith.referrals",
    "kith.assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that a locked-out sign-in is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kith.urls"
WSGI_APPLICATION = "kith.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kith.core.context_processors.kith",
                "kith.organisations.context_processors.roles",
                "kith.referrals.notifications.context_processors.notifications",
            ],
        },
    },
]
FORM_RENDERER = "kith.core.forms.GovukFormRenderer"

DATABASES = {
    # An empty DATABASE_URL (as `DATABASE_URL= make run` gives) means the default, not no database.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'kith.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a command or a background job writes; writers wait their
    # turn for up to 20 seconds rather than failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(init_command="PRAGMA journal_mode=WAL;", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "directory:search_start"

# Lockout: 5 failures for the same email from the same address locks that pair for an hour.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# GOV.UK Frontend and Kith's compiled CSS, built by `make` from node_modules (not committed).
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kith <no-reply@kith.invalid>")

# Security: secure by default in production; `manage.py check --deploy` is clean there.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of Kith add the address they saw to X-Forwarded-For. Behind one proxy every
# request comes from the proxy's own address, so limits per address need the address the proxy saw;
# anything further left in the header is whatever the client chose to send, and is never trusted.
KITH_TRUSTED_PROXIES = envint("KITH_TRUSTED_PROXIES", 1 if PRODUCTION else 0)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Kith's own settings.
KITH_PLACE_NAME = os.environ.get("KITH_PLACE_NAME", "Sunderland")
KITH_PLACE_CODE = os.environ.get("KITH_PLACE_CODE", "E08000024")
# Shown on every page while the directory holds generated demo records.
KITH_DEMO = envbool("KITH_DEMO", not PRODUCTION)
# A record not confirmed for this many days is shown as possibly out of date.
KITH_STALE_AFTER_DAYS = envint("KITH_STALE_AFTER_DAYS", 183)
KITH_INVITATION_DAYS = envint("KITH_INVITATION_DAYS", 14)
# Relationship toolkit: a group with fewer respondents is never shown on its own.
KITH_ASSESSMENT_ANONYMITY_THRESHOLD = envint("KITH_ASSESSMENT_ANONYMITY_THRESHOLD", 5)
# Managers are reminded of out-of-date records at most once in this many days.
KITH_STALE_REMINDER_DAYS = envint("KITH_STALE_REMINDER_DAYS", 14)
# Production's gunicorn workers share one machine (README): a cache on disk is shared by all of them,
# so a limit such as self-referrals per hour counts every worker's requests, not a third of them each.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": os.environ.get("KITH_CACHE_DIR", str(BASE_DIR / "var" / "cache"))}
    if PRODUCTION else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # A running job's progress, readable from every server process while the job's own database
    # transaction is still open (an all-or-nothing import commits only at its end).
    "progress": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                 "LOCATION": os.environ.get("KITH_PROGRESS_DIR", str(BASE_DIR / "var" / "progress"))},
}
# Long work (imports) runs in a background thread after the request; inline runs it in the request
# itself (tests, and servers that must not start threads).
KITH_JOBS_INLINE = envbool("KITH_JOBS_INLINE", False)
# Pulling an ORUK feed: seconds to wait for each page, and the most pages to follow.
KITH_FEED_TIMEOUT = envint("KITH_FEED_TIMEOUT", 30)
KITH_FEED_MAX_PAGES = envint("KITH_FEED_MAX_PAGES", 5000)
KITH_FEED_MAX_BYTES = envint("KITH_FEED_MAX_BYTES", 100_000_000)
# Feeds on this machine's own network (localhost, private ranges) only in development and tests.
KITH_FEED_ALLOW_PRIVATE = envbool("KITH_FEED_ALLOW_PRIVATE", not PRODUCTION)
# The largest indicator CSV the upload page accepts (every LSOA in England with rank and decile is ~0.85 MB).
KITH_INDICATOR_UPLOAD_MAX_BYTES = envint("KITH_INDICATOR_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# Referrals: keys encrypting personal fields at rest (Fernet keys, comma-separated, newest first;
# `manage.py rotate_referral_keys` re-encrypts with the newest). Development and tests use a fixed
# key derived here, which is why production refuses to start without its own.
KITH_REFERRAL_KEYS = [k.strip() for k in (envsecret("KITH_REFERRAL_KEYS") or "").split(",") if k.strip()]
if not KITH_REFERRAL_KEYS:
    if PRODUCTION:
        raise RuntimeError("Set KITH_REFERRAL_KEYS or KITH_REFERRAL_KEYS_FILE in production (Fernet keys, newest first).")
    import base64
    import hashlib
    KITH_REFERRAL_KEYS = [base64.urlsafe_b64encode(hashlib.sha256(b"kith-development-referral-key").digest()).decode()]
# Referrals: the secret keying the hashes of a person's identifiers (PersonKey), so subject access and
# erasure find someone's referrals without decrypting every one. Separate from the encryption keys,
# which rotate; changing this one needs `manage.py refresh_person_keys`.
KITH_REFERRAL_LOOKUP_KEY = envsecret("KITH_REFERRAL_LOOKUP_KEY") or ""
if not KITH_REFERRAL_LOOKUP_KEY:
    if PRODUCTION:
        raise RuntimeError("Set KITH_REFERRAL_LOOKUP_KEY or KITH_REFERRAL_LOOKUP_KEY_FILE in production (a long random secret).")
    KITH_REFERRAL_LOOKUP_KEY = hashlib.sha256(b"kith-development-referral-lookup-key").hexdigest()
# Closed referrals keep the person's details this many days, then `manage.py anonymise_referrals` blanks them.
KITH_REFERRAL_RETENTION_DAYS = envint("KITH_REFERRAL_RETENTION_DAYS", 365)
# Self-referrals a person, or an address, may start in an hour (spam protection).
KITH_SELF_REFERRALS_PER_HOUR = envint("KITH_SELF_REFERRALS_PER_HOUR", 5)
# A referral not opened within this many working days is escalated to the receiver's managers.
KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS = envint("KITH_REFERRAL_ESCALATE_AFTER_WORKING_DAYS", 3)
# Days off beyond England and Wales bank holidays (for example "2026-12-29,2026-12-30"), not counted as working days.
KITH_REFERRAL_CLOSURE_DAYS = [d.strip() for d in os.environ.get("KITH_REFERRAL_CLOSURE_DAYS", "").split(",") if d.strip()]
