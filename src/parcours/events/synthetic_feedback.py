"""Seeded synthetic survey answers for the bank demo, with facts planted to be found.

:func:`generate_feedback` answers surveys sent after the step visits of a step-matched
event log (:func:`~parcours.events.synthetic.generate_events` with ``with_steps=True``).
A visit of a surveyed step is answered with probability ``response_rate``, between 30
minutes and two days after it. Each answer has a CSAT (1-5), an NPS (0-10) for one
answer in three, a CES (1-7) after a support contact, and a verbatim in French or English
for most answers; the ``step`` column names the step (its name or id) for 70 % of the
answers, and is empty otherwise (the answer is then placed by the customer's position).

The scores follow the map's estimated emotions (mean CSAT ``3 + 0.9 × emotion``, so that
the measured emotion is close to the estimated one) plus
three planted facts (:class:`PlantedFacts`), which an analysis must find:

- **poor phone support, good chat support**: 20 % of the customers who reached
  ``support_after`` contact support 1 to 30 days later and rate it (hot IVR / chat rating,
  not in the event log; the ``step`` column always names the support step): half by
  phone, averaging CSAT 2 (CES 2.5), half by chatbot, averaging CSAT 4.4 (CES 5.8);
- **a recent drop**: at ``drop_step``, answers of the last ``recent_days`` before the end of
  the log average 1.8 points less than before (cards declined);
- **a fee irritant**: at ``fee_step``, half of the verbatims complain about fees (varied
  wording, negations, French and English), with low scores.

>>> from datetime import datetime
>>> import pyarrow as pa
>>> from parcours.events.synthetic import generate_events
>>> from parcours.templates.registry import template_text
>>> from parcours.io import loads_map
>>> m = loads_map(template_text("bank-account", "en"), fmt="yaml")
>>> log = pa.Table.from_batches(list(generate_events(m, customers=300, seed=3,
...     start=datetime(2026, 1, 1), period_days=90, with_steps=True)))
>>> answers = generate_feedback(m, log, seed=3)
>>> answers.column_names[:4], answers.num_rows > 100
(['customer_id', 'answered_at', 'step', 'channel'], True)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa

from parcours.model import JourneyMap, Step


@dataclass(frozen=True)
class PlantedFacts:
    """Where :func:`generate_feedback` plants its facts (step ids of the bank map)."""

    support_step: str = "s-support"
    phone_channel: str = "phone"
    chat_channel: str = "chatbot"
    drop_step: str = "s-first-payment"
    fee_step: str = "s-monthly"
    recent_days: int = 28
    support_after: str = "s-welcome"
    """Customers who reached this step contact support with ``support_share``: their
    answers come from the telephony / chat tool (hot IVR or chat rating), not the log."""
    support_share: float = 0.2


BANK_FACTS = PlantedFacts()

POSITIVE = {
    "fr": [
        "Très simple, rien à redire.",
        "Rapide et clair, merci !",
        "Parfait, je recommande.",
        "Franchement bien fait.",
        "Aucun souci, tout a fonctionné du premier coup.",
    ],
    "en": [
        "Very easy, nothing to complain about.",
        "Quick and clear, thanks!",
        "Great experience, I would recommend it.",
        "Honestly well done.",
        "No problem at all, it worked first time.",
    ],
}
NEUTRAL = {
    "fr": ["Correct.", "Ça va, sans plus.", "Rien de spécial.", "C'était ok dans l'ensemble."],
    "en": ["Fine.", "It was ok, nothing more.", "Nothing special.", "Mostly fine overall."],
}
NEGATIVE = {
    "fr": [
        "Pas clair du tout, j'ai dû recommencer.",
        "Trop long, je ne suis pas satisfait.",
        "Déçu, ce n'est pas ce qu'on m'avait promis.",
        "Rien ne marchait, c'est pénible.",
    ],
    "en": [
        "Not clear at all, I had to start again.",
        "Far too long, I am not satisfied.",
        "Disappointed, not what I was promised.",
        "Nothing worked, very annoying.",
    ],
}
PHONE = {
    "fr": [
        "45 minutes d'attente au téléphone avant d'avoir quelqu'un.",
        "Au téléphone, on m'a transféré trois fois sans solution.",
        "Conseiller injoignable, j'ai rappelé quatre fois.",
        "Personne au bout du fil ne savait répondre.",
    ],
    "en": [
        "Waited 40 minutes on the phone before anyone answered.",
        "Transferred three times on the phone, no solution.",
        "Could not reach an adviser, I called four times.",
        "Nobody on the line knew the answer.",
    ],
}
CHAT = {
    "fr": [
        "Le chat m'a répondu en deux minutes, problème réglé.",
        "Réponse rapide et précise sur le chat, bravo.",
        "Carte bloquée puis débloquée via le chat en un instant.",
    ],
    "en": [
        "The chat answered in two minutes, problem solved.",
        "Quick and precise answer on the chat, well done.",
        "Card blocked and unblocked through the chat in no time.",
    ],
}
DECLINED = {
    "fr": [
        "Ma carte a été refusée en caisse, j'ai eu honte.",
        "Paiement refusé deux fois alors que mon compte est approvisionné.",
        "La validation 3D Secure n'arrive jamais, impossible de payer.",
    ],
    "en": [
        "My card was declined at the till, embarrassing.",
        "Payment refused twice although my account has money.",
        "The 3D Secure check never arrives, I cannot pay.",
    ],
}
FEES = {
    "fr": [
        "On m'a prélevé des frais de tenue de compte jamais annoncés.",
        "Frais prélevés deux fois ce mois-ci, personne ne m'a prévenu.",
        "Les frais ne sont pas du tout clairs, je ne m'y attendais pas.",
        "« Sans frais » disaient-ils... et 9 € de frais de carte ce mois-ci.",
        "Je ne comprends pas ces frais d'inactivité.",
    ],
    "en": [
        "I was charged an account fee that was never mentioned.",
        "Fees taken twice this month and nobody warned me.",
        "The fees are not clear at all, I did not expect them.",
        "'No fees' they said... and a 9 EUR card fee this month.",
        "I don't understand these inactivity charges.",
    ],
}


def _choice(rng: np.random.Generator, texts: dict[str, list[str]], lang: str) -> str:
    options = texts[lang]
    return options[int(rng.integers(len(options)))]


def generate_feedback(
    journey_map: JourneyMap,
    events: pa.Table,
    *,
    seed: int = 0,
    response_rate: float = 0.3,
    facts: PlantedFacts = BANK_FACTS,
) -> pa.Table:
    """Survey answers to the step visits of ``events`` (matched schema), facts planted.

    Columns: ``customer_id``, ``answered_at`` (ISO 8601 with ``Z``), ``step`` (name, id
    or empty), ``channel``, ``segment``, ``csat``, ``nps``, ``ces``, ``verbatim``, ``lang``.
    The same arguments give the same rows.
    """
    rng = np.random.default_rng(seed)
    steps = {s.id: s for s in journey_map.steps}
    estimated = {
        s.id: (sum(e.score for e in s.emotions) / len(s.emotions) if s.emotions else 0.0)
        for s in journey_map.steps
    }
    rows = events.select(["case_id", "timestamp", "step", "channel", "segment"]).to_pylist()
    visits = [r for r in rows if r["step"] in steps]
    out: dict[str, list[object]] = {name: [] for name in _COLUMNS}
    if not visits:
        return _table(out)
    end = max(r["timestamp"] for r in visits)
    recent_from = end - timedelta(days=facts.recent_days)
    seen: set[tuple[str, str]] = set()
    for visit in visits:
        key = (visit["case_id"], visit["step"])
        step_id = visit["step"]
        if key in seen or step_id == facts.support_step or rng.random() >= response_rate:
            continue
        seen.add(key)
        answered = visit["timestamp"] + timedelta(minutes=float(rng.uniform(30, 2880)))
        lang = "fr" if rng.random() < 0.6 else "en"
        mean = 3.0 + 0.9 * estimated[step_id]
        texts: dict[str, list[str]] | None = None
        if step_id == facts.drop_step and visit["timestamp"] >= recent_from:
            mean, texts = mean - 1.8, DECLINED
        elif step_id == facts.fee_step and rng.random() < 0.5:
            mean, texts = 1.8, FEES
        csat = _clipped(rng.normal(mean, 0.8), 1, 5)
        if texts is None:
            texts = POSITIVE if csat >= 4 else NEUTRAL if csat == 3 else NEGATIVE
        answer = _Answer(step_id, answered, visit["channel"] or "", csat, None, texts, lang)
        _append(rng, out, visit, steps, answer)
    _support_answers(rng, visits, end, steps, facts, out)
    return _table(out)


@dataclass(frozen=True)
class _Answer:
    step: str
    answered: datetime
    channel: str
    csat: int
    ces: float | None
    texts: dict[str, list[str]]
    lang: str
    named: bool = False
    """Always name the step (support ratings come from the tool of the contact)."""


def _support_answers(
    rng: np.random.Generator,
    visits: list[dict[str, Any]],
    end: datetime,
    steps: dict[str, Step],
    facts: PlantedFacts,
    out: dict[str, list[object]],
) -> None:
    """Hot ratings after support contacts (half by phone, half by chat): planted fact 1."""
    if facts.support_step not in steps:
        return
    for visit in visits:
        if visit["step"] != facts.support_after or rng.random() >= facts.support_share:
            continue
        moment = visit["timestamp"] + timedelta(days=float(rng.uniform(1, 30)))
        if moment > end:
            continue
        lang = "fr" if rng.random() < 0.6 else "en"
        if rng.random() < 0.5:
            channel, mean, texts, ces_mean = facts.phone_channel, 2.0, PHONE, 2.5
        else:
            channel, mean, texts, ces_mean = facts.chat_channel, 4.4, CHAT, 5.8
        csat = _clipped(rng.normal(mean, 0.8), 1, 5)
        ces = float(_clipped(rng.normal(ces_mean, 0.9), 1, 7))
        answer = _Answer(facts.support_step, moment, channel, csat, ces, texts, lang, named=True)
        _append(rng, out, visit, steps, answer)


def _append(
    rng: np.random.Generator,
    out: dict[str, list[object]],
    visit: dict[str, Any],
    steps: dict[str, Step],
    answer: _Answer,
) -> None:
    nps = _clipped(rng.normal(2.5 * answer.csat - 2.5, 1.2), 0, 10)
    named = 0.0 if answer.named else rng.random()
    step = steps[answer.step]
    out["customer_id"].append(visit["case_id"])
    out["answered_at"].append(answer.answered.strftime("%Y-%m-%dT%H:%M:%SZ"))
    out["step"].append(step.name if named < 0.5 else step.id if named < 0.7 else "")
    out["channel"].append(answer.channel)
    out["segment"].append(visit["segment"] or "")
    out["csat"].append(answer.csat)
    out["nps"].append(nps if rng.random() < 1 / 3 else None)
    out["ces"].append(answer.ces)
    text = _choice(rng, answer.texts, answer.lang) if rng.random() < 0.8 else ""
    out["verbatim"].append(text)
    out["lang"].append(answer.lang)


def _clipped(value: float, low: int, high: int) -> int:
    """``value`` rounded, then kept within ``low`` and ``high`` (plain Python: NumPy's
    ``clip`` on one number cost more than the rest of an answer).

    >>> _clipped(5.6, 1, 5), _clipped(0.2, 1, 5), _clipped(2.5, 1, 5)
    (5, 1, 2)
    """
    return min(max(round(value), low), high)


def _table(out: dict[str, list[object]]) -> pa.Table:
    return pa.table(
        {name: pa.array(values, _TYPES.get(name, pa.string())) for name, values in out.items()}
    )


_COLUMNS = (
    "customer_id",
    "answered_at",
    "step",
    "channel",
    "segment",
    "csat",
    "nps",
    "ces",
    "verbatim",
    "lang",
)
_TYPES = {"csat": pa.int64(), "nps": pa.int64(), "ces": pa.float64()}
