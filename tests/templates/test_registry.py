"""The template registry: names, languages, text and errors."""

from __future__ import annotations

import pytest

from parcours.errors import ParcoursError
from parcours.templates import (
    TEMPLATE_LANGUAGES,
    TEMPLATE_NAMES,
    UnknownTemplateError,
    available,
    template_file_name,
    template_text,
)


def test_names_and_languages() -> None:
    assert TEMPLATE_NAMES == ("bank-account", "ecommerce", "it-laptop", "employee")
    assert set(TEMPLATE_LANGUAGES) == {"fr", "en"}


def test_available_lists_every_template_in_every_language() -> None:
    infos = available()
    assert {(i.name, i.language) for i in infos} == {
        (n, lang) for n in TEMPLATE_NAMES for lang in TEMPLATE_LANGUAGES
    }
    for info in infos:
        assert info.title and info.description
        assert "\n" not in info.description


def test_available_titles_are_translated() -> None:
    titles = {(i.name, i.language): i.title for i in available()}
    assert titles[("bank-account", "fr")] == "Ouvrir un compte dans une banque en ligne"
    assert titles[("bank-account", "en")] == "Open an account with an online bank"
    for name in TEMPLATE_NAMES:
        assert titles[(name, "fr")] != titles[(name, "en")]


def test_template_text_is_the_packaged_file_with_its_comments() -> None:
    text = template_text("bank-account", "fr")
    assert text.startswith("# ")
    assert "language: fr" in text
    assert "parcours check" in text


@pytest.mark.parametrize("name", ["bank", "", "../bank-account", "bank-account.fr"])
def test_unknown_name_lists_the_valid_names(name: str) -> None:
    with pytest.raises(UnknownTemplateError) as caught:
        template_text(name, "fr")
    err = caught.value
    assert isinstance(err, ParcoursError)
    for valid in TEMPLATE_NAMES:
        assert valid in err.message("en")
        assert valid in err.message("fr")
    assert "Unknown template" in err.message("en")
    assert "inconnu" in err.message("fr")


def test_unknown_language_lists_the_languages() -> None:
    with pytest.raises(UnknownTemplateError) as caught:
        template_text("ecommerce", "de")
    err = caught.value
    assert "'de'" in err.message("en")
    assert "fr" in err.message("en") and "en" in err.message("en")
    assert "« de »" in err.message("fr")


def test_file_name() -> None:
    assert template_file_name("employee", "fr") == "employee.fr.yaml"


def test_every_packaged_yaml_file_is_a_registered_template() -> None:
    from importlib import resources

    files = {
        entry.name
        for entry in resources.files("parcours.templates").iterdir()
        if entry.name.endswith(".yaml")
    }
    assert files == {
        template_file_name(n, lang) for n in TEMPLATE_NAMES for lang in TEMPLATE_LANGUAGES
    }
