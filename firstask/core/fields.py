"""One cleaning and validation rule per kind of field, for every form of the product.

Each kind is one form-field class, used by the desk's registers, the action forms, the
inspection and the directory alike, so the same input meets the same rule everywhere:

- ``NameField`` — a person's or organisation's name. Invisible characters (control
  codes, bidi overrides such as U+202E, zero-width marks) are dropped; emoji and
  pictographic symbols are refused: a name is printed on official papers.
- ``LineField`` — one line printed on a paper (address, materials, letter reference,
  an agency's name or address, a desk): the same rule as a name, whitespace collapsed.
- ``FreeTextField`` — what someone wrote (the matter, an answer, a note): line breaks
  and emoji are kept as typed, invisible characters dropped.
- ``PhoneField`` — a number someone can be called back on (``service=True`` also
  accepts hotlines and 400/800 numbers: an agency's or a department's phone).
- ``RecentDateTimeField`` / ``RecentDateField`` — when something happened: not in the
  future, not more than ``YEARS_BACK`` years ago. ``PromisedDateTimeField`` — a time
  promised ahead: in the future, at most ``YEARS_AHEAD`` years away.
- ``parse_day`` / ``parse_id`` — the same ranges for values read from a query string,
  where a bad value is ignored instead of reported (never an OverflowError, never a 500).

Every kind says how long is too long in plain words ("最多 200 个字，现在是 230 个字").
Bidi overrides matter because a U+202E in an address reverses what the visitor's copy
of a one-time notice shows after it.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from firstask.core.phones import normalise_phone

YEARS_BACK = 5
YEARS_AHEAD = 5
# How far ahead of the server's clock a "happened at" time may be (a desk PC's clock).
CLOCK_SLACK = timedelta(minutes=5)
# The largest id a database row can have (a signed 64-bit key).
MAX_ID = 2**63 - 1

TOO_LONG = _("Too long: at most %(limit_value)d characters, you typed %(show_value)d.")
TOO_SHORT = _("Too short: at least %(limit_value)d characters, you typed %(show_value)d.")
# Django's own wording, for the forms we do not build ourselves (the admin's model forms).
# Listed here so our catalogue carries them: the project's translation takes precedence
# over Django's "确保该变量包含不超过 … 字符", so those forms read like ours.
DJANGO_TOO_LONG = ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
DJANGO_TOO_SHORT = ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
NO_SYMBOLS = _("Use letters, digits and ordinary punctuation only (no emoji or symbols).")
EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)  # skin tones: category Sk, still emoji


# --- text ------------------------------------------------------------------------------


def strip_invisible(value: str, *, keep_newlines: bool = False) -> str:
    """Drop control codes, bidi overrides and other invisible format characters.

    Unicode category C (Cc, Cf, Cs, Co, Cn) covers them all: U+202A–U+202E and
    U+2066–U+2069 (bidi), U+200B–U+200F (zero width, direction marks), U+FEFF. The
    zero-width joiner is kept in free text, where it glues emoji sequences together.
    """
    kept = "\n\t" if keep_newlines else ""
    return "".join(
        c
        for c in value or ""
        if c in kept or unicodedata.category(c)[0] != "C" or (keep_newlines and c == "\u200d")
    )


def has_symbols(value: str) -> bool:
    """Emoji and pictographs (category So, skin-tone modifiers), private or unassigned."""
    return any(
        unicodedata.category(c) in {"So", "Co", "Cn"} or ord(c) in EMOJI_MODIFIERS for c in value
    )


def clean_line(value: str) -> str:
    """One printed line: invisible characters dropped, whitespace collapsed, no emoji."""
    value = " ".join(strip_invisible(value.replace("\n", " ")).split())
    if has_symbols(value):
        raise ValidationError(NO_SYMBOLS, code="invalid_characters")
    return value


def clean_free_text(value: str) -> str:
    """Free text keeps what people typed (line breaks, emoji) but loses invisible codes."""
    return strip_invisible(value or "", keep_newlines=True).strip()


clean_name = clean_line


def clean_name_or_empty(value: str, max_length: int = 100) -> str:
    """A name read from a query string: cleaned, or nothing when it is not a name."""
    try:
        return clean_name(value or "")[:max_length]
    except ValidationError:
        return ""


class _RuleMixin:
    """Humane length messages; the kind's cleaning runs before the length is checked."""

    def __init__(self, *args, **kwargs):
        messages = {"max_length": TOO_LONG, "min_length": TOO_SHORT}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(*args, error_messages=messages, **kwargs)


