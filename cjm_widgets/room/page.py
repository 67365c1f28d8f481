"""The participant page: one HTML file with its style, script and strings inline.

Plain HTML, CSS and JavaScript (no notebook, no widget runtime), small enough for a
phone on a busy Wi-Fi. The strings come from the catalogs in the room's language and
are put into the page as JSON data; the script sets every text as text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from markupsafe import escape

from ..i18n import SOURCE_LANGUAGE, catalog, check_language
from ..i18n.faces import EMOTION_FACES
from .rules import NOTE_KINDS

PAGE_PREFIX = "room.page."
PAGE_ERRORS = ("room.error.closed", "room.error.empty")
"""The API's refusals the page recognises by their text (the closed room's 403), or says
itself before asking (a blank note)."""
_MARKER = re.compile("__(?:NONCE|LANG|TITLE|STRINGS|CSS|JS)__")


def _asset(name: str) -> str:
    return (
        resources.files(__package__).joinpath("static").joinpath(name).read_text(encoding="utf-8")
    )


@cache
def _assets() -> tuple[str, str, str]:
    return _asset("page.html"), _asset("page.css"), _asset("page.js")


def _on_page(key: str) -> bool:
    return key.startswith((PAGE_PREFIX, "emotion.")) or key in PAGE_ERRORS


def page_strings(lang: str) -> dict[str, object]:
    """What the page shows, in ``lang``: its catalog entries, the emotion words and faces.

    Every key English has is there: one the language lacks comes in English (as
    ``translate`` shows it), so the page never meets a missing string.
    """
    texts = catalog(check_language(lang))
    chosen: dict[str, object] = {
        key: texts.get(key, english)
        for key, english in catalog(SOURCE_LANGUAGE).items()
        if _on_page(key)
    }
    chosen["faces"] = {str(score): face for score, face in EMOTION_FACES.items()}
    chosen["note_kinds"] = list(NOTE_KINDS)
    chosen["lang"] = lang
    return chosen


def _script_json(data: object) -> str:
    """JSON that cannot end the ``<script>`` element it sits in."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def participant_page(title: str, lang: str, nonce: str) -> str:
    """The page's HTML; ``nonce`` lets its own style and script run under the page's CSP."""
    html, css, script = _assets()
    replacements = {
        "__NONCE__": nonce,
        "__LANG__": lang,
        "__TITLE__": str(escape(title)),
        "__STRINGS__": _script_json(page_strings(lang)),
        "__CSS__": css,
        "__JS__": script,
    }
    return _MARKER.sub(lambda found: replacements[found.group(0)], html)
