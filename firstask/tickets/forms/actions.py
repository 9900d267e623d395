"""One form per action on a ticket; each carries the version the user saw.

A form is built for one ticket (``ticket=``) and fills its own starting values from it
(the directory matter's materials and department, the handover summary), so the page
builds every action's form the same way. ``tickets.actions`` names each form.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from firstask.directory.models import Matter
from firstask.org.models import Department, display_name
from firstask.org.roles import Role
from firstask.tickets.choices import (
    CHANNEL_FOLLOW_UP,
    AnswerKind,
    FollowUpMethod,
    ReturnReason,
    Satisfaction,
)
from firstask.tickets.forms.text import (
    DATETIME_FORMATS,
    DATETIME_WIDGET,
    FreeTextField,
    LineField,
    PhoneField,
    PromisedDateTimeField,
    RecentDateTimeField,
    deflecting_phrases,
    directory_widgets,
)
from firstask.tickets.models import Ticket

LIST_MARKS = " -•·、"


class ActionForm(forms.Form):
    """Every action form carries the version the user saw, so a lost race is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Set once the person saw the forbidden-phrase warning and sends the text anyway.
    phrases_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # Free-text fields checked for forbidden phrases (推诿用语) before saving.
    checked_fields: tuple[str, ...] = ()

    def __init__(self, data=None, *, ticket: Ticket | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.ticket = ticket
        if ticket is not None:
            self.initial.setdefault("version", ticket.version)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("phrases_confirmed"):
            return cleaned
        warned = False
        for name in self.checked_fields:
            found = deflecting_phrases(cleaned.get(name) or "")
            if found:
                warned = True
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "This contains words staff must not use (%(phrases)s). Reword "
                            "it, or send it again to save it as it is: the daily audit "
                            "will flag it."
                        ),
                        code="forbidden_phrase",
                        params={"phrases": "、".join(f"“{p}”" for p in found)},
                    ),
                )
        if warned:
            # The next send carries the confirmation: the warning is shown once.
            self.data = self.data.copy()
            self.data[self.add_prefix("phrases_confirmed")] = "True"
        return cleaned

    @property
    def directory_matter(self) -> Matter | None:
        """The directory matter the ticket was registered under, if any."""
        return self.ticket.directory_matter if self.ticket is not None else None


def _handlers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.HANDLER)
        .select_related("profile__department")
        .order_by("profile__department__code", "pk")
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        profile = getattr(obj, "profile", None)
        dept = profile.department.name if profile and profile.department else ""
        return f"{display_name(obj)}（{dept}）" if dept else display_name(obj)


