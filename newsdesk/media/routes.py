from django.urls import path

from newsdesk.media import views

urlpatterns = [
    path("<str:token>/<int:width>.webp", views.image, name="media_image"),
]
