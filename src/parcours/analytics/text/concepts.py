"""Concepts: what a verbatim talks about, the same in French and English.

A concept (``fees``, ``abroad``, ``phone``, ``wait``...) is triggered by folded words or word
prefixes (``livr*`` matches "livraison", "livrée"). Themes are combinations of concepts and
step assignment compares the concepts of a verbatim with those of each step's text, so a
French verbatim can land on a step of an English map.

>>> sorted(concepts_of(tokenize("Frais à l'étranger, trop chers")))
['abroad', 'fees']
>>> sorted(concepts_of(tokenize("I was charged twice for the card")))
['card', 'debit', 'twice']
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from parcours.analytics.text.tokens import tokenize

__all__ = ["CONCEPT_TRIGGERS", "concepts_of", "tokenize"]

CONCEPT_TRIGGERS: Final[dict[str, str]] = {
    "fees": """frais commission* tarif* cotisation* agios fee fees charges pricing prix price*
        cher chere chers cheres expensive cout* cost* gratuit* abonnement* overpriced pricey""",
    "abroad": """etranger abroad devise* currenc* international* voyage* travel* vacances holiday*
        trip trips""",
    "hidden": """cache caches cachee cachees hidden surprise* prevenir warning unexpected imprevu*
        previen*""",
    "wait": """attente attendre attendu attends attend wait* hold queue delai* delay* retard*
        late lent lente lenteur* slow* longtemps ages""",
    "phone": """telephone tel appel appels appele appeler call calls called calling phone*
        hotline standard decroch* raccroch* line svi ivr rappel* rappele""",
    "chat": """chat chatbot chatbots bot bots tchat messagerie assistant virtual virtuel*
        robot*""",
    "adviser": """conseiller* adviser* advisor* agent agents staff vendeu* personnel employe*
        technicien* technician* interlocut* humain human operat*""",
    "card": """carte cartes card cards cb visa mastercard""",
    "delivery": """livr* deliver* courrier post poste postal colis parcel* envoi envoye* arrive*
        recu recue received receive reception shipping shipped expedi* boite letterbox""",
    "pin": """pin code activ* activat*""",
    "blocked": """bloq* block* opposition vol vole volee stolen perdu perdue lost fraud* suspect*
        pirat* hack*""",
    "identity": """identite identity piece passeport passport selfie photo justificatif*
        document* kyc verification verif* verify verified domicile""",
    "rejected": """rejet* reject* refus* declin* denied""",
    "form": """formulaire* form forms questionnaire champ* field* saisi* inscription
        souscription subscription signup application""",
    "signature": """signature* sign signed signing signer signe contrat* contract* esign""",
    "deposit": """depot* deposit* versement* alimenter aliment* fund funded funding topup""",
    "transfer": """virement* transfer* rib iban beneficiaire* beneficiar* sepa""",
    "switch": """mobilite switch* domiciliation salaire salary""",
    "debit": """preleve* prelevement* debit* charged facture* billed""",
    "twice": """twice doublon* double""",
    "payment": """paiement* payment* payer paye payee pay paid paying terminal tpe contactless
        achat* purchase* commercant* merchant*""",
    "app": """appli* app apps mobile smartphone iphone android update* ecran screen connexion
        login log password""",
    "bug": """bug* crash* plante* plantage beug* freeze* fige* erreur* error* glitch*""",
    "overdraft": """decouvert* overdraft* agios rouge negatif negative""",
    "statement": """releve* statement* extrait* historique history""",
    "refund": """rembours* refund* avoir geste compensation*""",
    "ad": """pub publicite* advert* ad ads annonce* instagram youtube tv tele spot banniere*
        banner*""",
    "comparator": """comparateur* comparison* compare* comparatif* comparing""",
    "faq": """faq avis review reviews trustpilot forum*""",
    "referral": """parrain* filleul* referral* refer referred upgrade* premium metal gold""",
    "simulate": """simul* estimat* calcul*""",
    "welcome": """bienvenue welcome identifiant* credentials onboarding""",
    "order": """commande* order order* panier basket cart checkout""",
    "return": """retour* return* echang* exchang*""",
    "stock": """stock* rupture dispo* available availab* unavailable indisponible*""",
    "store": """magasin* boutique* store* shop* caisse* till cashier* caissier* rayon*""",
    "product": """produit* product* article* item* taille size qualite quality""",
    "loyalty": """fidelite loyalty points""",
    "ticket": """ticket* incident* helpdesk servicedesk""",
    "password": """password* mdp reset reinit* verrouill* locked acces access* vpn droits
        permission*""",
    "laptop": """laptop* ordinateur* pc portable computer* clavier keyboard souris mouse
        poste""",
}
"""Concept -> folded trigger words (``*`` ends a prefix)."""

_PAIRS: Final[dict[tuple[str, str], str]] = {
    ("deux", "fois"): "twice",
    ("2", "fois"): "twice",
    ("two", "times"): "twice",
    ("en", "double"): "twice",
    ("mot", "de"): "password",
    ("sans", "contact"): "payment",
    ("changer", "de"): "switch",
    ("mise", "a"): "app",
    ("service", "client"): "adviser",
    ("customer", "service"): "adviser",
    ("top", "up"): "deposit",
    ("sign", "up"): "form",
}


def _index() -> tuple[dict[str, frozenset[str]], tuple[tuple[str, str], ...]]:
    exact: dict[str, set[str]] = {}
    prefixes: list[tuple[str, str]] = []
    for concept, words in CONCEPT_TRIGGERS.items():
        for word in words.split():
            if word.endswith("*"):
                prefixes.append((word[:-1], concept))
            else:
                exact.setdefault(word, set()).add(concept)
    return {k: frozenset(v) for k, v in exact.items()}, tuple(prefixes)


_EXACT, _PREFIXES = _index()


@lru_cache(maxsize=65536)
def concepts_of_token(token: str) -> frozenset[str]:
    """The concepts one folded token triggers.

    >>> sorted(concepts_of_token("livraison"))
    ['delivery']
    """
    found = set(_EXACT.get(token, ()))
    for prefix, concept in _PREFIXES:
        if token.startswith(prefix):
            found.add(concept)
    return frozenset(found)


_PAIR_STARTS: Final = frozenset(first for first, _ in _PAIRS)


@lru_cache(maxsize=1024)
def concepts_of(tokens: tuple[str, ...]) -> frozenset[str]:
    """The concepts of a tokenized text (single words and a few two-word expressions).

    Cached for a while: themes and step assignment ask for the same verbatim in turn.
    """
    found: set[str] = set()
    for token, following in zip(tokens, (*tokens[1:], ""), strict=False):
        found.update(concepts_of_token(token))
        if token in _PAIR_STARTS and (pair := _PAIRS.get((token, following))):
            found.add(pair)
    return frozenset(found)
