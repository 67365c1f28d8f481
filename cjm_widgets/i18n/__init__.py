"""Message catalogs: every user-facing string is looked up here, English is the source.

Catalogs are flat JSON files (``<lang>.json``) beside this module, keyed by dotted
names, with ``str.format`` placeholders. A key missing from a translation falls back
to English with a warning, so a half-translated catalog never crashes a workshop.

A message is translated when it is shown. ``translate`` returns a :class:`Message`: the
text in the language asked for (by default the process's language, see
``default_language``), which also remembers its key and parameters, so an error raised
in one language can be shown in another (``message.translated("fi")``). Parameters that
are themselves messages or errors are shown in the same language as the message.

Plural messages have one key per plural category of CLDR (``<key>.one``,
``<key>.other``, ...); ``translate(key, lang, count=n)`` picks the variant by Babel's
plural rule for the language. Numbers and dates are formatted by Babel, too (``cldr``
keeps the catalog languages' plural rules and number signs, Babel's own values).
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from numbers import Real
from typing import Any, cast

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_format_percent
from babel.plural import PluralRule

from .cldr import NUMBER_SIGNS, PLURAL_RULES, NumberSigns, grouped_decimal

SOURCE_LANGUAGE = "en"

PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories, in the order a catalog lists a plural message's variants."""

# The Babel (CLDR) locale whose dates and numbers each catalog's readers expect. The
# catalogs' English is British ("organisation"), and so are its dates: 6 October 2026.
_BABEL_LOCALES = {"en": "en_GB"}

# Locale language codes that have no catalog of their own but read one of ours.
_LANGUAGE_ALIASES = {"no": "nb", "nn": "nb"}

_default_language = SOURCE_LANGUAGE


class MissingTranslationWarning(UserWarning):
    """A catalog lacks a key that English has; the English text was shown instead."""


@cache
def supported_languages() -> tuple[str, ...]:
    """The language codes that have a catalog, English first."""
    names = [
        entry.name.removesuffix(".json")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".json")
    ]
    return tuple(sorted(names, key=lambda code: (code != SOURCE_LANGUAGE, code)))


class UnknownLanguageError(ValueError):
    """A language code with no catalog; the message lists the supported ones."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            translate(
                "error.unknown_language",
                value=code,
                choices=", ".join(supported_languages()),
            )
        )

    def translated(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the language it was raised in)."""
        return localize(self.args[0], lang)

    def __str__(self) -> str:
        return self.translated()


def check_language(code: str) -> str:
    """Return ``code`` if a catalog exists for it, else raise UnknownLanguageError."""
    if code not in supported_languages():
        raise UnknownLanguageError(code)
    return code


# -- the process's language --------------------------------------------------------------


def default_language() -> str:
    """The language of messages that were given none: English unless set (``cjm`` sets the
    user's, from ``--lang`` or the locale)."""
    return _default_language


def set_default_language(code: str) -> str:
    """Make ``code`` the language of messages given none; returns the previous one."""
    global _default_language
    previous, _default_language = _default_language, check_language(code)
    return previous


@contextlib.contextmanager
def using_language(code: str) -> Iterator[str]:
    """Within the block, messages given no language are in ``code``."""
    previous = set_default_language(code)
    try:
        yield code
    finally:
        set_default_language(previous)


