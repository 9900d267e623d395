"""Search text for Chinese names: the raw terms plus their pinyin, built once on save.

Receptionists type whatever is fastest on a counter keyboard: a few characters
(`不动产`), pinyin initials (`bdc`) or full pinyin (`budongchan`). Computing pinyin at
query time would mean loading every row; storing it beside the name keeps the search a
single indexed-table scan with `icontains`. Terms are separated by TERM_SEPARATOR so that
"starts a term" is itself a substring test (`|bdc`), and the record's own name and its
pinyin are marked with NAME_MARK (`|^bdc`), which is how ranking stays in SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pypinyin import Style, lazy_pinyin

TERM_SEPARATOR = "|"
NAME_MARK = "^"

# Keywords are typed by office staff: commas, enumeration commas, semicolons or spaces.
_KEYWORD_SPLIT = re.compile(r"[\s,，、;；|]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def split_keywords(keywords: str) -> list[str]:
    """The distinct keywords of a free-text keyword field, in the order typed."""
    seen: dict[str, None] = {}
    for word in _KEYWORD_SPLIT.split(keywords or ""):
        if word:
            seen.setdefault(word, None)
    return list(seen)


def pinyin_forms(term: str) -> tuple[str, str]:
    """(initials, full pinyin) of a term, lower case, letters and digits only.

    Characters without pinyin (digits, Latin letters) pass through unchanged, so
    `12345热线` gives `12345rx` and `12345rexian`.
    """
    initials = "".join(lazy_pinyin(term, style=Style.FIRST_LETTER))
    full = "".join(lazy_pinyin(term))
    return _NOT_ALNUM.sub("", initials.lower()), _NOT_ALNUM.sub("", full.lower())


def build_search_text(name: str, names: Iterable[str] = (), extra: Iterable[str] = ()) -> str:
    """`|^name|^initials|^pinyin|term|initials|pinyin|…|extra|`.

    `name` (the record's own) and `names` (keywords, the department) get pinyin forms;
    `extra` (e.g. what an agency handles, a long sentence) is only searched as a substring.
    """
    terms: dict[str, None] = {}
    name = clean_term(name)
    if name:
        for form in (name, *pinyin_forms(name)):
            if form:
                terms.setdefault(NAME_MARK + form, None)
    for name in names:
        name = clean_term(name)
        if not name:
            continue
        terms.setdefault(name, None)
        for form in pinyin_forms(name):
            if form:
                terms.setdefault(form, None)
    for text in extra:
        text = clean_term(text)
        if text:
            terms.setdefault(text, None)
    if not terms:
        return ""
    return TERM_SEPARATOR + TERM_SEPARATOR.join(terms) + TERM_SEPARATOR


def clean_term(text: str) -> str:
    """Lower case, no separator or mark characters, whitespace collapsed."""
    text = (text or "").replace(TERM_SEPARATOR, " ").replace(NAME_MARK, " ").lower()
    return " ".join(text.split())


def query_tokens(q: str) -> list[str]:
    """The words of a query; every one of them must match (AND)."""
    return [token for token in clean_term(q).split(" ") if token]