class AnswerForm(ActionForm):
    kind = forms.ChoiceField(label=_("Answer kind"), choices=AnswerKind.choices)
    lookup = forms.CharField(
        label=_("Look up a matter or an outside agency"),
        required=False,
        help_text=_("A matter fills the materials list; an agency fills where to go."),
    )
    text = FreeTextField(
        label=_("Answer given"), rows=3, required_message=_("Write down the answer given.")
    )
    # Printed on the visitor's one-time notice: one rule per kind (firstask.core.fields).
    agency_name = LineField(label=_("Agency directed to"), max_length=100, required=False)
    agency_address = LineField(label=_("Agency address"), max_length=200, required=False)
    agency_phone = PhoneField(label=_("Agency phone"), max_length=40, required=False, service=True)
    agency_contact = LineField(label=_("Contact person there"), max_length=60, required=False)
    checked_fields = ("text",)
    missing_items = FreeTextField(
        label=_("Missing materials (one per line, all of them at once)"), rows=3
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        directory_widgets(
            self.fields["lookup"], target_materials=f"#id_{self.prefix}-missing_items"
        )
        matter = self.directory_matter
        if matter is not None and not self.is_bound:
            # Told all at once: start from the directory's full list of materials.
            self.initial.setdefault(
                "missing_items", "\n".join(m.label for m in matter.materials.all())
            )

    def clean_missing_items(self) -> list[str]:
        lines = self.cleaned_data.get("missing_items", "").splitlines()
        return [line.strip(LIST_MARKS) for line in lines if line.strip(LIST_MARKS)]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == AnswerKind.OUTSIDE_REMIT and not cleaned.get("agency_name"):
            self.add_error("agency_name", _("Name the agency the visitor was directed to."))
        if kind == AnswerKind.MATERIALS_MISSING and not cleaned.get("missing_items"):
            self.add_error("missing_items", _("List every missing item, all at once."))
        if kind != AnswerKind.MATERIALS_MISSING:
            cleaned["missing_items"] = []
        if kind != AnswerKind.OUTSIDE_REMIT:
            cleaned["agency_name"] = cleaned["agency_address"] = cleaned["agency_phone"] = ""
            cleaned["agency_contact"] = ""
        cleaned.pop("lookup", None)
        return cleaned


class ReferForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("Refer to department"),
        required=False,
        queryset=Department.objects.filter(is_active=True),
        empty_label=_("Not sure which department — send to the general office"),
    )
    handler = HandlerChoiceField(
        label=_("Handler (optional)"), required=False, queryset=get_user_model().objects.none()
    )
    summary = FreeTextField(
        label=_("Summary for the handover slip"),
        rows=3,
        required_message=_("The handover slip needs a summary."),
    )
    suggestion = FreeTextField(label=_("Suggestion"))
    handle_days = forms.IntegerField(
        label=_("Working days to handle, after signing"),
        min_value=0,
        required=False,
        help_text=_("The limit printed on the handover slip; at most what the policy allows."),
    )

    # The summary is the referrer's own words for the handler: the inspector flags a
    # referral without one (转办无交接说明), so it is never filled in for them.
    prefill_summary = False
    checked_fields = ("summary", "suggestion")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _handlers()
        self.fields["lookup"] = forms.CharField(
            label=_("Find the department in the directory"), required=False
        )
        self.order_fields(["lookup", "department"])
        directory_widgets(
            self.fields["lookup"], kind="matter", target_department=f"#id_{self.prefix}-department"
        )
        self.policy_days = self._policy_days()
        if self.policy_days is not None:
            self.fields["handle_days"].max_value = self.policy_days
            self.fields["handle_days"].widget.attrs["max"] = self.policy_days
            self.initial.setdefault("handle_days", self.policy_days)
        if self.ticket is not None and not self.is_bound:
            if self.prefill_summary:
                self.initial.setdefault("summary", self.ticket.matter[:500])
            if self.directory_matter is not None:
                self.initial.setdefault("department", self.directory_matter.department_id)

    def _policy_days(self) -> int | None:
        if self.ticket is None:
            return None
        from firstask.workdays.selectors import policy_for

        return policy_for(self.ticket.category, self.ticket.urgency).handle_days

    def clean_handle_days(self):
        days = self.cleaned_data.get("handle_days")
        if days is not None and self.policy_days is not None and days > self.policy_days:
            raise ValidationError(
                _("At most %(days)s working days under the policy for this category."),
                code="over_policy",
                params={"days": self.policy_days},
            )
        return days

    def clean(self):
        cleaned = super().clean()
        handler, department = cleaned.get("handler"), cleaned.get("department")
        if handler and department:
            profile = getattr(handler, "profile", None)
            if not profile or profile.department_id != department.pk:
                self.add_error("handler", _("This handler does not work in that department."))
        if handler and not department:
            self.add_error("department", _("Choose the handler's department."))
        cleaned.pop("lookup", None)
        return cleaned


class AssignForm(ReferForm):
    """The general office names the department; it must be a real one this time."""

    prefill_summary = False  # the previous referral's summary carries over (handlers.assign)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].required = True
        self.fields["department"].queryset = Department.objects.filter(
            is_active=True, is_general_office=False
        )
        self.fields["department"].empty_label = None
        self.fields["summary"].required = False


class ReturnForm(ActionForm):
    reason = forms.ChoiceField(label=_("Reason for returning"), choices=ReturnReason.choices)
    note = FreeTextField(
        label=_("Explanation"), required_message=_("Explain why the referral is returned.")
    )
    checked_fields = ("note",)


class ProgressForm(ActionForm):
    note = FreeTextField(label=_("Progress note"), required_message=_("Write the progress note."))
    checked_fields = ("note",)


