"""A rich journey map exercising every field of the format (shared by the io tests)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from parcours.io import loads_map
from parcours.model import JourneyMap

RICH_YAML = """\
format_version: 3
id: ouverture-compte
language: fr
journey:
  title: Ouvrir un compte bancaire en ligne
  scope: Un prospect ouvre un compte en ligne avec une carte, en payant le moins de frais
  objective: "Avoir un compte : vite, sans déplacement"
  expectations:
    - Clarté des frais
    - Réponse en moins de 48 h
  owner: Équipe Expérience client
  created: 2024-01-15
  updated: 2024-03-02
  timezone: Europe/Paris
personas:
  - id: p-lea
    name: Léa, 24 ans
    description: |-
      Étudiante, très mobile.
      Compare tout sur son téléphone.
    segment: jeunes-actifs
    goals: [Payer peu de frais]
    needs: [Simplicité, Rapidité]
    frustrations: [Les formulaires papier]
    preferred_channels: [app, social]
    quote: « Je veux tout faire depuis mon téléphone »
  - id: p-marc
    name: Marc, 58 ans
    preferred_channels: [branch, phone]
phases:
  - id: ph-decouverte
    name: Découverte
    kind: discovery
  - id: ph-info
    name: Recherche d'information
    kind: information_search
    description: Le prospect compare les offres
  - id: ph-souscription
    name: Souscription
    kind: purchase
  - id: ph-attente
    name: Attente
    kind: custom
    before_purchase: false
steps:
  - id: s-pub
    name: Voir une publicité
    phase: ph-decouverte
    actions:
      - Voit une publicité sur un réseau social
      - "Clique sur le lien #promo"
    touchpoints:
      - id: tp-pub
        channel: social
        name: Publicité Instagram
        owner_team: Marketing
    emotions:
      - persona: p-lea
        score: 1
        word: curieuse
      - persona: p-marc
        score: 0
    enchantments:
      - text: Offre de bienvenue claire
  - id: s-simuler
    name: "Simuler les frais : carte et compte"
    phase: ph-info
    description: |-
      Le prospect ouvre le simulateur.
      Il saisit son usage de carte; le calcul s'affiche.
    actions: [Ouvre le simulateur, Saisit son usage de carte]
    customer_goal: Connaître le coût annuel
    moment_of_truth: true
    touchpoints:
      - channel: web
        name: Simulateur de frais
    emotions:
      - persona: p-lea
        score: -1
        word: inquiète
        reason: Frais cachés ?
      - persona: p-marc
        score: -2
        reason: Trop de jargon
    irritants:
      - id: irr-jargon
        text: Jargon bancaire incompréhensible
        severity: 3
      - text: =Frais de tenue de compte non affichés
    data_collected:
      - id: d-usage
        name: Usage de carte estimé
        category: behavioural
        purpose: Calcul des frais
        system: Web analytics
    stakeholders:
      - id: sh-digital
        name: Équipe digitale
        office: back
        deliverable: Grille tarifaire à jour
    blueprint:
      evidence: [Écran du simulateur]
      frontstage: [Simulateur]
      backstage: [Mise à jour des tarifs]
      support: [Service juridique]
      systems: [CMS, Moteur tarifaire]
    metrics:
      - id: m-conv
        name: Taux de conversion
        unit: '%'
        source: Web analytics
        target: 60
        alert_threshold: 40.5
        measure: conversion_from_previous
      - name: Délai médian
        unit: s
        direction: lower_is_better
        measure: delay_median_seconds
    events:
      - activity: simulator_opened
        channel: web
      - pattern: ^simul.*
    custom:
      lane-regles: Règle RGPD n°3
  - id: s-formulaire
    name: Remplir le formulaire
    phase: ph-souscription
    breaking_point: true
    emotions:
      - persona: p-lea
        score: -2
    irritants:
      - id: irr-champs
        text: Trop de champs obligatoires
    custom:
      lane-regles: "Pièces : identité, domicile"
      lane-delai: 10 min
  - id: s-agence
    name: Signer en agence
    phase: ph-souscription
    alternative_of: s-formulaire
  - id: s-rejet
    name: Justificatif rejeté
    phase: ph-souscription
    role: exception
    returns_to: s-formulaire
    review: "Proposé par parcours discover : revient vers « Remplir le formulaire »"
  - id: s-attendre
    name: Attendre la carte
    phase: ph-attente
    role: optional
  - id: s-ouvert
    name: Compte ouvert
    phase: ph-attente
    role: outcome
    outcome: success
listening_points:
  - id: lp-simul
    step: s-simuler
    questions:
      - Le coût annuel est-il clair ?
      - Que manque-t-il ?
    medium: in_app
    target: Prospects ayant simulé
    timing: dans l'heure
    frequency: en continu
    alert_threshold:
      indicator: CSAT
      comparator: below
      value: 80
      unit: '%'
  - step: s-formulaire
    medium: email_hot
opportunities:
  - id: opp-simulateur
    title: Simulateur en langage clair
    description: Réécrire les libellés avec des clients
    steps: [s-simuler]
    irritants: [irr-jargon]
    impact: 5
    effort: 2
    owner: Digital
    status: planned
  - title: Formulaire allégé
    steps: [s-formulaire]
    irritants: [irr-champs]
custom_lanes:
  - id: lane-regles
    name: Règles métier
    description: Contraintes réglementaires
  - id: lane-delai
    name: Délai
measurements:
  - id: snap-2024-03
    taken_at: 2024-03-31 22:00:00+00:00
    source: events-2024-03.csv
    period_start: 2024-03-01 00:00:00+00:00
    period_end: 2024-03-31 00:00:00+00:00
    values:
      - step: s-simuler
        measure: conversion_from_previous
        value: 0.62
      - measure: customers
        value: 1520
        segment: jeunes-actifs
      - step: s-formulaire
        measure: nps
        value:
  - id: snap-empty
    taken_at: 2024-04-30 22:00:00+00:00
extensions:
  outil-interne:
    couleur: '#1F4E79'
    poids: 1.0
"""


@pytest.fixture
def rich_yaml() -> str:
    """The rich map as YAML text."""
    return RICH_YAML


@pytest.fixture
def rich_map() -> JourneyMap:
    """The rich map, validated."""
    return loads_map(RICH_YAML, fmt="yaml", source="rich.yaml")


# The statements of a Mermaid `journey` diagram (its lexer excludes these characters).
TITLE = re.compile(r"^    title [^#\n;]+$")
SECTION = re.compile(r"^    section [^#:\n;]+$")
TASK = re.compile(r"^      (?P<name>[^#:\n;]+): (?P<score>[1-5])(?:: (?P<actors>[^#:\n;]+))?$")
ENTITY = re.compile(r"#\d+;")


def _check_journey(source: str) -> list[re.Match[str]]:
    """Check Mermaid `journey` source statement by statement; return the task matches."""
    lines = source.splitlines()
    assert lines[0] == "journey"
    tasks = []
    for line in lines[1:]:
        plain = ENTITY.sub("x", line)  # Mermaid decodes entity codes after parsing
        if plain.startswith("    title "):
            assert TITLE.match(plain), line
        elif plain.startswith("    section "):
            assert SECTION.match(plain), line
        else:
            match = TASK.match(plain)
            assert match, line
            tasks.append(match)
    return tasks


@pytest.fixture
def assert_valid_journey() -> Callable[[str], list[re.Match[str]]]:
    """The structural checker of Mermaid journey diagrams."""
    return _check_journey
