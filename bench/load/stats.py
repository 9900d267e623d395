"""Counts every response by status code and keeps the race outcomes, for the report."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path


class Stats:
    def __init__(self) -> None:
        self.by_status: Counter[str] = Counter()
        self.by_name_status: Counter[str] = Counter()
        self.races: list[dict] = []

    def on_request(self, request_type, name, response=None, exception=None, **_kwargs):
        code = getattr(response, "status_code", None)
        status = str(code) if code else f"error:{type(exception).__name__}" if exception else "0"
        self.by_status[status] += 1
        if not code or code >= 500:
            self.by_name_status[f"{request_type} {name} {status}"] += 1

    def race(self, number: str, *, winners: int, losers: int = 0) -> None:
        self.races.append({"number": number, "winners": winners, "losers": losers})

    def dump(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "by_status": dict(self.by_status),
                    "server_errors_by_request": dict(self.by_name_status),
                    "races": self.races,
                },
                indent=1,
            )
        )


STATS = Stats()
