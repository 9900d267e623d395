"""Shanghai wall-clock instants for tests: the deadlines count Chinese office hours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime:
    """``at(2026, 11, 20, 10, 0)``: that wall time in Shanghai."""
    return datetime(*args, tzinfo=SHANGHAI)
