"""The language of the messages: Vietnamese by default, English on request.

Messages are written in English in the code, marked for translation with `_()` (or `N_()` where
the text is only named, and translated where it is shown), and translated through gettext
catalogs: `inspection/locale/vi/LC_MESSAGES/inspection.po`, compiled to `.mo` when the package is
built (setup.py). Translators work on the `.po` file alone; `python tools/i18n.py` extracts the
messages again and updates it (docs/translating.md).

The language is, first that is given: `--lang`, `$INSPECTION_LANG`, then the usual locale
variables (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`): English when they name English,
Vietnamese otherwise. The documents themselves are always Vietnamese; only the messages change.
"""

from __future__ import annotations

import os
from pathlib import Path

DOMAIN = "inspection"
LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("vi", "en")
DEFAULT = "vi"
ENV_VAR = "INSPECTION_LANG"
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_state: dict = {}  # "language" and "translations", set by use()


class UnknownLanguage(ValueError):
    """A language the toolkit has no messages in."""


def normalise(value: str) -> str | None:
    """The language a locale name or a language name means: "vi_VN.UTF-8" is "vi"."""
    name = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0].split("@")[0]
    aliases = {"vietnamese": "vi", "tiếng việt": "vi", "tieng viet": "vi", "english": "en"}
    name = aliases.get(name, name)
    return name if name in LANGUAGES else None


def choose(given: str | None = None, environ=None) -> str:
    """The language of the messages: `given` (--lang), else the environment's."""
    environ = os.environ if environ is None else environ
    for origin, value in (("--lang", given), (ENV_VAR, environ.get(ENV_VAR))):
        if value:
            language = normalise(value)
            if language is None:
                raise UnknownLanguage(f"{origin}={value}")
            return language
    for name in LOCALE_VARS:
        value = environ.get(name, "")
        for part in value.split(":"):  # LANGUAGE is a list: "vi:en"
            if part and part.split(".")[0].upper() not in ("C", "POSIX"):
                return "en" if normalise(part) == "en" else DEFAULT
    return DEFAULT


def use(language: str | None = None) -> str:
    """Show messages in `language` from now on (default: the environment's); returns it.
    UnknownLanguage for a language without messages."""
    language = choose(language)
    if _state.get("language") != language:
        _state["translations"] = _load(language)
        _state["language"] = language
        translate_click()
    return language


def current() -> str:
    """The language messages are shown in."""
    if "language" not in _state:
        try:
            use()
        except UnknownLanguage:
            use(DEFAULT)
    return _state["language"]


def gettext(message: str) -> str:
    """`message` in the current language."""
    if "translations" not in _state:
        current()
    return _state["translations"].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural `message` for `n` in the current language."""
    if "translations" not in _state:
        current()
    return _state["translations"].ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark `message` for translation where it is only named; `_()` translates it where shown."""
    return message


def _load(language: str):
    import gettext as stdlib

    if language == "en":
        return stdlib.NullTranslations()
    catalog = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with open(catalog, "rb") as file:
            return stdlib.GNUTranslations(file)
    except FileNotFoundError:
        pass
    # A source checkout: the .mo files are made when the package is built; compile the .po here
    compiled = compile_catalog(catalog.with_suffix(".po"))
    return stdlib.GNUTranslations(compiled) if compiled is not None \
        else stdlib.NullTranslations()


def compile_catalog(po: Path):
    """The .mo of the catalog `po`, as a binary stream (None without it or without Babel)."""
    try:
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return None
    try:
        with open(po, "rb") as file:
            catalog = read_po(file)
    except FileNotFoundError:
        return None
    out = BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return out


# click's own messages ("Usage:", "Missing argument", "No such option"…) come through gettext's
# module function in each of its modules: pointed at ours, they are in the same catalog (and
# click no longer looks for its own catalogs on the disk at every message).
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "shell_completion",
                  "termui", "types", "utils", "_termui_impl")


def translate_click() -> None:
    """Point click's messages (of the click modules loaded so far) at the current language."""
    import sys

    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
