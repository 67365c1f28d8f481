"""Message catalogs: every user-facing string is looked up here, English is the source.

Catalogs are flat JSON files (``<lang>.json``) beside this module, keyed by dotted
names, with ``str.format`` placeholders. A key missing from a translation falls back
to English with a warning, so a half-translated catalog never crashes a workshop.
"""

from __future__ import annotations

import json
import warnings
from functools import cache
from importlib import resources
from typing import Any

SOURCE_LANGUAGE = "en"


class MissingTranslationWarning(UserWarning):
    """A catalog lacks a key that English has; the English text was shown instead."""


@cache
def supported_languages() -> tuple[str, ...]:
    """The language codes that have a catalog, English first."""
    names = [
        entry.name.removesuffix(".json")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".json")
    ]
    return tuple(sorted(names, key=lambda code: (code != SOURCE_LANGUAGE, code)))


class UnknownLanguageError(ValueError):
    """A language code with no catalog; the message lists the supported ones."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            translate(
                "error.unknown_language",
                value=code,
                choices=", ".join(supported_languages()),
            )
        )


def check_language(code: str) -> str:
    """Return ``code`` if a catalog exists for it, else raise UnknownLanguageError."""
    if code not in supported_languages():
        raise UnknownLanguageError(code)
    return code


@cache
def catalog(code: str) -> dict[str, str]:
    """The messages of one language, loaded once."""
    text = (
        resources.files(__package__)
        .joinpath(f"{check_language(code)}.json")
        .read_text(encoding="utf-8")
    )
    messages: dict[str, str] = json.loads(text)
    return messages


def translate(key: str, lang: str = SOURCE_LANGUAGE, /, **params: Any) -> str:
    """The message ``key`` in ``lang``, with ``params`` filled in."""
    messages = catalog(lang)
    template = messages.get(key)
    if template is None:
        template = catalog(SOURCE_LANGUAGE)[key]
        if lang != SOURCE_LANGUAGE:
            warnings.warn(
                f"{lang} catalog has no {key!r}; showing English",
                MissingTranslationWarning,
                stacklevel=2,
            )
    return template.format(**params) if params else template


def format_number(value: float, lang: str = SOURCE_LANGUAGE) -> str:
    """``value`` as readers of ``lang`` write it: ``1,250.5`` in English, ``1 250,5`` in Finnish."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    decimal, group = translate("number.decimal", lang), translate("number.group", lang)
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


__all__ = [
    "SOURCE_LANGUAGE",
    "MissingTranslationWarning",
    "UnknownLanguageError",
    "catalog",
    "check_language",
    "format_number",
    "supported_languages",
    "translate",
]
