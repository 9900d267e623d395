"""The test command's PostgreSQL pass really runs on PostgreSQL.

scripts/test announces the database each pass is meant to use; if DATABASE_URL were
lost on the way (a settings change, a typo in the script), the "PostgreSQL" pass would
silently run on SQLite a second time and report green. This test turns that into a
failure. Run directly with pytest (no announcement) it has nothing to check and skips.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection


def test_suite_runs_on_the_database_the_test_command_announced(db: None) -> None:
    expected = os.environ.get("FIRSTASK_EXPECT_DB_VENDOR")
    if not expected:
        pytest.skip("not run by scripts/test: no database announced")
    assert connection.vendor == expected
