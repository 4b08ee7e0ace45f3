from django.urls import path

from newsdesk.discussion import views

urlpatterns = [
    path("articles/<int:article_id>/comments/", views.post_comment, name="comment_post"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="comment_delete"),
    path("comments/<int:comment_id>/report/", views.report_comment, name="comment_report"),
]
