"""The columns of the import/export files, in file order.

The headers are Chinese literals on purpose: they are a data format the office fills in
(like the column names of a paper register), not interface text, so they are not
translated. Each column may also be headed by its key (the English field name).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False


MATTER_COLUMNS: tuple[Column, ...] = (
    Column("name", "事项名称", required=True),
    Column("keywords", "关键词"),
    Column("category", "事项类别"),
    Column("department", "责任科室", required=True),
    Column("post", "责任岗位"),
    Column("location", "办理地点"),
    Column("phone", "咨询电话"),
    Column("office_hours", "办公时间"),
    Column("materials", "所需材料"),
    Column("time_limit_days", "法定时限（工作日）"),
    Column("legal_basis", "设定依据"),
    Column("notes", "备注"),
    Column("is_active", "是否启用"),
)

AGENCY_COLUMNS: tuple[Column, ...] = (
    Column("name", "机构名称", required=True),
    Column("handles", "受理事项"),
    Column("address", "地址"),
    Column("phone", "联系电话"),
    Column("hours", "办公时间"),
    Column("keywords", "关键词"),
    Column("notes", "备注"),
    Column("is_active", "是否启用"),
)

# Values of the 是否启用 column. Export writes the first of each.
YES_VALUES = ("是", "启用", "1", "yes", "y", "true")
NO_VALUES = ("否", "停用", "0", "no", "n", "false")
