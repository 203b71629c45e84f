"""French rules: dates, event phrases, name and title grammar.

Patterns run over *folded* text (lower case, no diacritics, `'` apostrophes,
spaced dashes closed up), see :func:`kg.text.fold_text`.
"""

from __future__ import annotations

from kg.lang.base import (
    OCCASION_FAREWELL,
    OCCASION_MEAL,
    OCCASION_PRESS,
    OCCASION_WELCOME,
    OCCASION_WREATH,
    LanguageRules,
    Trigger,
)

_MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "mars": 3, "avril": 4, "avr": 4,
    "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9,
    "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
_WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6,
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_D = r"(?P<day>1er|[0-3]?\d)"
_TO = r"(?:(?:\s*-\s*|\s+(?:et|au)\s+)(?P<last_day>[0-3]?\d))?"

# head nouns of named agreements, plans and corridors (original text, either case)
_HEADS = (r"(?:[Aa]ccord|[Tt]raité|[Cc]harte|[Pp]rocessus|[Dd]éclaration|[Mm]émorandum|"
          r"[Pp]rotocole|[Cc]onvention|[Pp]acte|[Ff]euille de route|[Pp]lan|[Pp]rogramme|"
          r"[Ss]tratégie|[Ii]nitiative|[Cc]orridor|[Gg]azoduc|[Oo]léoduc|[Pp]rojet|[Ff]onds)")