class ResultForm(ActionForm):
    result = FreeTextField(
        label=_("Result of handling"), rows=3, required_message=_("Write down the result.")
    )
    checked_fields = ("result",)


def one_line_reason(label, required_message) -> FreeTextField:
    """A reason on one line (at most 300 characters) that must be given: a pause's,
    a void's — short, because it is shown in lists and on the timeline."""
    return FreeTextField(label=label, rows=None, max_length=300, required_message=required_message)


class PauseForm(ActionForm):
    reason = one_line_reason(
        _("What are we waiting for from the visitor?"),
        _("Say what the visitor still has to bring or do."),
    )


class ResumeForm(ActionForm):
    pass


class VisitorContactForm(ActionForm):
    method = forms.ChoiceField(label=_("How the visitor was told"), choices=FollowUpMethod.choices)
    note = FreeTextField(
        label=_("What the visitor was told"), required_message=_("Write what the visitor was told.")
    )
    checked_fields = ("note",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None:
            self.initial.setdefault("method", CHANNEL_FOLLOW_UP.get(self.ticket.channel))


SCORE_CHOICES = [("", "—"), *((n, str(n)) for n in range(5, 0, -1))]


class FollowUpForm(ActionForm):
    method = forms.ChoiceField(
        label=_("How the visitor was contacted"), choices=FollowUpMethod.choices
    )
    contacted_at = RecentDateTimeField(
        label=_("Contacted at"),
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    remarks = FreeTextField(label=_("Remarks"))
    checked_fields = ("remarks",)
    # docs/domain.md#measures: optional scores beside the three levels; give all three or none.
    score_attitude = forms.TypedChoiceField(
        label=_("Service attitude (1–5)"), choices=SCORE_CHOICES, coerce=int,
        empty_value=None, required=False,
    )  # fmt: skip
    score_speed = forms.TypedChoiceField(
        label=_("Response speed (1–5)"), choices=SCORE_CHOICES, coerce=int,
        empty_value=None, required=False,
    )  # fmt: skip
    score_resolution = forms.TypedChoiceField(
        label=_("Problem-solving (1–5)"), choices=SCORE_CHOICES, coerce=int,
        empty_value=None, required=False,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None:
            # A call is followed up by phone, a walk-in at the counter: the channel's way.
            self.initial.setdefault("method", CHANNEL_FOLLOW_UP.get(self.ticket.channel))
            noun = self.ticket.visitor_noun
            self.fields["method"].label = _("How the %(noun)s was contacted") % {"noun": noun}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("satisfaction") == Satisfaction.DISSATISFIED and not cleaned.get("remarks"):
            self.add_error(
                "remarks",
                ValidationError(
                    _("Write down why the visitor is not satisfied: the redo starts from it."),
                    code="required",
                ),
            )
        names = ("score_attitude", "score_speed", "score_resolution")
        given = [name for name in names if cleaned.get(name) is not None]
        if given and len(given) < len(names):
            for name in names:
                if name not in given:
                    self.add_error(name, _("Give all three scores, or none."))
        return cleaned

    def clean_contacted_at(self):
        at = self.cleaned_data.get("contacted_at")
        if at and self.ticket is not None and at < self.ticket.received_at:
            raise ValidationError(
                _("The visitor cannot have been called back before the inquiry was registered."),
                code="before_registration",
            )
        return at


class CloseForm(ActionForm):
    pass


class SignForForm(ActionForm):
    pass


class VoidForm(ActionForm):
    reason = one_line_reason(_("Why is this registration void?"), _("Give the reason."))


class ExtensionRequestForm(ActionForm):
    until = PromisedDateTimeField(
        label=_("New deadline asked for"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    reason = FreeTextField(
        label=_("Why more time is needed"), required_message=_("Give the reason.")
    )


class ExtensionDecisionForm(ActionForm):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Approve the extension")), ("no", _("Refuse the extension"))],
    )
    note = FreeTextField(label=_("Note"))
    visitor_notice = FreeTextField(label=_("What the visitor is told about the new deadline"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("approved") and not cleaned.get("visitor_notice"):
            self.add_error(
                "visitor_notice", _("Record how the visitor is told about the new deadline.")
            )
        return cleaned
