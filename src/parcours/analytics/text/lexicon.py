"""The word lists behind sentiment, themes and step assignment (French and English).

Written for parcours (banking, retail, service desk), folded as :func:`tokens.fold` does:
lower case, no accents. Scores run from -3 (very negative) to +3 (very positive). Domain
words are scored for what customers mean: "frais" (fees) is neutral, never "fresh";
"attente" (wait) is slightly negative; "gratuit" (free of charge) is positive.

>>> WORD_SCORES["arnaque"], WORD_SCORES["frais"] if "frais" in WORD_SCORES else 0.0
(-3.0, 0.0)
"""

from __future__ import annotations

from typing import Final

_NEGATIVE: Final = {
    -3.0: """arnaque arnaques escroc escrocs escroquerie voleurs scandale scandaleux scandaleuse
        honteux honteuse inadmissible inacceptable lamentable catastrophe catastrophique
        nul nulle nuls minable pathetique horrible horribles execrable deplorable degoutant
        scam scammed scammers thieves disgrace disgraceful outrageous unacceptable appalling
        awful terrible dreadful useless pathetic worst horrendous abysmal disgusting""",
    -2.0: """mauvais mauvaise mediocre decu decue decevant decevante deception colere furieux
        furieuse enerve enervee agace agacee exaspere exasperee penible incompetent
        incompetente incompetents incompetence injoignable impossible inutile fuyez fuir
        lamentablement honte galere cauchemar cauchemardesque plante plantee plantage
        bad poor disappointed disappointing disappointment angry furious annoyed annoying
        frustrated frustrating frustration incompetent unreachable nightmare hopeless rude
        crashed crashes crashing crash mess ridiculous shocking shocked fed rubbish
        impolie impoli desagreable meprisant arrogant insupportable avoid broke bugue
        buggue""",
    -1.5: """probleme problemes souci soucis erreur erreurs bug bugs beug bug bloque bloquee
        bloques refuse refusee refus rejete rejetee perdu perdue perdus perte retard retards
        lent lente lents lenteur lenteurs complique compliquee compliques confus confuse
        illisible incomprehensible cher chere chers cheres couteux couteuse raccroche
        problem problems issue issues error errors bug buggy blocked declined rejected refused
        lost delay delayed delays late slow slowly complicated confusing unclear expensive
        overpriced pricey costly hung worse broken fails failed failure fault faulty wrong
        defectueux defectueuse casse cassee abime abimee stressant stress inquiet inquiete
        worried worrying stressful unhelpful careless laborious tedious failing pain
        indisponible unavailable denied recommencer""",
    -1.0: """dommage helas malheureusement attente attendre attendu attends longue
        longtemps relance relancer relances oubli oublie oubliee difficile difficiles
        manque insuffisant flou vague cache caches cachee cachees surprise agios penalite
        unfortunately sadly wait waited waiting hold queue hard difficult lacking missing
        hidden unexpected penalty penalties tiresome clunky awkward meh bof
        mitige mixed mediocrity ratee""",
}

