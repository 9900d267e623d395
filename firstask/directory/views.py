"""Pages and JSON endpoints of the directory. Any signed-in staff member may use them:
everyone is a potential first responder (docs/domain.md#roles)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from firstask.core.fields import parse_id
from firstask.core.pagination import PeekPaginator, page_query
from firstask.directory.forms import DirectoryFilterForm
from firstask.directory.models import Agency
from firstask.directory.selectors import (
    matching_agencies,
    matching_matters,
    matter_detail,
    search_directory,
    search_templates,
)
from firstask.directory.serializers import hit_json, template_json
from firstask.directory.text import query_tokens

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 100
MAX_LIMIT = 30


def _query(request) -> str:
    return (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]


def _limit(request, default: int = 10) -> int:
    try:
        return max(1, min(int(request.GET.get("limit", default)), MAX_LIMIT))
    except ValueError:
        return default


@login_required
@require_GET
def index(request):
    """ "Where do I send this visitor?": matters (paginated) and outside agencies."""
    form = DirectoryFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {"q": ""}
    if query_tokens(filters["q"]):
        # A search is ranked from the rows its pages can come from: not counted, and
        # read no deeper than the page asked for (selectors.matching_matters).
        paginator = PeekPaginator(None, PAGE_SIZE)
        number = paginator.page_number(request.GET.get("page"))
        paginator.object_list = matching_matters(**filters, depth=number * PAGE_SIZE + 1)
        page = paginator.get_page(number)
    else:
        page = Paginator(matching_matters(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    agencies = list(matching_agencies(filters["q"])[:50])
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "page": page,
            "agencies": agencies,
            "q": filters["q"],
            "filtered": any(filters.values()),
            "page_query": page_query(request),
        },
    )


@login_required
@require_GET
def matter(request, pk: int):
    return _matter_page(request, pk, "directory/matter_detail.html")


@login_required
@require_GET
def matter_print(request, pk: int):
    """The materials list on paper, to hand to the visitor."""
    return _matter_page(request, pk, "directory/matter_print.html")


def _matter_page(request, pk: int, template: str):
    found = matter_detail(pk)
    if found is None:
        raise Http404
    return render(request, template, {"matter": found})


@login_required
@require_GET
def agency(request, pk: int):
    return render(
        request, "directory/agency_detail.html", {"agency": get_object_or_404(Agency, pk=pk)}
    )


@never_cache
@login_required
@require_GET
def search(request):
    """Type-ahead over matters and agencies. `kind=matter|agency` narrows it."""
    q = _query(request)
    kind = request.GET.get("kind")
    kinds = (kind,) if kind in ("matter", "agency") else ("matter", "agency")
    hits = [hit_json(hit) for hit in search_directory(q, _limit(request), kinds=kinds)]
    return JsonResponse(
        {
            "q": q,
            "results": hits,
            "matters": [hit for hit in hits if hit["kind"] == "matter"],
            "agencies": [hit for hit in hits if hit["kind"] == "agency"],
            "labels": _labels(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@login_required
@require_GET
def templates(request):
    """Answer templates for intake; `matter=<id>` puts that matter's templates first."""
    matter_id = parse_id(request.GET.get("matter"))
    found = search_templates(_query(request), matter_id, _limit(request))
    return JsonResponse(
        {
            "q": _query(request),
            "matter": matter_id,
            "results": [template_json(template) for template in found],
            "labels": _labels(),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _labels() -> dict[str, str]:
    """Widget texts in the user's language: the JS has no catalogue of its own."""
    return {
        "matter": _("Matter"),
        "agency": _("Outside agency"),
        "template": _("Answer template"),
        "empty": _("Nothing found"),
        "results": _("%(count)s results"),
    }
