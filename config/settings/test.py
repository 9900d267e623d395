"""Tests: fast hashing, file-backed SQLite test DB so a real worker process can share it."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not ":memory:": integration tests start real Celery workers and a live
    # server that must read the same rows.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-firstask.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
