"""Themes of verbatims: short human labels per step and polarity, with counts, trend, quotes.

Two passes, both deterministic:

1. A catalogue of themes, each a combination of concepts (:mod:`.concepts`), most specific
   first: "frais à l'étranger" needs ``fees`` and ``abroad``, "attente au téléphone" needs
   ``phone`` and ``wait``, "frais et tarifs" needs ``fees`` only. A verbatim takes the first
   theme whose concepts it all mentions.
2. Keyword extraction for the rest: within one step and polarity, the verbatim takes its
   content word that most other verbatims of the group share (key ``kw:word``); a word no
   other verbatim shares leaves it in ``other``.

People's corrections (:class:`parcours.model.theme.ThemeOverride`) are applied last:
merge, rename, pin.

>>> theme_of(("frais", "a", "l", "etranger", "trop", "chers"))
'fees_abroad'
>>> THEMES["fees_abroad"].label("fr")
"frais à l'étranger"
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final, Literal

from parcours.analytics.text.concepts import concepts_of
from parcours.analytics.text.lexicon import STOPWORDS_EN, STOPWORDS_FR, WORD_SCORES
from parcours.analytics.text.sentiment import Polarity
from parcours.model.theme import ThemeAction, ThemeOverride

OTHER: Final = "other"
"""Key of the verbatims no theme describes."""

Period = Literal["week", "month"]


@dataclass(frozen=True)
class ThemeDefinition:
    """A catalogue theme: the concepts it needs and its labels."""

    key: str
    concepts: frozenset[str]
    label_fr: str
    label_en: str

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``fr`` or ``en``)."""
        return self.label_fr if lang == "fr" else self.label_en


def _catalogue() -> dict[str, ThemeDefinition]:
    rows = (
        ("fees_abroad", "fees abroad", "frais à l'étranger", "fees abroad"),
        ("fees_abroad", "payment abroad", "frais à l'étranger", "fees abroad"),
        ("double_debit", "debit twice", "prélèvement en double", "double charge"),
        ("double_debit", "payment twice", "prélèvement en double", "double charge"),
        ("hidden_fees", "fees hidden", "frais cachés", "hidden fees"),
        (
            "document_rejected",
            "identity rejected",
            "pièce justificative refusée",
            "document rejected",
        ),
        ("phone_wait", "phone wait", "attente au téléphone", "waiting on the phone"),
        ("chatbot", "chat", "chatbot et chat", "chatbot and chat"),
        ("card_blocked", "card blocked", "carte perdue ou bloquée", "lost or blocked card"),
        ("card_delivery", "card delivery", "réception de la carte", "card delivery"),
        ("pin_activation", "pin", "activation et code PIN", "activation and PIN"),
        ("app_bugs", "bug", "bugs de l'application", "app bugs"),
        ("overdraft", "overdraft", "découvert et agios", "overdraft"),
        ("refund", "refund", "remboursement", "refund"),
        ("bank_switch", "switch", "changement de banque", "bank switching"),
        ("identity_check", "identity", "vérification d'identité", "identity check"),
        ("e_signature", "signature", "signature du contrat", "contract signature"),
        ("first_deposit", "deposit", "premier versement", "first deposit"),
        ("transfer", "transfer", "virements", "transfers"),
        ("simulator", "simulate", "simulateur de frais", "fee simulator"),
        ("comparator", "comparator", "comparateurs", "comparison sites"),
        ("referral", "referral", "parrainage et montée en gamme", "referral and upgrade"),
        ("fees", "fees", "frais et tarifs", "fees and prices"),
        ("phone_support", "phone", "support téléphonique", "phone support"),
        ("form", "form", "formulaire d'inscription", "sign-up form"),
        ("card_payment", "payment", "paiement", "payment"),
        ("statements", "statement", "relevés de compte", "statements"),
        ("advertising", "ad", "publicité", "advertising"),
        ("faq_reviews", "faq", "FAQ et avis", "FAQ and reviews"),
        ("welcome", "welcome", "bienvenue et accès", "welcome and access"),
        ("password_access", "password", "mot de passe et accès", "password and access"),
        ("laptop", "laptop", "poste de travail", "laptop and equipment"),
        ("ticket", "ticket", "traitement des tickets", "ticket handling"),
        ("returns", "return", "retours et échanges", "returns and exchanges"),
        ("stock", "stock", "disponibilité en stock", "stock availability"),
        ("order_delivery", "delivery", "livraison", "delivery"),
        ("order_delivery", "order", "livraison", "delivery"),
        ("store", "store", "magasin et caisse", "store and checkout"),
        ("loyalty", "loyalty", "programme de fidélité", "loyalty programme"),
        ("product", "product", "qualité des produits", "product quality"),
        ("adviser", "adviser", "conseillers", "advisers"),
        ("mobile_app", "app", "application mobile", "mobile app"),
        ("card", "card", "carte bancaire", "bank card"),
        ("waiting", "wait", "délais", "waiting times"),
    )
    return {
        f"{key}#{i}": ThemeDefinition(key, frozenset(concepts.split()), fr, en)
        for i, (key, concepts, fr, en) in enumerate(rows)
    }


