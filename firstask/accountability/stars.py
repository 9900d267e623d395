"""The period's 优质服务标兵 / 服务明星 candidates (001, 003), from the inquiries' own
measures: share of visitors satisfied at the follow-up, share answered or referred on
time, and no standing violation in the period. A proposer turns a candidate into a
proposed commendation; a leader confirms it.

The measures app (``reports``) sits above this one, so the two figures are computed
here from the tickets directly, with the same definitions (satisfied = 满意 at the
follow-up; on time = answered before the answer deadline). Four queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q

from firstask.accountability.selectors import Period, instants, persons_with_violations
from firstask.tickets.choices import Satisfaction
from firstask.tickets.models import FollowUp, Ticket


@dataclass
class Candidate:
    person: object
    follow_ups: int
    satisfied_pct: int
    answered: int
    on_time_pct: int

    def as_dict(self) -> dict:
        return {
            "follow_ups": self.follow_ups,
            "satisfied_pct": self.satisfied_pct,
            "answered": self.answered,
            "on_time_pct": self.on_time_pct,
        }


def _thresholds() -> tuple[int, int, int]:
    return (
        int(getattr(settings, "ACCOUNTABILITY_STAR_MIN_FOLLOW_UPS", 3)),
        int(getattr(settings, "ACCOUNTABILITY_STAR_MIN_SATISFIED_PCT", 90)),
        int(getattr(settings, "ACCOUNTABILITY_STAR_MIN_ON_TIME_PCT", 90)),
    )


def candidates(period: Period, limit: int = 10) -> list[Candidate]:
    min_follow_ups, min_satisfied, min_on_time = _thresholds()
    start, end = instants(period)
    follow = (
        FollowUp.objects.filter(contacted_at__gte=start, contacted_at__lt=end)
        .values("ticket__first_responder_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)))
    )
    answered = (
        Ticket.objects.filter(
            answered_at__isnull=False,
            answer_due_at__isnull=False,
            received_at__gte=start,
            received_at__lt=end,
        )
        .values("first_responder_id")
        .annotate(n=Count("pk"), ok=Count("pk", filter=Q(answered_at__lte=F("answer_due_at"))))
    )
    on_time = {r["first_responder_id"]: (r["n"], r["ok"]) for r in answered}
    excluded = persons_with_violations(period)
    scored = []
    for r in follow:
        pid = r["ticket__first_responder_id"]
        if pid in excluded or r["n"] < min_follow_ups:
            continue
        satisfied = round(100 * r["ok"] / r["n"])
        n_answered, n_on_time = on_time.get(pid, (0, 0))
        on_time_pct = round(100 * n_on_time / n_answered) if n_answered else 100
        if satisfied >= min_satisfied and on_time_pct >= min_on_time:
            scored.append((pid, r["n"], satisfied, n_answered, on_time_pct))
    scored.sort(key=lambda s: (-s[2], -s[4], -s[1], s[0]))
    scored = scored[:limit]
    people = get_user_model().objects.filter(pk__in=[s[0] for s in scored], is_active=True)
    people = {p.pk: p for p in people.select_related("profile__department")}
    return [
        Candidate(people[pid], n, sat, n_ans, on)
        for pid, n, sat, n_ans, on in scored
        if pid in people
    ]
