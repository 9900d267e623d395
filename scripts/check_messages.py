#!/usr/bin/env python
"""Fail when the committed Chinese catalogue lags behind the code.

The interface is Simplified Chinese by default, so an English msgid that nobody
translated shows up as English on a Chinese desk. This check, run by the test command:

1. backs up ``locale/`` to a temporary directory,
2. runs ``makemessages -l zh_Hans`` in place, so the catalogue reflects today's code,
3. compares the fresh catalogue with the committed one (polib): msgids the code uses
   but the committed ``.po`` lacks are an error;
4. checks the committed ``.po``: every entry translated, none fuzzy;
5. checks the committed ``.mo`` says the same as the ``.po`` (someone edited the ``.po``
   and forgot ``compilemessages``, so the running app would still show the old text);
6. restores ``locale/`` byte for byte, whatever happened: the check never edits the tree.

Exit status 0 when all is well, 1 with a list of problems otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
LANGUAGE = "zh_Hans"
CATALOGUE = Path(LANGUAGE) / "LC_MESSAGES" / "django.po"
# The same arguments the README gives for refreshing the catalogue: third-party code,
# runtime data and vendored static files hold no strings of ours.
MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    LANGUAGE,
    "--no-location",
    "--ignore=.venv",
    "--ignore=var",
    "--ignore=static",
    "--ignore=node_modules",
]

Key = tuple[str, str, str]


def entry_key(entry: polib.POEntry | polib.MOEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def describe(key: Key) -> str:
    context, msgid, _plural = key
    return f"[{context}] {msgid!r}" if context else repr(msgid)


def live_entries(catalogue: polib._BaseFile) -> dict[Key, polib.POEntry]:
    """Entries that count: not obsolete (``#~``) and not the header."""
    return {
        entry_key(entry): entry
        for entry in catalogue
        if not getattr(entry, "obsolete", False) and entry.msgid
    }


def translations(entry: polib.POEntry | polib.MOEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def extract_fresh_catalogue(work_dir: Path) -> polib.POFile:
    """Run makemessages against the real tree and return what it produced.

    makemessages only writes into LOCALE_PATHS, so running it in place and putting the
    backup back afterwards is the least surprising way to see exactly what the lead's
    own makemessages run would produce (same settings, same ignore list).
    """
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"makemessages failed:\n{result.stdout}\n{result.stderr}")
    fresh_copy = work_dir / "fresh.po"
    shutil.copy2(LOCALE_DIR / CATALOGUE, fresh_copy)
    return polib.pofile(str(fresh_copy))


def check_committed(committed: polib.POFile) -> list[str]:
    problems = []
    for key, entry in live_entries(committed).items():
        if entry.fuzzy:
            problems.append(f"fuzzy: {describe(key)}")
        elif not all(translations(entry)):
            problems.append(f"untranslated: {describe(key)}")
    if committed.metadata_is_fuzzy:
        problems.append("the catalogue header is marked fuzzy")
    return problems


def check_compiled(committed: polib.POFile, mo_path: Path) -> list[str]:
    if not mo_path.exists():
        return [f"missing compiled catalogue {mo_path.relative_to(BASE_DIR)}"]
    compiled = polib.mofile(str(mo_path))
    expected = {
        key: translations(entry)
        for key, entry in live_entries(committed).items()
        if not entry.fuzzy and all(translations(entry))
    }
    actual = {key: translations(entry) for key, entry in live_entries(compiled).items()}
    problems = [
        f"out of date in .mo: {describe(key)}"
        for key in sorted(expected.keys() | actual.keys())
        if expected.get(key) != actual.get(key)
    ]
    if problems:
        problems.insert(0, f"run: manage.py compilemessages -l {LANGUAGE} --ignore=.venv")
    return problems


def run_check() -> list[str]:
    po_path = LOCALE_DIR / CATALOGUE
    if not po_path.exists():
        return [f"missing catalogue {po_path.relative_to(BASE_DIR)}"]
    committed = polib.pofile(str(po_path))
    problems = check_committed(committed) + check_compiled(committed, po_path.with_suffix(".mo"))

    with tempfile.TemporaryDirectory(prefix="firstask-messages-") as tmp:
        work_dir = Path(tmp)
        backup = work_dir / "locale"
        shutil.copytree(LOCALE_DIR, backup, symlinks=True)
        try:
            fresh = extract_fresh_catalogue(work_dir)
        finally:
            # Put back exactly what was there (copy2 keeps contents and mtimes), even
            # when makemessages failed or the run was interrupted.
            shutil.rmtree(LOCALE_DIR)
            shutil.copytree(backup, LOCALE_DIR, symlinks=True)

    committed_keys = live_entries(committed).keys()
    missing = sorted(live_entries(fresh).keys() - committed_keys)
    problems += [f"not in the committed .po: {describe(key)}" for key in missing]
    if missing:
        problems.insert(
            0,
            "new strings in the code: run makemessages "
            f"({' '.join(MAKEMESSAGES_ARGS)}), translate, compilemessages",
        )
    stale = sorted(committed_keys - live_entries(fresh).keys())
    for key in stale:
        # Harmless at run time, so only reported: the next makemessages marks it obsolete.
        print(f"note: no longer used in the code: {describe(key)}")
    return problems


def main() -> int:
    try:
        problems = run_check()
    except RuntimeError as error:  # makemessages itself failed (e.g. gettext missing)
        problems = [str(error), "install gettext (apt-get install -y gettext) and retry"]
    if problems:
        print(f"Translation check failed ({LANGUAGE}):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"Translations ({LANGUAGE}) complete and compiled.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
