"""The period picker and the narrowing of the measures pages (GET forms)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from firstask.org.categories import category_choices
from firstask.reports.columns import COUNTS
from firstask.reports.periods import KINDS, MAX_CUSTOM_DAYS, Period, period_of
from firstask.tickets.choices import Channel


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(KINDS.items()), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    department = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    staff = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        choices=[("", ""), *Channel.choices], required=False, widget=forms.HiddenInput
    )
    category = forms.ChoiceField(
        choices=lambda: [("", ""), *category_choices()],
        required=False,
        widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and not date(2000, 1, 1) <= start <= date(2100, 12, 31):
            self.add_error("start", _("Choose a date between 2000 and 2100."))
        if data.get("period") == "custom":
            if not start or not end:
                raise ValidationError(_("A custom period needs both dates."))
            if end < start:
                self.add_error("end", _("The end date is before the start date."))
            elif (end - start).days > MAX_CUSTOM_DAYS:
                self.add_error("end", _("Choose at most ten years."))
        return data

    def period_or(self, today: date) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("period") or "month"
        if kind == "custom":
            return period_of(kind, data["start"], data["end"])
        return period_of(kind, data.get("start") or today)


class DrillForm(forms.Form):
    count = forms.ChoiceField(choices=[(c, c) for c in COUNTS])
