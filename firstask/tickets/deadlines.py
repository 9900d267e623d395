"""Keep a ticket's stored deadlines in step with its state (限时办结).

Called by the transition service on every change; the maths itself is pure and lives in
firstask.workdays. Until the working-day calendar is wired in, nothing is set.
"""

from __future__ import annotations

from datetime import datetime


def refresh_deadlines(ticket, *, now: datetime) -> None:
    """Recompute the stored deadlines of ``ticket`` from its state and policy."""
    return None
