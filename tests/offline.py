"""What a page would fetch from outside the machine: the references a browser follows
(``src``, ``href``, ``srcset``, CSS ``url()`` and ``@import``) and the requests a browser made."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

REFERENCE = re.compile(
    r"""(?:\b(?:src|href|srcset|poster|data)\s*=\s*["']?\s*|url\(\s*["']?|@import\s+["'])"""
    r"""((?:https?:)?//[^\s"'()<>]+)""",
    re.IGNORECASE,
)
"""A reference a browser loads: an attribute, ``url(...)`` or ``@import`` naming an
absolute (or protocol-relative) http(s) address."""

LINKS_FOLLOWED_ONLY_BY_CLICKING = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
"""A link's ``href`` is not fetched when the page loads (the handout names its sources)."""


def external_references(html: str) -> list[str]:
    """Every address outside the page's own server that ``html`` makes the browser load."""
    loaded = LINKS_FOLLOWED_ONLY_BY_CLICKING.sub("<a>", html)
    return sorted(set(REFERENCE.findall(loaded)))


def foreign_requests(urls: list[str], origin: str | None) -> list[str]:
    """The requests that went anywhere but ``origin`` (``http://127.0.0.1:PORT``), or for a
    page opened from a file (``origin`` None), every request over the network."""
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about", "file", "chrome-extension"):
            continue
        scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
        if origin is not None and f"{scheme}://{parts.netloc}" == origin:
            continue
        foreign.append(url)
    return sorted(set(foreign))
