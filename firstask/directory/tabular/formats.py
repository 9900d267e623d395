"""How a matter or an agency becomes a row of cells, and a row of cells becomes field
values: one class per model, used by both export and import so the two cannot drift.

Parsing raises CellError with a message for the user; the import engine adds the row
number and the column header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from firstask.core.vocabulary import Category
from firstask.directory.models import (
    MATERIAL_SEPARATORS,
    NOTE_CLOSE,
    NOTE_OPEN,
    Agency,
    Matter,
    MatterMaterial,
)
from firstask.directory.tabular.columns import (
    AGENCY_COLUMNS,
    MATTER_COLUMNS,
    NO_VALUES,
    YES_VALUES,
    Column,
)
from firstask.org.categories import category_choices, category_label
from firstask.org.models import Department

_TIME_LIMIT = re.compile(r"^(\d+)\s*(个?工作日|天|日|working days?)?$", re.IGNORECASE)
_MATERIAL_SPLIT = re.compile("|".join(re.escape(s) for s in MATERIAL_SEPARATORS))

# Language the category labels are written in (the file is the Chinese office's format).
FILE_LANGUAGE = "zh-hans"


class CellError(Exception):
    """A cell's value is not acceptable; the message is for the user."""


def clean_text(text: str) -> str:
    """Stripped, with LF line ends (what .xlsx stores and browsers' CRLF becomes)."""
    return text.replace("\r\n", "\n").strip()


def yes_no_cell(value: bool) -> str:
    return YES_VALUES[0] if value else NO_VALUES[0]


def parse_yes_no(text: str) -> bool:
    text = text.strip().lower()
    if not text or text in YES_VALUES:
        return True
    if text in NO_VALUES:
        return False
    raise CellError(_("Write “是” or “否”."))


def materials_cell(materials: Iterable[MatterMaterial]) -> str:
    return "；".join(material.label for material in materials)


def parse_materials(text: str) -> list[tuple[str, str]]:
    """`身份证【原件及复印件】；户口簿` → [("身份证", "原件及复印件"), ("户口簿", "")]."""
    items = []
    for raw in _MATERIAL_SPLIT.split(text):
        item = raw.strip()
        if not item:
            continue
        notes = ""
        if item.endswith(NOTE_CLOSE) and NOTE_OPEN in item:
            item, _sep, notes = item[:-1].rpartition(NOTE_OPEN)
            item, notes = item.strip(), notes.strip()
        if not item:
            raise CellError(_("A material has notes but no name: “%(item)s”.") % {"item": raw})
        items.append((item, notes))
    return items


def parse_time_limit(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    match = _TIME_LIMIT.match(text)
    if not match:
        raise CellError(_("Write a whole number of working days, for example 20."))
    return int(match.group(1))


def category_cell(code: str) -> str:
    with translation.override(FILE_LANGUAGE):
        return category_label(code)


def _category_lookup() -> dict[str, str]:
    """Code and label (in every language) → code."""
    from django.conf import settings

    lookup = {code: code for code, _label in category_choices()}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup.update({str(label).lower(): code for code, label in category_choices()})
    return lookup


class MatterFormat:
    model = Matter
    columns: tuple[Column, ...] = MATTER_COLUMNS
    sheet_title = "事项目录"
    filename = "matters"
    # Model fields written straight from/to text cells.
    text_fields = ("keywords", "post", "location", "phone", "office_hours", "legal_basis", "notes")

    def __init__(self) -> None:
        self._departments: dict[str, Department] | None = None
        self._categories: dict[str, str] | None = None

    @staticmethod
    def export_queryset(queryset: QuerySet[Matter] | None = None) -> QuerySet[Matter]:
        queryset = Matter.objects.all() if queryset is None else queryset
        return (
            queryset.select_related("department")
            .prefetch_related(
                Prefetch("materials", queryset=MatterMaterial.objects.order_by("position", "id"))
            )
            .order_by("department__code", "name")
        )

    def row(self, matter: Matter) -> list:
        return [
            matter.name,
            matter.keywords,
            category_cell(matter.category),
            matter.department.name,
            matter.post,
            matter.location,
            matter.phone,
            matter.office_hours,
            materials_cell(matter.materials.all()),
            matter.time_limit_days,
            matter.legal_basis,
            matter.notes,
            yes_no_cell(matter.is_active),
        ]

    def existing(self, names: list[str]) -> dict[str, Matter]:
        queryset = Matter.objects.filter(name__in=names).prefetch_related(
            Prefetch("materials", queryset=MatterMaterial.objects.order_by("position", "id"))
        )
        return {matter.name: matter for matter in queryset}

    def parse(self, key: str, text: str):
        """The field value of one cell (strings are stripped)."""
        if key == "category":
            return self._parse_category(text)
        if key == "department":
            return self._parse_department(text)
        if key == "materials":
            return parse_materials(text)
        if key == "time_limit_days":
            return parse_time_limit(text)
        if key == "is_active":
            return parse_yes_no(text)
        return text.strip()

    def _parse_category(self, text: str) -> str:
        text = text.strip()
        if not text:
            return Category.BUSINESS
        if self._categories is None:
            self._categories = _category_lookup()
        code = self._categories.get(text.lower())
        if code is None:
            raise CellError(_("Unknown category “%(value)s”.") % {"value": text})
        return code

    def _parse_department(self, text: str) -> Department:
        text = text.strip()
        if not text:
            raise CellError(_("This cell is required."))
        if self._departments is None:
            self._departments = {}
            for department in Department.objects.all():
                self._departments.setdefault(department.name, department)
                self._departments[department.code.lower()] = department
        department = self._departments.get(text.lower()) or self._departments.get(text)
        if department is None:
            raise CellError(_("No department “%(value)s”.") % {"value": text})
        if not department.is_active:
            raise CellError(_("Department “%(value)s” is inactive.") % {"value": text})
        return department


class AgencyFormat:
    model = Agency
    columns: tuple[Column, ...] = AGENCY_COLUMNS
    sheet_title = "外部机构"
    filename = "agencies"
    text_fields = ("handles", "address", "phone", "hours", "keywords", "notes")

    @staticmethod
    def export_queryset(queryset: QuerySet[Agency] | None = None) -> QuerySet[Agency]:
        queryset = Agency.objects.all() if queryset is None else queryset
        return queryset.order_by("name")

    def row(self, agency: Agency) -> list:
        return [
            agency.name,
            agency.handles,
            agency.address,
            agency.phone,
            agency.hours,
            agency.keywords,
            agency.notes,
            yes_no_cell(agency.is_active),
        ]

    def existing(self, names: list[str]) -> dict[str, Agency]:
        return {agency.name: agency for agency in Agency.objects.filter(name__in=names)}

    def parse(self, key: str, text: str):
        if key == "is_active":
            return parse_yes_no(text)
        return clean_text(text)


Format = MatterFormat | AgencyFormat
