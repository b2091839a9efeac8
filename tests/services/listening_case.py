"""A small bank journey with listening points, an event log and survey answers, written
to a folder: a satisfaction drop planted at the identity check in the last week, stable
answers at the support step."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

MAP = """\
format_version: 2
journey:
  title: Compte en ligne
steps:
  - id: s-form
    name: Formulaire
    events: [{activity: open_form}]
  - id: s-kyc
    name: Vérification d'identité
    events: [{activity: kyc_check}]
    metrics:
      - name: Clients satisfaits
        unit: "%"
        alert_threshold: 50
        measure: csat_share
      - name: Conversion
        unit: "%"
        alert_threshold: 50
        measure: conversion_from_previous
  - id: s-support
    name: Support
    events: [{activity: support_contact}]
listening_points:
  - id: lp-kyc
    step: s-kyc
    medium: email_hot
    questions: ["La vérification était-elle simple ? (1 à 5)", "Que pourrions-nous améliorer ?"]
    fatigue_days: 60
    alert_threshold: {indicator: CSAT, comparator: below, value: 3.0, unit: /5}
  - id: lp-support
    step: s-support
    medium: ivr_rating
    survey:
      - {text: "Notez l'aide reçue", scale: csat_1_5}
      - {text: "Recommanderiez-vous la banque ?", scale: nps_0_10}
    alert_threshold: {indicator: Satisfaction, value: 3.0}
"""

START = dt.datetime(2026, 11, 2, 8)
"""A Monday; the log covers four weeks (Nov 2 - Nov 29)."""


def write_case(folder: Path, *, drop: bool = True, customers: int = 560) -> dict[str, Path]:
    """Write map.yaml, events.csv and feedback.csv; return their paths.

    Customer i arrives at START + i hours (20 per day), checks identity 1 h later; one in
    four calls support a day later. Every second kyc customer answers: 5 (satisfied) or 2,
    with 4 satisfied in 5 until the last week, 2 in 5 in it (with ``drop``). Support
    answers are 4 for every other caller.
    """
    events = [("customer_id", "timestamp", "activity", "channel")]
    answers = [("customer_id", "date", "step", "channel", "score", "score_type")]
    last_week = START + dt.timedelta(days=21)
    for i in range(customers):
        case, at = f"c{i:04d}", START + dt.timedelta(hours=i * 24 / 20)
        kyc = at + dt.timedelta(hours=1)
        events += [
            (case, at.isoformat(), "open_form", "web"),
            (case, kyc.isoformat(), "kyc_check", "web"),
        ]
        if i % 2 == 0:
            share = 2 if (drop and kyc >= last_week) else 4
            score = 5 if (i // 2) % 5 < share else 2
            answers.append(
                (case, (kyc + dt.timedelta(hours=2)).isoformat(), "s-kyc", "web", score, "csat")
            )
        if i % 4 == 1:
            call = kyc + dt.timedelta(days=1)
            events.append((case, call.isoformat(), "support_contact", "phone"))
            answers.append(
                (case, (call + dt.timedelta(hours=1)).isoformat(), "Support", "phone", 4, "CSAT")
            )
    paths = {
        "map": folder / "map.yaml",
        "events": folder / "events.csv",
        "feedback": folder / "feedback.csv",
    }
    paths["map"].write_text(MAP, encoding="utf-8")
    for key, rows in (("events", events), ("feedback", answers)):
        with open(paths[key], "w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows(rows)
    return paths
