"""The README and the command line cannot drift apart; every command explains itself."""

import os
import re
import subprocess
import sys

import click
import pytest
from conftest import ROOT

from inspection.cli import cli


def _commands(group: click.Group, prefix: str = ""):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


COMMANDS = list(_commands(cli))


def test_every_command_is_listed_before_its_module_is_imported():
    # cli.py knows the commands of the modules it imports lazily; one added to a module but
    # not to LAZY_COMMANDS would be missing from `inspection --help`.
    ctx = click.Context(cli)
    listed = cli.list_commands(ctx)
    for name in listed:
        cli.get_command(ctx, name)
    assert sorted(cli.commands) == listed


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_is_in_the_readme(name, command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"inspection {name}" in readme


@pytest.mark.parametrize("name, command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_with_an_example(run, name, command):
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"inspection {name}" in result.output


def test_the_quick_start_has_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```\n(.+?)\n```", quick)
    assert commands == ["python3 run.py example", "python3 run.py test"]
    assert "python3 run.py test" in (ROOT / ".ci" / "run").read_text()


def test_help_does_not_load_heavy_libraries():
    code = ("import sys; from inspection.cli import cli\n"
            "try: cli(['--help'])\nexcept SystemExit: pass\n"
            "heavy = {'docxtpl', 'docx', 'openpyxl', 'tablib', 'pypdf', 'holidays', 'jinja2', 'lxml'}\n"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"


PACKAGES = sorted(p.parent.name for p in (ROOT / "inspection").glob("*/__init__.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_every_subpackage_says_what_it_holds_and_is_in_the_maps(package):
    init = (ROOT / "inspection" / package / "__init__.py").read_text(encoding="utf-8")
    docstring = init.split('"""')[1] if init.startswith('"""') else ""
    assert docstring and "\n" not in docstring.strip() and len(init.splitlines()[0]) <= 100
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`inspection/{package}/`" in readme and f"`inspection/{package}/`" in architecture


def test_every_module_the_architecture_names_exists():
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z]+/)?[a-z_]+\.py)", architecture))
    assert len(named) > 20
    for name in named:
        if name.startswith("tools/"):
            assert (ROOT / name).is_file(), name
        else:
            found = list((ROOT / "inspection").rglob(name.split("/")[-1]))
            assert any(p.as_posix().endswith(name) for p in found), name


def test_the_shell_completion_the_readme_gives_completes_commands_and_options():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert '_INSPECTION_COMPLETE=bash_source inspection' in readme

    def complete(**env):
        return subprocess.run([sys.executable, "-m", "inspection"], capture_output=True,
                              text=True, cwd=ROOT, env={**os.environ, **env})

    script = complete(_INSPECTION_COMPLETE="bash_source")
    assert script.returncode == 0 and "complete -o nosort -F _inspection_completion" in script.stdout
    for words, cword, expected in (("inspection sta", "1", "plain,status"),
                                   ("inspection render --p", "2", "plain,--pdf")):
        result = complete(_INSPECTION_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=cword)
        assert expected in result.stdout.splitlines(), result.stdout + result.stderr
