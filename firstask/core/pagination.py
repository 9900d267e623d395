"""Pages of a list whose full size is never counted.

Django's Paginator asks ``COUNT(*)`` of the whole result: on a search of a million
inquiries that count costs more than the page itself and grows with the history. A
capped paginator counts at most ``cap`` + 1 rows (``SELECT COUNT(*) FROM (… LIMIT
cap + 1)``): the page numbers are exact up to the cap, beyond it the page says "more
than cap" and asks for a narrower search. A search counts nothing (``PeekPaginator``).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
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


class PeekPaginator:
    """No count at all: a page reads one row more than it shows, to know there is a next.

    For a search: its result may be any share of a million rows, and even a capped
    count must read up to ``cap`` matches of the person's scope where the page reads 25.
    Pages stop at ``max_pages`` (an OFFSET deep into a large result costs what the
    count would): past it, the person narrows the search.
    """

    capped = False
    peek = True

    def __init__(self, object_list, per_page: int, *, max_pages: int | None = None) -> None:
        self.object_list = object_list
        self.per_page = per_page
        self.max_pages = max_pages or max(1, CAP // per_page)  # the lists' cap: 200 rows

    def page_number(self, number) -> int:
        """The page asked for (a query-string value), as a number from 1 to ``max_pages``;
        a caller that reads no deeper than the page needs it before ``get_page``."""
        try:
            return min(max(1, int(number)), self.max_pages)
        except (TypeError, ValueError):
            return 1

    def get_page(self, number) -> PeekPage:
        number = self.page_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        more = len(rows) > self.per_page and number < self.max_pages
        return PeekPage(rows[: self.per_page], number, self, more)


class PeekPage:
    def __init__(self, rows: list, number: int, paginator: PeekPaginator, more: bool) -> None:
        self.object_list = rows
        self.number = number
        self.paginator = paginator
        self._more = more

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_query(request: HttpRequest) -> str:
    """The list's query string without its page number: what the previous and next links
    of templates/core/_pagination.html keep, so paging never drops a filter."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