def language_of_locale(name: str) -> str | None:
    """The catalog for a POSIX locale name (``fi_FI.UTF-8`` -> ``fi``, ``nn_NO`` -> ``nb``);
    None for C, POSIX and languages without a catalog."""
    code = name.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0]
    code = _LANGUAGE_ALIASES.get(code.casefold(), code.casefold())
    return code if code in supported_languages() else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The user's language as the locale says: the first of LC_ALL, LC_MESSAGES and LANG
    that is set (as POSIX orders them); English for C, POSIX or a language with no catalog."""
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            return language_of_locale(value) or SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


# -- catalogs and messages ---------------------------------------------------------------


@cache
def catalog(code: str) -> dict[str, str]:
    """The messages of one language, loaded once."""
    text = (
        resources.files(__package__)
        .joinpath(f"{check_language(code)}.json")
        .read_text(encoding="utf-8")
    )
    messages: dict[str, str] = json.loads(text)
    return messages


class Message(str):
    """A catalog message as shown in one language, remembering its key and parameters so it
    can be shown again in another: ``translate("cli.wrote", path=p).translated("fi")``."""

    key: str
    params: dict[str, Any]
    lang: str

    def __new__(
        cls,
        text: str,
        key: str = "",
        params: Mapping[str, Any] | None = None,
        lang: str = SOURCE_LANGUAGE,
    ) -> Message:
        message = super().__new__(cls, text)
        message.key = key
        message.params = dict(params or {})
        message.lang = lang
        return message

    def translated(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the language it was made in)."""
        if not self.key or lang is None or lang == self.lang:
            return self
        return translate(self.key, lang, **self.params)


def localize(value: object, lang: str | None = None) -> str:
    """``value`` as text in ``lang``: messages, problems and cjm errors are translated,
    anything else is ``str(value)``. Without ``lang``, each keeps its own language."""
    translated = getattr(value, "translated", None)
    if callable(translated):
        return str(translated(lang))
    return str(value)


def _is_translatable(value: object) -> bool:
    return isinstance(value, Message) or callable(getattr(value, "translated", None))


@cache
def _plural_rule(lang: str) -> PluralRule:
    locale = _BABEL_LOCALES.get(lang, lang)
    if locale in PLURAL_RULES:
        return PluralRule(PLURAL_RULES[locale])
    try:
        return Locale.parse(locale).plural_form
    except (ValueError, UnknownLocaleError):
        return PluralRule({})  # every count is "other"


def plural_category(count: float, lang: str | None = None) -> str:
    """CLDR's plural category of ``count`` in ``lang`` (``one``, ``other``, ...), by Babel."""
    return str(_plural_rule(lang or default_language())(count))


def plural_categories(lang: str) -> tuple[str, ...]:
    """The plural categories ``lang`` distinguishes, in CLDR's order (always with ``other``)."""
    tags = _plural_rule(lang).tags | {"other"}
    return tuple(category for category in PLURAL_CATEGORIES if category in tags)


def is_plural(key: str) -> bool:
    """Whether ``key`` is a plural message: English has no ``key`` but its variants
    ``<key>.one`` and ``<key>.other`` (a list of choices may well hold an "other")."""
    english = catalog(SOURCE_LANGUAGE)
    return key not in english and f"{key}.one" in english and f"{key}.other" in english


def _missing(lang: str, key: str) -> None:
    if lang != SOURCE_LANGUAGE:
        warnings.warn(
            f"{lang} catalog has no {key!r}; showing English",
            MissingTranslationWarning,
            stacklevel=4,
        )


def _template(key: str, lang: str, params: Mapping[str, Any]) -> str:
    english = catalog(SOURCE_LANGUAGE)
    if not is_plural(key):
        template = catalog(lang).get(key)
        if template is None:
            template = english[key]
            _missing(lang, key)
        return template
    count = params.get("count")
    if not isinstance(count, Real):
        raise TypeError(f"{key!r} is a plural message; give it count=<number>")
    number = cast(float, count)  # any real number, numpy's too
    variant = f"{key}.{plural_category(number, lang)}"
    template = catalog(lang).get(variant)
    if template is None:
        _missing(lang, variant)
        template = english.get(f"{key}.{plural_category(number, SOURCE_LANGUAGE)}")
        template = template or english[f"{key}.other"]
    return template


def translate(key: str, lang: str | None = None, /, **params: Any) -> Message:
    """The message ``key`` in ``lang`` (default: ``default_language()``), with ``params``
    filled in. A plural message picks its variant by ``count``; a whole ``count`` is shown
    grouped as readers of ``lang`` write numbers."""
    chosen = default_language() if lang is None else lang
    template = _template(key, chosen, params)
    if not params:
        return Message(template, key, params, chosen)
    shown = {
        name: localize(value, chosen) if _is_translatable(value) else value
        for name, value in params.items()
    }
    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool):  # 18,089 / 18 089, as read
        shown["count"] = format_count(count, chosen)
    return Message(template.format(**shown), key, params, chosen)


