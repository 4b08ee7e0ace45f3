from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

from newsdesk.accounts import views
from newsdesk.accounts.login import ReaderLoginView

urlpatterns = [
    path("account/signup/", views.signup, name="signup"),
    path("account/login/", ReaderLoginView.as_view(), name="login"),
    # Django's LogoutView answers POST only: a link or an image cannot log a reader out.
    path("account/logout/", auth.LogoutView.as_view(), name="logout"),
    path(
        "account/password-reset/",
        auth.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
            extra_context={"title": "Reset your password"},
        ),
        name="password_reset",
    ),
    path(
        "account/password-reset/sent/",
        auth.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html",
            extra_context={"title": "Check your e-mail"},
        ),
        name="password_reset_done",
    ),
    path(
        "account/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
            extra_context={"title": "Choose a new password"},
        ),
        name="password_reset_confirm",
    ),
    path(
        "account/reset/done/",
        auth.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html",
            extra_context={"title": "Password changed"},
        ),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.tokens, name="account_tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="account_token_revoke"),
    path("readers/<str:username>/", views.profile, name="reader_profile"),
]
