"""Forms that read like the paper registers; each ``clean_*`` returns a domain value.

Views hand ``cleaned_data`` to the services unchanged.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.directory.models import Matter
from firstask.org.models import Department, display_name
from firstask.org.roles import Role
from firstask.tickets.choices import (
    AnswerKind,
    Channel,
    FollowUpMethod,
    ReturnReason,
    Satisfaction,
)
from firstask.tickets.models import MATTER_MAX, NOTE_MAX, Ticket
from firstask.tickets.phones import normalise_phone

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


def clean_person_text(value: str) -> str:
    """Names and units: letters, digits, ordinary punctuation; no emoji or control codes."""
    value = (value or "").strip()
    for char in value:
        category = unicodedata.category(char)
        if category in {"So", "Cs", "Co", "Cn"} or (category.startswith("C") and char != " "):
            raise ValidationError(
                _("Use letters, digits and ordinary punctuation only (no emoji or symbols)."),
                code="invalid_characters",
            )
    return value


def clean_person_text_or_empty(value: str) -> str:
    try:
        return clean_person_text(value)[:100]
    except ValidationError:
        return ""


def clean_free_text(value: str) -> str:
    """Free text keeps what people typed (emoji included) but loses control codes."""
    value = (value or "").strip()
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c)[0] != "C")


def _directory_widgets(field: forms.Field, *, kind: str = "", **targets: str) -> None:
    """Turn a text field into the directory type-ahead (static/js/directory.js)."""
    attrs = {
        "data-directory-search": reverse("directory:search"),
        "autocomplete": "off",
        "role": "combobox",
    }
    if kind:
        attrs["data-directory-kind"] = kind
    for name, selector in targets.items():
        attrs[f"data-{name.replace('_', '-')}"] = selector
    field.widget.attrs.update(attrs)


# --- intake --------------------------------------------------------------------------------

CHANNEL_FIELDS = {
    Channel.WALK_IN: [
        "visitor_name",
        "visitor_unit",
        "visitor_phone",
        "visitor_address",
        "category",
        "urgency",
        "matter",
        "materials_received",
        "promised_at",
    ],
    Channel.PHONE: [
        "visitor_phone",
        "visitor_name",
        "visitor_unit",
        "call_time",
        "category",
        "urgency",
        "matter",
        "visitor_address",
        "promised_at",
    ],
    Channel.LETTER: [
        "visitor_name",
        "visitor_unit",
        "visitor_address",
        "visitor_phone",
        "letter_date",
        "letter_reference",
        "category",
        "urgency",
        "matter",
        "materials_received",
        "promised_at",
    ],
    Channel.ONLINE: [
        "online_source",
        "visitor_name",
        "visitor_unit",
        "visitor_phone",
        "category",
        "urgency",
        "matter",
        "promised_at",
    ],
}


class IntakeForm(forms.ModelForm):
    """One register (来访/来电/来信/网络): the fields of that paper form, in its order."""

    finish_on_the_spot = forms.BooleanField(
        label=_("Answered on the spot, visitor satisfied (close now)"), required=False
    )
    answer_text = forms.CharField(
        label=_("Answer given"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    directory_lookup = forms.CharField(
        label=_("Matter in the directory"),
        required=False,
        help_text=_("Type a few characters or pinyin initials, e.g. 不动产 or bdc."),
    )
    directory_matter = forms.ModelChoiceField(
        queryset=Matter.objects.filter(is_active=True), required=False, widget=forms.HiddenInput
    )
    template_lookup = forms.CharField(label=_("Insert an answer template"), required=False)

    class Meta:
        model = Ticket
        fields = sorted({f for fields in CHANNEL_FIELDS.values() for f in fields})
        widgets = {
            "matter": forms.Textarea(attrs={"rows": 3}),
            "promised_at": DATETIME_WIDGET,
            "call_time": DATETIME_WIDGET,
            "letter_date": DATE_WIDGET,
        }

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        wanted = CHANNEL_FIELDS[channel]
        extra = [
            "directory_lookup",
            "directory_matter",
            "finish_on_the_spot",
            "template_lookup",
            "answer_text",
        ]
        for name in list(self.fields):
            if name not in wanted and name not in extra:
                del self.fields[name]
        matter_at = wanted.index("matter")
        self.order_fields(
            [
                *wanted[:matter_at],
                "directory_lookup",
                "directory_matter",
                *wanted[matter_at:],
                *extra[2:],
            ]
        )
        _directory_widgets(
            self.fields["directory_lookup"], kind="matter", target_matter="#id_directory_matter"
        )
        self.fields["template_lookup"].widget.attrs.update(
            {
                "data-directory-templates": reverse("directory:templates"),
                "data-directory-matter": "#id_directory_matter",
                "data-target-text": "#id_answer_text",
                "autocomplete": "off",
            }
        )
        first = self.fields[wanted[0]]
        first.widget.attrs["autofocus"] = True
        self.fields["matter"].max_length = MATTER_MAX
        self.fields["matter"].widget.attrs["maxlength"] = MATTER_MAX
        for name in ("promised_at", "call_time"):
            if name in self.fields:
                self.fields[name].input_formats = DATETIME_FORMATS
        if "call_time" in self.fields and not self.is_bound:
            self.initial.setdefault("call_time", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
        if "visitor_phone" in self.fields:
            self.fields["visitor_phone"].widget.attrs.update(
                {"inputmode": "tel", "autocomplete": "off"}
            )

    def clean_visitor_name(self) -> str:
        return clean_person_text(self.cleaned_data.get("visitor_name", ""))

    def clean_visitor_unit(self) -> str:
        return clean_person_text(self.cleaned_data.get("visitor_unit", ""))

    def clean_visitor_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("visitor_phone", ""))

    def clean_matter(self) -> str:
        matter = clean_free_text(self.cleaned_data.get("matter", ""))
        if not matter:
            raise ValidationError(_("Write down what the visitor asked about."), code="required")
        return matter

    def clean_promised_at(self):
        promised = self.cleaned_data.get("promised_at")
        if promised and promised <= timezone.now():
            raise ValidationError(_("The promised time must be in the future."), code="past")
        return promised

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("finish_on_the_spot") and not clean_free_text(cleaned.get("answer_text")):
            self.add_error("answer_text", _("Write down the answer given on the spot."))
        cleaned["answer_text"] = clean_free_text(cleaned.get("answer_text", ""))
        return cleaned

    def registration_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in CHANNEL_FIELDS[self.channel]}
        data["channel"] = self.channel
        data["directory_matter"] = self.cleaned_data.get("directory_matter")
        return data


# --- actions on a ticket -----------------------------------------------------------------------


class ActionForm(forms.Form):
    """Every action form carries the version the user saw, so a lost race is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


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
    text = forms.CharField(
        label=_("Answer given"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    agency_name = forms.CharField(label=_("Agency directed to"), max_length=100, required=False)
    agency_address = forms.CharField(label=_("Agency address"), max_length=200, required=False)
    agency_phone = forms.CharField(label=_("Agency phone"), max_length=40, required=False)
    missing_items = forms.CharField(
        label=_("Missing materials (one per line, all of them at once)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, matter: Matter | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _directory_widgets(
            self.fields["lookup"], target_materials=f"#id_{self.prefix}-missing_items"
        )
        if matter is not None and not self.is_bound:
            # Told all at once: start from the directory's full list of materials.
            self.initial.setdefault(
                "missing_items", "\n".join(m.label for m in matter.materials.all())
            )

    def clean_text(self) -> str:
        text = clean_free_text(self.cleaned_data["text"])
        if not text:
            raise ValidationError(_("Write down the answer given."), code="required")
        return text

    def clean_missing_items(self) -> list[str]:
        lines = clean_free_text(self.cleaned_data.get("missing_items", "")).splitlines()
        return [line.strip(" -•·、") for line in lines if line.strip(" -•·、")]

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
    summary = forms.CharField(
        label=_("Summary for the handover slip"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggestion = forms.CharField(
        label=_("Suggestion"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, matter: Matter | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = _handlers()
        self.fields["lookup"] = forms.CharField(
            label=_("Find the department in the directory"), required=False
        )
        self.order_fields(["lookup", "department"])
        _directory_widgets(
            self.fields["lookup"], kind="matter", target_department=f"#id_{self.prefix}-department"
        )
        if matter is not None and not self.is_bound:
            self.initial.setdefault("department", matter.department_id)

    def clean_summary(self) -> str:
        summary = clean_free_text(self.cleaned_data["summary"])
        if not summary:
            raise ValidationError(_("The handover slip needs a summary."), code="required")
        return summary

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].required = True
        self.fields["department"].queryset = Department.objects.filter(
            is_active=True, is_general_office=False
        )
        self.fields["department"].empty_label = None
        self.fields["summary"].required = False

    def clean_summary(self) -> str:
        return clean_free_text(self.cleaned_data.get("summary", ""))


class ReturnForm(ActionForm):
    reason = forms.ChoiceField(label=_("Reason for returning"), choices=ReturnReason.choices)
    note = forms.CharField(
        label=_("Explanation"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_note(self) -> str:
        note = clean_free_text(self.cleaned_data["note"])
        if not note:
            raise ValidationError(_("Explain why the referral is returned."), code="required")
        return note


class ProgressForm(ActionForm):
    note = forms.CharField(
        label=_("Progress note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_note(self) -> str:
        note = clean_free_text(self.cleaned_data["note"])
        if not note:
            raise ValidationError(_("Write the progress note."), code="required")
        return note


class ResultForm(ActionForm):
    result = forms.CharField(
        label=_("Result of handling"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_result(self) -> str:
        result = clean_free_text(self.cleaned_data["result"])
        if not result:
            raise ValidationError(_("Write down the result."), code="required")
        return result


class FollowUpForm(ActionForm):
    method = forms.ChoiceField(
        label=_("How the visitor was contacted"), choices=FollowUpMethod.choices
    )
    contacted_at = forms.DateTimeField(
        label=_("Contacted at"),
        required=False,
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_FORMATS,
    )
    satisfaction = forms.ChoiceField(
        label=_("Satisfaction"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_contacted_at(self):
        at = self.cleaned_data.get("contacted_at")
        if at and at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("The contact time cannot be in the future."), code="future")
        return at

    def clean_remarks(self) -> str:
        return clean_free_text(self.cleaned_data.get("remarks", ""))


class CloseForm(ActionForm):
    pass


class SignForForm(ActionForm):
    pass


class VoidForm(ActionForm):
    reason = forms.CharField(label=_("Why is this registration void?"), max_length=300)

    def clean_reason(self) -> str:
        reason = clean_free_text(self.cleaned_data["reason"])
        if not reason:
            raise ValidationError(_("Give the reason."), code="required")
        return reason


class ExtensionRequestForm(ActionForm):
    until = forms.DateTimeField(
        label=_("New deadline asked for"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    reason = forms.CharField(
        label=_("Why more time is needed"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise ValidationError(_("The new deadline must be in the future."), code="past")
        return until

    def clean_reason(self) -> str:
        reason = clean_free_text(self.cleaned_data["reason"])
        if not reason:
            raise ValidationError(_("Give the reason."), code="required")
        return reason


class ExtensionDecisionForm(ActionForm):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Approve the extension")), ("no", _("Refuse the extension"))],
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    visitor_notice = forms.CharField(
        label=_("What the visitor is told about the new deadline"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        cleaned["note"] = clean_free_text(cleaned.get("note", ""))
        cleaned["visitor_notice"] = clean_free_text(cleaned.get("visitor_notice", ""))
        if cleaned.get("approved") and not cleaned["visitor_notice"]:
            self.add_error(
                "visitor_notice", _("Record how the visitor is told about the new deadline.")
            )
        return cleaned


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "answer": AnswerForm,
    "refer": ReferForm,
    "assign": AssignForm,
    "sign_for": SignForForm,
    "return_referral": ReturnForm,
    "post_progress": ProgressForm,
    "record_result": ResultForm,
    "follow_up": FollowUpForm,
    "close": CloseForm,
    "void": VoidForm,
    "request_extension": ExtensionRequestForm,
    "decide_extension": ExtensionDecisionForm,
}


class TemplateFromTicketForm(forms.Form):
    """案例归档: distil the answer of a closed case into a reusable template."""

    title = forms.CharField(label=_("Template title"), max_length=120)
    text = forms.CharField(
        label=_("Answer text"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_title(self) -> str:
        title = clean_free_text(self.cleaned_data["title"])
        if not title:
            raise ValidationError(_("Give the template a title."), code="required")
        return title

    def clean_text(self) -> str:
        text = clean_free_text(self.cleaned_data["text"])
        if not text:
            raise ValidationError(_("The template needs the answer text."), code="required")
        return text


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Number, phone or name"), required=False, max_length=60)

    def clean_q(self) -> str:
        return clean_free_text(self.cleaned_data.get("q", ""))[:60]
