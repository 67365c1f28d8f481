"""The library's messages: every key in all five languages with the same placeholders, every
key the code names defined, none clashing with the kit's catalogs; and its place in the layers."""

from __future__ import annotations

import json
import pickle
import re
import string
from pathlib import Path

from cjm_widgets.i18n import catalog, supported_languages
from cjm_widgets.library import LIBRARY_LANGUAGES, LibraryError
from cjm_widgets.library.messages import library_text, message_keys
from tests.test_architecture import ALL_IMPORTS, LAYERS

LIBRARY = Path(__file__).resolve().parent.parent / "cjm_widgets" / "library"
MESSAGES = json.loads((LIBRARY / "messages.json").read_text(encoding="utf-8"))


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_the_library_speaks_exactly_the_kit_s_languages() -> None:
    assert set(MESSAGES) == set(LIBRARY_LANGUAGES) == set(supported_languages())


def test_every_language_has_every_key_with_the_same_placeholders() -> None:
    english = MESSAGES["en"]
    for lang in LIBRARY_LANGUAGES[1:]:
        assert set(MESSAGES[lang]) == set(english), lang
        wrong = [
            key
            for key in english
            if placeholders(MESSAGES[lang][key]) != placeholders(english[key])
        ]
        assert wrong == [], lang


def test_translations_are_written_not_copied() -> None:
    english = MESSAGES["en"]
    copied = {
        lang: [
            key for key in english if MESSAGES[lang][key] == english[key] and len(english[key]) > 20
        ]
        for lang in LIBRARY_LANGUAGES[1:]
    }
    assert copied == {
        "fi": ["library.invalid"],
        "sv": ["library.invalid"],
        "da": ["library.invalid"],
        "nb": ["library.invalid"],
    }


def test_every_key_the_code_names_is_defined() -> None:
    pattern = re.compile(r"""(?:library_text|LibraryError\.of)\(\s*["']([a-z_.]+)["']""")
    used = {
        key
        for source in LIBRARY.rglob("*.py")
        for key in pattern.findall(source.read_text(encoding="utf-8"))
    }
    assert len(used) > 15
    assert used - message_keys() == set()


def test_no_key_clashes_with_the_catalogs() -> None:
    assert message_keys() & set(catalog("en")) == set()


def test_an_error_can_be_shown_again_in_another_language() -> None:
    error = LibraryError.of("library.unknown_template", value="x", choices="a, b")
    assert str(error) == "'x' is not a journey template; use one of: a, b"
    assert error.translated("nb") == "'x' er ikke en mal for kundereiser; bruk en av disse: a, b"
    copy = pickle.loads(pickle.dumps(error))
    assert (
        copy.translated("da") == "'x' er ikke en skabelon for kunderejser; brug en af disse: a, b"
    )
    message = library_text("library.evidence.reported", "fi")
    assert message == "Laajalti raportoitu" and message.translated("sv") == "Ofta rapporterad"


def test_the_library_sits_with_files_and_tables() -> None:
    """Layer 2: it reads the model, i18n, errors and the store, never layout, widgets or reports."""
    layers = {**LAYERS, "library": 2}

    def layer(module: str) -> int:
        parts = module.split(".")
        for end in range(len(parts), 0, -1):
            if ".".join(parts[:end]) in layers:
                return layers[".".join(parts[:end])]
        return 6

    mine = [found for found in ALL_IMPORTS if found.source.startswith("library")]
    assert len(mine) > 20
    wrong = [f"{f.source} imports {f.target}" for f in mine if layer(f.target) > 2]
    assert wrong == []
