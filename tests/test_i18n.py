"""Message catalogs: English is complete, lookups fail clearly, code uses only known keys."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cjm_widgets.i18n import (
    MissingTranslationWarning,
    UnknownLanguageError,
    catalog,
    check_language,
    supported_languages,
    translate,
)

PACKAGE = Path(__file__).resolve().parent.parent / "cjm_widgets"


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_english_is_the_source() -> None:
    assert supported_languages()[0] == "en"
    assert translate("cli.wrote", path="x.csv") == "Wrote x.csv"


def test_every_key_used_in_code_exists_in_english() -> None:
    """Keys named literally in the package (translate("...")/T("...")/custom_error("...")) exist."""
    english = catalog("en")
    pattern = re.compile(r"""(?:translate|T|\.t|custom_error)\(\s*f?["']([a-z_.:-]+)["']""")
    used: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        for key in pattern.findall(source.read_text(encoding="utf-8")):
            used.add(key if "." in key else f"error.{key}")
    from cjm_widgets.validation import _MESSAGES

    used.update(_MESSAGES.values())
    missing = sorted(key for key in used if key not in english and not key.endswith("."))
    assert missing == []
    assert len(used) > 150


def test_every_catalog_has_the_english_keys_and_placeholders() -> None:
    english = catalog("en")
    for code in supported_languages():
        messages = catalog(code)
        assert set(messages) >= set(english), code
        for key, template in english.items():
            assert placeholders(messages[key]) == placeholders(template), (code, key)


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(
        UnknownLanguageError,
        match="'klingon' is not a supported language; use one of: en, da, fi, nb, sv",
    ):
        check_language("klingon")
    with pytest.raises(ValueError):
        translate("cli.wrote", "klingon", path="x")


def test_missing_translation_falls_back_to_english_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    english = dict(catalog("en"))
    partial = {key: value for key, value in english.items() if key != "cli.wrote"}
    monkeypatch.setattr("cjm_widgets.i18n.supported_languages", lambda: ("en", "xx"))
    monkeypatch.setattr(
        "cjm_widgets.i18n.catalog", lambda code: english if code == "en" else partial
    )
    with pytest.warns(MissingTranslationWarning, match="xx catalog has no 'cli.wrote'"):
        assert translate("cli.wrote", "xx", path="a") == "Wrote a"
