"""Forms of the inspection; each ``clean`` returns what the service takes."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from firstask.inspection.models import TEXT_MAX, MysteryShop, Outcome
from firstask.inspection.rules import RULES
from firstask.inspection.sampling import CHECKLIST, MAX_SAMPLE, MAX_SEED
from firstask.inspection.selectors import today
from firstask.org.models import display_name
from firstask.tickets.choices import State
from firstask.tickets.forms.text import (
    DATE_WIDGET,
    FreeTextField,
    LineField,
    RecentDateField,
    clean_free_text,
)


class DayForm(forms.Form):
    day = RecentDateField(label=_("Day"), widget=DATE_WIDGET)


class ListFilterForm(forms.Form):
    flag = forms.ChoiceField(label=_("Flag"), required=False)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *State.choices]
    )
    department = forms.TypedChoiceField(
        label=_("Department"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, departments: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["flag"].choices = [
            ("", _("All inquiries")),
            ("any", _("Any flag")),
            ("none", _("No flag")),
            *((code, r.title) for code, r in RULES.items()),
        ]
        self.fields["department"].choices = [
            ("", _("Any department")),
            *sorted(departments.items(), key=lambda kv: kv[1]),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class SampleForm(forms.Form):
    size = forms.IntegerField(
        label=_("Inquiries to draw"),
        min_value=1,
        max_value=MAX_SAMPLE,
        widget=forms.NumberInput(attrs={"class": "form-control w-sm"}),
    )
    seed = forms.IntegerField(
        label=_("Seed (leave empty for a new one)"),
        required=False,
        min_value=1,
        max_value=MAX_SEED,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class FindingForm(forms.Form):
    """The checklist (ticked = passed), the verdict, remarks; after sign-off a reason."""

    outcome = forms.ChoiceField(
        label=_("Finding"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    remarks = FreeTextField(label=_("Remarks"), max_length=TEXT_MAX)

    def __init__(self, *args, signed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in CHECKLIST:
            self.fields[f"check_{code}"] = forms.BooleanField(label=label, required=False)
        self.order_fields([f"check_{code}" for code, _label in CHECKLIST])
        self.signed = signed
        if signed:
            self.fields["reason"] = FreeTextField(
                label=_("Reason for changing a signed-off finding"),
                max_length=TEXT_MAX,
                required=True,
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["remarks"] = clean_free_text(cleaned.get("remarks", ""))
        cleaned["reason"] = clean_free_text(cleaned.get("reason", ""))
        cleaned["checks"] = {code: bool(cleaned.get(f"check_{code}")) for code, _l in CHECKLIST}
        outcome = cleaned.get("outcome")
        if outcome == Outcome.PASS and not all(cleaned["checks"].values()):
            self.add_error("outcome", _("A failed checklist item is an issue, not a pass."))
        if outcome == Outcome.ISSUE and not cleaned["remarks"]:
            self.add_error("remarks", _("Describe the issue."))
        if self.signed and not cleaned["reason"]:
            self.add_error("reason", _("Give the reason for the change."))
        return cleaned

    def service_data(self) -> dict:
        c = self.cleaned_data
        return {k: c[k] for k in ("checks", "outcome", "remarks", "reason")}


class SignOffForm(forms.Form):
    summary = FreeTextField(
        label=_("Summary for the general office"), max_length=TEXT_MAX, rows=4, required=True
    )

    def clean_summary(self) -> str:
        summary = clean_free_text(self.cleaned_data["summary"])
        if not summary:
            raise ValidationError(_("Write the summary."), code="required")
        return summary


class AmendForm(SignOffForm):
    reason = FreeTextField(label=_("Reason for the change"), max_length=TEXT_MAX, required=True)

    def clean_reason(self) -> str:
        reason = clean_free_text(self.cleaned_data["reason"])
        if not reason:
            raise ValidationError(_("Give the reason for the change."), code="required")
        return reason


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        dept = profile.department.name if profile and profile.department else ""
        return f"{display_name(obj)}（{dept}）" if dept else display_name(obj)


class MysteryShopForm(forms.ModelForm):
    staff = StaffChoiceField(label=_("Staff member observed"), queryset=None)

    class Meta:
        model = MysteryShop
        fields = [
            "visited_on",
            "desk",
            "staff",
            "scenario",
            "attitude",
            "knowledge",
            "speed",
            "remarks",
        ]
        widgets = {
            "visited_on": DATE_WIDGET,
            "scenario": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {
            "visited_on": RecentDateField,
            "desk": LineField,
            "scenario": FreeTextField,
            "remarks": FreeTextField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, profile__isnull=False)
            .select_related("profile__department")
            .order_by("profile__department__code", "last_name", "first_name")
        )
        for name in ("attitude", "knowledge", "speed"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 10})
            self.fields[name].max_value = 10

    def clean_visited_on(self):
        visited = self.cleaned_data["visited_on"]
        if visited > today():
            raise ValidationError(_("The visit cannot be in the future."), code="future")
        return visited

    def clean_scenario(self) -> str:
        scenario = clean_free_text(self.cleaned_data["scenario"])
        if not scenario:
            raise ValidationError(_("Describe the scenario."), code="required")
        return scenario

    def clean_remarks(self) -> str:
        return clean_free_text(self.cleaned_data.get("remarks", ""))


class MysteryCorrectionForm(MysteryShopForm):
    """The visit as it should read, and why: saved as a new revision."""

    correction_reason = FreeTextField(
        label=_("Reason for the correction"),
        max_length=TEXT_MAX,
        required_message=_("Give the reason for the correction."),
    )
