from django.urls import path

from newsdesk.web import hashtags, questions, stories, views

urlpatterns = [
    path("", views.front, name="front"),
    path("latest/", views.latest, name="latest"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("articles/<int:article_id>/ask/", questions.ask_article, name="article_ask"),
    path("stories/<int:story_id>/", stories.story, name="story"),
    path("hashtags/<str:tag>/", hashtags.hashtag, name="hashtag"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:source_id>/", views.source, name="source"),
    path("healthz", views.healthz, name="healthz"),
]