_POSITIVE: Final = {
    3.0: """excellent excellente excellents parfait parfaite parfaitement genial geniale
        genialissime formidable exceptionnel exceptionnelle merveilleux merveilleuse
        fantastique top extraordinaire bluffant
        excellent perfect perfectly brilliant amazing awesome fantastic outstanding superb
        wonderful exceptional flawless""",
    2.0: """super bien tres_bien satisfait satisfaite ravi ravie content contente heureux
        heureuse efficace efficaces rapide rapides rapidement facile facilement simple
        simplement fluide pratique clair claire claires clairs agreable aimable aimables
        sympa sympathique chaleureux chaleureuse professionnel professionnelle
        reactif reactive reactifs competent competente serviable bravo merci recommande
        recommander recommandee impeccable nickel gratuit gratuite gratuits gratuites
        transparent transparente transparence ecoute rassurant rassure rassuree
        great good nice happy pleased satisfied glad fast quick quickly easy easily smooth
        simple clear friendly helpful kind polite professional efficient responsive
        competent recommend recommended thanks thank love loved lovely seamless painless
        transparent reassuring reassured free intuitive handy delighted impressed
        immediat immediate instant instantane instantanee instantly honnete honest
        souriant souriante smiling patient patiente""",
    1.5: """comprend comprends comprendre understand understands understood""",
    1.0: """correct correcte ok okay bon bonne bons bonnes resolu resolue regle reglee
        rembourse remboursee remboursement rapidite facilite simplicite utile utiles
        solved resolved fixed refunded useful fine decent convenient reasonable cheap
        abordable pas_cher economique economies promis promise promised correspond
        corresponds repond repondu answered explique explained range tidy""",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _scores() -> dict[str, float]:
    table: dict[str, float] = {}
    for value, words in (*_NEGATIVE.items(), *_POSITIVE.items()):
        for word in words.split():
            table.setdefault(word, value)
    return table


WORD_SCORES: Final[dict[str, float]] = _scores()
"""Folded word -> valence contribution (-3 to 3)."""

PHRASE_SCORES: Final[dict[tuple[str, ...], float]] = {
    tuple(k.split()): v
    for k, v in {
        "pas mal": 1.5,
        "pas si mal": 1.0,
        "pas terrible": -1.5,
        "pas top": -1.5,
        "pas genial": -1.5,
        "pas fou": -1.0,
        "pas de souci": 1.5,
        "pas de probleme": 1.5,
        "aucun souci": 2.0,
        "aucun probleme": 2.0,
        "sans souci": 1.5,
        "sans probleme": 1.5,
        "rien a redire": 2.0,
        "rien a dire": 1.5,
        "rien a signaler": 1.0,
        "ras": 1.0,
        "au top": 2.5,
        "trop bien": 2.5,
        "trop long": -2.0,
        "trop cher": -2.0,
        "trop chere": -2.0,
        "trop de frais": -2.0,
        "trop compliquee": -2.0,
        "trop complique": -2.0,
        "merci pour rien": -2.5,
        "thanks for nothing": -2.5,
        "no problem": 1.5,
        "no problems": 1.5,
        "no issue": 1.5,
        "no issues": 1.5,
        "not bad": 1.5,
        "not too bad": 1.0,
        "not great": -1.5,
        "not good": -1.5,
        "not ideal": -1.0,
        "too long": -2.0,
        "too slow": -2.0,
        "too expensive": -2.0,
        "frais caches": -2.0,
        "hidden fees": -2.0,
        "hidden charges": -2.0,
        "une honte": -3.0,
        "a fuir": -3.0,
        "fuyez": -3.0,
        "avoid": -2.0,
        "je recommande": 2.0,
        "i recommend": 2.0,
        "highly recommend": 3.0,
        "service client": 0.0,
        "customer service": 0.0,
        "point de vue": 0.0,
        "tout de suite": 1.0,
        "right away": 1.0,
        "en un clin d oeil": 2.0,
        "hors de prix": -2.0,
        "coute un bras": -2.0,
        "rip off": -2.5,
        "ripped off": -2.5,
        "prend du temps": -1.0,
        "took ages": -2.0,
        "takes ages": -2.0,
        "des heures": -1.5,
        "for ages": -1.5,
        "ne marche pas": -2.0,
        "ne fonctionne pas": -2.0,
        "doesn t work": -2.0,
        "does not work": -2.0,
        "didn t work": -2.0,
        "won t work": -2.0,
        "plus jamais": -2.5,
        "never again": -2.5,
        "peut mieux faire": -1.0,
        "could be better": -1.0,
        "ca va": 0.5,
        "sans plus": -0.5,
        "on the whole": 0.0,
        "so so": -0.5,
        "comme d habitude": -0.5,
        "as usual": -0.5,
        "quelle joie": -1.5,
        "what a joy": -1.5,
        "what a treat": -1.5,
        "tres bien": 2.5,
        "very good": 2.5,
        "well done": 2.0,
        "top notch": 3.0,
        "bien recu": 1.0,
        "tout s est bien passe": 2.5,
        "went smoothly": 2.5,
        "pas de reponse": -2.0,
        "aucune reponse": -2.0,
        "sans reponse": -2.0,
        "no answer": -2.0,
        "no reply": -2.0,
        "no response": -2.0,
        "never answered": -2.0,
        "personne ne repond": -2.0,
        "personne ne decroche": -2.0,
        "nobody answers": -2.0,
        "no one answers": -2.0,
        "nobody answered": -2.0,
        "no one answered": -2.0,
        "sans prevenir": -1.5,
        "without warning": -1.5,
        "without notice": -1.5,
        "pas de nouvelles": -1.5,
        "no news": -1.5,
        "still waiting": -2.0,
        "j attends toujours": -2.0,
        "toujours en attente": -2.0,
        "too high": -2.0,
        "trop eleve": -2.0,
        "trop eleves": -2.0,
        "tourne en rond": -2.0,
        "round in circles": -2.0,
        "can t find": -1.5,
        "cannot find": -1.5,
        "couldn t find": -1.5,
        "no complaints": 2.0,
        "well made": 2.0,
        "nothing to do with": -1.5,
        "rien a voir": -1.5,
        "en tete": 1.5,
        "ranks first": 1.5,
        "within seconds": 2.0,
        "in seconds": 2.0,
        "quelques secondes": 2.0,
        "without telling me": -1.5,
        "sans me prevenir": -1.5,
        "out of stock": -1.5,
        "rupture de stock": -1.5,
        "start over": -1.0,
        "start again": -1.0,
    }.items()
}
"""Multi-word expressions scored as a whole (negations inside them are already counted)."""

MAX_PHRASE_TOKENS: Final = max(len(p) for p in PHRASE_SCORES)

NEGATORS: Final = _words(
    """ne n pas jamais aucun aucune sans ni rien not no never none nobody nothing neither nor
    without cannot cant isn aren wasn weren don doesn didn won wouldn haven hasn hadn couldn
    shouldn"""
)
"""Words that negate the next few words (French "ne ... pas", English "not", "n't")."""

NEGATION_SCOPE_TOKENS: Final = 4
"""How many words after a negator its negation reaches."""

INTENSIFIERS: Final[dict[str, float]] = {
    **dict.fromkeys(_words("trop bien"), 1.3),
    **dict.fromkeys(_words("tres vraiment hyper extremement totalement super vachement"), 1.5),
    **dict.fromkeys(_words("tellement si absolument completement franchement"), 1.4),
    **dict.fromkeys(_words("very really extremely totally absolutely so incredibly truly"), 1.5),
    **dict.fromkeys(_words("completely utterly quite"), 1.3),
    **dict.fromkeys(_words("peu assez plutot legerement slightly somewhat fairly bit"), 0.6),
}
"""Multipliers applied to the next scored word."""

CONTRASTS: Final = _words(
    """mais but however cependant pourtant neanmoins toutefois though yet sauf except"""
)
"""After one of these, what follows counts more than what came before (mixed feelings)."""

IRONY_MARKERS: Final = _words(
    """bravo genial super parfait formidable merveilleux great perfect wonderful fantastic
    brilliant lovely love adore merci thanks thank"""
)
"""Praise words that turn ironic when the same verbatim states a complaint."""
IRONY_PHRASES: Final = frozenset({"well done", "tres bien", "trop bien", "au top", "top notch"})
"""Praise expressions that turn ironic the same way."""
RESOLUTIONS: Final = _words(
    """regle reglee resolu resolue solved resolved fixed fix sorted repare repaired"""
)
"""Words that turn a problem word next to them into a solved one ("réglé mon problème")."""

STOPWORDS_FR: Final = _words(
    """le la les un une des de du d l et a au aux en dans pour par sur avec ce cet cette ces
    mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs je j tu il elle on nous
    vous ils elles me m te t se s y qui que qu quoi dont ou est sont etait ete etre avoir ai
    as avons avez ont eu fait faire plus tres tout tous toute toutes ca cela c ceci mais
    donc car ni pas ne n si deja encore apres avant depuis quand comme bien alors aussi chez
    entre sans sous vers lors puis enfin meme moi lui"""
)
STOPWORDS_EN: Final = _words(
    """the a an and or of to in on at for with by from is are was were be been being have has
    had do does did i me my we our you your he she it its they them their this that these
    those there here what which who whom when where why how not no but if then so as than
    too very can could would should will just also only about into over after before again
    still yet s t m ve ll d re get got all any some more most much one"""
)
"""Function words, used by language detection and ignored by keyword extraction."""

FRENCH_MARKERS: Final = _words(
    """le la les des du est une je j ai avec pour mais pas tres sur dans que qui c d l n m qu
    on nous vous ete etait ce cette mon ma mes au aux sont jamais rien toujours"""
)
ENGLISH_MARKERS: Final = _words(
    """the and is was were my i it this that with for but not very have has had you your they
    of to on be been after still never just our we are an what in at me who up every under
    one two first from by no off out any its"""
)
"""Frequent words that tell French from English (shared words such as "a" are left out)."""
