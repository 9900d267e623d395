"""What the paper forms print, decided once so every paper says the same thing.

The promised time is the ticket's one ``promised_at``; the handover slip's handling
deadline is the open referral's live deadline (an approved extension moves it), or the
deadline the slip was written with once the referral is closed or returned.
"""

from __future__ import annotations

from firstask.tickets.choices import State
from firstask.workdays.selectors import policy_for

# 002 "跨部门协作流程": the supervising leader is copied on referrals of complaints,
# reports and requests for a leader, and on anything urgent.
COPY_LEADER_CATEGORIES = frozenset({"complaint", "report", "leader"})


def copies_leader(ticket) -> bool:
    return ticket.category in COPY_LEADER_CATEGORIES or ticket.urgency != "normal"


def handover_context(ticket, referral) -> dict:
    is_open = (
        referral.returned_at is None
        and ticket.state == State.REFERRED
        and ticket.referred_department_id == referral.department_id
    )
    handle_by = ticket.handle_due_at if is_open and not ticket.has_result else referral.deadline
    policy = policy_for(ticket.category, ticket.urgency)
    return {
        "ticket": ticket,
        "referral": referral,
        "handle_by": handle_by,
        "sign_for_days": policy.sign_for_days,
        "copy_leader": copies_leader(ticket) and referral.department.supervising_leader_id,
    }
