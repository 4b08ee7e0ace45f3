"""``/api/docs``: the API reference as a plain page, rendered here from the OpenAPI schema.

Swagger UI is a 1.5 MB script that draws the same reference in the browser; the
reference itself is text and tables, so it is written on the server, in the site's own
layout and weight, readable without JavaScript and on a phone. Swagger UI is still one
link away (``?try=1``), for trying requests, loaded only by whoever asks for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from ninja import Swagger
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: SafeString
    required: bool
    description: SafeString
    where: str = ""  # path, query, header, cookie; "" for a schema's property


@dataclass(frozen=True, slots=True)
class Answer:
    status: str
    description: SafeString
    kind: SafeString


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: SafeString
    parameters: tuple[Field, ...]
    body: SafeString | None
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    description: SafeString
    fields: tuple[Field, ...]


class TryItSwagger(Swagger):
    """Swagger UI from our own static files, on a page that fits a phone."""

    template = "newsdesk/api_docs.html"


class ReferenceDocs(DocsBase):
    def __init__(self) -> None:
        self.swagger = TryItSwagger()

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        if request.GET.get("try") == "1":
            return self.swagger.render_page(request, api, **kwargs)
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "newsdesk/api_reference.html",
            {
                "api": api,
                "info": schema.get("info", {}),
                "groups": groups(schema),
                "models": models(schema),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "section_current": "",
            },
        )


def groups(schema: dict[str, Any]) -> list[Group]:
    """Operations by their first tag, in the schema's order."""
    by_tag: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            by_tag.setdefault(tag, []).append(_operation(method, path, operation))
    return [Group(tag, tuple(operations)) for tag, operations in by_tag.items()]


def models(schema: dict[str, Any]) -> list[Model]:
    found = []
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        required = set(component.get("required", []))
        fields = tuple(
            Field(key, kind_of(value), key in required, prose(value.get("description", "")))
            for key, value in component.get("properties", {}).items()
        )
        found.append(Model(name, prose(component.get("description", "")), fields))
    return found


def _operation(method: str, path: str, operation: dict[str, Any]) -> Operation:
    parameters = tuple(
        Field(
            p.get("name", ""),
            kind_of(p.get("schema", {})),
            bool(p.get("required")),
            prose(p.get("description") or p.get("schema", {}).get("description", "")),
            p.get("in", ""),
        )
        for p in operation.get("parameters", [])
    )
    content = operation.get("requestBody", {}).get("content", {})
    body = kind_of(next(iter(content.values()), {}).get("schema", {})) if content else None
    answers = tuple(
        Answer(
            status,
            prose(answer.get("description", "")),
            kind_of(
                next(iter(answer.get("content", {}).values()), {}).get("schema", {})
                if answer.get("content")
                else {}
            ),
        )
        for status, answer in operation.get("responses", {}).items()
    )
    return Operation(
        method=method.upper(),
        path=path,
        anchor=operation.get("operationId") or f"{method}-{path}",
        summary=operation.get("summary", ""),
        description=prose(operation.get("description", "")),
        parameters=parameters,
        body=body,
        answers=answers,
    )


def kind_of(schema: dict[str, Any]) -> SafeString:
    """A JSON schema in a few words: "integer", "array of ArticleOut", "string or null";
    a named schema links to its own entry on the page."""
    if not schema:
        return mark_safe("")
    if "$ref" in schema:
        name = str(schema["$ref"]).removeprefix(REF_PREFIX)
        return format_html('<a href="#schema-{}">{}</a>', name, name)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return mark_safe(" or ".join(kind_of(part) for part in schema[combined]))  # noqa: S308
    if "enum" in schema:
        return format_html("one of {}", ", ".join(str(value) for value in schema["enum"]))
    kind = str(schema.get("type", "object"))
    if kind == "array":
        return format_html("array of {}", kind_of(schema.get("items", {})) or "values")
    if schema.get("format"):
        return format_html("{} ({})", kind, schema["format"])
    return format_html("{}", kind)


def prose(text: str) -> SafeString:
    """A description with its `code` spans (the schema's Markdown) set as code."""
    parts = str(text or "").split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: leave the text as it is
        return format_html("{}", text)
    return mark_safe(  # noqa: S308 - every part is escaped here
        "".join(
            format_html("<code>{}</code>", part) if odd else conditional_escape(part)
            for odd, part in ((i % 2 == 1, part) for i, part in enumerate(parts))
        )
    )
