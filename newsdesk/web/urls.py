from django.urls import path

from newsdesk.web import views

urlpatterns = [
    path("", views.front, name="front"),
    path("latest/", views.latest, name="latest"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:source_id>/", views.source, name="source"),
    path("healthz", views.healthz, name="healthz"),
]
