from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisations/new/", views.organisation_create, name="create"),
    path("organisations/<uuid:pk>/edit/", views.organisation_edit, name="edit"),
    path("organisations/<uuid:pk>/confirm/", views.organisation_confirm, name="confirm"),
    path("organisations/<uuid:pk>/members/", views.members, name="members"),
    path("organisations/<uuid:pk>/members/<uuid:membership_pk>/role/", views.member_role, name="member_role"),
    path("organisations/<uuid:pk>/members/<uuid:membership_pk>/remove/", views.member_remove, name="member_remove"),
    path("organisations/<uuid:pk>/invite/", views.invite, name="invite"),
    path("organisations/<uuid:pk>/invitations/<uuid:invitation_pk>/revoke/", views.invitation_revoke,
         name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
