"""The private link's addresses, inside the referrals namespace: the token is the credential."""

from django.urls import path

from . import views

urlpatterns = [
    path("private/<str:token>/", views.private, name="private"),
    path("private/<str:token>/withdraw-consent/", views.withdraw, name="private_withdraw"),
]
