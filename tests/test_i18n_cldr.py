"""The CLDR facts kept beside the catalogs say what Babel says, for every catalog language."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel import Locale
from babel.numbers import format_decimal

from cjm_widgets.i18n import (
    babel_locale,
    format_count,
    format_number,
    plural_category,
    supported_languages,
)
from cjm_widgets.i18n.cldr import NUMBER_SIGNS, PLURAL_RULES, grouped_decimal

LANGUAGES = supported_languages()


def _values() -> list[float]:
    """Values a map writes, and the ones where rounding and signs go wrong."""
    chosen: list[float] = [0, -0.0, 1, -1, 0.005, 0.015, 0.125, 2.675, -0.001, 1e-7, 999.995]
    chosen += [1234.5, -1234.5, 1234567.891, 12, 100, 1000, 10_000, 99_999.999, 5e14]
    rng = random.Random(7)
    for _ in range(400):
        scale = 10 ** rng.randint(-3, 13)
        chosen.append(round(rng.uniform(-1, 1) * scale, rng.randint(0, 4)))
        chosen.append(rng.randint(-(10**9), 10**9))
    return chosen


def test_every_catalog_language_has_its_facts_kept() -> None:
    assert {babel_locale(lang) for lang in LANGUAGES} == set(NUMBER_SIGNS) == set(PLURAL_RULES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_kept_facts_are_babels(lang: str) -> None:
    locale = Locale.parse(babel_locale(lang))
    symbols = locale.number_symbols["latn"]
    signs = NUMBER_SIGNS[babel_locale(lang)]
    assert (signs.decimal, signs.group, signs.minus) == (
        symbols["decimal"], symbols["group"], symbols["minusSign"]
    )  # fmt: skip
    assert set(PLURAL_RULES[babel_locale(lang)]) | {"other"} == locale.plural_form.tags | {"other"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_are_written_as_babel_writes_them(lang: str) -> None:
    locale = Locale.parse(babel_locale(lang))
    for value in _values():
        expected = format_decimal(value, "#,##0.##", locale=locale)
        assert grouped_decimal(value, NUMBER_SIGNS[babel_locale(lang)]) == expected, value
        assert format_number(value, lang) == (expected if value != 0 else "0"), (value, lang)
    assert format_number(-0.0, lang) == format_number(0.0, lang) == "0"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_counts_and_plurals_follow_babel(lang: str) -> None:
    locale = Locale.parse(babel_locale(lang))
    minus, group = (
        locale.number_symbols["latn"]["minusSign"],
        locale.number_symbols["latn"]["group"],
    )
    for count in [0, 1, 2, 5, 21, 101, 1000, 1_234_567, -4321]:
        assert format_count(count, lang) == f"{count:,}".replace(",", group).replace("-", minus)
    # the rules' meaning, not their text (which Babel may write another way)
    counts: list[float | Decimal] = [*range(0, 230), 1001, 1_000_001, 0.5, 1.0, 1.5, 2.25]
    counts += [Decimal(text) for text in ("0.0", "0.1", "1.0", "1.00", "1.1", "2.0", "21.5")]
    for count in counts:
        assert plural_category(count, lang) == locale.plural_form(count), (count, lang)


def test_values_only_babel_writes_go_to_babel() -> None:
    signs = NUMBER_SIGNS["fi"]
    assert grouped_decimal(float("nan"), signs) is None
    assert grouped_decimal(float("inf"), signs) is None
    assert grouped_decimal(1e20, signs) is None
    assert format_number(1e20, "fi") == format_decimal(1e20, "#,##0.##", locale="fi")
    assert format_number(float("nan"), "fi") == "NaN"
