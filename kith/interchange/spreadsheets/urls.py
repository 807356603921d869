from django.urls import path

from . import views

urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/spreadsheets/template.<str:fmt>", views.spreadsheet_template, name="spreadsheet_template"),
    path("imports/spreadsheets/", views.spreadsheet_upload, name="spreadsheet_upload"),
    path("imports/spreadsheets/<uuid:pk>/", views.spreadsheet_report, name="spreadsheet_report"),
    path("imports/spreadsheets/<uuid:pk>/import/", views.spreadsheet_import, name="spreadsheet_import"),
    path("exports/", views.exports, name="exports"),
    path("exports/directory.<str:fmt>", views.export_download, name="export_download"),
]
