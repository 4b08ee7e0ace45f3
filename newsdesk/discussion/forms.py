"""The comment, edit and report forms. A refused form always comes back with its text."""

from __future__ import annotations

from django import forms

from newsdesk.accounts.reader_text import clean_text
from newsdesk.discussion import spam
from newsdesk.discussion.models import MAX_CHARS, ReportReason


class BodyField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        super().__init__(
            max_length=MAX_CHARS,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_CHARS}),
            error_messages={
                "required": "Write something first.",
                "max_length": "A comment can have at most %(limit_value)d characters "
                "(this one has %(show_value)d).",
            },
            **kwargs,
        )

    def clean(self, value):
        text = clean_text(super().clean(value) or "")
        if not text:
            raise forms.ValidationError("Write something first.")
        return text


class CommentForm(forms.Form):
    body = BodyField(label="Your comment")
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    stamp = forms.CharField(widget=forms.HiddenInput)
    # Filled only by programs that fill every field; hidden from people and screen readers.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, article_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article_id = article_id
        self.fields["stamp"].initial = spam.form_stamp(article_id)
        self.fields[spam.HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bait_taken(self) -> bool:
        return bool(self.data.get(spam.HONEYPOT, "").strip())

    def clean_stamp(self) -> str:
        stamp = self.cleaned_data["stamp"]
        problem = spam.stamp_problem(stamp, self.article_id)
        if problem:
            raise forms.ValidationError(problem)
        return stamp


class EditForm(forms.Form):
    body = BodyField(label="Your comment")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        max_length=500,
        required=False,
        label="Anything the moderators should know (optional)",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))
