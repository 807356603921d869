"""The ORUK 3.0 read API: public, read-only, JSON. Everyone may read it, signed in or not.

Every answer, errors included, carries `Access-Control-Allow-Origin: *` (ORUK compliance 1.1).
A bad query parameter or a malformed id is a 400 whose `errors` name the parameter; an id no
published record has is a 404; any method but GET, HEAD and OPTIONS is a 405 — always JSON.
"""

import functools
import math
from collections.abc import Callable

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from kith.directory.models import Service, ServiceAtLocation

from . import forms, openapi, queries, serialise

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"


class ApiError(Exception):
    def __init__(self, status: int, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors

    def response(self) -> JsonResponse:
        body = {"status": self.status, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
        return JsonResponse(body, status=self.status)


def api(view: Callable) -> Callable:
    """The rules every endpoint shares: methods, CORS, and errors as JSON."""

    @csrf_exempt  # nothing here accepts a change; a POST must meet the 405, not a CSRF page
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            if request.method == "OPTIONS":
                response = HttpResponse(status=204)
                response["Access-Control-Allow-Methods"] = ", ".join(ALLOWED_METHODS)
                response["Access-Control-Allow-Headers"] = "*"
                response["Access-Control-Max-Age"] = "86400"
            elif request.method not in ALLOWED_METHODS:
                response = ApiError(405, "This API is read-only: use GET.").response()
            else:
                response = view(request, *args, **kwargs)
        except ApiError as error:
            response = error.response()
        if response.status_code in (204, 405):
            response["Allow"] = ", ".join(ALLOWED_METHODS)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _params(form_class, data) -> dict:
    form = form_class(data)
    if not form.is_valid():
        raise ApiError(400, "Some query parameters are not valid.",
                       {name: [str(message) for message in messages] for name, messages in form.errors.items()})
    return form.cleaned_data


def _one(queryset, id_text: str, what: str):
    pk = forms.parse_id(id_text)
    if pk is None:
        raise ApiError(400, f"The {what} id is not valid.", {"id": ["Enter an id: a UUID like 3f7b145d-84af-42d7-8fae-eaca714b02b2."]})
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise ApiError(404, f"No published {what} has the id {pk}.")
    return record


def _page(queryset, params: dict, to_oruk: Callable, load: Callable | None = None) -> JsonResponse:
    """The ORUK page envelope. `size` is how many records this page holds; `total_pages` is at
    least 1 (an empty list is one empty page), so page 1 and the last page can always be asked for.
    `load(ids)` reads the page's records by id with what `to_oruk` needs (default: the queryset)."""
    page, per_page = params["page"], params["per_page"]
    total = queryset.count()
    offset = (page - 1) * per_page
    contents = [to_oruk(record) for record in _window(queryset, offset, per_page, load)] if offset < total else []
    total_pages = max(1, math.ceil(total / per_page))
    return JsonResponse({
        "total_items": total, "total_pages": total_pages, "page_number": page, "size": len(contents),
        "first_page": page == 1, "last_page": page >= total_pages, "empty": not contents, "contents": contents,
    })


def _window(queryset, offset: int, limit: int, load: Callable | None) -> list:
    """The records at offset..offset+limit: their ids first, sorted with nothing else in the rows
    (a deep page sorts tens of thousands of rows, narrow ones sort in memory), then the records —
    by id alone where `load` is given: repeating the list's filters there lets SQLite's planner
    scan every published service instead of looking up fifty."""
    ids = list(queryset.values_list("pk", flat=True)[offset:offset + limit])
    records = load(ids) if load else queryset.order_by().filter(pk__in=ids)
    records = {record.pk: record for record in records}
    return [records[pk] for pk in ids if pk in records]


@api
def root(request):
    return JsonResponse({"version": "HSDS-UK-3.0", "profile": PROFILE_URL,
                         "openapi_url": request.build_absolute_uri(reverse("oruk:openapi"))})


@api
def openapi_document(request):
    return JsonResponse(openapi.document(request.build_absolute_uri(reverse("oruk:root"))))


@api
def service_list(request):
    params = _params(forms.ServiceListForm, request.GET)
    services = queries.services_near(queries.filter_services(queries.published_services(), params), params)
    services = services.order_by("pk")
    if params["minimal"]:
        return _page(services, params, serialise.minimal_service_to_oruk, load=lambda ids: Service.objects.filter(pk__in=ids))
    full = bool(params["full"])
    return _page(services, params, functools.partial(serialise.service_to_oruk, full=full),
                 load=lambda ids: serialise.prefetch_services(Service.objects.filter(pk__in=ids), full=full))


@api
def service_detail(request, id):
    service = _one(serialise.prefetch_services(queries.published_services()), id, "service")
    return JsonResponse(serialise.service_to_oruk(service))


@api
def service_at_location_list(request):
    params = _params(forms.ServiceFilterForm, request.GET)
    links = queries.filter_services(queries.published_service_at_locations(), params, service="service__")
    full = bool(params["full"])
    return _page(queries.links_near(links, params), params, functools.partial(serialise.service_at_location_to_oruk, full=full),
                 load=lambda ids: serialise.prefetch_service_at_locations(ServiceAtLocation.objects.filter(pk__in=ids), full=full))


@api
def service_at_location_detail(request, id):
    links = serialise.prefetch_service_at_locations(queries.published_service_at_locations(), full=True)
    return JsonResponse(serialise.service_at_location_to_oruk(_one(links, id, "service at location"), full=True))


def _organisation_to_oruk(organisation, *, full: bool, full_service: bool) -> dict:
    services = getattr(organisation, "published_services", None)
    if services is not None:
        to_oruk = serialise.service_to_oruk if full_service else serialise.minimal_service_to_oruk
        services = [to_oruk(service) for service in services]
    return serialise.organization_to_oruk(organisation, full=full, services=services)


@api
def organization_list(request):
    params = _params(forms.OrganizationListForm, request.GET)
    organisations = queries.search_organisations(queries.published_organisations(), params["search"]).order_by("pk")
    full, full_service = bool(params["full"]), bool(params["full_service"])
    if full or full_service:
        organisations = queries.with_services(organisations, full=full_service)
    return _page(organisations, params,
                 functools.partial(_organisation_to_oruk, full=full or full_service, full_service=full_service))


@api
def organization_detail(request, id):
    params = _params(forms.OrganizationForm, request.GET)
    full_service = bool(params["full_service"])
    organisations = queries.with_services(queries.published_organisations(), full=full_service)
    organisation = _one(organisations, id, "organization")
    return JsonResponse(_organisation_to_oruk(organisation, full=True, full_service=full_service))


@api
def taxonomy_list(request):
    params = _params(forms.PageForm, request.GET)
    return _page(queries.search_taxonomies(queries.taxonomies(), params["search"]), params, serialise.taxonomy_to_oruk)


@api
def taxonomy_detail(request, id):
    taxonomy = _one(queries.taxonomies(), id, "taxonomy")
    terms = serialise.prefetch_taxonomy_terms(queries.taxonomy_terms().filter(taxonomy=taxonomy))
    return JsonResponse(serialise.taxonomy_to_oruk(taxonomy, terms=list(terms)))


@api
def taxonomy_term_list(request):
    params = _params(forms.TaxonomyTermListForm, request.GET)
    terms = serialise.prefetch_taxonomy_terms(queries.filter_terms(queries.taxonomy_terms(), params))
    return _page(terms, params, serialise.taxonomy_term_to_oruk)


@api
def taxonomy_term_detail(request, id):
    term = _one(serialise.prefetch_taxonomy_terms(queries.taxonomy_terms()), id, "taxonomy term")
    return JsonResponse(serialise.taxonomy_term_to_oruk(term))


@api
def not_found(request, path=""):
    raise ApiError(404, "There is nothing at this address. The API's endpoints are listed in its OpenAPI document.")
