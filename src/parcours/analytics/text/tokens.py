"""Tokens of a verbatim: lower case, accents folded, elisions split.

Every other module of :mod:`parcours.analytics.text` matches words on these folded
tokens, so that "Frais à l'étranger", "frais a l'etranger" and "FRAIS À L’ÉTRANGER"
read alike.

>>> tokenize("On m'a prélevé DEUX fois : 45 min d’attente !")
('on', 'm', 'a', 'preleve', 'deux', 'fois', '45', 'min', 'd', 'attente')
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"’": "'", "`": "'", "´": "'"})
_LATIN = str.maketrans(
    "àâäáãåéèêëíìîïóòôöõúùûüçñÿý", "aaaaaaeeeeiiiiooooouuuucnyy", ""
) | str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case without accents.

    >>> fold("Évidemment, ŒUVRE")
    'evidemment, oeuvre'
    """
    lowered = text.lower().translate(_LATIN)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str) -> tuple[str, ...]:
    """The folded word tokens of ``text`` (digits kept, punctuation dropped)."""
    return tuple(_WORD.findall(fold(text.translate(_APOSTROPHES))))


def clauses(text: str) -> list[tuple[str, ...]]:
    """``text`` cut into clauses at sentence punctuation, each tokenized.

    >>> clauses("Rapide. Mais cher !")
    [('rapide',), ('mais', 'cher')]
    """
    parts = re.split(r"[.;!?\n]+|,\s+(?=(?:mais|but|however|cependant|par contre)\b)", text)
    return [t for t in (tokenize(p) for p in parts) if t]


def stem(token: str) -> str:
    """A crude FR/EN stem: the first six letters once a plural ``s`` / ``x`` is dropped.

    >>> stem("virements"), stem("transfers"), stem("livraison")
    ('vireme', 'transf', 'livrai')
    """
    if len(token) > 4 and token[-1] in "sx":
        token = token[:-1]
    return token[:6]
