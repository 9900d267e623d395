"""Keep matters' search text current when their department is renamed.

The department's name is part of each matter's `search_text` (models.Matter.search_names);
departments are edited rarely and have tens of matters, so recomputing them on every
department save is cheap and needs no change-tracking.
"""

from __future__ import annotations

from firstask.directory.models import Matter
from firstask.directory.search import reindex


def refresh_department_matters(
    sender, instance, created: bool, raw: bool = False, **kwargs
) -> None:
    update_fields = kwargs.get("update_fields")
    if created or raw or (update_fields is not None and "name" not in update_fields):
        return
    matters = list(Matter.objects.filter(department=instance))
    for matter in matters:
        matter.department = instance
        matter.refresh_search_text()
    Matter.objects.bulk_update(matters, ["search_text"], batch_size=500)
    reindex(m.pk for m in matters)
