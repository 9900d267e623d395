"""Forms of the casework beside the handling actions: 督办, 催办, 协办, merge,
attachments and the visitor's status look-up."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firstask.org.models import Department
from firstask.tickets.forms.actions import ActionForm
from firstask.tickets.forms.text import DATETIME_FORMATS, DATETIME_WIDGET, FreeTextField


class SupervisionForm(ActionForm):
    addressee = forms.TypedChoiceField(label=_("Addressed to"), coerce=int)
    instruction = FreeTextField(
        label=_("Instruction"), rows=3, required_message=_("Write the instruction.")
    )
    reply_due_at = forms.DateTimeField(
        label=_("Reply by"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None:
            from firstask.tickets.casework import supervision_addressees

            self.fields["addressee"].choices = supervision_addressees(self.ticket)

    def clean_reply_due_at(self):
        value = self.cleaned_data["reply_due_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("The reply deadline must be in the future."))
        return value


class SupervisionReplyForm(forms.Form):
    reply = FreeTextField(label=_("Reply"), rows=3, required_message=_("Write the reply."))


class ChaseForm(ActionForm):
    note = FreeTextField(label=_("Message to the department"), rows=2)


class CoDepartmentForm(ActionForm):
    department = forms.ModelChoiceField(
        label=_("Co-department"), queryset=Department.objects.filter(is_active=True)
    )
    request = FreeTextField(label=_("Part asked of it"), rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.ticket is not None:
            taken = [
                self.ticket.referred_department_id,
                *self.ticket.co_departments.values_list("department_id", flat=True),
            ]
            self.fields["department"].queryset = Department.objects.filter(is_active=True).exclude(
                pk__in=[pk for pk in taken if pk]
            )


class PartForm(forms.Form):
    part = FreeTextField(
        label=_("Our part"), rows=3, required_message=_("Write what your department did.")
    )


class MergeForm(ActionForm):
    survivor = forms.CharField(
        label=_("Merge into inquiry number"),
        max_length=20,
        help_text=_("The inquiry that carries on; this one is kept, marked as merged."),
    )
    reason = FreeTextField(label=_("Reason"), rows=2, required_message=_("Say why."))

    def clean_survivor(self):
        from firstask.tickets.models import Ticket

        number = self.cleaned_data["survivor"].strip()
        survivor = Ticket.objects.filter(number=number).first()
        if survivor is None or (self.ticket is not None and survivor.pk == self.ticket.pk):
            raise forms.ValidationError(_("Give the number of another inquiry."))
        if not survivor.is_open:
            raise forms.ValidationError(_("Only an open inquiry can be merged into an open one."))
        return survivor


class UnmergeForm(ActionForm):
    reason = FreeTextField(label=_("Reason"), rows=2, required_message=_("Say why."))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF or picture)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class StatusLookupForm(forms.Form):
    number = forms.CharField(label=_("Inquiry number"), max_length=20)
    code = forms.CharField(label=_("Extraction code"), max_length=12)
