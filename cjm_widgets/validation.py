"""Turns pydantic's validation errors into Problems a facilitator can act on.

A problem keeps its catalog key and parameters, so it is translated when shown, in the
workshop's language or the reader's; pydantic's own messages for error types with no
catalog entry stay English.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from .errors import Problem, join_path
from .i18n import SOURCE_LANGUAGE, catalog, supported_languages, translate

# pydantic error type -> catalog key; the message may use {value} and the error's ctx.
_MESSAGES = {
    "missing": "error.missing",
    "extra_forbidden": "error.unknown_field",
    "literal_error": "error.choice",
    "enum": "error.choice",
    "int_parsing": "error.whole_number",
    "int_type": "error.whole_number",
    "int_from_float": "error.whole_number",
    "float_parsing": "error.number",
    "float_type": "error.number",
    "finite_number": "error.number",
    "bool_parsing": "error.yes_no",
    "bool_type": "error.yes_no",
    "string_type": "error.text",
    "list_type": "error.list",
    "date_parsing": "error.date",
    "date_type": "error.date",
    "date_from_datetime_parsing": "error.date",
    "date_from_datetime_inexact": "error.date",
    "datetime_parsing": "error.datetime",
    "datetime_type": "error.datetime",
    "datetime_from_date_parsing": "error.datetime",
    "datetime_object_invalid": "error.datetime",
    "model_type": "error.object",
    "model_attributes_type": "error.object",
    "dict_type": "error.object",
    "greater_than_equal": "error.at_least",
    "less_than_equal": "error.at_most",
    "too_long": "error.too_many",
}


def custom_error(kind: str, **context: Any) -> PydanticCustomError:
    """A pydantic error for the catalog message ``error.<kind>``, translated when shown.

    Pydantic's own text of the error (``str(ValidationError)``) is the English template.
    """
    return PydanticCustomError(kind, catalog(SOURCE_LANGUAGE)[f"error.{kind}"], context)


def _catalog_key(kind: str) -> str | None:
    """The catalog key of a pydantic error type, or of a ``custom_error`` kind."""
    key = _MESSAGES.get(kind)
    if key is None and f"error.{kind}" in catalog(SOURCE_LANGUAGE):
        key = f"error.{kind}"
    return key


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def document_language(data: Any) -> str | None:
    """The ``language`` of a workshop document (a dict or a model), if it names a catalog:
    errors in the document are then shown in that language."""
    language = data.get("language") if isinstance(data, dict) else getattr(data, "language", None)
    return language if isinstance(language, str) and language in supported_languages() else None


def problems_from_validation(error: ValidationError, prefix: str = "") -> list[Problem]:
    """One Problem per pydantic error, with paths like ``touchpoints[3].emotion``."""
    problems: list[Problem] = []
    for detail in error.errors(include_url=False):
        context = detail.get("ctx") or {}
        path = join_path([*([prefix] if prefix else []), *detail["loc"]])
        kind = detail["type"]
        if kind == "references":
            problems.extend(
                Problem(join_path([p for p in (prefix, problem.path) if p]), problem.message)
                for problem in context["problems"]
            )
            continue
        key = _catalog_key(kind)
        if key is None:
            problems.append(Problem(path, detail["msg"]))
            continue
        params = {name: value for name, value in context.items() if isinstance(name, str)}
        if kind in _MESSAGES:
            params["value"] = _describe(detail["input"])
        if "expected" in params:
            params["choices"] = params.pop("expected")
        problems.append(Problem(path, translate(key, **params)))
    return problems