_TRIGGERS = (
    # appels
    Trigger(r"\b(?:entretien|entretiens|conversation|echange|appel|contact)s? telephoniques?\b",
            "phone_call"),
    Trigger(r"\b(?:par|au) telephone\b", "phone_call"),
    # un sommet tenu par visioconférence est un appel vidéo, pas un sommet (issue 9, classe 2)
    Trigger(r"\bsommet (?:\w+ ){0,2}?(?:par |en )(?:visio-?conference|video)\b|"
            r"\bsommet (?:virtuel|en ligne)\b|\bvisio-?sommet\b", "video_call"),
    Trigger(r"\b(?:par |en )?visio-?conferences?\b|\bpar video\b", "video_call"),
    # repas et réceptions : des occasions (type other) de l'hôte et de ses invités ;
    # visites de courtoisie : des rencontres (issue 9, classe 1)
    Trigger(r"\b(?:a|ont|avait|avaient) (?:\w+ ){0,2}?(?:offert|donne|organise)\s+"
            r"(?:un |une )?(?:\w+ )?(?:diner|dejeuner|banquet|reception)\b|\boffre (?:un |une )?"
            r"(?:\w+ )?(?:diner|dejeuner|banquet|reception)\b", "other", host=True,
            occasion=OCCASION_MEAL),
    Trigger(r"\b(?:a|ont|avait|avaient) (?:\w+ ){0,2}?(?:partage|pris) (?:un |une |le )?"
            r"(?:\w+ )?(?:diner|dejeuner|repas|petit-dejeuner)\b|\b(?:ont|a) (?:\w+ )?"
            r"(?:dine|dejeune)\b", "other", occasion=OCCASION_MEAL),
    Trigger(r"\b(?:a|ont) (?:\w+ ){0,2}?ete recue?s? a (?:diner|dejeuner)\b", "other",
            passive=True, host=True, occasion=OCCASION_MEAL),
    Trigger(r"\b(?:l'a |les a |a |ont )?raccompagne(?:r|e|s)?\b(?=[^.;]{0,60}?\baeroport\b)",
            "other", host=True, occasion=OCCASION_FAREWELL),
    Trigger(r"\b(?:a|ont|avait|avaient) (?:\w+ ){0,2}?depose (?:une |des )?gerbes?\b|"
            r"\bdepot (?:d'une |de )?gerbes?\b", "other", occasion=OCCASION_WREATH),
    # "s'est recueilli au mausolée", "a rendu hommage … au monument": at a memorial
    Trigger(r"\bs'(?:est|etait|sont|etaient) (?:\w+ ){0,2}?recueillie?s?\b|\b(?:a|ont|avait) "
            r"(?:\w+ ){0,2}?rendu (?:un )?hommage (?:a (?:[\w'.-]+ ){1,5}?)?(?:au|a la|devant)"
            r" (?:mausolee|monument|memorial|tombe)\b", "other",
            occasion=OCCASION_WREATH),
    # a ceremony noun needs the named host and guest around it: "à l'issue d'une cérémonie
    # d'accueil" before talks only frames them
    Trigger(r"\b(?=ceremonie )(?<!l'issue d'une )(?<!apres une )(?<!suite a une )ceremonie "
            r"(?:officielle )?"
            r"(?:d'accueil|de bienvenue)\b", "other", weak=True,
            occasion=OCCASION_WELCOME),
    # "ont donné une conférence de presse conjointe": une occasion des deux
    Trigger(r"\b(?:ont|a|avaient|avait) (?:\w+ ){0,2}?(?:donne|tenu|anime|co-?anime)\s+"
            r"(?:une |un )?(?:conference de presse|point de presse|point presse|declaration a la "
            r"presse)(?: conjointe?)?\b", "other", occasion=OCCASION_PRESS),
    Trigger(r"\b(?:conference de presse|point de presse|point presse) conjointe?\b", "other",
            weak=True, occasion=OCCASION_PRESS),
    Trigger(r"\b(?:ont|a) (?:\w+ ){0,2}?fait (?:des |une )?(?:declarations?|communications?) "
            r"(?:conjointes? )?a la presse\b|\bse sont (?:\w+ ){0,2}?adresses a la presse\b",
            "other", occasion=OCCASION_PRESS),
    # en personne
    Trigger(r"\bs'(?:est|etaient|etait) (?:\w+ ){0,3}?entretenue?s?\b|\bse sont (?:\w+ ){0,2}?"
            r"entretenu(?:e)?s\b|\bs'entretient\b|\bs'entretiendra\b", "talks"),
    # "ont coprésidé le dialogue stratégique": co-chairs hold talks (English "co-chaired")
    Trigger(r"\bco-?presid(?:e|ent|ait|aient|era|eront|ant)\b", "talks"),
    Trigger(r"\b(?:ont|a|avaient|avait) (?:\w+ )?(?:eu|tenu|mene)\b(?:\s+\S+){0,8}?\s+"
            r"(?:des |une serie d'|un )?entretiens?\b", "talks"),
    Trigger(r"\bentretiens? (?:bilateraux |officiels )?(?:entre|avec)\b", "talks", weak=True),
    Trigger(r"\b(?:d'entretiens|des entretiens|les entretiens)\b", "talks", weak=True),
    Trigger(r"\b(?:a|ont|avait|avaient) (?:\w+ ){0,2}?rencontre\b|\bse sont (?:\w+ ){0,2}?"
            r"rencontres\b|\brencontre\b(?= (?:le|la|les|l'|son|sa|ses|leur|leurs|un|une|m|mme)\b)",
            "meeting"),
    Trigger(r"\brencontrera\b|\bva rencontrer\b|\bpour (?:y )?rencontrer\b", "meeting",
            future=True),
    Trigger(r"\b(?:a|ont|avait) (?:\w+ ){0,2}?(?:ete|etaient) recue?s? (?:\w+ ){0,4}?par\b|"
            r"\b(?:est|sont) recue?s? (?:\w+ ){0,4}?par\b", "meeting", passive=True, host=True),
    Trigger(r"\bsera recue? (?:\w+ ){0,4}?par\b", "meeting", passive=True, future=True),
    # "a reçu un message de": un message, pas une rencontre (issue 9, classe 2)
    Trigger(r"\b(?:(?:a|ont|avait) (?:\w+ ){0,3}?recu|recoit)\s+(?:\w+ )?(?:un |une )?"
            r"(?:\w+ )?(?:message|lettre)s?\b", "message"),
    Trigger(r"\b(?:a|ont|avait) (?:\w+ ){0,3}?recu\b|\brecoit\b", "meeting", host=True),
    Trigger(r"\b(?:a|ont) (?:\w+ ){0,2}?accorde (?:\w+ ){0,4}?audiences?\b", "meeting"),
    Trigger(r"\baudiences?\b", "meeting", weak=True),
    Trigger(r"\bvisites? de courtoisie\b", "meeting"),
    # "X et Y ont examiné l'état des relations": the review is their talks
    Trigger(r"\b(?:ont|a|avaient|avait) (?:\w+ ){0,2}?(?:examine|passe en revue|fait le point "
            r"sur)\s+(?:[\w']+ ){0,3}?(?:etat|relations|cooperation)\b", "talks", weak=True),
    Trigger(r"\b(?:diner|dejeuner|banquet|reception)s? (?:\w+ ){0,2}?en l'honneur\b", "other",
            weak=True, occasion=OCCASION_MEAL),
    Trigger(r"\bs'(?:est|sont) reuni(?:e|s|es)?\b|\bse sont reuni(?:e|s|es)?\b", "meeting"),
    Trigger(r"\b(?:a|ont) eu (?:\w+ ){0,3}?une rencontre\b|\bune rencontre avec\b", "meeting"),
    Trigger(r"\b(?:la|une) rencontre (?:avec|entre)\b", "meeting", weak=True),
    Trigger(r"\b(?:a|ont|avait|avaient) (?:\w+ ){0,2}?ete accueillie?s?\b|\b(?:est|sont) "
            r"accueillie?s?\b", "meeting", passive=True, host=True),
    Trigger(r"\ba (?:\w+ ){0,2}?accueilli\b|\baccueille\b", "meeting"),
    Trigger(r"^avec\b", "meeting", weak=True),
    Trigger(r"\b(?:a|ont) (?:\w+ ){0,2}?(?:participe|assiste|pris part)\s+(?:a|au|aux|a la|a l')"
            r"\s*(?:[\w'-]+ ){0,6}?(?:reunion|entretiens?|session)\b", "meeting"),
    # visites
    Trigger(r"\b(?:effectue|effectuait|effectuera|a effectue|entame|entreprend|"
            r"achevé|en)\s+(?:une |sa |son )?(?:\w+ )?visites?\b", "visit"),
    Trigger(r"\bvisites? (?:d'etat|officielles?|de travail)\b", "visit"),
    # "a effectué mardi à Malabo, en Guinée équatoriale, une visite": day and place between
    Trigger(r"\b(?:a|ont) effectue\b(?:[\s,]+[\w'-]+){1,8}?[\s,]+(?:une |sa |son )"
            r"(?:\w+ )?visite\b", "visit"),
    Trigger(r"\bse (?:rend|rendra|rendait|trouve)\b|\bs'est rendue?\b|\bse rendre\b", "visit"),
    Trigger(r"\bvisites?\b|\bdeplacement\b|\btournee\b", "visit", weak=True),
    Trigger(r"\best attendue? (?:\w+ ){0,4}?(?:en|a|au)\b", "visit", future=True),
    # messages
    Trigger(r"\b(?:a|ont) (?:\w+ ){0,2}?(?:fait parvenir|adresse|envoye|transmis|remis|"
            r"delivre)(?:,? [\w']+){0,4}?,?\s+(?:un |une )?(?:\w+ )?(?:message|lettre)\b",
            "message"),
    Trigger(r"\b(?:a|ont|avaient|avait) (?:\w+ ){0,2}?echange (?:\w+ ){0,2}?(?:des )?"
            r"(?:messages|lettres|correspondances)\b|\bechange de (?:messages|lettres)\b",
            "message", exchange=True),
    Trigger(r"\b(?:porteur|porteuse) d'un message\b|\bremettre un message\b|"
            r"\btransmettre (?:\w+ ){0,9}?un message\b", "message"),
    Trigger(r"\bmessages? (?:de felicitations?|de condoleances|de voeux|ecrits?|oral|orale|"
            r"verbal)\b|\bun message (?:du|de|de la)\b", "message", weak=True),
    # signatures
    Trigger(r"\b(?:ont|a|avaient|avait|ont ete|a ete|sont|seront|ont ete)\s+(?:\w+\s+){0,2}?"
            r"signee?s?\b|\bsignee?s\b|\bsignature\b|\bsigneront\b", "signing"),
    # sommets
    # "ont assisté à l'échange des instruments": documents signed beforehand, a signing
    Trigger(r"\bechange (?:des |de |d')(?:[\w-]+ ){0,3}?(?:accords?|documents|memorandums?|"
            r"protocoles?|instruments)\b", "signing"),
    Trigger(r"\bsommet\b", "summit", weak=True),
    Trigger(r"\bsession\b|\bforum\b|\bconference\b", "other", weak=True),
)

