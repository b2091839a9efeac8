"""The libyaml reader gives what ruamel gives (data, types, positions), or gives up."""

from __future__ import annotations

from importlib import resources

import pytest

from parcours.io import loads_map, yaml_format
from parcours.io.errors import MapFileError
from parcours.io.upgrade import upgrade_document
from parcours.io.validation import Document, to_map
from parcours.io.yaml_format import parse_yaml, parse_yaml_ruamel
from parcours.io.yaml_libyaml import Unsupported, available, read_plain_yaml

pytestmark = pytest.mark.skipif(not available(), reason="PyYAML without libyaml")

TEMPLATES = sorted(
    entry.name
    for entry in resources.files("parcours.templates").iterdir()
    if entry.name.endswith(".yaml")
)

SNIPPETS = [
    # every scalar form a map uses, and the YAML 1.1 words that YAML 1.2 keeps as text
    "a: 2024-01-02\nb: 2024-01-02T10:11:12\nc: 2024-01-02 10:11:12.5\n",
    "a: 2024-01-02T10:11:12Z\nb: 2024-01-02T10:11:12+02:00\nc: 2024-1-2 1:02:03 -5\n",
    "a: 3\nb: -0\nc: +3\nd: 1.5\ne: 3.\nf: -0.25\ng: 10000000000000000000000\n",
    "a: yes\nb: on\nc: No\nd: off\ne: y\nf: 1:20\ng: 2024-01-02 is a date\nh: 2024-1-2\n",
    "a: ~\nb: null\nc:\nd: ''\ne: '3'\nf: \"true\"\ng: !!str 3\nh: True\ni: FALSE\n",
    "3: int key\ntrue: bool key\n~: null key\n2024-01-02: date key\n1.5: float key\n",
    # structure: nesting, flow style, empty values, lists of lists, comments
    "a:\n  b: 1\n  c:\n    - x\n    - y: 2\n      z:\n    - - p\n      - q\n  e: [1, {f: 2}]\n",
    "# comment\na:   # after\n  - {x: 1, y: [a, 'b', \"c\"]}  # flow\n  -\n  - []\n  - {}\nb: {}\n",
    "---\na: 1\nb:\n- 1\n- 2\n...\n",
    # text: block scalars with chomping, folding, escapes, unicode, quotes, colons
    "a: |\n  line 1\n  line 2\nb: |-\n  kept\n\nc: >\n  folded\n  text\n\n  para\nd: >-\n  x\n",
    "a: \"tab\\tand \\u00e9 \\N \\x41\"\nb: 'it''s'\nc: plain:no, with colon\n",
    # empty values: ruamel places them at the next token, or at the colon before a comment
    "a:\nb: 1\nc:   # note\nd: 1\ne:\n\n  # note\n\nf:\n  - g:\n  -\n  - # note\n  - h:\n    i:\n",
    "x:\n- a:\n- b\nz:  # last\n",
    "a: Ouvrir un compte — « vite »\nb: 日本語\nc: 😀 emoji\nd: multi\n  line plain\n  text\n",
    "a: 'multi\n\n  line quoted'\nb: \"x\\\n  y\"\n",
    "a: 1\r\nb:\r\n  - x\r\n",
    "a: -x\nb: ' - '\nc: '-'\nd: .\ne: ..\nf: 0.\n",
]

FALLBACK = [
    "a: &x 1\nb: *x\n",  # aliases (and the alias bomb) stay with ruamel's limits
    "base: &b {x: 1}\nc:\n  <<: *b\n",
    "a: 1\na: 2\n",
    "a: !!python/object:os.system x\n",
    "a: !custom x\n",
    "a: 012\n",
    "a: 0x1F\n",
    "a: 1e3\n",
    "a: .inf\n",
    "a: -.5\n",
    "a: 1_000\n",
    "a: !!int '3'\n",
    "%YAML 1.1\n---\na: yes\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "- just\n- a list\n",
    "",
    "a: 2024-02-30\n",
    "x: {a: , b: 1}\n",
    "y: {a, b: 1}\n",
    "a: x\u0007y\n",
    "? [complex]\n: key\n",
    "a: " + "[" * 100 + "]" * 100 + "\n",
    "a: 1\n---\nb: 2\n",
]


def assert_same(text: str) -> None:
    fast = read_plain_yaml(text)
    reference = parse_yaml_ruamel(text, "m.yaml")
    assert repr(fast.data) == repr(reference.data)
    assert fast.positions == reference.positions


@pytest.fixture(scope="module")
def templates() -> dict[str, tuple[Document, Document]]:
    """Each template read by both readers (ruamel takes about 0.4 s a template)."""
    read = {}
    for name in TEMPLATES:
        text = resources.files("parcours.templates").joinpath(name).read_text("utf-8")
        read[name] = (read_plain_yaml(text), parse_yaml_ruamel(text, name))
    return read


@pytest.mark.parametrize("name", TEMPLATES)
def test_templates_read_the_same(
    name: str, templates: dict[str, tuple[Document, Document]]
) -> None:
    fast, reference = templates[name]
    assert repr(fast.data) == repr(reference.data)
    assert fast.positions == reference.positions


def test_the_rich_fixture_map_reads_the_same(rich_yaml: str) -> None:
    assert_same(rich_yaml)


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_read_the_same(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize("text", FALLBACK)
def test_other_yaml_is_left_to_ruamel_with_its_messages(text: str) -> None:
    with pytest.raises(Unsupported):
        read_plain_yaml(text)
    try:
        expected: object = parse_yaml_ruamel(text, "m.yaml")
    except Exception as exc:
        expected = (type(exc), str(exc))
    try:
        got: object = parse_yaml(text, "m.yaml")
    except Exception as exc:
        got = (type(exc), str(exc))
    assert repr(got) == repr(expected)


def test_loaded_models_are_equal_for_every_template(
    templates: dict[str, tuple[Document, Document]],
) -> None:
    for name, (fast, reference) in templates.items():
        fast_map = to_map(upgrade_document(fast, name), name)
        assert fast_map == to_map(upgrade_document(reference, name), name)


def test_validation_errors_keep_their_lines() -> None:
    text = "format_version: 3\njourney:\n  title: T\nsteps:\n  - id: s-1\n    nmae: x\n"
    with pytest.raises(MapFileError) as fast:
        loads_map(text, fmt="yaml", source="m.yaml")
    assert "line 6" in str(fast.value) or "ligne 6" in str(fast.value)


def test_limits_still_apply_to_the_fast_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_format, "MAP_MAX_NODES", 10)
    text = "a:\n" + "".join(f"  - {i}\n" for i in range(20))
    read_plain_yaml(text)  # the fast reader takes it, the limit still refuses it
    with pytest.raises(MapFileError, match="at most 10 values"):
        parse_yaml(text, "m.yaml")
