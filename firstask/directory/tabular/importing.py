"""Import a table of matters or agencies: validate every row, then write all or nothing.

Rows are keyed by name: a name already in the directory updates that row, a new name
creates one, rows of the directory absent from the file are left alone (deactivate them
in the admin). Errors carry the spreadsheet row number and the column header so the
office can find the cell; a file with any error changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from firstask.directory.models import Matter, MatterMaterial
from firstask.directory.tabular.columns import Column
from firstask.directory.tabular.formats import CellError, Format
from firstask.directory.tabular.reading import FileError, Table, read_table

Action = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the file as a whole (e.g. a missing column)
    column: str  # the header as written in the file, "" when not about one column
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class RowPlan:
    row: int
    name: str
    action: Action
    instance: Matter | object
    materials: list[tuple[str, str]] | None = None
    changed_columns: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    plans: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: Action) -> int:
        return sum(1 for plan in self.plans if plan.action == action)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def import_table(fmt: Format, table: Table, *, apply: bool) -> ImportResult:
    """Validate `table`; when valid and `apply`, write it in one transaction."""
    with transaction.atomic():
        result = _plan(fmt, table)
        if result.ok and apply:
            _apply(result.plans)
            result.applied = True
    return result


def import_file(fmt: Format, name: str, data: bytes, *, apply: bool) -> ImportResult:
    try:
        table = read_table(name, data)
    except FileError as error:
        return ImportResult(errors=[RowError(None, "", str(error))])
    return import_table(fmt, table, apply=apply)


def _header_map(fmt: Format, headers: list[str], result: ImportResult) -> dict[int, Column]:
    by_header = {}
    for column in fmt.columns:
        by_header[column.header] = column
        by_header[column.key] = column
    mapping: dict[int, Column] = {}
    seen: set[str] = set()
    for index, header in enumerate(headers):
        column = by_header.get(header)
        if column is None:
            if header:
                result.ignored_headers.append(header)
            continue
        if column.key in seen:
            result.errors.append(
                RowError(
                    None,
                    column.header,
                    _("The column “%(column)s” appears twice.") % {"column": column.header},
                )
            )
            continue
        seen.add(column.key)
        mapping[index] = column
    for column in fmt.columns:
        if column.required and column.key not in seen:
            result.errors.append(
                RowError(
                    None,
                    column.header,
                    _("The file has no “%(column)s” column.") % {"column": column.header},
                )
            )
    return mapping


def _plan(fmt: Format, table: Table) -> ImportResult:
    result = ImportResult()
    mapping = _header_map(fmt, table.headers, result)
    if result.errors:
        return result
    name_index = next(i for i, c in mapping.items() if c.key == "name")
    names = [cells[name_index].strip() for _row, cells in table.rows if name_index < len(cells)]
    existing = fmt.existing([n for n in names if n])
    first_row_of: dict[str, int] = {}
    for row, cells in table.rows:
        values = {column.key: (cells[i] if i < len(cells) else "") for i, column in mapping.items()}
        plan = _plan_row(fmt, row, values, existing, first_row_of, result.errors)
        if plan is not None:
            result.plans.append(plan)
    return result


def _plan_row(fmt, row, values, existing, first_row_of, errors) -> RowPlan | None:
    headers = {column.key: column.header for column in fmt.columns}
    parsed = {}
    row_errors: list[RowError] = []
    for key, text in values.items():
        try:
            parsed[key] = fmt.parse(key, text)
        except CellError as error:
            row_errors.append(RowError(row, headers[key], str(error)))
    name = parsed.get("name", "")
    if name and name in first_row_of:
        row_errors.append(
            RowError(
                row,
                headers["name"],
                _("“%(name)s” is also on row %(other)s.")
                % {"name": name, "other": first_row_of[name]},
            )
        )
        parsed.pop("name")
    elif name:
        first_row_of[name] = row

    instance = existing.get(name) or fmt.model()
    materials = parsed.pop("materials", None)
    changed = []
    for key, value in parsed.items():
        attribute = "department_id" if key == "department" else key
        new = value.pk if key == "department" else value
        if instance.pk is None or not _same(getattr(instance, attribute), new):
            changed.append(headers[key])
            setattr(instance, key, value)
    if materials is not None and instance.pk is not None:
        if [(m.name, m.notes) for m in instance.materials.all()] == materials:
            materials = None  # nothing to rewrite
        else:
            changed.append(headers["materials"])
    # Cells that failed to parse are not validated again by the model.
    failed = {key for key in values if key not in parsed}
    row_errors += _validate(instance, materials, headers, row, failed)
    if row_errors:
        errors.extend(sorted(row_errors, key=lambda e: _column_order(fmt, e.column)))
        return None
    if instance.pk is None:
        action: Action = "created"
    else:
        action = "updated" if changed else "unchanged"
    return RowPlan(row, name, action, instance, materials, changed)


def _same(old, new) -> bool:
    """Equal, taking CRLF and LF as the same line end (.xlsx stores only LF)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
    return old == new


def _column_order(fmt, header: str) -> int:
    for index, column in enumerate(fmt.columns):
        if column.header == header:
            return index
    return -1


def _validate(instance, materials, headers, row, failed: set[str]) -> list[RowError]:
    """The model's own validation (required, lengths, ranges), mapped to columns."""
    errors: list[RowError] = []
    try:
        # The department was resolved from the loaded list: no per-row existence query.
        exclude = {"department", *failed}
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            key = "department" if field_name == "department" else field_name
            column = "" if field_name == NON_FIELD_ERRORS else headers.get(key, "")
            errors.extend(RowError(row, column, message) for message in messages)
    for position, (name, notes) in enumerate(materials or [], start=1):
        material = MatterMaterial(position=position, name=name, notes=notes)
        try:
            material.full_clean(exclude=["matter"])
        except ValidationError as error:
            for messages in error.message_dict.values():
                errors.extend(
                    RowError(
                        row,
                        headers["materials"],
                        _("Material %(number)s: %(message)s")
                        % {"number": position, "message": message},
                    )
                    for message in messages
                )
    return errors


def _apply(plans: list[RowPlan]) -> None:
    for plan in plans:
        if plan.action == "unchanged":
            continue
        plan.instance.save()
        if plan.materials is not None and isinstance(plan.instance, Matter):
            replace_materials(plan.instance, plan.materials)


def replace_materials(matter: Matter, materials: list[tuple[str, str]]) -> None:
    """Make `matter`'s materials exactly `materials`, in that order."""
    matter.materials.all().delete()
    MatterMaterial.objects.bulk_create(
        MatterMaterial(matter=matter, position=position, name=name, notes=notes)
        for position, (name, notes) in enumerate(materials, start=1)
    )
