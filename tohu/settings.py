"""Tohu's one settings file: every value comes from the environment (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from tohu.core import sqlite_library
from tohu.core.env import (
    ImproperSetting,
    env_base64_key,
    env_bool,
    env_date,
    env_decimal,
    env_int,
    env_list,
    env_month_day,
    env_str,
)
from tohu.core.logs import logging_config
from tohu.rulebook.policy import CloseDown, Policy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TOHU_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_INSECURE_KEY = "insecure-development-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperSetting("SECRET_KEY must be set when DEBUG is off (see .env.example)")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address used in absolute links (exports, documents, emails, credentials). Unset:
# built from each request (tohu/core/site.py); production must set an https one (tohu.E001).
SITE_URL = env_str("SITE_URL", "").rstrip("/")
# Issuers' private signing keys are stored encrypted under this key (tohu/credentials/keys.py):
# 32 random bytes in base64. Like SECRET_KEY, production refuses to start without it.
_INSECURE_KEK = "ZGV2ZWxvcG1lbnQta2V5LWVuY3J5cHRpb24ta2V5LSE="
TOHU_KEY_ENCRYPTION_KEY = env_base64_key(
    "TOHU_KEY_ENCRYPTION_KEY", _INSECURE_KEK if DEBUG else "", length=32
)
if not TOHU_KEY_ENCRYPTION_KEY:
    raise ImproperSetting(
        "TOHU_KEY_ENCRYPTION_KEY must be set when DEBUG is off (see .env.example)"
    )

# The audit log's seals and signed checkpoints (tohu/core/checkpoints.py) are keyed MACs under
# this key: 32 random bytes in base64, held outside the database. Production requires it.
_INSECURE_AUDIT_KEY = "ZGV2ZWxvcG1lbnQtYXVkaXQtY2hlY2twb2ludC1rZXk="
TOHU_AUDIT_KEY = env_base64_key("TOHU_AUDIT_KEY", _INSECURE_AUDIT_KEY if DEBUG else "", length=32)
if not TOHU_AUDIT_KEY:
    raise ImproperSetting("TOHU_AUDIT_KEY must be set when DEBUG is off (see .env.example)")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    # before allauth, so its templates (allauth's layout in Tohu's) win
    "tohu.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "tohu.core",
    "tohu.organisations",
    "tohu.learners",
    "tohu.register",
    "tohu.applications",
    "tohu.achievements",
    "tohu.reviews",
    "tohu.credentials",
    "tohu.webhooks",
    # django-ninja's own copy of Swagger UI, so /api/v1/docs loads nothing from a CDN; after
    # tohu.core, whose templates/ninja/swagger.html gives the page its language and landmarks
    "ninja",
]

MIDDLEWARE = [
    # first, so every log line of the request carries its id
    "tohu.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 Not Modified on the API from ETag and Last-Modified (tohu/core/conditional.py)
    "tohu.core.conditional.ApiConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tohu.core.site.SiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # a signed-in person's chosen language (tohu/accounts/language.py)
    "tohu.accounts.language.PreferredLanguageMiddleware",
    # on a te reo Māori page, each English part says lang="en-NZ" (tohu/core/language_of_parts.py)
    "tohu.core.language_of_parts.LanguageOfPartsMiddleware",
    # refuses a body larger than its address takes with 413 before reading it (tohu.core.limits)
    "tohu.core.limits.BodySizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # the quality assurer's staff and organisation administrators set up a second factor first
    "tohu.accounts.middleware.SecondFactorRequiredMiddleware",
    # a POST to the API with an Idempotency-Key is carried out once (tohu/core/idempotency.py)
    "tohu.core.idempotency.IdempotencyMiddleware",
    # a database statement cut off by its timeout answers 503 with a clear page
    "tohu.core.timeouts.StatementTimeoutMiddleware",
    # refuses NUL, lone surrogates and broken UTF-8 in addresses and JSON bodies with 400
    "tohu.core.input_guard.InputGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tohu.core.middleware.ContentSecurityPolicyMiddleware",
    # axes goes last so it sees the outcome of every sign-in attempt
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tohu.urls"
WSGI_APPLICATION = "tohu.wsgi.application"

TEMPLATES = [
    {
        # Django's templates, their i18n tags marking what the catalogue translates
        "BACKEND": "tohu.core.templates_backend.TohuTemplates",
        "NAME": "django",  # its usual name, as Django's own backend has
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tohu.core.context_processors.navigation",
                "tohu.core.context_processors.language",
            ],
            "string_if_invalid": "",
        },
    }
]


def _database() -> dict[str, Any]:
    """Build the default database from DATABASE_URL (SQLite under var/ when unset)."""
    url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tohu.sqlite3'}")
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise ImproperSetting(f"DATABASE_URL is not a database address: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        sqlite_library.choose(env_str("TOHU_SQLITE_LIBRARY", "auto"))
        # connections are kept: a new one re-reads the schema and re-runs the pragmas below
        config["OPTIONS"] = {
            # writers queue for the lock instead of failing half-way through a transaction
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
            ),
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
        # a page that takes longer than this is cut off with a clear 503 (tohu.core.timeouts),
        # instead of holding a worker thread; imports and the worker are not web processes
        timeout = env_int("TOHU_WEB_STATEMENT_TIMEOUT_SECONDS", 30, minimum=0)
        if timeout and env_str("TOHU_PROCESS", "") == "web":
            config["OPTIONS"] = {"options": f"-c statement_timeout={timeout * 1000}"}
    else:
        raise ImproperSetting(f"DATABASE_URL must be sqlite or postgres, not {config['ENGINE']}")
    return config


DATABASES = {"default": _database()}

# Each web process keeps its own small cache of public register answers (tohu.register.cache).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("TOHU_CACHE_MAX_ENTRIES", 2000, minimum=1)},
    },
    # the API's rate-limit counts (tohu.core.api_rate), in files every web process on this machine
    # shares, so a key's limit holds however many processes serve it
    "limits": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("TOHU_LIMITS_CACHE_DIR", str(VAR_DIR / "limits")),
        "OPTIONS": {"MAX_ENTRIES": env_int("TOHU_LIMITS_CACHE_MAX_ENTRIES", 20000, minimum=1)},
    },
}
# Seconds an answer may be kept; 0 turns the cache off. Any change to Tohu invalidates at once.
TOHU_REGISTER_CACHE_SECONDS = env_int("TOHU_REGISTER_CACHE_SECONDS", 300, minimum=0)
# How the register search reads: "tuned" (statements built once, SQLite planner hints, counts
# from the full-text index) or "orm" (plain Django ORM); the same results either way.
TOHU_REGISTER_SEARCH = env_str("TOHU_REGISTER_SEARCH", "tuned")
if TOHU_REGISTER_SEARCH not in ("tuned", "orm"):
    raise ImproperSetting("TOHU_REGISTER_SEARCH must be tuned or orm (see .env.example)")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("TOHU_PASSWORD_MIN_LENGTH", 12, minimum=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tohu.accounts.passwords.ServiceWordsValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "register:search"

# Login throttling: a username and address pair is locked out after repeated failures.
AXES_FAILURE_LIMIT = env_int("TOHU_SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TOHU_SIGN_IN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying (a few passwords tried on many usernames): the address alone is paused after
# this many failures across all usernames within the cool-off (tohu.accounts.throttling).
AXES_HANDLER = "tohu.accounts.throttling.SprayAwareHandler"
TOHU_SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("TOHU_SIGN_IN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
# Password reset links: so many requests an hour from one address or for one email address;
# a link works once, for this many seconds.
TOHU_PASSWORD_RESETS_PER_HOUR = env_int("TOHU_PASSWORD_RESETS_PER_HOUR", 5, minimum=1)
PASSWORD_RESET_TIMEOUT = env_int("TOHU_PASSWORD_RESET_SECONDS", 3600, minimum=60)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# every failed sign-in in axes' own log (not the audit chain)
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Sign-in is django-allauth's flow (tohu/accounts): a password, then a second factor where the
# person has one (TOTP, a passkey or security key, or a recovery code).
ACCOUNT_ADAPTER = "tohu.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "tohu.core.forms.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
# django-axes pauses password sign-ins (above) before allauth's own count would; allauth's count
# also limits wrong second-factor codes, to 10 per person in 15 minutes.
# Sign-ins (successful or not) from one network address are limited too, 30 a minute by default;
# the load benchmark, whose every simulated person comes from 127.0.0.1, raises it.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/m/ip,10/15m/key",
    "login": f"{env_int('TOHU_SIGN_IN_RATE_PER_ADDRESS', 30, minimum=1)}/m/ip",
}
# Organisations' identity providers (OpenID Connect) are IdentityProvider rows, one app each;
# a person is linked to the Tohu person of that organisation with the same verified email.
SOCIALACCOUNT_ADAPTER = "tohu.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("TOHU_TOTP_ISSUER", "Tohu")
MFA_PASSKEY_LOGIN_ENABLED = False
# WebAuthn needs https, except on loopback addresses while developing and testing
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("TOHU_WEBAUTHN_ALLOW_HTTP", DEBUG)

LANGUAGE_CODE = "en-nz"
LANGUAGES = [("en-nz", "English"), ("mi", "Te reo Māori")]
LOCALE_PATHS = [BASE_DIR / "tohu" / "locale"]
# one style of date and time everywhere: 7 Dec 2026, 3:30 pm (tohu/formats/en_NZ/formats.py)
FORMAT_MODULE_PATH = ["tohu.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Pacific/Auckland")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# hashed, compressed file names need `collectstatic`; development and tests serve from the apps
STATIC_MANIFEST = env_bool("TOHU_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tohu <tohu@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("TOHU_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# What `tohu worker` runs when it starts, before any task: imports a killed process left
# unfinished are failed and their rows taken back; webhooks waiting are sent.
TOHU_WORKER_STARTUP = [
    "tohu.achievements.services.batches.batches_recover",
    "tohu.webhooks.services.deliveries_resume",
]

# The niceness `tohu worker` and `tohu results import` run at (0 to 19; 0: as started), so that
# people's requests go first when the machine is busy (tohu/core/priority.py)
TOHU_BACKGROUND_NICENESS = env_int("TOHU_BACKGROUND_NICENESS", 10, minimum=0)

# What `tohu restore` runs once the backup is in: imports the backup caught part-way are failed
# and their rows taken back (nothing writes to a database just restored). Each returns the ids
# of what it finished.
TOHU_AFTER_RESTORE = ["tohu.achievements.services.batches.batches_recover_restored"]

# /health/ready answers 503 when no worker has beaten for this long, or a task has waited this long
TOHU_READY_HEARTBEAT_SECONDS = env_int("TOHU_READY_HEARTBEAT_SECONDS", 60, minimum=1)
TOHU_READY_QUEUE_SECONDS = env_int("TOHU_READY_QUEUE_SECONDS", 300, minimum=1)

# The idempotent housekeeping `tohu daily` runs (schedule it once a day with cron or a timer).
TOHU_DAILY_TASKS = [
    "tohu.register.tasks.discontinue_expired",
    "tohu.applications.tasks.remind_overdue_information_requests",
    "tohu.reviews.tasks.prompt_reviews",
    "tohu.achievements.tasks.remove_old_results_files",
    # webhooks left waiting by a worker that stopped with no other to take them over
    "tohu.webhooks.tasks.deliver_webhooks",
    # webhook messages delivered longer ago than TOHU_WEBHOOK_MESSAGES_KEEP_DAYS
    "tohu.webhooks.tasks.prune_delivered_messages",
    # after the jobs that change the register: the open-data files follow what they did
    "tohu.register.open_data.build_open_data",
    # last: it signs the head the other jobs leave
    "tohu.core.tasks.checkpoint_audit_chain",
]

# Security headers; production (DEBUG off) passes `manage.py check --deploy`.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TOHU_BEHIND_TLS_PROXY", False) else None
)

# One JSON object a line on standard error, each with its request id (tohu.core.logs); "text"
# gives the same lines for a person at a terminal.
TOHU_LOG_FORMAT = env_str("TOHU_LOG_FORMAT", "json")
if TOHU_LOG_FORMAT not in ("json", "text"):
    raise ImproperSetting(f"TOHU_LOG_FORMAT={TOHU_LOG_FORMAT!r} must be json or text")
LOGGING = logging_config(env_str("LOG_LEVEL", "WARNING"), TOHU_LOG_FORMAT)

TOHU_LEARNER_INDEX = env_str("TOHU_LEARNER_INDEX", "tohu.learners.index.LocalLearnerIndex")
# The open-data files of the whole register (tohu/register/open_data.py) are written here
TOHU_OPEN_DATA_DIR = Path(env_str("TOHU_OPEN_DATA_DIR", str(VAR_DIR / "open-data")))
TOHU_SEARCH_PAGE_SIZE = env_int("TOHU_SEARCH_PAGE_SIZE", 20, minimum=1)
# API requests allowed per API key, and per address without a key: N/s, N/min, N/hour or N/day
TOHU_API_RATE_PER_KEY = env_str("TOHU_API_RATE_PER_KEY", "600/min")
TOHU_API_RATE_ANONYMOUS = env_str("TOHU_API_RATE_ANONYMOUS", "300/min")
# Webhooks: loopback addresses over http are allowed only for development (DEBUG on); production
# sends only to https addresses outside any private network (tohu.webhooks.sending)
TOHU_WEBHOOKS_ALLOW_LOOPBACK = env_bool("TOHU_WEBHOOKS_ALLOW_LOOPBACK", False)
if TOHU_WEBHOOKS_ALLOW_LOOPBACK and not DEBUG:
    raise ImproperSetting("TOHU_WEBHOOKS_ALLOW_LOOPBACK is for development only (DEBUG=1)")
# Identity providers (sign-in through an organisation's OpenID Connect provider): an issuer on a
# loopback address over http is allowed only for development (DEBUG on); production takes only
# https issuers, and checks their discovery document only at public addresses
TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK = env_bool("TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK", False)
if TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK and not DEBUG:
    raise ImproperSetting(
        "TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK is for development only (DEBUG=1)"
    )
# What decision letters, statements of equivalency and the Record of Achievement tell their reader
# they can do about them, in NZQA's approved words ("{issuer}" is replaced by the issuer's name);
# empty keeps Tohu's default wording (tohu.core.documents.WORDING_DEFAULTS)
TOHU_DECISION_RECONSIDERATION = env_str("TOHU_DECISION_RECONSIDERATION", "")
TOHU_STATEMENT_RECONSIDERATION = env_str("TOHU_STATEMENT_RECONSIDERATION", "")
TOHU_RECORD_CORRECTIONS = env_str("TOHU_RECORD_CORRECTIONS", "")
# Seconds a webhook receiver has to answer
TOHU_WEBHOOKS_TIMEOUT_SECONDS = env_int("TOHU_WEBHOOKS_TIMEOUT_SECONDS", 10, minimum=1)
# Days a results upload and its error report are kept after the import finished (then deleted)
TOHU_RESULTS_FILES_KEEP_DAYS = env_int("TOHU_RESULTS_FILES_KEEP_DAYS", 90, minimum=1)
TOHU_APPLICATIONS_QA_EMAIL = env_str("TOHU_APPLICATIONS_QA_EMAIL", "")
TOHU_APPLICATION_ATTACHMENT_MAX_BYTES = env_int(
    "TOHU_APPLICATION_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024, minimum=1
)
# How large a body each kind of address takes, refused with 413 before it is read (tohu.core.limits)
TOHU_FORM_MAX_BYTES = env_int("TOHU_FORM_MAX_BYTES", 1024 * 1024, minimum=1024)
TOHU_API_MAX_BYTES = env_int("TOHU_API_MAX_BYTES", 8 * 1024 * 1024, minimum=1024)
TOHU_RESULTS_FILE_MAX_BYTES = env_int("TOHU_RESULTS_FILE_MAX_BYTES", 512 * 1024 * 1024, minimum=1)
# Bytes of results files an organisation may have kept at once (files go after the days above)
TOHU_RESULTS_UPLOAD_QUOTA_BYTES = env_int(
    "TOHU_RESULTS_UPLOAD_QUOTA_BYTES", 2 * 1024 * 1024 * 1024, minimum=1
)

# Policy values (rules.md "policy" rows): declared once, with NZQA's published values, in
# tohu.rulebook.policy; the environment may change each. Read them with tohu.core.policy.current().
_POLICY = Policy()
TOHU_POLICY = Policy(
    rules_2022_cutover=env_date("TOHU_RULES_2022_CUTOVER", _POLICY.rules_2022_cutover),
    expiring_years=env_int("TOHU_EXPIRING_YEARS", _POLICY.expiring_years, minimum=1),
    review_prompt_months=env_int(
        "TOHU_REVIEW_PROMPT_MONTHS", _POLICY.review_prompt_months, minimum=1
    ),
    review_change_application_months=env_int(
        "TOHU_REVIEW_CHANGE_APPLICATION_MONTHS",
        _POLICY.review_change_application_months,
        minimum=1,
    ),
    transition_review_start=env_date(
        "TOHU_TRANSITION_REVIEW_START", _POLICY.transition_review_start
    ),
    evaluation_hourly_rate=env_decimal(
        "TOHU_EVALUATION_HOURLY_RATE", _POLICY.evaluation_hourly_rate
    ),
    gst_rate=env_decimal("TOHU_GST_RATE", _POLICY.gst_rate),
    equivalency_fee_single=env_decimal(
        "TOHU_EQUIVALENCY_FEE_SINGLE", _POLICY.equivalency_fee_single
    ),
    equivalency_hours_single=_POLICY.equivalency_hours_single,
    equivalency_fee_bundle=env_decimal(
        "TOHU_EQUIVALENCY_FEE_BUNDLE", _POLICY.equivalency_fee_bundle
    ),
    equivalency_hours_bundle=_POLICY.equivalency_hours_bundle,
    equivalency_last_day=env_date("TOHU_EQUIVALENCY_LAST_DAY", _POLICY.equivalency_last_day),
    equivalency_archived_from=env_date(
        "TOHU_EQUIVALENCY_ARCHIVED_FROM", _POLICY.equivalency_archived_from
    ),
    reporting_fee_on=env_bool("TOHU_REPORTING_FEE", _POLICY.reporting_fee_on),
    reporting_fee_from=env_date("TOHU_REPORTING_FEE_FROM", _POLICY.reporting_fee_from),
    reporting_fee_per_credit=env_decimal(
        "TOHU_REPORTING_FEE_PER_CREDIT", _POLICY.reporting_fee_per_credit
    ),
    close_down=CloseDown(
        first=env_month_day("TOHU_CLOSE_DOWN_FIRST_DAY", _POLICY.close_down.first),
        last=env_month_day("TOHU_CLOSE_DOWN_LAST_DAY", _POLICY.close_down.last),
    ),
    webhook_messages_keep_days=env_int(
        "TOHU_WEBHOOK_MESSAGES_KEEP_DAYS", _POLICY.webhook_messages_keep_days, minimum=1
    ),
)
