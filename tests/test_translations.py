"""The committed Chinese catalogue is complete, compiled, and keeps every placeholder.

Chinese is the default interface language: an untranslated or fuzzy entry shows English
to a Chinese desk, a stale ``.mo`` shows yesterday's wording, and a dropped placeholder
either loses the value (a visitor's name, a deadline) or crashes the page with a
KeyError at render time. (scripts/check_messages.py also catches strings the code uses
that the catalogue lacks; it needs makemessages, so it runs as a script, not here.)
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# printf-style (%(name)s, %s, %d) and str.format-style ({name}, {}) placeholders;
# "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[A-Za-z0-9_]*\}"
)


def _live(catalogue) -> list:
    return [e for e in catalogue if e.msgid and not getattr(e, "obsolete", False)]


def _msgstrs(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    assert PO_PATH.exists(), "run makemessages -l zh_Hans (see README) and commit the .po"
    return polib.pofile(str(PO_PATH))


def test_catalogue_header_is_chinese_with_one_plural_form(po):
    """Chinese has no plural inflection: one form, or ngettext picks a missing index."""
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=1;plural=0;"
    assert po.metadata["Language"] == "zh_Hans"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_not_fuzzy(po):
    entries = _live(po)
    assert entries, "the catalogue is empty"
    untranslated = [e.msgid for e in entries if not all(_msgstrs(e))]
    fuzzy = [e.msgid for e in entries if e.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy (Django ignores them, so English shows): {fuzzy}"


# msgids whose right translation has no Chinese character (brand names, codes...).
LATIN_ONLY_OK: set[str] = set()


def test_translations_are_chinese(po):
    """A msgstr copied from the msgid "counts" as translated but still shows English."""
    # Han characters, or CJK/full-width punctuation (the list separator is just "、").
    han = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
    not_chinese = [
        e.msgid
        for e in _live(po)
        if e.msgid not in LATIN_ONLY_OK and not all(han.search(s) for s in _msgstrs(e))
    ]
    assert not not_chinese, f"translations without any Chinese character: {not_chinese}"


def test_placeholders_are_preserved(po):
    broken = []
    for entry in _live(po):
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for msgstr in _msgstrs(entry):
            # An empty msgstr falls back to the msgid; the test above reports it.
            if msgstr and sorted(PLACEHOLDER.findall(msgstr)) != wanted:
                broken.append((entry.msgid, msgstr))
    assert not broken, f"placeholders differ between msgid and msgstr: {broken}"


def test_compiled_catalogue_matches_the_po(po):
    """Django reads the .mo: a .po edited without compilemessages changes nothing."""
    assert MO_PATH.exists(), "run compilemessages -l zh_Hans --ignore=.venv and commit the .mo"
    mo = polib.mofile(str(MO_PATH))
    expected = {_key(e): _msgstrs(e) for e in _live(po)}
    compiled = {_key(e): _msgstrs(e) for e in _live(mo)}
    stale = sorted(
        k[1] for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k)
    )
    assert not stale, f".mo differs from .po for: {stale} (run compilemessages)"


def test_placeholder_pattern_catches_a_dropped_name():
    """Guard the guard: the regex must see both styles, or the test above proves nothing."""
    assert PLACEHOLDER.findall("Welcome, %(name)s, due {due} at %s, 100%%") == [
        "%(name)s",
        "{due}",
        "%s",
    ]
