"""The notice import form: validates the whole paste and hands back parsed days."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from firstask.workdays.notice import NoticeError, parse_notice

NOTICE_EXAMPLE = (
    "2027-01-01 holiday 元旦\n2027-02-06~2027-02-12 holiday 春节\n2027-02-20 workday 春节调休"
)


class NoticeImportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=_("Notice"),
        max_length=200,
        help_text=_("The notice's number or title, e.g. 国办发明电〔2025〕7号."),
    )
    text = forms.CharField(
        label=_("Days off and make-up workdays"),
        widget=forms.Textarea(attrs={"rows": 18, "cols": 60, "placeholder": NOTICE_EXAMPLE}),
        help_text=_(
            "One line per date or range: date, holiday or workday, name. "
            "Weekend days inside a holiday may be listed or left out."
        ),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        year, text = cleaned.get("year"), cleaned.get("text")
        if year is None or text is None:
            return cleaned
        try:
            cleaned["days"] = parse_notice(year, text)
        except NoticeError as exc:
            raise ValidationError([ValidationError(message) for message in exc.messages]) from exc
        return cleaned
