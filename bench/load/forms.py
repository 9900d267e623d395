"""Read an HTML form the way a browser would submit it (standard library only).

The load test fills the real forms of the pages it loaded — hidden version fields,
CSRF tokens and idempotency tokens included — so it keeps working when a form gains
a field, and it submits what a clerk's browser would.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "options": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self._form["options"][name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._option = [value, ""]
            self._form["options"][self._select].append(self._option)
            if self._select_first is None:
                self._select_first = value
                fields.setdefault(self._select, value)
            if "selected" in a:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data.strip()
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data


def forms_of(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_posting_to(html: str, fragment: str) -> dict | None:
    """The first form whose action contains ``fragment``: {action, fields, options}
    (options: select name → [[value, label], ...])."""
    for form in forms_of(html):
        if fragment in form["action"]:
            return form
    return None
