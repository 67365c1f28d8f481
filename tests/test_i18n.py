"""Message catalogs: English is complete, lookups fail clearly, code uses only known keys."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cjm_widgets.i18n import (
    PLURAL_CATEGORIES,
    MissingTranslationWarning,
    UnknownLanguageError,
    catalog,
    check_language,
    is_plural,
    plural_categories,
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
    pattern = re.compile(
        r"""(?:translate|T|\.t|custom_error|LibraryError\.of)\(\s*f?["']([a-z_.:-]+)["']"""
    )
    used: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        for key in pattern.findall(source.read_text(encoding="utf-8")):
            used.add(key if "." in key else f"error.{key}")
    from cjm_widgets.validation import _MESSAGES

    used.update(_MESSAGES.values())
    missing = sorted(
        key for key in used if key not in english and not is_plural(key) and not key.endswith(".")
    )
    assert missing == []
    assert len(used) > 150


def plural_bases(messages: dict[str, str]) -> dict[str, set[str]]:
    """Plural message -> the categories its variants name (``edit.in_use.stages.one``...)."""
    bases: dict[str, set[str]] = {}
    for key in messages:
        base, _, category = key.rpartition(".")
        if category in PLURAL_CATEGORIES and base and is_plural(base):
            bases.setdefault(base, set()).add(category)
    return bases


def test_every_catalog_has_exactly_the_english_keys_and_placeholders() -> None:
    """Every key in every language, plural variants included, with the same placeholders,
    and each filled in without an error (a stray brace would break it when shown)."""
    english = catalog("en")
    for code in supported_languages():
        messages = catalog(code)
        assert sorted(set(english) - set(messages)) == [], f"{code} lacks these keys"
        assert sorted(set(messages) - set(english)) == [], f"{code} has keys English lacks"
        for key, template in english.items():
            assert placeholders(messages[key]) == placeholders(template), (code, key)
            fields = dict.fromkeys(placeholders(template), "x")
            if fields:  # a message without placeholders is shown as it is
                messages[key].format(**fields)


def test_plural_messages_have_a_variant_for_each_plural_category() -> None:
    """A plural message has ``.one``/``.other``... exactly as Babel's plural rule for the
    language distinguishes, no plain key beside its variants, and a {count}."""
    english = catalog("en")
    bases = plural_bases(english)
    assert {"edit.in_use.stages", "report.summary", "count.touchpoints"} <= set(bases)
    for code in supported_languages():
        messages = catalog(code)
        for base, categories in plural_bases(messages).items():
            assert categories == set(plural_categories(code)), (code, base)
            assert base not in messages, (code, base)
            assert "count" in placeholders(messages[f"{base}.other"]), (code, base)


def test_no_message_says_s_in_brackets() -> None:
    """Plural forms come from the plural variants, not from "(s)", "(er)" or "(en)"."""
    for code in supported_languages():
        for key, template in catalog(code).items():
            assert not re.search(r"\w\((s|er|en|e|r)\)", template), (code, key, template)


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
