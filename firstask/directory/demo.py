"""Demo records of the directory app: ≥ 30 matters across the demo departments,
outside agencies, a few answer templates. Idempotent: rows are keyed by name (title
for templates) and updated in place; runs after the demo organisation exists.

The matters and agencies are two CSV files in the office's own import format
(``demo_matters.csv``, ``demo_agencies.csv``: the columns of tabular/columns.py,
departments by name, categories by their Chinese label), loaded through the same
importer as an upload in the admin. So the demo is a file the office could have
written, and the importer is exercised by every demo load. Phones and addresses are
fictional; locations are windows inside the demo departments' areas (org/demo.py).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from firstask.directory.models import AnswerTemplate, Matter
from firstask.directory.tabular.formats import AgencyFormat, Format, MatterFormat
from firstask.directory.tabular.importing import import_file

HERE = Path(__file__).resolve().parent
# A format caches the departments it has looked up: a fresh one for every load.
FILES: tuple[tuple[type[MatterFormat] | type[AgencyFormat], str], ...] = (
    (MatterFormat, "demo_matters.csv"),
    (AgencyFormat, "demo_agencies.csv"),
)

# title, matter name (or ""), text
TEMPLATES: list[tuple[str, str, str]] = [
    (
        "二手房过户须双方到场",
        "二手房转移登记",
        "二手房转移登记须买卖双方本人持身份证到场；不能到场的，请提供经公证的委托书。"
        "完税凭证可在大厅税务窗口当场开具。",
    ),
    (
        "补办社保卡",
        "社保卡挂失补换",
        "请先拨打 12333 或在线挂失，再携带身份证到 1 楼 C 区 13 号窗口补卡，即时制卡可当场领取。",
    ),
    (
        "护照业务不属本中心",
        "",
        "护照、港澳通行证由公安局出入境管理支队办理：市民中心东区 1 楼出入境办证大厅，"
        "电话 0571-87280000，周一至周六 9:00-17:00。",
    ),
    (
        "材料不全一次性告知",
        "",
        "您所需补齐的材料已全部列在告知单上，请备齐后再来，届时可直接到窗口办理，无需重新排队取号。",
    ),
]


def import_demo_file(fmt: Format, name: str) -> None:
    """Import one demo file; a file the importer refuses is a bug in the demo."""
    result = import_file(fmt, name, (HERE / name).read_bytes(), apply=True)
    if not result.ok:
        raise ValueError(f"{name}: " + "; ".join(str(error) for error in result.errors))


@transaction.atomic
def load() -> None:
    for fmt, name in FILES:
        import_demo_file(fmt(), name)
    matters = {matter.name: matter for matter in Matter.objects.all()}
    author = get_user_model().objects.filter(username="manager").first()
    for title, matter_name, text in TEMPLATES:
        AnswerTemplate.objects.update_or_create(
            title=title,
            defaults={
                "matter": matters.get(matter_name),
                "text": text,
                "is_active": True,
                "created_by": author,
            },
        )