def translate_plural(key: str, count: float, lang: str | None = None, /, **params: Any) -> Message:
    """The plural message ``key`` for ``count`` in ``lang`` (``count`` is a parameter, too)."""
    return translate(key, lang, count=count, **params)


# -- numbers and dates -------------------------------------------------------------------


def babel_locale(lang: str) -> str:
    """The Babel (CLDR) locale whose numbers and dates readers of ``lang`` expect."""
    return _BABEL_LOCALES.get(lang, lang)


@cache
def _numbers_locale(lang: str) -> Locale:
    """Babel's Locale for ``lang``'s numbers, parsed once (parsing costs more than formatting)."""
    return Locale.parse(babel_locale(lang))


def format_number(value: float, lang: str | None = None) -> str:
    """``value`` as readers of ``lang`` write it, with at most two decimals:
    ``1,250.5`` in English, ``1 250,5`` in Finnish (a no-break space groups the digits).
    Zero is ``0`` whatever its sign (the cache would otherwise keep whichever came first)."""
    return _format_number(0 if value == 0 else value, lang or default_language())


@lru_cache(maxsize=4096, typed=True)
def _format_number(value: float, lang: str) -> str:
    """Babel's formatting, once per value: a map shows the same targets and actuals often.
    The catalogs' languages take the same signs from ``cldr`` without loading Babel's data."""
    signs = NUMBER_SIGNS.get(babel_locale(lang))
    quick = grouped_decimal(value, signs) if signs is not None else None
    return quick or str(format_decimal(value, "#,##0.##", locale=_numbers_locale(lang)))


def format_count(value: float, lang: str | None = None) -> str:
    """A whole number grouped as readers of ``lang`` write it: ``18,089``, ``18 089``.

    Every supported language groups by thousands, so this is Python's own grouping with
    the language's separator: a map of 500 touchpoints formats thousands of these."""
    signs = _number_signs(lang or default_language())
    return f"{round(value):,}".replace(",", signs.group).replace("-", signs.minus)


@cache
def _number_signs(lang: str) -> NumberSigns:
    """The catalogs' languages from ``cldr``, any other from Babel's locale data."""
    known = NUMBER_SIGNS.get(babel_locale(lang))
    if known is not None:
        return known
    symbols = _numbers_locale(lang).number_symbols["latn"]
    return NumberSigns(symbols["decimal"], symbols["group"], symbols["minusSign"])


def format_share(share: float, lang: str | None = None, decimals: int = 1) -> str:
    """A share 0-1 as a percentage in ``lang``'s own pattern: ``90.4%``, ``90,4 %`` (fi)."""
    return _format_share(round(share, decimals + 2), lang or default_language())


@lru_cache(maxsize=4096, typed=True)
def _format_share(share: float, lang: str) -> str:
    """Babel's percentage, once per rounded share and language."""
    return str(
        _babel_format_percent(share, locale=_numbers_locale(lang), decimal_quantization=False)
    )


def format_date(day: date, lang: str | None = None) -> str:
    """``day`` written out for readers of ``lang``: ``6 October 2026``, ``6. lokakuuta 2026``."""
    return str(_babel_format_date(day, "long", locale=babel_locale(lang or default_language())))


__all__ = [
    "PLURAL_CATEGORIES",
    "SOURCE_LANGUAGE",
    "Message",
    "MissingTranslationWarning",
    "UnknownLanguageError",
    "babel_locale",
    "catalog",
    "check_language",
    "default_language",
    "format_count",
    "format_date",
    "format_number",
    "format_share",
    "is_plural",
    "language_from_environment",
    "language_of_locale",
    "localize",
    "plural_categories",
    "plural_category",
    "set_default_language",
    "supported_languages",
    "translate",
    "translate_plural",
    "using_language",
]
