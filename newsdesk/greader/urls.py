"""The apps are given ``https://HOST/greader`` as their server address."""

from django.urls import path

from newsdesk.greader import views

API = "greader/reader/api/0/"

urlpatterns = [
    path("greader/accounts/ClientLogin", views.client_login, name="greader_login"),
    path(API + "token", views.token),
    path(API + "user-info", views.user_info),
    path(API + "subscription/list", views.subscription_list),
    path(API + "tag/list", views.tag_list),
    path(API + "unread-count", views.unread_count),
    path(API + "stream/items/ids", views.stream_item_ids),
    path(API + "stream/items/contents", views.stream_items_contents),
    path(API + "stream/contents", views.stream_contents),
    path(API + "stream/contents/<path:stream>", views.stream_contents),
    path(API + "edit-tag", views.edit_tag),
    path(API + "mark-all-as-read", views.mark_all_as_read),
]
