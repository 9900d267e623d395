"""Forms of accountability; each ``clean`` returns what the service takes, and bad input
becomes a message next to the field in the user's language."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.accountability.choices import (
    AppealOutcome,
    CommendationKind,
    CommendationSource,
    ComplaintChannel,
    ComplaintKind,
    Concerns,
    EvidenceKind,
)
from firstask.accountability.models import Complaint, RuleItem, Sanction
from firstask.accountability.selectors import Period
from firstask.accountability.services import COMPLAINT_FIELDS, EvidenceIn
from firstask.org.models import Department, display_name
from firstask.tickets.forms.text import DATE_WIDGET, FreeTextField, clean_person_text
from firstask.tickets.models import Ticket


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        dept = profile.department.name if profile and profile.department else ""
        return f"{display_name(obj)}（{dept}）" if dept else display_name(obj)


def staff_queryset():
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__isnull=False)
        .select_related("profile__department")
        .order_by("profile__department__code", "last_name", "first_name")
    )


def _not_future(value: date | None, message) -> date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(message, code="future")
    return value


# --- cases -------------------------------------------------------------------------------


class CaseForm(forms.Form):
    rule_item = forms.ModelChoiceField(
        label=_("Rule broken"),
        queryset=RuleItem.objects.filter(is_active=True).select_related("default_sanction"),
        error_messages={"required": _("Choose the rule that was broken.")},
    )
    person = StaffChoiceField(
        label=_("Person directly responsible"),
        queryset=None,
        error_messages={"required": _("Choose the person directly responsible.")},
    )
    summary = FreeTextField(
        label=_("What happened"), rows=4, required_message=_("Describe what happened.")
    )
    # The evidence the case was opened from (hidden, carried from the link).
    evidence_kind = forms.ChoiceField(
        choices=[("", "—"), *EvidenceKind.choices], required=False, widget=forms.HiddenInput
    )
    ticket = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    audit_rule = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    audit_day = forms.DateField(required=False, widget=forms.HiddenInput)
    finding = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    mystery = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    complaint = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff_queryset()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("evidence_kind") or ""
        ticket = None
        if cleaned.get("ticket"):
            ticket = Ticket.objects.filter(number=cleaned["ticket"]).only("pk").first()
            if ticket is None:
                raise ValidationError(_("The inquiry this case was opened from does not exist."))
        from firstask.inspection.models import Finding, MysteryShop

        if cleaned.get("finding") and not Finding.objects.filter(pk=cleaned["finding"]).exists():
            raise ValidationError(_("The finding this case was opened from does not exist."))
        if (
            cleaned.get("mystery")
            and not MysteryShop.objects.filter(pk=cleaned["mystery"]).exists()
        ):
            raise ValidationError(_("The visit this case was opened from does not exist."))
        if (
            cleaned.get("complaint")
            and not Complaint.objects.filter(pk=cleaned["complaint"]).exists()
        ):
            raise ValidationError(_("The register entry this case was opened from does not exist."))
        cleaned["evidence"] = (
            [
                EvidenceIn(
                    kind=kind,
                    ticket_id=ticket.pk if ticket else None,
                    audit_rule=cleaned.get("audit_rule") or "",
                    audit_day=cleaned.get("audit_day"),
                    finding_id=cleaned.get("finding"),
                    mystery_shop_id=cleaned.get("mystery"),
                    complaint_id=cleaned.get("complaint"),
                )
            ]
            if kind
            else []
        )
        return cleaned

    def service_data(self) -> dict:
        c = self.cleaned_data
        return {
            "rule_item": c["rule_item"],
            "person": c["person"],
            "summary": c["summary"],
            "evidence": c["evidence"],
        }


def sanction_field(label, required=True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Sanction.objects.filter(is_active=True),
        required=required,
        error_messages={"required": _("Choose the sanction.")},
    )


class DecisionForm(forms.Form):
    sanction = sanction_field(_("Sanction"))
    chain_sanction = sanction_field(_("Sanction for the leadership (if any)"), required=False)
    reasons = FreeTextField(
        label=_("Reasons"), rows=3, required_message=_("Give the reasons for the decision.")
    )


class DismissForm(forms.Form):
    reasons = FreeTextField(
        label=_("Reasons"), rows=2, required_message=_("Give the reasons for dismissing.")
    )


class NoteForm(forms.Form):
    note = FreeTextField(
        label=_("Investigation note"), rows=2, required_message=_("Write the note.")
    )


class AppealForm(forms.Form):
    reasons = FreeTextField(
        label=_("Reasons for the appeal"), rows=4, required_message=_("Give your reasons.")
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    sanction = sanction_field(_("New sanction (if changed)"), required=False)
    reasons = FreeTextField(
        label=_("Reasons"), rows=3, required_message=_("Give the reasons for the decision.")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == AppealOutcome.CHANGED and not cleaned.get("sanction"):
            self.add_error("sanction", _("Choose the new sanction."))
        return cleaned


# --- complaints register ------------------------------------------------------------------


class ComplaintForm(forms.ModelForm):
    concerned_staff = StaffChoiceField(
        label=_("Staff member concerned"), queryset=None, required=False
    )
    ticket_number = forms.CharField(label=_("Linked inquiry number"), max_length=20, required=False)

    class Meta:
        model = Complaint
        # What the service records, the inquiry given by its number (ticket_number).
        fields = [name for name in COMPLAINT_FIELDS if name != "ticket"]
        widgets = {
            "received_on": DATE_WIDGET,
            "box_opened_on": DATE_WIDGET,
            "content": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerned_staff"].queryset = staff_queryset()
        self.fields["concerned_department"].queryset = Department.objects.filter(is_active=True)
        self.fields["content"].error_messages["required"] = _("Write what the person said.")

    def clean_received_on(self):
        return _not_future(self.cleaned_data["received_on"], _("The date cannot be in the future."))

    def clean_box_opened_on(self):
        return _not_future(
            self.cleaned_data.get("box_opened_on"), _("The date cannot be in the future.")
        )

    def clean_complainant_name(self) -> str:
        return clean_person_text(self.cleaned_data.get("complainant_name", ""))

    def clean_complainant_phone(self) -> str:
        phone = (self.cleaned_data.get("complainant_phone") or "").strip()
        if phone and not all(c.isdigit() or c in "-+ " for c in phone):
            raise ValidationError(_("Digits only (a dash is allowed)."), code="invalid")
        return phone

    def clean_content(self) -> str:
        from firstask.tickets.forms.text import clean_free_text

        content = clean_free_text(self.cleaned_data.get("content", ""))
        if not content:
            raise ValidationError(_("Write what the person said."), code="required")
        return content

    def clean_ticket_number(self):
        number = (self.cleaned_data.get("ticket_number") or "").strip()
        if not number:
            return None
        ticket = Ticket.objects.filter(number=number).only("pk", "number").first()
        if ticket is None:
            raise ValidationError(_("No inquiry has this number."), code="unknown")
        return ticket

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("channel") == ComplaintChannel.BOX and not cleaned.get("box_opened_on"):
            self.add_error("box_opened_on", _("Give the date the suggestion box was opened."))
        concerns = cleaned.get("concerns")
        if concerns == Concerns.STAFF and not cleaned.get("concerned_staff"):
            self.add_error("concerned_staff", _("Choose the staff member concerned."))
        if concerns == Concerns.DEPARTMENT and not cleaned.get("concerned_department"):
            self.add_error("concerned_department", _("Choose the department concerned."))
        if concerns == Concerns.CENTRE:
            cleaned["concerned_staff"] = None
            cleaned["concerned_department"] = None
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["ticket"] = data.pop("ticket_number", None)
        return data


class ComplaintAnswerForm(forms.Form):
    action_taken = FreeTextField(
        label=_("What was done"), rows=3, required_message=_("Write what was done.")
    )
    reply = FreeTextField(
        label=_("Reply to the person"), rows=3, required_message=_("Write the reply given.")
    )
    replied_on = forms.DateField(label=_("Replied on"), widget=DATE_WIDGET, required=False)

    def clean_replied_on(self):
        return _not_future(
            self.cleaned_data.get("replied_on"), _("The date cannot be in the future.")
        )


# --- commendations ----------------------------------------------------------------------


class CommendationForm(forms.Form):
    person = StaffChoiceField(
        label=_("Person"), queryset=None, error_messages={"required": _("Choose the person.")}
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CommendationKind.choices)
    source = forms.ChoiceField(label=_("Grounds"), choices=CommendationSource.choices)
    reasons = FreeTextField(
        label=_("Reasons"), rows=3, required_message=_("Say what the person did well.")
    )
    # A follow-up's praise or a letter about an inquiry: its number links it.
    ticket = forms.CharField(label=_("Linked inquiry number"), required=False, max_length=20)
    complaint = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    mystery = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff_queryset()

    def clean(self):
        cleaned = super().clean()
        from firstask.inspection.models import MysteryShop

        cleaned["ticket_obj"] = None
        if cleaned.get("ticket"):
            cleaned["ticket_obj"] = Ticket.objects.filter(number=cleaned["ticket"].strip()).first()
            if cleaned["ticket_obj"] is None:
                self.add_error("ticket", _("No inquiry has this number."))
        cleaned["complaint_obj"] = None
        if cleaned.get("complaint"):
            cleaned["complaint_obj"] = Complaint.objects.filter(pk=cleaned["complaint"]).first()
            if cleaned["complaint_obj"] is None:
                raise ValidationError(_("The register entry does not exist."))
            if cleaned["complaint_obj"].kind != ComplaintKind.PRAISE:
                raise ValidationError(
                    _("Only a register entry of kind praise can ground a commendation.")
                )
        cleaned["mystery_obj"] = None
        if cleaned.get("mystery"):
            cleaned["mystery_obj"] = MysteryShop.objects.filter(pk=cleaned["mystery"]).first()
            if cleaned["mystery_obj"] is None:
                raise ValidationError(_("The visit does not exist."))
        return cleaned

    def service_data(self) -> dict:
        c = self.cleaned_data
        return {
            "person": c["person"],
            "kind": c["kind"],
            "source": c["source"],
            "reasons": c["reasons"],
            "ticket": c["ticket_obj"],
            "complaint": c["complaint_obj"],
            "mystery_shop": c["mystery_obj"],
        }


class CommendationDecisionForm(forms.Form):
    note = FreeTextField(label=_("Note"), rows=2)


# --- periods -----------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """A calendar year, or any range of dates (from–to)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    start = forms.DateField(label=_("Date from"), widget=DATE_WIDGET, required=False)
    end = forms.DateField(label=_("Date to"), widget=DATE_WIDGET, required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end comes before the start."))
        return cleaned

    def period(self) -> Period:
        today = timezone.localdate()
        if not self.is_valid():
            return Period.year(today.year)
        c = self.cleaned_data
        if c.get("start") and c.get("end"):
            return Period(c["start"], c["end"])
        return Period.year(c.get("year") or today.year)
