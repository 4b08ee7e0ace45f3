from django.urls import re_path

from newsdesk.syndication import views

FMT = r"(?P<fmt>rss|atom|json)"

urlpatterns = [
    re_path(rf"^feeds/front\.{FMT}$", views.front, name="feed_front"),
    re_path(
        rf"^feeds/sources/(?P<source_id>[0-9]{{1,19}})\.{FMT}$", views.source, name="feed_source"
    ),
    re_path(rf"^feeds/hashtags/(?P<tag>[^/]{{1,200}})\.{FMT}$", views.hashtag, name="feed_hashtag"),
    re_path(rf"^feeds/stories/(?P<story_id>[0-9]{{1,19}})\.{FMT}$", views.story, name="feed_story"),
    re_path(rf"^feeds/search\.{FMT}$", views.search, name="feed_search"),
]