RULES = LanguageRules(
    code="fr",
    stopwords=frozenset(
        "le la les de des du et en un une est que qui dans pour par sur au aux avec ce cette "
        "a son sa ses leur leurs ont deux pays".split()
    ),
    abbreviations=frozenset("M. MM. Mme. Mmes. Dr. Pr. St. Ste. etc. av. apr. J.-C.".split()),
    elisions=frozenset("l' d' L' D' s' n' c' j' m' t' qu' jusqu' lorsqu' puisqu'".split()),
    articles=frozenset({"le", "la", "l'", "les"}),
    possessives=frozenset({"son", "sa", "ses", "leur"}),
    conjunctions=frozenset({"et"}),
    with_words=frozenset({"avec"}),
    by_words=frozenset({"par"}),
    of_words=frozenset({"de", "du", "des", "d'"}),
    to_words=frozenset({"a"}),
    months=_MONTHS,
    weekdays=_WEEKDAYS,
    relative_days={
        "aujourd'hui": 0, "ce matin": 0, "cet apres-midi": 0, "ce soir": 0, "hier": -1,
        "demain": 1, "hier soir": -1, "avant-hier": -2, "plus tard dans la journee": 0,
    },
    # "sept" is also seven; "mars" is the month after "en", "de" ...
    ambiguous_months=frozenset({"sept", "oct", "nov", "dec"}),
    month_contexts={"mars": r"\b(?:en|de|debut|fin|mi-|depuis) mars\b"},
    date_patterns=(
        rf"\b{_D}{_TO} (?P<month>{_MONTH_RX})\.? (?P<year>(?:19|20)\d\d)\b",
        r"\b(?P<day>[0-3]\d)/(?P<month>[01]\d)/(?P<year>(?:19|20)\d\d)\b",
        rf"\b{_D}{_TO} (?P<month>{_MONTH_RX})\b",
        rf"\b(?:en |debut |fin |mi-|depuis |jusqu'en |de )(?:debut |fin |mi-)?"
        rf"(?P<month>{_MONTH_RX}) (?P<year>(?:19|20)\d\d)\b",
    ),
    past_markers=(
        r"\bdernier(?:e|s|es)?\b", r"\bil y a\b", r"\bprecedente?s?\b", r"\bancien(?:ne)?\b",
        r"\breussie?\b", r"\bavait\b", r"\bavaient\b", r"\bdepuis\b",
    ),
    future_markers=(
        r"\b(?:se rendra|rencontrera|aura|sera|seront|accueillera|effectuera|participera|"
        r"se tiendra|se tiendront|se retrouveront|s'ouvrira|reprendront|recevra|signeront|"
        r"tiendra|tiendront|coprésidera|presidera|entamera)\b",
        r"\best attendue?\b", r"\bsont attendus\b", r"\bprevue?s?\b", r"\bprochaine?s?\b",
        r"\ba venir\b", r"\bdemain\b", r"\bl'an prochain\b", r"\bva\b", r"\bvont\b",
        r"\ben vue de\b", r"\bdans la perspective\b", r"\bavant le\b", r"\bpour (?:y )?rencontrer",
    ),
    triggers=_TRIGGERS,
    honorifics=frozenset(
        "m mm mme mmes mlle dr pr me s.e excellence majeste altesse honorable cheikh sheikh "
        "monsieur madame mademoiselle premiere dame epouse epoux conjoint conjointe general "
        "amiral colonel marechal brigade division capitaine commandant lieutenant".split()
    ),
    spouse_words=frozenset("dame epouse epoux conjoint conjointe".split()),
    subject_pronouns=frozenset("il elle".split()),
    aside_clauses=r",\s*qui\b[^,;()]*,",
    relative_links=r"(?i),\s*(?:où|au cours (?:de laquelle|duquel)|lors (?:de laquelle|duquel)|"
                   r"pendant laquelle)\b",
    female_honorifics=frozenset("mme mmes madame mlle mademoiselle".split()),
    clause_verbs=frozenset(
        "a ont avait avaient est sont était étaient sera seront s'est se reçoit rencontre "
        "accueille".split()),
    address_honorifics=frozenset("majeste altesse".split()),
    capital_words=frozenset({"capitale"}),
    guest_words=frozenset({"visiteur"}),
    leader_words=frozenset({"dirigeant"}),
    separately_words=frozenset({"successivement", "separement", "tour a tour",
                                "respectivement"}),
    venue_words=frozenset(
        "palais centre aeroport stade place avenue boulevard pont universite ecole lycee "
        "institut musee fondation mausolee mer hopital rue mosquee memorial hotel salle jardin "
        "jardins parc esplanade cathedrale eglise temple cimetiere monument".split()
    ),
    name_particles=frozenset(
        "bin bint ibn al el da de del della dos das do van von der den la le di du ould ag "
        "d'".split()
    ),
    non_name_words=frozenset(
        """le la les l' un une des du de d' et ou mais en au aux a dans sur sous pour par avec
        lors selon apres avant pendant depuis entre contre vers chez ce cet cette ces son sa
        ses leur leurs notre nos il elle ils elles on qui que quant aussi ainsi alors enfin
        tandis outre aujourd'hui hier demain relevant qualifiant soulignant rappelant
        saluant notant estimant evoquant premier premiere deuxieme troisieme dernier
        president presidente ministre ministres secretaire premier vice chef cheffe
        conseiller conseillere ambassadeur ambassadrice envoye porte-parole directeur
        directrice roi reine emir prince chancelier dirigeant dirigeants membre membres
        gouvernement ministere bureau commission comite conseil assemblee parlement
        republique royaume federation union partie parti communiste central politique
        affaires etrangeres exterieures relations cooperation developpement securite
        nationale special speciale representant dialogue strategique partenariat global
        declaration accord accords initiative programme sommet reunion reunions
        entretien entretiens conference forum session semaine annee mois jour cote
        communique visite visites sa majeste excellence""".split()
    ),
    connectors=frozenset("et de du des d' la le l' les en".split()),
    former_markers=frozenset("ancien ancienne defunt defunte feu feue ex elu elue sortant "
                             "sortante".split()),
    counterpart_words=frozenset("homologue homologues".split()),
    person_nouns=frozenset("diplomate responsable emissaire personnalite".split()),
    title_glue=frozenset("le la l' les son sa ses leur a un une qui est aussi egalement".split()),
    host_prepositions=frozenset({"au", "aux", "en", "aupres"}),
    here_words=frozenset({"ici"}),
    # original text in lower case: "à" as written, "" for an elided "d'Almaty"
    place_words=frozenset({"à", "a", "au", "aux", "en", "de", "dans", "ici", "capitale", ""}),
    in_country_words=frozenset({"en", "au", "aux", "a", "à"}),
    destination_words=frozenset({"à", "a", "au", "aux", "en"}),
    also_words=frozenset({"egalement", "aussi", "en outre", "ensuite", "puis"}),
    periods=(
        (r"\bil y a (?P<n>\w+) ans?\b", "year", -1),
        (r"\bil y a (?P<n>\w+) mois\b", "month", -1),
        (r"\bl'(?:an|annee) derni(?:er|ere)\b", "year", -1),
        (r"\ble mois dernier\b", "month", -1),
        (r"\bla semaine derniere\b", "week", -1),
        (r"\bcette annee\b", "year", 0),
        (r"\bl'(?:an|annee) prochaine?\b", "year", 1),
        (r"\ble mois prochain\b", "month", 1),
        (r"\bla semaine prochaine\b", "week", 1),
    ),
    numbers={"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
             "sept": 7, "huit": 8, "neuf": 9, "dix": 10},
    plural_title=r"\b(?:ministres|presidents|dirigeants|homologues|chefs d'etat|"
                 r"premiers ministres|ambassadeurs)\b",
    message_from=r"\b(?:de|du|de la|des)\b",
    message_to=r"\b(?:a|au|aux|adresse a|adressee a|destine a)\b",
    pair_anaphors=r"\bles deux (?:chefs d'etat|chefs de gouvernement|chefs de la diplomatie|"
                  r"presidents|premiers ministres|ministres|dirigeants|parties|homologues|"
                  r"hommes)\b",
    occasion_markers=r"\baeroport\b|\bdescente d'avion\b|\bhonneurs militaires\b|"
                     r"\ba (?:son|leur) arrivee\b",
    sidelines=r"\ben marge (?:de la|du|de l'|des|de)\b|\ben marge de sa participation "
              r"(?:au|a la|a l')\b",
    gathering_nouns={"sommet": "summit", "forum": "other", "reunion": "meeting",
                     "session": "other", "conference": "other", "assemblee": "other"},
    # named agreements, plans, corridors not in the reference list (original text)
    # a named one is a whole noun phrase after an article: "la Charte du Liptako-Gourma",
    # "le traité instituant la Confédération des États du Sahel", "un accord de partenariat
    # stratégique global dans le domaine de l'énergie", up to a comma, a relative pronoun or
    # a verb (the core keeps phrases with a proper noun or enough words)
    # (the head is looked for first: the look-behinds then run only where one stands)
    project_pattern=r"(?=" + _HEADS + r")"
                    r"(?:(?<=\ble )|(?<=\bla )|(?<=\bl')|(?<=\bl’)|(?<=\bun )|(?<=\bune )|"
                    r"(?<=\bdu )|(?<=\bau )|(?<=« )|(?<=«)|(?<=\")|(?<=^))(?P<name>" + _HEADS +
                    # "donner au projet une base": an article right after the noun begins
                    # another phrase
                    r"(?![ \t]+(?:un|une|des|les|le|la|l'|l’)\b)(?:[ \t]+[\w'’-]+){1,15})",
    # the phrase ends before a relative pronoun or a verb (cut by the core)
    project_end_words=frozenset(
        "qui que qu' dont lequel laquelle lesquels par a ont est sont sera seront avait "
        "avaient ainsi afin lors avec après avant depuis signé signée signés signées conclu "
        "conclue conclus conclues adopté adoptée adoptés adoptées paraphé paraphée il elle "
        "ils elles notamment permettra permet vise visant prévoit doit devra pourra institue "
        "y se s'".split()),
    borrowed_name_languages=("en",),
)

# A short readout in the language, for tests/test_lang_contract.py: one dated meeting of two
# titled officials (written for the test, not taken from a corpus).
SAMPLE = (
    "Le 25 avril 2025, le ministre des Affaires étrangères Wang Yi a rencontré son homologue "
    "kirghize Jeenbek Kulubaev à Pékin. Les deux ministres ont eu des entretiens sur le chemin "
    "de fer et ont souligné que ce projet est important pour la région."
)
