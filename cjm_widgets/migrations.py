"""Upgrades of older workshop files to the current schema, applied on load.

Each migration takes the plain dict of schema N and returns schema N + 1. A file
written by a newer cjm-widgets is refused rather than half-read: saving it back
would drop the fields this version does not know.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import model
from .errors import StoreError
from .i18n import translate

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _touchpoints_get_signals(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 2: each touchpoint lists the event names (``signals``) that measure it."""
    touchpoints = data.get("touchpoints")
    if isinstance(touchpoints, list):
        for touchpoint in touchpoints:
            if isinstance(touchpoint, dict):
                touchpoint.setdefault("signals", [])
    return data


MIGRATIONS: dict[int, Migration] = {1: _touchpoints_get_signals}
"""schema_version N -> the function that turns an N document into N + 1."""


def migrate(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """``data`` brought up to ``model.SCHEMA_VERSION``, or a StoreError saying why not."""
    version = data.get("schema_version")
    current = model.SCHEMA_VERSION
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(
            translate("store.bad_schema_version", path=path, value=repr(version)), path
        )
    if version > current:
        raise StoreError(
            translate("store.newer_schema", path=path, value=version, current=current), path
        )
    while version < current:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StoreError(
                translate("store.no_migration", path=path, value=version, current=current), path
            )
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data
