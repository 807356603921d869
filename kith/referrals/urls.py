from django.urls import include, path

from . import journey, pages

app_name = "referrals"
urlpatterns = [
    path("sent/", pages.sent_list, name="sent_list"),
    path("services/<uuid:service_pk>/", journey.start, name="start"),
    path("services/<uuid:service_pk>/no-consent/", journey.no_consent, name="no_consent"),
    path("drafts/<uuid:pk>/consent/", journey.consent, name="consent"),
    path("drafts/<uuid:pk>/person/", journey.person, name="person"),
    path("drafts/<uuid:pk>/reason/", journey.reason, name="reason"),
    path("drafts/<uuid:pk>/check/", journey.check, name="check"),
    path("drafts/<uuid:pk>/discard/", journey.discard, name="discard"),
    path("<uuid:pk>/sent/", journey.confirmation, name="confirmation"),
    path("<uuid:pk>/", pages.detail, name="detail"),
    path("", include("kith.referrals.inbox.urls")),
    path("", include("kith.referrals.notifications.urls")),
    path("", include("kith.referrals.privacy.urls")),
    path("", include("kith.referrals.dashboards.urls")),
    path("", include("kith.referrals.private.urls")),
]
