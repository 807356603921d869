from django.urls import path

from .views import editing, history, public, search, verification

app_name = "directory"
urlpatterns = [
    path("", search.search_start, name="search_start"),
    path("search/", search.search_results, name="search"),
    path("organisations/", public.organisation_list, name="organisation_list"),
    path("organisations/<uuid:pk>/", public.organisation_detail, name="organisation_detail"),
    path("organisations/<uuid:pk>/history/", history.organisation_history, name="organisation_history"),
    path("organisations/<uuid:pk>/services/new/", editing.service_create, name="service_create"),
    path("organisations/<uuid:pk>/locations/new/", editing.location_create, name="location_create"),
    path("services/<uuid:pk>/", public.service_detail, name="service_detail"),
    path("services/<uuid:pk>/edit/", editing.service_edit, name="service_edit"),
    path("services/<uuid:pk>/capacity/", editing.service_capacity, name="service_capacity"),
    path("services/<uuid:pk>/close/", editing.service_close, name="service_close"),
    path("services/<uuid:pk>/confirm/", editing.service_confirm, name="service_confirm"),
    path("services/<uuid:pk>/history/", history.service_history, name="service_history"),
    path("services/<uuid:pk>/opening-times/", editing.schedule_list, name="schedule_list"),
    path("services/<uuid:pk>/opening-times/add/", editing.schedule_form, name="schedule_add"),
    path("services/<uuid:pk>/opening-times/<uuid:schedule_pk>/", editing.schedule_form, name="schedule_edit"),
    path("services/<uuid:pk>/opening-times/<uuid:schedule_pk>/remove/", editing.schedule_remove, name="schedule_remove"),
    path("locations/<uuid:pk>/edit/", editing.location_edit, name="location_edit"),
    path("verification/", verification.verification_queue, name="verification_queue"),
    path("verification/organisations/<uuid:pk>/", verification.verification_review, {"kind": "organisation"},
         name="verify_organisation"),
    path("verification/organisations/<uuid:pk>/verify/", verification.verification_verify, {"kind": "organisation"},
         name="verify_organisation_verify"),
    path("verification/organisations/<uuid:pk>/send-back/", verification.verification_send_back,
         {"kind": "organisation"}, name="verify_organisation_send_back"),
    path("verification/services/<uuid:pk>/", verification.verification_review, {"kind": "service"},
         name="verify_service"),
    path("verification/services/<uuid:pk>/verify/", verification.verification_verify, {"kind": "service"},
         name="verify_service_verify"),
    path("verification/services/<uuid:pk>/send-back/", verification.verification_send_back, {"kind": "service"},
         name="verify_service_send_back"),
]
