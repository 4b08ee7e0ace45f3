from django.urls import path

from newsdesk.following import views

urlpatterns = [
    path("for-you/", views.for_you, name="for_you"),
    path("for-you/follow/", views.follow, name="follow"),
    path("for-you/save/", views.save, name="save_article"),
    path("for-you/stories/<int:story_id>/", views.open_story, name="for_you_story"),
    path("for-you/digest/", views.digest_settings, name="digest_settings"),
    path("digest/unsubscribe/<str:token>/", views.unsubscribe, name="digest_unsubscribe"),
]
