#!/usr/bin/env python
"""Fill zh_Hans translations from a small table and clear makemessages' fuzzy guesses.

    .venv/bin/python scripts/translate.py 'English=中文' ...   then compilemessages

makemessages marks new strings with a fuzzy guess borrowed from a similar old string;
those guesses are usually wrong, so an entry given here replaces the guess and loses
the fuzzy flag. Entries not given are left for a person to translate.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"


def main(pairs: list[str]) -> int:
    table = dict(pair.split("=", 1) for pair in pairs)
    po = polib.pofile(str(PO))
    done = 0
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            done += 1
    po.save()
    left = [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]
    print(f"translated {done}; still to translate: {len(left)}")
    for msgid in left:
        print(f"  {msgid!r}")
    return 0 if not left else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
