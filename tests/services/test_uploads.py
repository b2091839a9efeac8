"""Uploaded map files: read as the CLI reads files, the upload name never used as a path."""

from __future__ import annotations

from parcours.io import MapFileError
from parcours.services import documents
from parcours.services.uploads import display_name, read_uploaded_map

YAML = b"# kept\njourney:\n  title: Small\nsteps:\n  - id: s1\n    name: Visit\n"


def test_yaml_upload_keeps_its_text_and_json_becomes_yaml() -> None:
    text, m = read_uploaded_map(YAML, "carte.yaml")
    assert text.startswith("# kept") and m.step("s1").name == "Visit"
    json_bytes = documents.map_text(m, "json").encode()
    converted, again = read_uploaded_map(json_bytes, "carte.JSON")
    assert converted.startswith("format_version") and again.step("s1").name == "Visit"


def test_errors_name_the_upload_its_line_and_field_in_both_languages() -> None:
    try:
        read_uploaded_map(b"journey:\n  title: X\nsteps:\n  - name: 3\n", "/tmp/../x/carte.yml")
    except MapFileError as exc:
        english, french = exc.message("en"), exc.message("fr")
    else:
        raise AssertionError("a wrong field must be refused")
    assert english.startswith("carte.yml:") and "line 4" in english and "steps[0].name" in english
    assert french.startswith("carte.yml :") and "ligne 4" in french


def test_limits_and_names() -> None:
    for data, name in ((b"\xff\xfe", "a.yaml"), (b"#" * (5 * 1024 * 1024 + 1), "a.yaml")):
        try:
            read_uploaded_map(data, name)
        except MapFileError as exc:
            assert exc.file == "a.yaml"
        else:
            raise AssertionError("must be refused")
    assert display_name("..\\..\\x\x00.yaml") == "x.yaml"
    assert display_name("/") == "upload"
