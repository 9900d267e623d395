"""The registers (来访/来电/来信/网络) as one form that shows each paper's fields in order."""

from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.directory.models import Matter
from firstask.org.categories import active_category_choices
from firstask.tickets.choices import VISITOR_NOUN, Channel
from firstask.tickets.forms.text import (
    DATE_WIDGET,
    DATETIME_FORMATS,
    DATETIME_WIDGET,
    FreeTextField,
    LineField,
    NameField,
    PhoneField,
    PromisedDateTimeField,
    RecentDateField,
    RecentDateTimeField,
    clean_free_text,
    directory_widgets,
)
from firstask.tickets.models import MATTER_MAX, Ticket

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
    answer_text = FreeTextField(label=_("Answer given"))
    directory_lookup = forms.CharField(
        label=_("Matter in the directory"),
        required=False,
        help_text=_("Type a few characters or pinyin initials, e.g. 不动产 or bdc."),
    )
    directory_matter = forms.ModelChoiceField(
        queryset=Matter.objects.filter(is_active=True), required=False, widget=forms.HiddenInput
    )
    template_lookup = forms.CharField(label=_("Insert an answer template"), required=False)
    # One token per rendered form: posting the same form twice registers one inquiry.
    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Ticket
        fields = sorted({f for fields in CHANNEL_FIELDS.values() for f in fields})
        widgets = {
            "matter": forms.Textarea(attrs={"rows": 3}),
            "promised_at": DATETIME_WIDGET,
            "call_time": DATETIME_WIDGET,
            "letter_date": DATE_WIDGET,
        }
        # One rule per kind of field (firstask.core.fields), as on every other form.
        field_classes = {
            "visitor_name": NameField,
            "visitor_unit": NameField,
            "visitor_phone": PhoneField,
            "visitor_address": LineField,
            "materials_received": LineField,
            "letter_reference": LineField,
            "online_source": LineField,
            "matter": FreeTextField,
            "call_time": RecentDateTimeField,
            "letter_date": RecentDateField,
            "promised_at": PromisedDateTimeField,
        }

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        wanted = CHANNEL_FIELDS[channel]
        extra = [
            "directory_lookup",
            "directory_matter",
            "submission",
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
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4())
        directory_widgets(
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
        # The person is a 来访人, 来电人, 来信人 or 网络留言人 as the register says.
        noun = VISITOR_NOUN.get(channel, VISITOR_NOUN[Channel.WALK_IN])
        if "visitor_name" in self.fields:
            self.fields["visitor_name"].label = _("Name of the %(noun)s") % {"noun": noun}
        if "visitor_phone" in self.fields:
            self.fields["visitor_phone"].label = _("Phone of the %(noun)s") % {"noun": noun}
        self.fields["finish_on_the_spot"].label = _(
            "Answered on the spot, %(noun)s satisfied (close now)"
        ) % {"noun": noun}
        # Only the categories managers offer today; a retired one stays on old inquiries.
        self.fields["category"].choices = [("", "---------"), *active_category_choices()]
        first = self.fields[wanted[0]]
        first.widget.attrs["autofocus"] = True
        self.fields["matter"].max_length = MATTER_MAX
        self.fields["matter"].widget.attrs["maxlength"] = MATTER_MAX
        for name in ("promised_at", "call_time"):
            if name in self.fields:
                self.fields[name].input_formats = DATETIME_FORMATS
        if "call_time" in self.fields and not self.is_bound:
            self.initial.setdefault("call_time", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))

    def clean_matter(self) -> str:
        matter = clean_free_text(self.cleaned_data.get("matter", ""))
        if not matter:
            raise ValidationError(_("Write down what the visitor asked about."), code="required")
        return matter

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("finish_on_the_spot") and not cleaned.get("answer_text"):
            self.add_error("answer_text", _("Write down the answer given on the spot."))
        if cleaned.get("answer_text") and not cleaned.get("finish_on_the_spot"):
            # Nothing typed is dropped without a word: record it, or clear it.
            self.add_error(
                "answer_text",
                _(
                    "You wrote an answer: tick “answered on the spot” to record it and close "
                    "the inquiry, or clear the answer to register it open."
                ),
            )
        return cleaned

    def registration_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in CHANNEL_FIELDS[self.channel]}
        data["channel"] = self.channel
        data["directory_matter"] = self.cleaned_data.get("directory_matter")
        return data
