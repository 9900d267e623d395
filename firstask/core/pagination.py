"""Pages of a list whose full size is never counted.

Django's Paginator asks ``COUNT(*)`` of the whole result: on a search of a million
inquiries that count costs more than the page itself and grows with the history. A
capped paginator counts at most ``cap`` + 1 rows (``SELECT COUNT(*) FROM (… LIMIT
cap + 1)``): the page numbers are exact up to the cap, beyond it the page says "more
than cap" and asks for a narrower search.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 200


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = CAP, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """Rows up to ``cap`` + 1: one more than the cap says there are more."""
        return self.object_list[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap
