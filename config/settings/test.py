"""Tests: fast hashing, file-backed SQLite test DB so a real worker process can share it."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not ":memory:": integration tests start real Celery workers and a live
    # server that must read the same rows (they are handed its path). One file per test
    # run, so two people running the suite on one machine do not share a database.
    DATABASES["default"]["TEST"] = {
        "NAME": str(
            VAR_DIR / f"test-firstask-{os.environ.get('FIRSTASK_TEST_RUN', os.getpid())}.sqlite3"
        )
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
