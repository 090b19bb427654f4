#!/usr/bin/env python3
"""The message catalogs: extract the messages, update the Vietnamese catalog, compile it.

    python tools/i18n.py update     # after changing messages: new ones appear untranslated
    python tools/i18n.py check      # lists the messages that have no Vietnamese translation
    python tools/i18n.py compile    # writes the .mo next to the .po (a built package has it)
    python tools/i18n.py todo F.po [WHERE…]  # writes the untranslated messages (found in files
                                    # or help whose place starts with WHERE) into F.po to fill in
    python tools/i18n.py merge F.po # takes the translations of F.po into the catalog

Messages are the texts marked `_()`, `N_()` or `ngettext()` in the package, the help of every
command and option (docstrings and help=), and click's own messages ("Usage:", "Missing
argument…"), which the command line shows in the same language. See docs/translating.md.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "inspection"
CATALOG = PACKAGE / "locale" / "vi" / "LC_MESSAGES" / "inspection.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _extract(folder: Path, root: Path):
    from babel.messages.extract import extract_from_dir

    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(folder), method_map=[("**.py", "python"),
                                     ("**/templates/**.html", "jinja2.ext:babel_extract")],
            options_map={"**/templates/**.html": {"trimmed": "false"}}, keywords=KEYWORDS,
            comment_tags=("Translators:",)):
        yield f"{Path(folder, filename).relative_to(root).as_posix()}", lineno, message


def _help_texts():
    """The help of every command and option, as click shows it."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import click

    from inspection.cli import LAZY_COMMANDS, cli

    context = click.Context(cli)
    for name in LAZY_COMMANDS:
        cli.get_command(context, name)

    def walk(command, path):
        for target in (command, *command.params):
            texts = getattr(target, "_msgids", None) or {
                name: getattr(target, name, None) for name in ("help", "short_help", "epilog")}
            for text in texts.values():
                if isinstance(text, str) and text:
                    yield f"help:{path.replace(' ', '/')}", 0, inspect.cleandoc(text)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, f"{path} {name}")

    yield from walk(cli, "inspection")


def messages():
    """Every message the command line can show: (where, line, message) for each."""
    import click

    yield from _extract(PACKAGE, ROOT)
    yield from _help_texts()
    click_folder = Path(click.__file__).parent
    yield from ((f"click/{where.split('/', 1)[-1]}", line, message)
                for where, line, message in _extract(click_folder, click_folder.parent)
                if not where.endswith("testing.py"))


def template():
    from babel.messages.catalog import Catalog

    catalog = Catalog(project="inspection", charset="utf-8")
    for where, line, message in messages():
        catalog.add(message, locations=[(where, line)])
    return catalog


def read(path: Path = CATALOG):
    from babel.messages.pofile import read_po

    with open(path, "rb") as file:
        return read_po(file, locale="vi")


def untranslated(catalog=None) -> list:
    """The messages of the code that the Vietnamese catalog does not translate (or only fuzzily)."""
    catalog = read() if catalog is None else catalog
    missing = []
    for message in template():
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = (found.string if isinstance(found.string, (tuple, list)) else (found.string,)) \
            if found is not None else ()
        if found is None or found.fuzzy or not all(strings):
            missing.append(message)
    return missing


class _Locked:
    """The catalog, read and written under a lock (several translators' scripts at once)."""

    def __enter__(self):
        import fcntl

        from babel.messages.catalog import Catalog

        self.lock = open(CATALOG.with_name(".lock"), "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        self.catalog = read() if CATALOG.exists() else Catalog(locale="vi", project="inspection")
        return self.catalog

    def __exit__(self, kind, *_):
        import os

        from babel.messages.pofile import write_po

        if kind is None:
            self.catalog.fuzzy = False
            self.catalog.project, self.catalog.language_team = "inspection", "Vietnamese"
            temporary = CATALOG.with_name(".inspection.po.tmp")
            with open(temporary, "wb") as file:
                write_po(file, self.catalog, width=99, ignore_obsolete=True, sort_output=False)
            os.replace(temporary, CATALOG)
        self.lock.close()
        CATALOG.with_name(".lock").unlink(missing_ok=True)


def update() -> None:
    with _Locked() as catalog:
        catalog.update(template(), no_fuzzy_matching=True)


def merge(*fragments: Path) -> int:
    """Take the translations of `fragments` (.po files) into the catalog; how many were taken."""
    taken = 0
    with _Locked() as catalog:
        for fragment in fragments:
            for message in read(Path(fragment)):
                if message.id and message.string:
                    found = catalog.get(message.id)
                    if found is None:
                        catalog.add(message.id, message.string, locations=message.locations)
                    else:
                        found.string, found.flags = message.string, set()
                    taken += 1
    return taken


def compile_mo(source: Path = CATALOG, target: Path | None = None) -> Path:
    from babel.messages.mofile import write_mo

    target = target or source.with_suffix(".mo")
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as file:
        write_mo(file, read(source))
    return target


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "check"
    if action == "update":
        update()
        print(f"Updated {CATALOG.relative_to(ROOT)}; {len(untranslated())} message(s) to translate.")
    elif action == "todo":
        from babel.messages.catalog import Catalog
        from babel.messages.pofile import write_po

        places = tuple(argv[2:])
        todo = Catalog(locale="vi", project="inspection")
        for message in untranslated():
            if not places or any(where.startswith(places) for where, _line in message.locations):
                todo.add(message.id, locations=message.locations, flags=message.flags)
        with open(argv[1], "wb") as file:
            write_po(file, todo, width=99)
        print(f"Wrote {len(todo)} message(s) to translate into {argv[1]}.")
    elif action == "merge":
        print(f"Took {merge(*argv[1:])} translation(s) into {CATALOG.relative_to(ROOT)}.")
    elif action == "compile":
        print(f"Wrote {compile_mo().relative_to(ROOT)}")
    elif action == "check":
        missing = untranslated()
        for message in missing:
            where, line = message.locations[0]
            print(f"{where}:{line}: {message.id!r}")
        print(f"{len(missing)} message(s) without a Vietnamese translation.")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
