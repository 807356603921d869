"""The private link's addresses, inside the referrals namespace: the token is the credential. Sending a new
link is the receiving organisation's, behind sign-in."""

from django.urls import path

from . import staff, views

urlpatterns = [
    path("private/<str:token>/", views.private, name="private"),
    path("private/<str:token>/withdraw-consent/", views.withdraw, name="private_withdraw"),
    path("<uuid:pk>/private-link/", staff.reissue_link, name="private_link_reissue"),
]
