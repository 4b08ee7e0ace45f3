"""OPML in the operator's console: upload a list, download the source list.

Both views sit behind the admin's own login (``admin.site.admin_view``): staff only,
CSRF-checked, and each needs the matching Source permission.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from newsdesk.opml.document import MAX_BYTES, OpmlError
from newsdesk.opml.importer import ImportReport, export_opml, import_opml


class UploadForm(forms.Form):
    file = forms.FileField(label="OPML file")


def import_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("storage.add_source"):
        raise PermissionDenied
    report: ImportReport | None = None
    error = ""
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            error = f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB."
        else:
            try:
                report = import_opml(upload.read())
            except OpmlError as exc:
                error = str(exc)
        status = 400 if error else 200
    return render(
        request,
        "opml/import.html",
        {"form": form, "report": report, "error": error, "title": "Import sources from OPML"},
        status=status,
    )


def export_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("storage.view_source"):
        raise PermissionDenied
    response = HttpResponse(export_opml(), content_type="text/x-opml; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="newsdesk-sources-{stamp}.opml"'
    return response
