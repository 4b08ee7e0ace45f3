from django.contrib import admin
from django.urls import include, path

from newsdesk.api.lists import router as lists_router
from newsdesk.api.routes import api
from newsdesk.console.dashboard import dashboard, dead_letter_list, dead_letter_retry
from newsdesk.metrics.views import metrics

api.add_router("", lists_router)

urlpatterns = [
    path("", include("newsdesk.opml.urls")),
    path("", include("newsdesk.greader.urls")),
    path("admin/dashboard/", dashboard, name="console-dashboard"),
    path("admin/dead-letters/", dead_letter_list, name="console-dead-letters"),
    path("admin/dead-letters/retry/", dead_letter_retry, name="console-dead-letters-retry"),
    path("metrics", metrics, name="metrics"),
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