class FreeTextField(_RuleMixin, forms.CharField):
    """A note, answer or reason: invisible codes dropped, then required or not.

    ``required_message`` says what to write when it is left empty (or only spaces): a
    receptionist reads "写下答复内容", not "This field is required".
    """

    def __init__(
        self,
        *,
        label=None,
        required_message=None,
        rows: int | None = 2,
        max_length: int | None = 2000,
        required: bool | None = None,
        **kwargs,
    ):
        if "widget" not in kwargs and rows:
            kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
        kwargs.pop("empty_value", None)
        messages = dict(kwargs.pop("error_messages", None) or {})
        if required_message is not None:
            messages["required"] = required_message
        if required is None:
            required = required_message is not None
        super().__init__(
            label=label,
            max_length=max_length,
            required=required,
            error_messages=messages,
            **kwargs,
        )

    def to_python(self, value) -> str:
        return clean_free_text(super().to_python(value))


class LineField(_RuleMixin, forms.CharField):
    """One line printed on a paper: address, materials, a reference, an agency."""

    def to_python(self, value) -> str:
        return clean_line(super().to_python(value))


class NameField(LineField):
    """A person's or organisation's name (same rule as a printed line)."""


class PhoneField(_RuleMixin, forms.CharField):
    """A phone number, stored in its normal form (see ``firstask.core.phones``)."""

    def __init__(self, *args, service: bool = False, **kwargs):
        self.service = service
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def to_python(self, value) -> str:
        return normalise_phone(strip_invisible(super().to_python(value)), service=self.service)


# --- dates and times -------------------------------------------------------------------


def earliest_day() -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - YEARS_BACK)
    except ValueError:  # 29 February
        return today.replace(year=today.year - YEARS_BACK, day=28)


def latest_day() -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def _too_early(years: int = YEARS_BACK):
    return ValidationError(
        _("That is more than %(years)d years ago; check the year."),
        code="too_early",
        params={"years": years},
    )


class RecentDateTimeField(forms.DateTimeField):
    """When something happened: now or earlier, within the last ``YEARS_BACK`` years."""

    def validate(self, value: datetime | None) -> None:
        super().validate(value)
        if value is None:
            return
        if value > timezone.now() + CLOCK_SLACK:
            raise ValidationError(_("This time cannot be in the future."), code="future")
        if timezone.localdate(value) < earliest_day():
            raise _too_early()


class RecentDateField(forms.DateField):
    """The day something happened: today or earlier, within the last ``YEARS_BACK`` years."""

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is None:
            return
        if value > timezone.localdate():
            raise ValidationError(_("This date cannot be in the future."), code="future")
        if value < earliest_day():
            raise _too_early()


class PromisedDateTimeField(forms.DateTimeField):
    """A time promised ahead (预计解决时间, a new deadline): future, within ``YEARS_AHEAD``."""

    def validate(self, value: datetime | None) -> None:
        super().validate(value)
        if value is None:
            return
        if value <= timezone.now():
            raise ValidationError(_("The time must be in the future."), code="past")
        if timezone.localdate(value) > latest_day():
            raise ValidationError(
                _("That is more than %(years)d years ahead; check the year."),
                code="too_late",
                params={"years": YEARS_AHEAD},
            )


def parse_day(raw: str | None, *, ahead: int = 1) -> date | None:
    """A ``YYYY-MM-DD`` from a query string, or None when it is not a day worth showing.

    Within ``YEARS_BACK`` years back and ``ahead`` days ahead, so that a page's
    "previous day / next day" arithmetic can never overflow.
    """
    try:
        day = date.fromisoformat((raw or "").strip())
    except ValueError:
        return None
    if day < earliest_day() or day > timezone.localdate() + timedelta(days=ahead):
        return None
    return day


def parse_id(raw) -> int | None:
    """A database id from a query string, or None (not a number, not positive, too big)."""
    text = str(raw or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


class ServicePhoneField(PhoneField):
    """An organisation's phone: hotlines and 400/800 numbers are valid too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("service", True)
        super().__init__(*args, **kwargs)


class FieldRulesAdminMixin:
    """Admin forms meet the same rules: ``field_rules`` maps a model field to its kind.

    e.g. ``field_rules = {"name": LineField, "phone": ServicePhoneField}``.
    """

    field_rules: dict[str, type[forms.Field]] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        rule = self.field_rules.get(db_field.name)
        if rule is not None:
            kwargs["form_class"] = rule
        return super().formfield_for_dbfield(db_field, request, **kwargs)
