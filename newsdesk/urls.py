from django.contrib import admin
from django.urls import include, path

from newsdesk.api.routes import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("media/", include("newsdesk.media.routes")),
    path("", include("newsdesk.web.routes")),
    path("", include("newsdesk.accounts.urls")),
    path("", include("newsdesk.discussion.urls")),
    path("", include("newsdesk.following.urls")),
]