_RULES: Final = tuple(_catalogue().values())
THEMES: Final[dict[str, ThemeDefinition]] = {}
for _rule in _RULES:
    THEMES.setdefault(_rule.key, _rule)
"""Catalogue themes by key (the first rule of each key gives its labels)."""


def theme_of(tokens: tuple[str, ...]) -> str | None:
    """The catalogue theme of a tokenized verbatim, or None."""
    found = concepts_of(tokens)
    for rule in _RULES:
        if rule.concepts <= found:
            return rule.key
    return None


@dataclass(frozen=True)
class ThemeItem:
    """One verbatim as the theme builder needs it."""

    text: str
    tokens: tuple[str, ...]
    step: str | None
    polarity: Polarity
    valence: float
    day: date | None


@dataclass(frozen=True)
class Theme:
    """A theme of one step and polarity."""

    key: str
    label: str
    step: str | None
    polarity: Polarity
    count: int
    share: float
    """count / verbatims of the step with this polarity (0 when there are none)."""
    trend: tuple[tuple[date, int], ...]
    """(period start, count) for each period from the first to the last dated verbatim."""
    quotes: tuple[str, ...]
    pinned: bool = False
    merged_from: tuple[str, ...] = ()
    members: tuple[int, ...] = field(default=(), repr=False)
    """Indices of the verbatims in the theme (in the input order)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with stable keys."""
        return {
            "key": self.key,
            "label": self.label,
            "step": self.step,
            "polarity": self.polarity.value,
            "count": self.count,
            "share": self.share,
            "trend": [[d.isoformat(), n] for d, n in self.trend],
            "quotes": list(self.quotes),
            "pinned": self.pinned,
            "merged_from": list(self.merged_from),
        }


def period_start(day: date, period: Period) -> date:
    """The first day of the week (Monday) or month of ``day``.

    >>> period_start(date(2026, 12, 3), "week"), period_start(date(2026, 12, 3), "month")
    (datetime.date(2026, 11, 30), datetime.date(2026, 12, 1))
    """
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _keywords(items: Sequence[ThemeItem], indices: list[int]) -> dict[int, str]:
    """Keyword themes for the verbatims no catalogue theme describes (one group)."""
    words = {
        i: sorted(
            {
                t
                for t in items[i].tokens
                if len(t) > 3
                and not t.isdigit()
                and t not in STOPWORDS_FR
                and t not in STOPWORDS_EN
                and t not in WORD_SCORES
            }
        )
        for i in indices
    }
    frequency = Counter(w for ws in words.values() for w in ws)
    chosen: dict[int, str] = {}
    for i, ws in words.items():
        best = max(ws, key=lambda w: (frequency[w], w), default=None)
        chosen[i] = f"kw:{best}" if best is not None and frequency[best] > 1 else OTHER
    return chosen


