"""What the kit says, taken from its catalog: tests check which message a user got and what
it names (the field, the value, the file), not today's English wording of it.

``said`` is the whole text a user reads; ``saying`` is a regular expression for it when
some parameters cannot be known in advance (a system's reason, a temporary path), for
``pytest.raises(match=...)`` and ``re.search``; ``keys`` lists the catalog keys an error
carries. The catalogs' own tests (test_i18n, test_messages, test_languages) check wording.
"""

from __future__ import annotations

import re
from typing import Any

from cjm_widgets.i18n import Message, catalog, translate


def said(key: str, lang: str = "en", /, **params: Any) -> str:
    """The catalog message ``key`` with ``params``, as a reader of ``lang`` sees it."""
    return str(translate(key, lang, **params))


class _Any:
    """A parameter not given to ``saying``: marks its place, then matches any text."""

    def __str__(self) -> str:
        return _MARK

    def __format__(self, spec: str) -> str:
        return _MARK


_MARK = "\x00"


def saying(key: str, lang: str = "en", /, **params: Any) -> str:
    """A regular expression for the message ``key``: the given ``params`` as the kit shows
    them, any other placeholder standing for any text."""
    english = catalog("en")
    template = english.get(key) or english[f"{key}.other"]
    missing = {name: _Any() for name in re.findall(r"\{([a-z_]+)\}", template)}
    text = str(translate(key, lang, **{**missing, **params}))
    return ".*?".join(re.escape(part) for part in text.split(_MARK))


def keys(error: BaseException) -> list[str]:
    """The catalog keys of what ``error`` says: each problem's for a workshop's problems,
    else its message's (empty when it carries plain text)."""
    problems = getattr(error, "problems", None)
    if problems is not None:
        return [problem.key or "" for problem in problems]
    return [arg.key for arg in error.args if isinstance(arg, Message) and arg.key]
