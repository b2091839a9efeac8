"""Every vocabulary word has a French and an English label."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parcours.i18n import VOCABULARY, Catalog, format_number, format_percent, label, vocabularies


@pytest.mark.parametrize("enum", vocabularies(), ids=lambda e: e.__name__)
def test_every_vocabulary_word_has_labels(enum: type) -> None:
    for member in enum:
        assert member.value in VOCABULARY, f"{enum.__name__}.{member.name} has no label"
        assert label(member, "fr") and label(member, "en")


def test_catalog_refuses_missing_language() -> None:
    with pytest.raises(ValueError, match="no text in: fr"):
        Catalog({"k": {"en": "only English"}})


def test_number_formats_follow_the_language() -> None:
    assert format_number(1234.5, "fr") == "1\u202f234,5"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_percent(0.256, "en") == "26 %" or format_percent(0.256, "en") == "26%"
    assert "26" in format_percent(0.256, "fr")


@pytest.mark.parametrize("value", [1e28, -1e28, 1.7976931348623157e308, 5e-324])
def test_any_float_is_formatted(value: float) -> None:
    # the default 28-digit decimal context raised InvalidOperation from 1e28 up (issue 8)
    digits_only = format_number(value, "en", digits=0).replace(",", "").lstrip("-")
    assert digits_only == str(round(Decimal(repr(abs(value)))))
    assert format_percent(value, "fr").endswith("%")
