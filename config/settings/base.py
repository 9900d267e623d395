"""Settings shared by every environment; everything that varies comes from the environment.

dev/test/prod modules are short overrides of this file. See README "Configuration".
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

from config.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("FIRSTASK_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

ORGANISATION_NAME = env_str("FIRSTASK_ORGANISATION_NAME", "")
# Absolute address of the site, for links in warning emails (e.g. https://firstask.example).
FIRSTASK_SITE_URL = env_str("FIRSTASK_SITE_URL", "")
# A new inquiry on the same directory matter within this many days of a one-time notice
# (一次性告知) is flagged as a repeat visit.
REPEAT_VISIT_DAYS = env_int("FIRSTASK_REPEAT_VISIT_DAYS", 30)
# Accountability: working days a person has to appeal (申诉) a decision, and how many
# efficiency warnings (效能告诫) in a calendar year make the year "not competent".
ACCOUNTABILITY_APPEAL_WORKING_DAYS = env_int("FIRSTASK_APPEAL_WORKING_DAYS", 5)
ACCOUNTABILITY_UNFIT_AFTER = env_int("FIRSTASK_UNFIT_AFTER", 2)
# Connections the warning sweep works a backlog on at once (PostgreSQL only; SQLite
# serialises writers, so it always sweeps on one). 1 turns the lanes off.
SWEEP_LANES = env_int("FIRSTASK_SWEEP_LANES", 2)

INSTALLED_APPS = [
    "firstask.core.apps.FirstaskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_fsm",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "firstask.core.apps.CoreConfig",
    "firstask.org.apps.OrgConfig",
    "firstask.workdays.apps.WorkdaysConfig",
    "firstask.directory.apps.DirectoryConfig",
    "firstask.tickets.apps.TicketsConfig",
    "firstask.inspection.apps.InspectionConfig",
    "firstask.notify.apps.NotifyConfig",
    "firstask.accountability.apps.AccountabilityConfig",
    "firstask.reports.apps.ReportsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "firstask.core.middleware.IdleSessionMiddleware",
    "firstask.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "firstask.core.second_factor.SecondFactorMiddleware",
    "firstask.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "firstask.core.context_processors.navigation",
                "firstask.workdays.context_processors.calendar_banner",
                "firstask.notify.context_processors.inbox",
            ],
            # The shared filters (person, label) are in every template, no {% load %}.
            "builtins": ["firstask.core.templatetags.firstask"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default: WAL lets readers run beside the one writer, IMMEDIATE takes the
# write lock at BEGIN so two writers queue on the timeout instead of failing with
# "database is locked" half way through a transaction.
SQLITE_PATH = VAR_DIR / "firstask.sqlite3"
# Attachments (scanned letters, photos, PDFs) unless STORAGES names an "attachments"
# storage: outside static, served only through the permission-checked view.
ATTACHMENTS_DIR = Path(env_str("FIRSTASK_ATTACHMENTS_DIR", str(VAR_DIR / "attachments")))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
        DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions -----------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Intranet sign-in: LDAP / Active Directory when LDAP_SERVER_URI is set (config/settings/
# ldap.py); directory users get their roles from their groups, local accounts still work.
if env_str("LDAP_SERVER_URI"):
    from config.settings.ldap import *  # noqa: F403

    AUTHENTICATION_BACKENDS.insert(1, "firstask.org.ldap_login.DirectoryBackend")
# Optional TOTP second factor (firstask/core/second_factor.py): anyone may enrol; these
# roles must (production sets managers and quality inspectors).
FIRSTASK_OTP_REQUIRED_ROLES = env_list("FIRSTASK_OTP_REQUIRED_ROLES")
OTP_TOTP_ISSUER = env_str("FIRSTASK_OTP_ISSUER", "firstask")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# The age above is an idle timeout, not a hard one: IdleSessionMiddleware saves the
# session (and so moves its expiry) at most once per SESSION_REFRESH_SECONDS, instead of
# a database write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lock a username only from the address it was attacked from: a front desk shares one
# IP, and one clerk's typos must not lock the whole desk out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind N reverse proxies the visitor's address is the N-th from the right of
# X-Forwarded-For (0: use REMOTE_ADDR). axes' AXES_IPWARE_* settings would need
# django-ipware, which is not installed, so the address comes from our own function.
TRUSTED_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "firstask.core.client_ip.client_ip"
AXES_VERBOSE = False

# --- Security headers ------------------------------------------------------------------
# Strict policy: nothing inline, nothing from elsewhere. Templates carry no inline
# script or style; behaviour lives in static/js, styling in static/css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
# A refused CSRF check gets the product's page in the user's language, not Django's.
CSRF_FAILURE_VIEW = "firstask.core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email -------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "firstask@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery --------------------------------------------------------------------------------
# Redis when configured; otherwise an embedded filesystem broker under var/ so a fresh
# machine runs web + worker + beat with nothing else installed.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "celery"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Measures (firstask.reports): fold in the days that changed (today stays live to
    # within this pace); the monthly report on the first working day of each month
    # (the task runs every morning and does nothing on other days).
    "reports-refresh-measures": {
        "task": "firstask.reports.tasks.refresh_measures_task",
        "schedule": float(env_int("FIRSTASK_MEASURES_SECONDS", 120)),
    },
    "reports-monthly": {
        "task": "firstask.reports.tasks.monthly_reports_task",
        "schedule": crontab(hour=7, minute=30),
    },
    "worker-heartbeat": {
        "task": "firstask.core.tasks.record_heartbeat",
        "schedule": 60.0,
    },
    "planner-statistics": {
        "task": "firstask.core.tasks.refresh_planner_statistics",
        "schedule": crontab(hour=3, minute=17),
    },
    # The auditor's checks (firstask.tickets.integrity) at night; /healthz shows the
    # outcome and managers get an inbox notice when anything is wrong.
    "integrity-check": {
        "task": "firstask.notify.tasks.check_integrity_task",
        "schedule": crontab(hour=2, minute=41),
    },
    # Deadline warnings (firstask.notify): the sweep reads only due rows; the relay
    # sends the emails. A tick no worker took before the next one expires, so a worker
    # that was away does not come back to a pile of identical sweeps. The intervals are
    # env-driven so the integration tests can run a real beat at a one-second pace.
    "notify-sweep-warnings": {
        "task": "firstask.notify.tasks.sweep_warnings_task",
        "schedule": float(env_int("FIRSTASK_SWEEP_SECONDS", 120)),
        "options": {"expires": 110},
    },
    "notify-deliver-emails": {
        "task": "firstask.notify.tasks.deliver_notifications",
        "schedule": float(env_int("FIRSTASK_DELIVER_SECONDS", 60)),
        "options": {"expires": 55},
    },
}

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
