"""Log-in: Django's view with the reader's templates and a lock-out that says so.

The same "wrong user name or password" message is shown whether the account exists or
not, and Django's model backend runs the password hasher for unknown names too, so
neither the words nor the time tell an attacker which accounts exist.
"""

from __future__ import annotations

from django.contrib.auth.views import LoginView


class ReaderLoginView(LoginView):
    template_name = "accounts/login.html"
    extra_context = {"title": "Log in"}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
