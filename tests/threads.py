"""Races in tests: the same work in several threads at once, each with its own database
connection (which the work must close: ``connections.close_all()`` in a ``finally``)."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_at_once(work: Callable[[], None], times: int, *, timeout: float = 60) -> None:
    """Start `times` threads running `work`, then wait up to `timeout` s for each."""
    run_all_at_once([work] * times, timeout=timeout)


def run_all_at_once(works: list[Callable[[], None]], *, timeout: float = 60) -> None:
    """Start a thread for each of `works`, then wait up to `timeout` s for each."""
    threads = [threading.Thread(target=work) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
