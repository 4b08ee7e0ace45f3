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
from ninja import Swagger
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str
    required: bool
    description: str
    where: str = ""  # path, query, header, cookie; "" for a schema's property


@dataclass(frozen=True, slots=True)
class Answer:
    status: str
    description: str
    kind: str


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: tuple[Field, ...]
    body: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    description: str
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
            Field(key, kind_of(value), key in required, value.get("description", ""))
            for key, value in component.get("properties", {}).items()
        )
        found.append(Model(name, component.get("description", ""), fields))
    return found


def _operation(method: str, path: str, operation: dict[str, Any]) -> Operation:
    parameters = tuple(
        Field(
            p.get("name", ""),
            kind_of(p.get("schema", {})),
            bool(p.get("required")),
            p.get("description") or p.get("schema", {}).get("description", ""),
            p.get("in", ""),
        )
        for p in operation.get("parameters", [])
    )
    content = operation.get("requestBody", {}).get("content", {})
    body = kind_of(next(iter(content.values()), {}).get("schema", {})) if content else ""
    answers = tuple(
        Answer(
            status,
            answer.get("description", ""),
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
        description=operation.get("description", ""),
        parameters=parameters,
        body=body,
        answers=answers,
    )


def kind_of(schema: dict[str, Any]) -> str:
    """A JSON schema in a few words: "integer", "array of ArticleOut", "string or null"."""
    if not schema:
        return ""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF_PREFIX)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return " or ".join(kind_of(part) for part in schema[combined])
    if "enum" in schema:
        return "one of " + ", ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "object"))
    if kind == "array":
        return f"array of {kind_of(schema.get('items', {})) or 'values'}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind
