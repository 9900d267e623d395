"""Demo warnings: run the sweep once, so the inboxes of a fresh demo are not empty.

The tickets' demo leaves overdue and due-soon items; beat would warn about them within
a minute of ``scripts/run`` starting, but a fresh demo shows them at once.
"""

from __future__ import annotations


def load() -> None:
    from firstask.notify.sweep import sweep_warnings

    sweep_warnings()
