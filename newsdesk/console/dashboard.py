"""The operator's dashboard and dead letters, inside the admin (staff only)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from newsdesk.metrics.charts import bar_chart, column_chart
from newsdesk.metrics.samples import (
    DAY,
    MONTH,
    errors_by_kind,
    extraction_failures,
    failing_sources,
    ingest_rate,
    queue_depth,
)
from newsdesk.worker.broker import dead_letters, queue_depths, retry_dead_letter, uses_broker


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    panels = []
    for window, fmt in ((DAY, "%H:%M"), (MONTH, "%d %b")):
        # Chart markup is built from numbers and escaped labels in newsdesk.metrics.charts.
        panels.append(
            {
                "label": window.label,
                "ingest": mark_safe(column_chart(ingest_rate(window), "Articles stored", fmt)),  # noqa: S308
                "queue": mark_safe(column_chart(queue_depth(window), "Queue depth", fmt)),  # noqa: S308
                "errors": mark_safe(bar_chart(errors_by_kind(window), "Errors by kind")),  # noqa: S308
                "extraction": mark_safe(  # noqa: S308
                    bar_chart(extraction_failures(window), "Extraction failures by publisher")
                ),
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "panels": panels,
        "failing": mark_safe(bar_chart(failing_sources(), "Failing sources")),  # noqa: S308
        "depths": queue_depths(),
        "backend": "Redis broker (RQ)" if uses_broker() else "database queue",
    }
    return TemplateResponse(request, "console/dashboard.html", context)


@staff_member_required
def dead_letter_list(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": "Dead letters",
        "letters": dead_letters(),
        "backend": "Redis broker (RQ)" if uses_broker() else "database queue",
    }
    return TemplateResponse(request, "console/dead_letters.html", context)


@staff_member_required
@require_POST
def dead_letter_retry(request: HttpRequest) -> HttpResponse:
    ids = request.POST.getlist("id")
    retried = sum(retry_dead_letter(i) for i in ids)
    messages.info(request, f"{retried} task(s) put back on the queue.")
    return redirect("console-dead-letters")
