"""What the ticket page's timeline says about one event, worked out in Python.

An event stores codes and plain values in ``data`` (a department's name, a method, a
satisfaction, a deadline as ISO text); ``lines`` turns them into the sentences shown
under the event, in the reader's language and time zone, at render time. Apps above
tickets add lines for their own kinds of event with ``register`` (notify: the deadline
warnings), so this module never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from firstask.core.labels import label


@dataclass(frozen=True)
class Line:
    text: str
    css: str = ""
    testid: str = ""


Describe = Callable[[dict], list[Line]]
DESCRIBERS: dict[str, Describe] = {}


def register(kind: str, describe: Describe) -> None:
    """Lines for events of ``kind``, from their data (an app above tickets adds its own)."""
    DESCRIBERS[kind] = describe


def local_time(iso: str) -> str:
    """An ISO datetime stored in an event, as the reader's local "Y-m-d H:i"."""
    moment = parse_datetime(iso or "")
    if moment is None:
        return iso or ""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def lines(kind: str, data: dict | None) -> list[Line]:
    data = data or {}
    found: list[Line] = []
    if data.get("department"):
        handler = f" · {data['handler']}" if data.get("handler") else ""
        found.append(Line(f"→ {data['department']}{handler}"))
    if data.get("satisfaction"):
        method = label(data.get("method"), "method")
        found.append(Line(f"{method} · {label(data['satisfaction'], 'satisfaction')}"))
    if data.get("until"):
        found.append(Line(f"{_('New deadline')}: {local_time(data['until'])}"))
    if data.get("visitor_notice"):
        found.append(Line(f"{_('Visitor told')}: {data['visitor_notice']}"))
    if kind in DESCRIBERS:
        found.extend(DESCRIBERS[kind](data))
    if data.get("reason"):
        found.append(Line(label(data["reason"], "reason")))
    if data.get("on_behalf_of_name"):
        name = data["on_behalf_of_name"]
        found.append(Line(_("on behalf of %(name)s") % {"name": name}, testid="on-behalf-of"))
    return found
