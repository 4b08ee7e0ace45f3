from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from newsdesk.web import hashtags, questions, stories, views

urlpatterns = [
    path("", views.front, name="front"),
    path("latest/", views.latest, name="latest"),
    path("sections/<slug:slug>/", views.section, name="section"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("articles/<int:article_id>/ask/", questions.ask_article, name="article_ask"),
    path("stories/<int:story_id>/", stories.story, name="story"),
    path("hashtags/<str:tag>/", hashtags.hashtag, name="hashtag"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:source_id>/", views.source, name="source"),
    path("healthz", views.healthz, name="healthz"),
    # Browsers and feed readers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static("newsdesk/favicon.ico"), permanent=True)),
]
