"""The responsibility directory (事项目录): which department handles which matter, where,
with which materials and time limit; and the outside agencies for matters outside the
organisation's remit.

Nothing here is hard-deleted: tickets will point at matters and agencies, so they are
deactivated instead. `search_text` is denormalised (name, keywords, for a matter its
department's name, and their pinyin) so the intake type-ahead is one query whatever the
size of the directory, and a matter's is indexed by position in `MatterKey` (search.py);
`save()` keeps both current, and code that bypasses `save()` (bulk_create, bulk_update)
must call `refresh_search_text()` and then `search.reindex(ids)`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from firstask.core.models import person_ref, reference
from firstask.core.vocabulary import Category
from firstask.directory.text import build_search_text, split_keywords
from firstask.org.categories import category_choices
from firstask.org.models import Department

# Characters that structure the materials column of the import file (see tabular/).
MATERIAL_SEPARATORS = ("；", ";")
NOTE_OPEN, NOTE_CLOSE = "【", "】"


class SearchableMixin(models.Model):
    """A name + keywords with a denormalised, pinyin-aware `search_text`."""

    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_names(self) -> list[str]:
        """Terms besides the name that get pinyin forms."""
        return split_keywords(self.keywords)

    def search_extra(self) -> list[str]:
        """Longer texts searched only as substrings."""
        return []

    def refresh_search_text(self) -> None:
        self.search_text = build_search_text(self.name, self.search_names(), self.search_extra())


class Matter(SearchableMixin):
    """One entry of the responsibility table (责任分配表)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Other words visitors use for this matter, separated by commas or spaces."),
    )
    category = models.CharField(
        _("category"), max_length=20, choices=category_choices, default=Category.BUSINESS
    )
    department = reference(Department, _("responsible department"), related_name="matters")
    post = models.CharField(_("responsible post"), max_length=60, blank=True)
    location = models.CharField(
        _("location / room"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the department's location."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty to use the department's phone."),
    )
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("legal time limit (working days)"), null=True, blank=True
    )
    # docs/domain.md#life: the visitor is told the rules, the procedure and the time
    # limit — and what it costs. Printed on the one-time notice.
    fees = models.CharField(
        _("fees"), max_length=200, blank=True, help_text=_("e.g. 免费, or 80 元/件.")
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_active", "department"], name="directory_matter_active"),
            # The type-ahead's walk through a crowded tier, shortest names first (search.py).
            models.Index(Length("name"), "name", name="directory_matter_shortest"),
            # The directory browsed without a query: department by department (in code
            # order), names in order — the first page read from here, not a sort of all.
            models.Index(fields=["department", "name"], name="directory_matter_by_dept"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        from firstask.directory.search import reindex

        reindex([self.pk])

    def search_names(self) -> list[str]:
        # The department's name too: a visitor says "不动产的事" and the receptionist
        # types `bdc`. Kept current on rename by signals.refresh_department_matters.
        names = super().search_names()
        if self.department_id:
            names.append(self.department.name)
        return names

    @property
    def effective_location(self) -> str:
        return self.location or self.department.location

    @property
    def effective_phone(self) -> str:
        return self.phone or self.department.phone


class MatterKey(models.Model):
    """One position of a matter's search text: the ``KEY_LENGTH`` characters from there
    (``key``) and the one before (``before``), so that "contains" and "a term starts
    with" are prefix ranges on an index (search.py; written by ``search.reindex``, in
    SQL; the indexes by migration 0006, in code point order on PostgreSQL)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="+")
    before = models.CharField(max_length=1)
    key = models.CharField(max_length=12)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.before}{self.key}"


class MatterMaterial(models.Model):
    """One required material, in the order the counter checks them.

    A child row rather than a JSON list: the admin edits it as an ordered inline with
    per-field validation, the 一次性告知 checklist can later reference single items, and
    the import maps one `；`-separated column onto it (see tabular/).
    """

    matter = models.ForeignKey(
        Matter, verbose_name=_("matter"), on_delete=models.CASCADE, related_name="materials"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("material"), max_length=200)
    notes = models.CharField(
        _("copies / notes"),
        max_length=100,
        blank=True,
        help_text=_("For example: original and 1 copy."),
    )

    class Meta:
        verbose_name = _("required material")
        verbose_name_plural = _("required materials")
        ordering = ["matter", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The material as printed on a checklist and written in the import file."""
        return f"{self.name}{NOTE_OPEN}{self.notes}{NOTE_CLOSE}" if self.notes else self.name

    def clean(self) -> None:
        # The import file packs the list into one cell; these characters structure it.
        reserved = (*MATERIAL_SEPARATORS, NOTE_OPEN, NOTE_CLOSE)
        errors = {}
        for field in ("name", "notes"):
            value = getattr(self, field)
            if any(char in value for char in reserved):
                errors[field] = _("May not contain “；”, “;”, “【” or “】”.")
        if errors:
            raise ValidationError(errors)


class Agency(SearchableMixin):
    """An outside agency a visitor is directed to (docs/domain.md#life)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    handles = models.TextField(_("matters handled"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hours = models.CharField(_("office hours"), max_length=100, blank=True)
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Other words visitors use, separated by commas or spaces."),
    )
    # docs/domain.md#life: the visitor is told whom to ask there, not only where to go.
    contact_person = models.CharField(_("contact person"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outside agency")
        verbose_name_plural = _("outside agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def search_extra(self) -> list[str]:
        return [self.handles]


class AnswerTemplate(models.Model):
    """A reusable answer (案例归档), optionally tied to a matter and to the closed
    inquiry it was distilled from."""

    title = models.CharField(_("title"), max_length=120)
    matter = reference(Matter, _("matter"), related_name="answer_templates", optional=True)
    text = models.TextField(_("answer text"))
    created_by = person_ref(_("created by"), optional=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title
