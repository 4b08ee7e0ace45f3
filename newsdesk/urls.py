from django.contrib import admin
from django.urls import include, path

from newsdesk.api.lists import router as lists_router
from newsdesk.api.routes import api

api.add_router("", lists_router)

urlpatterns = [
    path("", include("newsdesk.opml.urls")),
    path("", include("newsdesk.greader.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("newsdesk.search.urls")),
    path("", include("newsdesk.syndication.urls")),
    path("media/", include("newsdesk.media.routes")),
    path("", include("newsdesk.web.routes")),
    path("", include("newsdesk.accounts.urls")),
    path("", include("newsdesk.discussion.urls")),
    path("", include("newsdesk.following.urls")),
]
