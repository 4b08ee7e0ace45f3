from django.contrib import admin
from django.urls import path

from newsdesk.opml import views

urlpatterns = [
    path("admin/opml/import/", admin.site.admin_view(views.import_view), name="opml_import"),
    path("admin/opml/export.opml", admin.site.admin_view(views.export_view), name="opml_export"),
]
