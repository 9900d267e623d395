"""Finding deflecting phrases (推诿用语) in what staff wrote, variants included.

Text and phrases are normalised the same way: NFKC (full-width letters, digits,
punctuation and the ideographic space become their ordinary forms), case-folded, a
short traditional → simplified table (不歸我管 is 不归我管), invisible characters
dropped. Between the characters of a phrase up to three separators (spaces,
punctuation, symbols) are tolerated, so "不 知 道" and "不-归我管" are caught.

What must *not* match: a phrase that only appears across a clause boundary
("他说不。知道了…" has 不知道 only if you ignore the full stop). So a match whose gaps
contain clause punctuation (，。；：！？、) counts only when *every* gap holds a
separator — someone spelling the phrase out ("不，知，道") — never when one gap
happens to hold the end of a sentence. Longer ordinary words that contain a phrase
(没办法律, 没办法人) are listed as exceptions and skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# The phrases the rules name (001 篇3 §4.7: 不知道、没办法、不归我管; 004: 不知道、不归我管、
# 我不管): always checked, whatever the managers' list says. "不清楚" is not one of them:
# 001 §4.4 tells staff "自己不清楚的，应弄清楚后再答复", so it flags honest notes.
BUILTIN_PHRASES: tuple[str, ...] = ("不知道", "不归我管", "没办法", "我不管")
BUILTIN_EXCEPTIONS: dict[str, tuple[str, ...]] = {"没办法": ("没办法律", "没办法人", "没办法定")}

_TRAD = (
    "歸归沒没辦办說说這这個个們们問问題题關关係系處处負负責责門门裡里裏里應应該该會会為为"
    "麼么於于與与還还過过來来對对時时間间號号電电話话單单據据證证類类給给讓让將将無无須须"
    "難难務务權权別别態态煩烦誰谁聽听見见記记辭辞濟济幫帮請请認认識识實实際际"
)
TRAD_TO_SIMP = str.maketrans({_TRAD[i]: _TRAD[i + 1] for i in range(0, len(_TRAD), 2)})
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
SEPARATOR = r"[\W_]"  # with str patterns \w is Unicode: Han characters are word characters
CLAUSE_MARKS = frozenset(",.;:!?。、…\n")
MAX_GAP = 3


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(TRAD_TO_SIMP)
    return INVISIBLE.sub("", text)


def _core(phrase: str) -> str:
    """A phrase as stored for matching: normalised, without separators."""
    return re.sub(SEPARATOR, "", normalise(phrase))


def _spread(core: str) -> str:
    """The regex for ``core`` with a capturing gap between each pair of characters."""
    gap = f"({SEPARATOR}{{0,{MAX_GAP}}})"
    return gap.join(re.escape(c) for c in core)


@dataclass(frozen=True)
class Hit:
    phrase: str
    excerpt: str


class PhraseMatcher:
    """Compiled once per request from the built-in and the managers' phrases."""

    def __init__(self, phrases: Iterable[tuple[str, str]] = ()):
        exceptions: dict[str, set[str]] = {k: set(v) for k, v in BUILTIN_EXCEPTIONS.items()}
        cores: set[str] = set(BUILTIN_PHRASES)
        for phrase, extra in phrases:
            core = _core(phrase)
            if core:
                cores.add(core)
                exceptions.setdefault(core, set()).update(
                    _core(line) for line in (extra or "").splitlines() if _core(line)
                )
        self.cores = sorted(cores, key=lambda c: (-len(c), c))
        self._patterns = {core: re.compile(_spread(core)) for core in self.cores}
        self._any = re.compile("|".join(f"(?:{_spread(c)})" for c in self.cores))
        self._exceptions = {
            core: [re.compile(_spread(ex)) for ex in sorted(words) if core in ex]
            for core, words in exceptions.items()
        }

    def find(self, text: str) -> list[Hit]:
        """Every phrase found in ``text`` (once each), with a short excerpt."""
        norm = normalise(text)
        if not norm or not self._any.search(norm):
            return []
        hits = []
        for core in self.cores:
            for match in self._patterns[core].finditer(norm):
                if self._counts(core, norm, match):
                    start, end = max(match.start() - 8, 0), match.end() + 8
                    hits.append(Hit(core, norm[start:end].replace("\n", " ")))
                    break
        return hits

    def _counts(self, core: str, norm: str, match: re.Match) -> bool:
        gaps = match.groups()
        if gaps and any(CLAUSE_MARKS.intersection(g) for g in gaps) and not all(gaps):
            return False
        for exception in self._exceptions.get(core, ()):
            for other in exception.finditer(norm):
                if other.start() <= match.start() and match.end() <= other.end():
                    return False
        return True
