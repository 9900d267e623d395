"""JSON shapes of the type-ahead endpoints; the contract of static/js/directory.js.

Kept in one place because the intake form (tickets app) consumes the same dictionaries
through the `directory:select` event.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from firstask.directory.models import Agency, AnswerTemplate, Matter
from firstask.directory.selectors import Hit
from firstask.org.models import display_name


def matter_json(matter: Matter) -> dict:
    department = matter.department
    return {
        "kind": "matter",
        "id": matter.pk,
        "name": matter.name,
        "category": matter.category,
        "category_label": str(matter.get_category_display()),
        "department": {"id": department.pk, "code": department.code, "name": department.name},
        "post": matter.post,
        "location": matter.effective_location,
        "phone": matter.effective_phone,
        "office_hours": matter.office_hours,
        "materials": [
            {"name": m.name, "notes": m.notes, "label": m.label} for m in matter.materials.all()
        ],
        "time_limit_days": matter.time_limit_days,
        "url": reverse("directory:matter", args=[matter.pk]),
        "print_url": reverse("directory:matter_print", args=[matter.pk]),
    }


def agency_json(agency: Agency) -> dict:
    return {
        "kind": "agency",
        "id": agency.pk,
        "name": agency.name,
        "handles": agency.handles,
        "address": agency.address,
        "phone": agency.phone,
        "hours": agency.hours,
        "contact_person": agency.contact_person,
        # Ready-made text for the "directed to" answer, in the user's language.
        "summary": agency_summary(agency),
        "url": reverse("directory:agency", args=[agency.pk]),
    }


def agency_summary(agency: Agency) -> str:
    parts = [agency.name]
    if agency.address:
        parts.append(_("address: %(address)s") % {"address": agency.address})
    if agency.phone:
        parts.append(_("phone: %(phone)s") % {"phone": agency.phone})
    if agency.hours:
        parts.append(_("hours: %(hours)s") % {"hours": agency.hours})
    if agency.contact_person:
        parts.append(_("contact: %(person)s") % {"person": agency.contact_person})
    return pgettext("list separator", ", ").join(parts)


def hit_json(hit: Hit) -> dict:
    return matter_json(hit.obj) if hit.kind == "matter" else agency_json(hit.obj)


def template_json(template: AnswerTemplate) -> dict:
    matter = template.matter
    return {
        "kind": "template",
        "id": template.pk,
        "name": template.title,
        "title": template.title,
        "text": template.text,
        "matter": {"id": matter.pk, "name": matter.name} if matter else None,
        "created_by": display_name(template.created_by) if template.created_by else "",
        "created_at": template.created_at.isoformat(),
    }
