"""不定期抽查: which tickets a seed draws, and the review checklist.

The draw is a pure function of (day, seed, size, population): the population is the
ids of the tickets received that day in ascending order, cut at the last id seen when
the sample was drawn. Tickets are never deleted and ids only grow, so anyone can redraw
a recorded sample later and get the same tickets — the inspector cannot quietly pick
the easy ones.
"""

from __future__ import annotations

import random
import secrets
from datetime import date

from django.utils.translation import gettext_lazy as _

from firstask.tickets.models import Ticket

MAX_SEED = 2**31 - 1
MAX_SAMPLE = 50

CHECKLIST: tuple[tuple[str, object], ...] = (
    ("registered_fully", _("Registered fully (visitor, phone, matter, category)")),
    ("told_name_and_post", _("Told the visitor their own name and post")),
    ("one_time_notice", _("One-time notice complete (every missing item at once)")),
    ("answer_accurate", _("Answer accurate and within policy")),
    ("on_time", _("Handled on time")),
    ("polite_wording", _("Polite wording, no deflecting phrases")),
)
CHECK_CODES = tuple(code for code, _label in CHECKLIST)


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED) + 1


def population_ids(day: date, up_to_id: int | None = None) -> list[int]:
    """Ids of the tickets received on ``day`` (organisation time), ascending."""
    from firstask.inspection.selectors import day_bounds

    start, end = day_bounds(day)
    qs = Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
    if up_to_id is not None:
        qs = qs.filter(pk__lte=up_to_id)
    return list(qs.order_by("pk").values_list("pk", flat=True))


def choose(ids: list[int], seed: int, size: int) -> list[int]:
    """``size`` of ``ids`` (sorted ascending), reproducibly for a given seed."""
    return random.Random(seed).sample(sorted(ids), min(size, len(ids)))


def score(checks: dict[str, bool]) -> int:
    """Share of checklist items passed, 0–100."""
    return round(100 * sum(bool(checks.get(code)) for code in CHECK_CODES) / len(CHECK_CODES))
