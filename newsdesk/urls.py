from django.contrib import admin
from django.urls import include, path

from newsdesk.api.routes import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("newsdesk.search.urls")),
    path("", include("newsdesk.syndication.urls")),
    path("", include("newsdesk.web.urls")),
]