def theme_keys(items: Sequence[ThemeItem]) -> list[str]:
    """The theme key of every verbatim (catalogue first, then keywords within a group)."""
    keys: list[str | None] = [theme_of(item.tokens) for item in items]
    groups: dict[tuple[str | None, Polarity], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key is None:
            groups[(items[i].step, items[i].polarity)].append(i)
    for indices in groups.values():
        for i, key in _keywords(items, indices).items():
            keys[i] = key
    return [k or OTHER for k in keys]


def _override_applies(override: ThemeOverride, step: str | None) -> bool:
    return override.step is None or override.step == step


def _merged(key: str, step: str | None, overrides: Sequence[ThemeOverride]) -> str:
    seen = {key}
    for _ in range(len(overrides)):
        target = next(
            (
                o.into
                for o in overrides
                if o.action is ThemeAction.MERGE
                and o.theme == key
                and o.into
                and _override_applies(o, step)
            ),
            None,
        )
        if target is None or target in seen:
            break
        key = target
        seen.add(key)
    return key


def _label(key: str, step: str | None, lang: str, overrides: Sequence[ThemeOverride]) -> str:
    for o in overrides:
        if (
            o.theme == key
            and o.label
            and o.action is not ThemeAction.MERGE
            and _override_applies(o, step)
        ):
            return o.label
    if key in THEMES:
        return THEMES[key].label(lang)
    if key.startswith("kw:"):
        return key[3:]
    return "autres" if lang == "fr" else "other"


def _quotes(items: Sequence[ThemeItem], members: list[int], count: int = 3) -> tuple[str, ...]:
    """The most clear-cut, mid-length verbatims of a theme, no duplicates."""
    ranked = sorted(
        members,
        key=lambda i: (
            -round(abs(items[i].valence), 1),
            abs(len(items[i].text) - 90),
            items[i].text,
        ),
    )
    quotes: list[str] = []
    for i in ranked:
        if items[i].text.strip() and items[i].text not in quotes:
            quotes.append(items[i].text)
        if len(quotes) == count:
            break
    return tuple(quotes)


def _trend(
    items: Sequence[ThemeItem], members: list[int], periods: list[date], period: Period
) -> tuple[tuple[date, int], ...]:
    counts = Counter(period_start(d, period) for i in members if (d := items[i].day) is not None)
    return tuple((p, counts.get(p, 0)) for p in periods)


def _periods(items: Sequence[ThemeItem], period: Period) -> list[date]:
    days = [item.day for item in items if item.day is not None]
    if not days:
        return []
    current, last = period_start(min(days), period), period_start(max(days), period)
    periods = []
    while current <= last:
        periods.append(current)
        current = period_start(current + timedelta(days=7 if period == "week" else 32), period)
    return periods


def build_themes(
    items: Sequence[ThemeItem],
    *,
    lang: str = "en",
    overrides: Sequence[ThemeOverride] = (),
    period: Period = "month",
    keys: Sequence[str] | None = None,
    step_order: Iterable[str] = (),
) -> tuple[Theme, ...]:
    """Group verbatims into themes per step and polarity; apply the overrides.

    Themes are ordered by step (``step_order``, then the others by id, unassigned last),
    polarity (negative, positive, neutral), pinned first, count descending, key.
    """
    keys = list(keys) if keys is not None else theme_keys(items)
    groups: dict[tuple[str | None, Polarity, str], list[int]] = defaultdict(list)
    origins: dict[tuple[str | None, Polarity, str], set[str]] = defaultdict(set)
    for i, (item, key) in enumerate(zip(items, keys, strict=True)):
        final = _merged(key, item.step, overrides)
        groups[(item.step, item.polarity, final)].append(i)
        if final != key:
            origins[(item.step, item.polarity, final)].add(key)
    totals = Counter((item.step, item.polarity) for item in items)
    periods = _periods(items, period)
    pins = [o for o in overrides if o.action is ThemeAction.PIN]
    for pin in pins:
        if not any(k[2] == pin.theme and _override_applies(pin, k[0]) for k in groups):
            for polarity in (Polarity.NEGATIVE, Polarity.POSITIVE):
                groups[(pin.step, polarity, pin.theme)] = []
    themes = [
        Theme(
            key=key,
            label=_label(key, step, lang, overrides),
            step=step,
            polarity=polarity,
            count=len(members),
            share=round(len(members) / totals[(step, polarity)], 4)
            if totals[(step, polarity)]
            else 0.0,
            trend=_trend(items, members, periods, period),
            quotes=_quotes(items, members),
            pinned=any(p.theme == key and _override_applies(p, step) for p in pins),
            merged_from=tuple(sorted(origins.get((step, polarity, key), ()))),
            members=tuple(members),
        )
        for (step, polarity, key), members in groups.items()
    ]
    order = {sid: i for i, sid in enumerate(step_order)}
    polarity_rank = {Polarity.NEGATIVE: 0, Polarity.POSITIVE: 1, Polarity.NEUTRAL: 2}
    themes.sort(
        key=lambda t: (
            t.step is None,
            order.get(t.step or "", len(order)),
            t.step or "",
            polarity_rank[t.polarity],
            not t.pinned,
            -t.count,
            t.key,
        )
    )
    return tuple(themes)
