"""What the kit says, taken from its catalog: tests check which message a user got and what
it names (the field, the value, the file), not today's English wording of it.

``said`` is the whole text a user reads; ``saying`` is a regular expression for it when
some parameters cannot be known in advance (a system's reason, a temporary path), for
``pytest.raises(match=...)`` and ``re.search``; ``read_back`` takes the parameters out of
a printed message; ``keys`` lists the catalog keys an error carries. The catalogs' own
tests (test_i18n, test_messages, test_languages) check wording.
"""

from __future__ import annotations

import re
from typing import Any

from cjm_widgets.i18n import Message, catalog, translate


def said(key: str, lang: str = "en", /, **params: Any) -> str:
    """The catalog message ``key`` with ``params``, as a reader of ``lang`` sees it."""
    return str(translate(key, lang, **params))


def _english(key: str) -> str:
    """The English template of ``key`` (of a plural message, its ``other`` form)."""
    english = catalog("en")
    return english.get(key) or english[f"{key}.other"]


class _Any:
    """A parameter not given to ``saying``: marks its place, then matches any text."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return f"\x00{self.name}\x00"

    def __format__(self, spec: str) -> str:
        return str(self)


_MARKED = re.compile("\x00([a-z_]+)\x00")


def _pattern(key: str, lang: str, params: dict[str, Any], group: bool) -> str:
    template = _english(key)
    missing = {name: _Any(name) for name in re.findall(r"\{([a-z_]+)\}", template)}
    parts = _MARKED.split(said(key, lang, **{**missing, **params}))
    pattern, seen = re.escape(parts[0]), set()
    for name, literal in zip(parts[1::2], parts[2::2], strict=True):
        if not group:
            pattern += ".*?"
        elif name in seen:
            pattern += f"(?P={name})"
        else:
            pattern += f"(?P<{name}>.*?)"
            seen.add(name)
        pattern += re.escape(literal)
    return pattern


def saying(key: str, lang: str = "en", /, **params: Any) -> str:
    """A regular expression for the message ``key``: the given ``params`` as the kit shows
    them, any other placeholder standing for any text."""
    return _pattern(key, lang, params, group=False)


def read_back(key: str, text: str, lang: str = "en", /, **params: Any) -> dict[str, str] | None:
    """The parameters ``text`` shows if it is the whole message ``key`` (as text), else
    None: ``read_back("room.facilitator", line)["url"]``."""
    found = re.fullmatch(_pattern(key, lang, params, group=True), text, re.DOTALL)
    return found.groupdict() if found else None


def keys(error: BaseException) -> list[str]:
    """The catalog keys of what ``error`` says: each problem's for a workshop's problems,
    else its message's (empty when it carries plain text)."""
    problems = getattr(error, "problems", None)
    if problems is not None:
        return [problem.key or "" for problem in problems]
    return [arg.key for arg in error.args if isinstance(arg, Message) and arg.key]
