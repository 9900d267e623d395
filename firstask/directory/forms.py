"""Forms of the directory: the page's filter bar and the admin import upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from firstask.directory.tabular.reading import MAX_UPLOAD_BYTES, SUPPORTED_SUFFIXES
from firstask.org.categories import category_choices
from firstask.org.models import Department


class DirectoryFilterForm(forms.Form):
    """GET filters of /directory/; every field optional, bad values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True).order_by("code"),
        required=False,
        empty_label=_("All departments"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=lambda: [("", _("All categories")), *category_choices()],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def filters(self) -> dict:
        """The valid filters as keyword arguments of selectors.matching_matters."""
        self.is_valid()  # an invalid field is dropped, the valid ones still filter
        department = self.cleaned_data.get("department")
        return {
            "q": self.cleaned_data.get("q") or "",
            "department_id": department.pk if department else None,
            "category": self.cleaned_data.get("category") or None,
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or GBK) or Excel .xlsx, first row the column headers."),
    )
    preview_only = forms.BooleanField(
        label=_("Preview only: check the file and show what would change, change nothing"),
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(SUPPORTED_SUFFIXES):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
            )
        return upload
