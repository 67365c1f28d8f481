"""The library's own messages and its error, in the five languages of the catalogs.

The texts live in ``messages.json`` beside this module (``{lang: {key: template}}``)
until they join the kit's catalogs; a ``LibraryMessage`` is an ``i18n.Message`` that
looks its key up there, so errors and outcome lines can be shown again in another
language like every other message of the kit.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from ..errors import CjmError
from ..i18n import Message, default_language, localize

LIBRARY_LANGUAGES = ("en", "fi", "sv", "da", "nb")
"""The languages every template, solution and message of the library is written in."""


@cache
def _messages() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("messages.json").read_text(encoding="utf-8")
    messages: dict[str, dict[str, str]] = json.loads(text)
    return messages


def message_keys() -> frozenset[str]:
    """Every key the library's messages define (in English, the source)."""
    return frozenset(_messages()["en"])


class LibraryMessage(Message):
    """A library message in one language that can be shown again in another."""

    def translated(self, lang: str | None = None) -> str:
        if not self.key or lang is None or lang == self.lang:
            return self
        return library_text(self.key, lang, **self.params)


def library_text(key: str, lang: str | None = None, /, **params: Any) -> LibraryMessage:
    """The library message ``key`` in ``lang`` (default: the process's language).

    Parameters that are messages or errors are shown in the same language; a language
    the library is not written in falls back to English."""
    chosen = lang or default_language()
    messages = _messages()
    template = messages.get(chosen, messages["en"]).get(key) or messages["en"][key]
    shown = {name: localize(value, chosen) for name, value in params.items()}
    return LibraryMessage(template.format(**shown), key, params, chosen)


class LibraryError(CjmError, ValueError):
    """A journey template, solution or outcome file (or a request to the library) that
    cannot be used as it is; the message names the file or field and the fix."""

    @classmethod
    def of(cls, key: str, /, **params: Any) -> LibraryError:
        """The error described by the library message ``key``."""
        return cls(library_text(key, **params))
