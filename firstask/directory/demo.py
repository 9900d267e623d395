"""Demo records of the directory app: ≥ 30 matters across the demo departments,
outside agencies, a few answer templates. Idempotent: rows are keyed by name (title
for templates) and updated in place; runs after the demo organisation exists.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from firstask.directory.demo_data import AGENCIES, HOURS, MATTERS, TEMPLATES
from firstask.directory.models import Agency, AnswerTemplate, Matter
from firstask.directory.tabular.formats import parse_materials
from firstask.directory.tabular.importing import replace_materials
from firstask.org.models import Department


@transaction.atomic
def load() -> None:
    departments = {d.code: d for d in Department.objects.all()}
    matters = {}
    for (
        name,
        keywords,
        category,
        code,
        post,
        location,
        phone,
        days,
        materials,
        basis,
        notes,
    ) in MATTERS:
        matter, _created = Matter.objects.update_or_create(
            name=name,
            defaults={
                "keywords": keywords,
                "category": category,
                "department": departments[code],
                "post": post,
                "location": location,
                "phone": phone,
                "office_hours": HOURS,
                "time_limit_days": days,
                "legal_basis": basis,
                "notes": notes,
                "is_active": True,
            },
        )
        wanted = parse_materials("；".join(materials))
        if [(m.name, m.notes) for m in matter.materials.all()] != wanted:
            replace_materials(matter, wanted)
        matters[name] = matter
    for name, handles, address, phone, hours, keywords in AGENCIES:
        Agency.objects.update_or_create(
            name=name,
            defaults={
                "handles": handles,
                "address": address,
                "phone": phone,
                "hours": hours,
                "keywords": keywords,
                "is_active": True,
            },
        )
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
