"""Finding support: the start page at the site's root and the results page. The same for everyone,
signed in or not: residents and professionals search the same directory."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..models import TaxonomyTerm, UnmetSearch
from ..search import SearchCriteria, SearchResults, search
from ..search_forms import SearchForm, without_blanks

PAGE_SIZE = 20


@require_safe
def search_start(request):
    """Public: anyone. The two search boxes and the needs to browse by."""
    if any(name in request.GET for name in [*SearchForm.base_fields, "need"]):
        return redirect(f"{reverse('directory:search')}?{request.GET.urlencode()}")
    themes = TaxonomyTerm.objects.filter(parent__isnull=True).order_by("name").values("code", "name")
    return render(request, "directory/search_start.html", {"form": SearchForm(), "themes": themes})


@require_safe
def search_results(request):
    """Public: anyone. Criteria that cannot be used are answered with 400 and the page saying why."""
    tidy = without_blanks(request.GET)
    if tidy is not None:  # a submitted form sends its empty boxes too; the address to share need not
        return redirect(f"{request.path}?{tidy}" if tidy else request.path)
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "directory/search.html", {"form": form}, status=400)
    results = _page_of(form.criteria(), form.cleaned_data["page"])
    if not results.total and form.searched_for_something:
        UnmetSearch.objects.record(**form.unmet_search())
    prefetch_related_objects([hit.service for hit in results.hits], "organisation", "cost_options")
    page = Paginator(range(results.total), results.per_page).get_page(results.page)
    return render(request, "directory/search.html", {"form": form, "results": results, "page": page})


def _page_of(criteria: SearchCriteria, number: int) -> SearchResults:
    results = search(criteria, page=number, per_page=PAGE_SIZE)
    if number > results.pages:  # past the end, as after a bookmark outlives some services: the last page
        results = search(criteria, page=results.pages, per_page=PAGE_SIZE)
    return results
