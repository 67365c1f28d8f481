"""Turns pydantic's validation errors into Problems a facilitator can act on."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from .errors import Problem, join_path
from .i18n import translate

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
    "model_type": "error.object",
    "model_attributes_type": "error.object",
    "dict_type": "error.object",
    "greater_than_equal": "error.at_least",
    "too_long": "error.too_many",
}


def custom_error(kind: str, **context: Any) -> PydanticCustomError:
    """A pydantic error whose text comes from the catalog key ``error.<kind>``."""
    return PydanticCustomError(kind, translate(f"error.{kind}", **context), context)


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


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
        key = _MESSAGES.get(kind)
        if key is None:
            problems.append(Problem(path, detail["msg"]))
            continue
        params = {name: value for name, value in context.items() if isinstance(name, str)}
        if "expected" in params:
            params["choices"] = params.pop("expected")
        problems.append(Problem(path, translate(key, value=_describe(detail["input"]), **params)))
    return problems
