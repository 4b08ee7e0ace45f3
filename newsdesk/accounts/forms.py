"""Sign-up and account forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from newsdesk.accounts.reader_text import clean_line


class SignUpForm(UserCreationForm):
    display_name = forms.CharField(
        max_length=60,
        required=False,
        help_text="Shown with your comments; your user name if left empty.",
    )
    email = forms.EmailField(
        help_text="Only for password resets and the digests you ask for; never shown."
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "display_name", "email")

    def clean_display_name(self) -> str:
        return clean_line(self.cleaned_data.get("display_name", ""))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        # The reset form finds accounts by address: two accounts on one address would
        # both get the mail. The message does not say whose the address is.
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "This address cannot be used for a new account; log in or reset your password."
            )
        return email


class AccountForm(forms.Form):
    display_name = forms.CharField(max_length=60, required=False)
    email = forms.EmailField()

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_display_name(self) -> str:
        return clean_line(self.cleaned_data.get("display_name", ""))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        taken = (
            get_user_model().objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists()
        )
        if taken:
            raise forms.ValidationError("This address cannot be used.")
        return email


class TokenForm(forms.Form):
    name = forms.CharField(max_length=60, help_text="What the token is for, e.g. “my script”.")
