"""The deadlines of an inquiry under a policy (pure, no database)."""

from __future__ import annotations

import pytest

from firstask.workdays.deadlines import (
    PolicyValue,
    answer_due,
    due_soon_from,
    follow_up_due,
    handle_due,
    leader_escalation_at,
    next_progress_due,
    sign_for_due,
)
from firstask.workdays.maths import Deadline
from tests.workdays.helpers import sh

CONSULTATION = PolicyValue(answer_days=0, handle_days=0)
COMPLAINT = PolicyValue(answer_days=5, handle_days=5)


def test_answer_due_same_working_day(cal):
    assert answer_due(sh(2026, 9, 30, 10), CONSULTATION, cal).at == sh(2026, 9, 30, 17, 30)
    # registered after close on the eve of National Day: the next workday
    assert answer_due(sh(2026, 9, 30, 18), CONSULTATION, cal).at == sh(2026, 10, 8, 17, 30)


def test_an_earlier_promise_counts_a_later_one_does_not(cal):
    received = sh(2026, 11, 16, 9)
    promised = sh(2026, 11, 17, 12)
    assert answer_due(received, COMPLAINT, cal, promised_at=promised) == Deadline(at=promised)
    late = sh(2026, 12, 31, 12)
    assert answer_due(received, COMPLAINT, cal, promised_at=late).at == sh(2026, 11, 23, 17, 30)
    assert handle_due(received, COMPLAINT, cal, promised_at=promised).at == promised


def test_sign_for_due_is_one_working_day(cal):
    assert sign_for_due(sh(2026, 9, 30, 15), PolicyValue(), cal).at == sh(2026, 10, 8, 17, 30)


def test_handle_due_counts_from_signing(cal):
    # signed Thu Oct 8: Fri 9, Sat 10 (make-up), Mon 12, Tue 13, Wed 14
    assert handle_due(sh(2026, 10, 8, 9), COMPLAINT, cal).at == sh(2026, 10, 14, 17, 30)


def test_follow_up_due_the_day_after_the_result(cal):
    assert follow_up_due(sh(2026, 10, 9, 16), PolicyValue(), cal).at == sh(2026, 10, 10, 17, 30)
    very_urgent = PolicyValue(follow_up_days=0)
    assert follow_up_due(sh(2026, 10, 9, 16), very_urgent, cal).at == sh(2026, 10, 9, 17, 30)


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (sh(2026, 11, 16, 10), sh(2026, 11, 17, 10)),  # a plain day later
        (sh(2026, 11, 16, 12, 30), sh(2026, 11, 17, 12, 30)),  # over lunch: stays
        (sh(2026, 11, 17, 20), sh(2026, 11, 19, 8, 30)),  # falls at night: next opening
        (sh(2026, 11, 13, 10), sh(2026, 11, 16, 8, 30)),  # falls on Saturday
        (sh(2026, 10, 9, 10), sh(2026, 10, 10, 10)),  # falls on a make-up Saturday: stays
        (sh(2026, 9, 30, 10), sh(2026, 10, 8, 8, 30)),
    ],  # National Day: nobody flagged
)
def test_next_progress_due(cal, last, expected):
    assert next_progress_due(last, PolicyValue(), cal).at == expected


def test_due_soon_starts_four_working_hours_before(cal):
    policy = PolicyValue(due_soon_hours=4)
    close = Deadline(at=sh(2026, 11, 17, 17, 30))
    assert due_soon_from(close, policy, cal).at == sh(2026, 11, 17, 13, 30)
    # a promised 10:00 on Oct 8: 1.5 h that morning, 2.5 h before National Day
    promised = Deadline(at=sh(2026, 10, 8, 10))
    assert due_soon_from(promised, policy, cal).at == sh(2026, 9, 30, 15)


def test_leader_escalation_after_working_days(cal):
    policy = PolicyValue(escalate_to_leader_after_days=2)
    assert leader_escalation_at(Deadline(at=sh(2026, 11, 16, 17, 30)), policy, cal).at == sh(
        2026, 11, 18, 17, 30
    )
    assert leader_escalation_at(Deadline(at=sh(2026, 11, 16, 10)), policy, cal).at == sh(
        2026, 11, 18, 10
    )
    # across National Day: Oct 8, Oct 9
    assert leader_escalation_at(Deadline(at=sh(2026, 9, 30, 17, 30)), policy, cal).at == sh(
        2026, 10, 9, 17, 30
    )
    at_once = PolicyValue(escalate_to_leader_after_days=0)
    deadline = Deadline(at=sh(2026, 11, 16, 17, 30))
    assert leader_escalation_at(deadline, at_once, cal) == deadline


def test_provisional_flags_carry_through(cal):
    provisional = Deadline(at=sh(2026, 11, 17, 17, 30), provisional=True)
    assert due_soon_from(provisional, PolicyValue(), cal).provisional
    assert leader_escalation_at(provisional, PolicyValue(), cal).provisional
    assert answer_due(sh(2026, 12, 28, 10), COMPLAINT, cal).provisional  # reaches 2027
    assert not answer_due(sh(2026, 12, 21, 10), COMPLAINT, cal).provisional


def test_policy_values_are_validated():
    with pytest.raises(ValueError):
        PolicyValue(handle_days=-1)
    with pytest.raises(ValueError):
        PolicyValue(progress_hours=0)
