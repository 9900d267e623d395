"""Read a year's State Council holiday notice as a manager types it — no ORM.

One entry per line: a date or a range, a kind, a name::

    2027-01-01 holiday 元旦
    2027-02-06~2027-02-12 休 春节
    2027-02-20 workday 春节调休

Kinds: ``holiday`` (also 休, 放假, 休息, off) and ``workday`` (also 班, 上班, work).
Separators may be spaces (half- or full-width), tabs or commas. Blank lines and lines
starting with ``#`` are skipped. Dates must lie in the notice's year, or in December of
the year before (a New Year holiday can start there: the 2019 notice made Saturday
2018-12-29 a workday). Every problem is reported with its line number, all at once, so
the manager fixes the paste in one go; nothing is returned unless all lines are good.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from firstask.workdays.package_data import HOLIDAY, WORKDAY

KIND_WORDS = {
    "holiday": HOLIDAY,
    "off": HOLIDAY,
    "休": HOLIDAY,
    "休息": HOLIDAY,
    "放假": HOLIDAY,
    "workday": WORKDAY,
    "work": WORKDAY,
    "班": WORKDAY,
    "上班": WORKDAY,
}
MAX_RANGE_DAYS = 31
_SPLIT = re.compile(r"[\s,，\u3000]+")
_RANGE = re.compile(r"^(\S+?)(?:~|～|\.\.)(\S+)$")


@dataclass(frozen=True)
class NoticeDay:
    date: date
    kind: str
    name: str
    line: int


class NoticeError(ValueError):
    """The notice has errors; ``messages`` are translated, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _dates(token: str, line: int, errors: list[str]) -> list[date]:
    match = _RANGE.match(token)
    first_text, last_text = match.groups() if match else (token, token)
    first, last = _parse_date(first_text), _parse_date(last_text)
    if first is None or last is None:
        errors.append(
            _(
                "Line %(line)d: “%(text)s” is not a date like 2027-10-01 "
                "or a range like 2027-10-01~2027-10-07."
            )
            % {"line": line, "text": token}
        )
        return []
    if last < first:
        errors.append(_("Line %(line)d: the range ends before it starts.") % {"line": line})
        return []
    if (last - first).days >= MAX_RANGE_DAYS:
        errors.append(
            _("Line %(line)d: a range may cover at most %(days)d days.")
            % {"line": line, "days": MAX_RANGE_DAYS}
        )
        return []
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _in_notice_year(day: date, year: int) -> bool:
    return day.year == year or (day.year == year - 1 and day.month == 12)


def parse_notice(year: int, text: str) -> list[NoticeDay]:
    """The days of the notice, sorted by date; raises ``NoticeError`` listing every problem."""
    errors: list[str] = []
    days: dict[date, NoticeDay] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = _SPLIT.split(line, maxsplit=2)
        if len(parts) < 3 or not parts[2].strip():
            errors.append(
                _("Line %(line)d: write the date, the kind (holiday or workday) and a name.")
                % {"line": number}
            )
            continue
        token, kind_word, name = parts[0], parts[1].lower(), parts[2].strip()
        kind = KIND_WORDS.get(kind_word)
        if kind is None:
            errors.append(
                _("Line %(line)d: “%(word)s” is not a kind; write holiday or workday.")
                % {"line": number, "word": parts[1]}
            )
        if len(name) > 100:
            errors.append(
                _("Line %(line)d: the name is longer than 100 characters.") % {"line": number}
            )
        for day in _dates(token, number, errors):
            if not _in_notice_year(day, year):
                errors.append(
                    _("Line %(line)d: %(date)s is not in %(year)d (or the December before).")
                    % {"line": number, "date": day.isoformat(), "year": year}
                )
            elif day in days:
                errors.append(
                    _("Line %(line)d: %(date)s is already given on line %(other)d.")
                    % {"line": number, "date": day.isoformat(), "other": days[day].line}
                )
            elif kind == WORKDAY and day.weekday() < 5:
                errors.append(
                    _(
                        "Line %(line)d: %(date)s is a weekday, so it is a workday anyway; "
                        "a make-up workday falls on a Saturday or Sunday."
                    )
                    % {"line": number, "date": day.isoformat()}
                )
            elif kind is not None:
                days[day] = NoticeDay(date=day, kind=kind, name=name, line=number)
    if not errors and not days:
        errors.append(_("The notice lists no dates."))
    if errors:
        raise NoticeError(errors)
    return sorted(days.values(), key=lambda d: d.date)
