"""Phone numbers as receptionists type them, and as lists show them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from firstask.tickets.phones import mask_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("０１３８１２３４５６７８"[1:], "13812345678"),
        ("0571-87001234", "0571-87001234"),
        ("(0571) 8700 1234", "0571-87001234"),
        ("010-65123456", "010-65123456"),
        ("0571-87001234转123", "0571-87001234-123"),
        ("0571-87001234-123", "0571-87001234-123"),
        ("0571 87001234 ext 8", "0571-87001234-8"),
        ("87001234", "87001234"),
        ("", ""),
    ],
)
def test_accepts_and_normalises_what_people_type(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "4008123123", "95588", "12333"])
def test_a_hotline_is_an_organisations_phone_not_a_persons(typed):
    """Issue 10: "12345" passed as a visitor's phone; nobody can call them back on it."""
    with pytest.raises(ValidationError) as refused:
        normalise_phone(typed)
    assert refused.value.code == "service_number"
    assert normalise_phone(typed, service=True) == typed


@pytest.mark.parametrize(
    "typed",
    [
        "1381234567",  # one digit short
        "23812345678",  # not a mobile prefix
        "12812345678",  # 12x is not a mobile range
        "abc",
        "13812345678转12",  # mobiles have no extension
        "0571-0123",  # local part too short / starts with 0
        "<script>",
    ],
)
def test_rejects_what_is_not_a_phone_number(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("13812345678", "138****5678"),
        ("0571-87001234", "0571-****1234"),
        ("0571-87001234-123", "0571-****1234"),
        ("87001234", "****1234"),
        ("", ""),
    ],
)
def test_masks_phone_numbers_on_lists(stored, shown):
    assert mask_phone(stored) == shown
