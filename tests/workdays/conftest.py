from __future__ import annotations

import pytest

from firstask.workdays.selectors import clear_caches
from tests.workdays.helpers import package_calendar


@pytest.fixture(autouse=True)
def _fresh_workdays_caches():
    """A rolled-back test transaction sends no signal: never let a cache outlive a test."""
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(scope="session")
def cal():
    """2025 and 2026 as the State Council published them (via the holidays package)."""
    return package_calendar(2025, 2026)
