"""The library's languages and its error; its texts are the catalogs' ``library.*`` keys.

A ``LibraryError`` carries an ``i18n.Message``, so errors and outcome lines can be
shown again in another language like every other message of the kit.
"""

from __future__ import annotations

from typing import Any

from ..errors import CjmError
from ..i18n import translate

LIBRARY_LANGUAGES = ("en", "fi", "sv", "da", "nb")
"""The languages every template, solution and message of the library is written in."""


class LibraryError(CjmError, ValueError):
    """A journey template, solution or outcome file (or a request to the library) that
    cannot be used as it is; the message names the file or field and the fix."""

    @classmethod
    def of(cls, key: str, /, **params: Any) -> LibraryError:
        """The error described by the catalog message ``key``."""
        return cls(translate(key, **params))
