"""Reading YAML files: every value as typed, every problem with its line."""

import unicodedata
from pathlib import Path

from inspection.files import yamlfile


def parse(text: str):
    problems = []
    doc = yamlfile.parse(text, "f.yaml", problems)
    return doc, [str(p) for p in problems]


def test_plain_values_stay_what_the_user_typed():
    doc, problems = parse("a: 2022-07-12\nb: 05\nc: 2.10\nd: no\ne: ~\nf:\n")
    assert problems == []
    assert doc.data == {"a": "2022-07-12", "b": "05", "c": "2.10", "d": "no", "e": None, "f": None}


def test_lines_are_kept_for_every_key_and_item():
    doc, _ = parse("visits:\n  - unit: A\n    days:\n      - 2022-07-12\n")
    assert doc.line(("visits", 0, "days", 0)) == 4
    assert doc.line(("visits", 0, "unit")) == 2
    assert doc.line(("visits", 0, "missing", "deeper")) == 2  # nearest ancestor


def test_a_key_given_twice_is_an_error_naming_both_lines():
    _, problems = parse("title: A\nid: x\ntitle: B\n")
    assert problems == ["f.yaml:3: title: the key 'title' appears twice in the same block (first on line 1)"]


def test_tab_indentation_gets_a_plain_message():
    _, problems = parse("a:\n\tb: 1\n")
    assert len(problems) == 1 and problems[0].startswith("f.yaml:2: ")
    assert "tab" in problems[0]


def test_syntax_error_gives_the_line():
    _, problems = parse("a: [1, 2\nb: 3\n")
    assert problems[0].startswith("f.yaml:") and "YAML syntax" in problems[0]


def test_aliases_and_python_tags_are_refused():
    _, problems = parse("a: &x [1]\nb: *x\nc: !!python/object:os.system ls\n")
    assert any("anchors and aliases" in p for p in problems)
    assert any("tag:yaml.org,2002:python/object:os.system is not allowed" in p for p in problems)


def test_absurd_nesting_is_refused_without_crashing():
    _, problems = parse("[" * 20000 + "]" * 20000)
    assert problems == ["f.yaml: the file is nested too deeply to be read"]


def test_byte_order_mark_is_a_warning(tmp_path: Path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    problems = []
    doc = yamlfile.load(path, "f.yaml", problems)
    assert doc.data == {"a": "1"}
    assert [p.severity for p in problems] == ["warning"]
    assert "byte-order mark" in problems[0].message


def test_a_file_not_in_utf8_names_the_line_and_the_fix(tmp_path: Path):
    path = tmp_path / "f.yaml"
    # Windows' Vietnamese code page, as old Notepad saves it
    path.write_bytes(unicodedata.normalize("NFD", "a: 1\nb: Hòa Bình\n").encode("cp1258"))
    problems = []
    assert yamlfile.load(path, "f.yaml", problems) is None
    assert str(problems[0]).startswith("f.yaml:2: this is not UTF-8 text")


def test_binary_and_huge_files_are_refused(tmp_path: Path, monkeypatch):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    problems = []
    assert yamlfile.load(binary, "b.yaml", problems) is None
    assert "not a text file" in problems[0].message
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 200)
    problems = []
    assert yamlfile.load(big, "big.yaml", problems) is None
    assert "must be under" in problems[0].message


def test_dump_round_trips_text_with_line_breaks_and_special_values():
    data = {"a": "dòng 1\ndòng 2", "b": "null", "c": "1", "d": "a: b", "e": "x\x07y", "f": []}
    doc, problems = parse(yamlfile.dump(data))
    assert problems == []
    assert doc.data == {**data, "f": []}
    assert "a: |-\n  dòng 1\n  dòng 2\n" in yamlfile.dump(data)  # readable, not escaped


def test_the_fast_loader_reads_every_value_as_the_pure_python_one_does():
    """The C loader resolves tags without PyYAML's regular expressions: null for a plain empty,
    ~, null, Null or NULL, text for everything else, quoted or not."""
    import yaml

    text = "\n".join([
        "a: ", "b: ~", "c: null", "d: Null", "e: NULL", "f: nULL", "g: 'null'", 'h: ""',
        "i: true", "j: 1.5", "k: 2022-07-12", "l: [~, x, 'y', null, '']", "m: {n: NULL, o: ~x}",
        "p: |", "  null", "q: !!str null", "r: .nan", "s: 0x1F", "t: =1+2", "u: a - b",
    ])
    fast = yaml.compose(text, Loader=yamlfile._Loader)
    slow = yaml.compose(text, Loader=yamlfile._PyLoader)

    def tags(node):
        if isinstance(node, yaml.ScalarNode):
            return (node.tag, node.value)
        if isinstance(node, yaml.SequenceNode):
            return (node.tag, [tags(n) for n in node.value])
        return (node.tag, [(tags(k), tags(v)) for k, v in node.value])
    assert tags(fast) == tags(slow)
    data = yamlfile.parse(text, "x.yaml", []).data
    assert [data[k] for k in "abcdefghi"] == [None, None, None, None, None, "nULL", "null", "",
                                              "true"]
