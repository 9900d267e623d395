"""Activity rules: flags on the *events* of the day (what staff did and wrote)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from firstask.inspection.rules.base import DayFacts, Flag, responder_flag, rule, writer_flag
from firstask.tickets.choices import EventKind, Satisfaction

HANDOVER_SUMMARY_COPY = 500  # the service and the refer form start the slip from matter[:500]


def _squash(text: str) -> str:
    return "".join((text or "").split())


@rule(
    "referral_without_note",
    _("Referral without a handover note"),
    _(
        "Referred with an empty handover summary, or with the registered matter copied "
        "unchanged and no suggestion: the department learns nothing new (交接不清)."
    ),
    "activity",
)
def referral_without_note(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.REFERRED):
        t = facts.tickets[e["ticket_id"]]
        summary = _squash(e["note"])
        copied = summary == _squash(t["matter_head"][:HANDOVER_SUMMARY_COPY])
        if not summary or (copied and not _squash(e["data"].get("suggestion", ""))):
            yield responder_flag("referral_without_note", t, e["at"], e["id"])


@rule(
    "returned_referral",
    _("Returned referral"),
    _(
        "A department sent a referral back to the first responder: check it was not "
        "passed around (推诿风险)."
    ),
    "activity",
)
def returned_referral(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.RETURNED):
        data = e["data"]
        yield writer_flag("returned_referral", e, data.get("reason", ""), data.get("department_id"))


@rule(
    "dissatisfied",
    _("Dissatisfied visitor"),
    _("The visitor said they were dissatisfied at the follow-up (不满意)."),
    "activity",
)
def dissatisfied(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.FOLLOWED_UP):
        if e["data"].get("satisfaction") == Satisfaction.DISSATISFIED:
            yield responder_flag("dissatisfied", facts.tickets[e["ticket_id"]], e["at"], e["id"])


@rule(
    "closed_without_follow_up",
    _("Closed without a follow-up"),
    _(
        "Closed with no follow-up on record, or with a follow-up dated before the answer or "
        "result it should have confirmed (未回访即办结)."
    ),
    "activity",
)
def closed_without_follow_up(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events_of(EventKind.CLOSED):
        t = facts.tickets[e["ticket_id"]]
        outcome = max((m for m in (t["answered_at"], t["result_at"]) if m), default=None)
        followed = t["followed_up_at"]
        if followed is None or (outcome is not None and followed < outcome):
            yield responder_flag("closed_without_follow_up", t, e["at"], e["id"])


@rule(
    "forbidden_phrase",
    _("Forbidden phrase"),
    _(
        "Staff wrote a deflecting phrase (不知道, 不归我管, 没办法, 我不管 or one on the "
        "managers' list) in an answer, handover slip, result, return, follow-up or note."
    ),
    "activity",
)
def forbidden_phrase(facts: DayFacts) -> Iterator[Flag]:
    for e in facts.events:
        if e["ticket_id"] not in facts.tickets:
            continue
        hits = [hit for text in _staff_texts(e) for hit in facts.matcher.find(text)]
        if hits:
            detail = "、".join(dict.fromkeys(f"{h.phrase}（…{h.excerpt}…）" for h in hits))
            yield writer_flag("forbidden_phrase", e, detail, e["actor_department_id"])


def _staff_texts(event: dict) -> list[str]:
    """What staff wrote in this event. The transition service copies every staff text —
    answer, handover summary and suggestion, return explanation, progress note, result,
    follow-up remarks, void reason — into the event, so the events are the whole record.
    The visitor's own words (the matter) are never scanned; an assignment's note is the
    earlier summary copied, not new wording."""
    data = event["data"] or {}
    texts = [] if event["kind"] == EventKind.ASSIGNED else [event["note"]]
    texts.append(data.get("suggestion") or "")
    texts.extend(str(item) for item in data.get("missing_items") or [])
    return [t for t in texts if t]
