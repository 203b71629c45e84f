"""English rules: dates, event phrases, name and title grammar.

Patterns run over *folded* text (lower case, no diacritics, `'` apostrophes,
spaced dashes closed up), see :func:`kg.text.fold_text`.
"""

from __future__ import annotations

from kg.lang.base import (
    CALL_OR_MEETING,
    OCCASION_FAREWELL,
    OCCASION_MEAL,
    OCCASION_PRESS,
    OCCASION_WELCOME,
    OCCASION_WREATH,
    LanguageRules,
    Trigger,
)

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_TO = r"(?:(?:\s*-\s*|\s+(?:and|to)\s+)(?P<last_day>[0-3]?\d)(?:st|nd|rd|th)?)?"

# Title-case word, ALL-CAPS acronym or year, and the head nouns of named projects
# (possessive `*+` and at most four hyphens: a word is read once, not re-split on failure)
_TC = (r"(?:[A-Z][a-z][\w'’]*+(?:[-–][A-Z][\w'’.]*+){0,4}|[A-Z]{2,}+(?:[-–][A-Z][\w.]*+){0,4}"
       r"|(?:19|20)\d\d)")
_HEADS = (r"Agreement|Treaty|Arrangement|Accords?|Plan|Programme|Program|Initiative|Railway|"
          r"Rail|Corridor|Pipeline|Roadmap|Convention|Charter|Protocol|Act|Strategy|Framework|"
          r"Declaration|Vision|Partnership Agreement|Refinery|Economic Zone|Joint Statement|"
          r"Memorandum of Understanding|Joint Communiqu[eé]|Project")

_TRIGGERS = (
    # calls
    Trigger(r"\b(?:spoke|speak|speaks|talked|talk|talks|conversation|conversed)\b"
            r"(?:\s+\w+){0,4}?\s+(?:by|on the|over the|via)\s+(?:tele)?phone\b", "phone_call"),
    Trigger(r"\b(?:tele)?phone (?:call|conversation|talks?|meeting|discussion)s?\b", "phone_call"),
    Trigger(r"\bheld (?:a |an )?(?:tele)?phone\b", "phone_call"),
    Trigger(r"\b(?:call|calls) (?:with|between)\b", "phone_call"),
    # a summit held by video is a video call, not a summit (issue 9, class 2)
    Trigger(r"\b(?:video|online) summit\b|\bsummit (?:\w+ ){0,2}?(?:via|by|through|over) "
            r"(?:a )?video(?:conference| ?link)?\b", "video_call"),
    Trigger(r"\bvideo ?(?:call|conference|link|talks?)\b|\bvideoconference\b", "video_call"),
    Trigger(r"\b(?:met|meeting|talks|spoke)\s+(?:\w+\s+){0,2}virtually\b|\bvirtual "
            r"(?:meeting|summit|talks|call)\b", "video_call"),
    # spoke with: a call or a meeting, decided from the rest of the readout
    Trigger(r"\b(?:spoke|speaks|spoken)\s+(?:\w+\s+){0,3}?with\b", CALL_OR_MEETING),
    # meals and receptions: social occasions of host and guests, type other (SCHEMA.md);
    # audiences and courtesy calls: meetings (issue 9, class 1)
    Trigger(r"\b(?:hosted|hosts|hosting|gave|gives|offered|offers|held|holds|threw)\s+"
            r"(?:a |an )?(?:[\w-]+ ){0,3}?(?:dinner|banquet|luncheon|lunch|breakfast|reception|"
            r"tea)\b", "other", host=True, occasion=OCCASION_MEAL),
    Trigger(r"\b(?:shared|share|shares|had|have|has had|joined for)\s+(?:a |an )?(?:[\w-]+ )"
            r"{0,2}?(?:dinner|lunch|luncheon|breakfast|meal)\b|\b(?:dined|lunched)\b", "other",
            occasion=OCCASION_MEAL),
    # "welcomed … at the airport", "saw off … at the airport": welcoming is a meeting only there
    Trigger(r"\b(?:officially|formally|ceremonially|solemnly) (?:welcomed|welcomes|greeted)\b",
            "other", host=True, occasion=OCCASION_WELCOME),
    Trigger(r"\b(?:welcomed|welcomes|greeted|greets)\b(?=[^.;]{0,160}?\b(?:airport|airfield|"
            r"airbase|"
            r"arrival|guard of honou?r|gun salute|welcome ceremony|ceremonial welcome)\b)",
            "other", host=True, occasion=OCCASION_WELCOME),
    Trigger(r"\b(?:saw off|sees off|seen off|bade farewell to)\b(?=[^.;]{0,160}?\b(?:airport|"
            r"airfield|departure)\b)", "other", host=True, occasion=OCCASION_FAREWELL),
    Trigger(r"\b(?:laid|lays|lay|laying|placed|places) (?:a )?(?:[\w-]+ )?wreaths?\b|"
            r"\bwreath-?laying\b", "other", occasion=OCCASION_WREATH),
    # "paid tributes to Mahatma Gandhi at Rajghat": at a memorial, not a tribute in words
    Trigger(r"\b(?:paid|pays|pay|paying) (?:\w+ ){0,2}?(?:tributes?|homage|respects) (?:to "
            r"(?:[\w'.-]+ ){1,5}?)?at\b|\bfloral tributes?\b", "other",
            occasion=OCCASION_WREATH),
    # "was accorded a ceremonial welcome": the welcome is an occasion of its own
    Trigger(r"\b(?:accorded|given|received with|greeted with|treated to)\s+(?:a |an )?"
            r"(?:[\w-]+ ){0,2}?(?:ceremonial welcome|welcome ceremony)\b", "other",
            occasion=OCCASION_WELCOME),
    # (a ceremony after which talks are held only frames them: "after an official welcome
    # ceremony, the two leaders held talks")
    # (the look-ahead first: the look-behinds then run only where a ceremony is named)
    Trigger(r"\b(?=(?:official |ceremonial |state )?welcom)(?<!after an )(?<!after a )"
            r"(?<!following an )(?<!following a )"
            r"(?:official |ceremonial |state )?welcom(?:e|ing) ceremony\b|\bceremonial "
            r"welcome\b", "other", weak=True, occasion=OCCASION_WELCOME),
    # "addressed a joint press conference": the press conference is an occasion of both
    Trigger(r"\b(?:held|hold|holds|holding|gave|give|gives|addressed|address|addresses|"
            r"addressing|briefed|brief)\s+(?:a |the )?joint (?:press conference|news conference|"
            r"press statement|press briefing|statement to the press|media (?:briefing|"
            r"availability))\b", "other", occasion=OCCASION_PRESS),
    Trigger(r"\bjoint (?:press|news) conference\b", "other", weak=True, occasion=OCCASION_PRESS),
    Trigger(r"\b(?:their|joint|made|make|makes|gave|give|gives|delivered|deliver) (?:joint )?"
            r"(?:statements|remarks) to the (?:press|media)\b|\bjoint press statements?\b|"
            r"\b(?:addressed|address|briefed|brief) the (?:press|media)\b", "other",
            occasion=OCCASION_PRESS),
    # in person
    Trigger(r"\bheld (?:a )?(?:round of |series of )?(?:bilateral |formal |official )?talks\b",
            "talks"),
    Trigger(r"\b(?:hold|holds|holding|have held|has held) (?:bilateral |formal )?talks\b", "talks"),
    Trigger(r"\bco-?chair(?:ed|s|ing)?\b", "talks"),
    # "Private talks between X and Y were followed by …": the noun with both sides named
    Trigger(r"\b(?:(?:private|expanded|bilateral|official|formal|restricted|one-on-one|"
            r"delegation-level|tete-a-tete) )*talks (?:between|with)\b", "talks", weak=True),
    Trigger(r"\bheld (?:the )?(?:first |second |third |\w+ )?(?:meeting of the )?(?:[\w'-]+ )"
            r"{0,4}strategic dialogue\b", "talks"),
    Trigger(r"\b(?:met|meets|meet|meetings?)\s+(?:\w+\s+){0,4}?with\b", "meeting"),
    Trigger(r"\bmet\b", "meeting"),
    Trigger(r"\bmeets\b", "meeting"),
    Trigger(r"\bwill meet\b|\bto meet\b", "meeting", future=True),
    # "received a message from": a message, not a meeting (issue 9, class 2)
    Trigger(r"\b(?:received|receives|has received|had received)\s+(?:\w+ )?(?:a |an )?"
            r"(?:[\w-]+ ){0,2}?(?:message|letter)s?\b", "message"),
    Trigger(r"\b(?:was|were|is|will be) received (?:today )?(?:\(\d+\) )?(?:\w+ ){0,3}?by\b",
            "meeting", passive=True, host=True),
    Trigger(r"\b(?:received|receives|hosted|hosts)\b", "meeting", host=True),
    Trigger(r"\b(?:attended|attend|attends|took part in|take part in|takes part in|"
            r"participated in|participate in)\s+(?:the |a |an )?(?:[\w'-]+ ){0,6}?"
            r"(?:meeting|talks|session)\b", "meeting", background=True),
    Trigger(r"\b(?:held|holds|hold|had) (?:a |an )?(?:series of )?(?:bilateral |working |"
            r"separate |one-on-one |brief )*meetings?\b", "meeting"),
    Trigger(r"\b(?:in|at|during) (?:his|her|their|the|a) (?:bilateral )?meeting with\b",
            "meeting"),
    Trigger(r"\bmeeting (?:between|of)\b", "meeting", weak=True),
    Trigger(r"\bhold a bilateral meeting\b", "meeting"),
    Trigger(r"\b(?:granted|grants|gave|gives)\s+(?:a |an )?(?:[\w-]+ )?audience\b", "meeting",
            host=True),
    Trigger(r"\b(?:paid|pays|pay|paying|made|makes|make)\s+(?:a |an )?courtesy "
            r"(?:call|visit)\b", "meeting"),
    Trigger(r"\b(?:audience|courtesy call)\b", "meeting", weak=True),
    # "called on the President": a courtesy call; "called on the parties to …" urges them
    Trigger(r"\b(?:called|calls|call|calling) on\b(?![^.;]{0,100}?\bto (?!the\b|a\b|an\b|his\b|"
            r"her\b|their\b)[a-z]+\b)", "meeting"),
    Trigger(r"\b(?:dinner|banquet|luncheon|reception)\b", "other", weak=True,
            occasion=OCCASION_MEAL),
    # "X and Y reviewed the state of relations": the review is their talks
    Trigger(r"\b(?:reviewed|review|reviews)\s+(?:the )?(?:state |status )?(?:of )?"
            r"(?:[\w-]+ ){0,2}?(?:relations|ties|cooperation)\b", "talks", weak=True),
    Trigger(r"^with\b", "meeting", weak=True),
    # visits
    Trigger(r"\b(?:pay|pays|paying|paid|make|makes|making|made|undertake|undertakes|"
            r"undertaking|undertook|on|began|begins|start of)\s+(?:an? |his |her |their )?"
            r"(?:\w+(?:-day)? ){0,8}visit\b", "visit"),  # "a three-day official visit"
    Trigger(r"\b(?:is|was|are|were) visiting\b|\bwho is visiting\b", "visit"),
    Trigger(r"\bvisit(?:ed|s)?\b", "visit", weak=True),
    Trigger(r"\btrip\b", "visit", weak=True),
    # messages
    Trigger(r"\b(?:sent|sends|send|delivered|delivers|conveyed|handed over|handed|hands|"
            r"passed on|addressed|gave|gives)\s+(?:a |an )?(?:[\w,.]+ ){0,4}?(?:message|letter)\b",
            "message"),
    Trigger(r"\b(?:exchanged|exchange|exchanges|exchanging)\s+(?:[\w-]+ ){0,2}?(?:messages|"
            r"letters)\b|\bexchange of (?:[\w-]+ )?(?:messages|letters)\b", "message",
            exchange=True),
    Trigger(r"\b(?:message|letter)s? of (?:congratulations?|condolences?|sympathy)\b", "message",
            weak=True),
    Trigger(r"\bcongratulatory (?:message|letter)\b", "message", weak=True),
    Trigger(r"\b(?:verbal|oral|written) message\b", "message", weak=True),
    # signings
    Trigger(r"\b(?:signed|sign|signs|inked)\b", "signing"),
    Trigger(r"\bsigning\b", "signing"),
    # "witnessed the exchange of a protocol and two memoranda": documents signed beforehand,
    # exchanged before the leaders: a signing (the exchange of letters or messages is not)
    Trigger(r"\bexchange(?:d)? (?:of )?(?:the |a |an |\w+ )?(?:[\w-]+ ){0,3}?(?:agreements?|"
            r"documents|memorand(?:um|a)|protocols?|mous?|instruments? of ratification)\b",
            "signing"),
    # summits
    Trigger(r"\bsummit\b", "summit", weak=True),
    Trigger(r"\bsession\b|\bforum\b|\bconference\b", "other", weak=True),
    Trigger(r"\b(?:the|these) talks\b", "talks", weak=True),
)

RULES = LanguageRules(
    code="en",
    pair_anaphors=r"\b(?:the|both) (?:two )?(?:leaders|presidents|prime ministers|premiers|"
                  r"heads of state|heads of government|foreign ministers|ministers|sides|"
                  r"counterparts)\b",
    occasion_markers=r"\bairport\b|\bairfield\b|\bair ?base\b|\bon (?:his|her|their) arrival\b|"
                     r"\bguard of honou?r\b",
    stopwords=frozenset(
        "the of and to in a is that for on with as was by it at from his her has have "
        "are were be this which their an said will two also its between".split()
    ),
    abbreviations=frozenset(
        "Mr. Mrs. Ms. Dr. Prof. St. Jr. Sr. H.E. U.S. U.K. U.N. Gen. Lt. Col. Amb. Sen. "
        "Rep. Gov. Hon. No. Nov. Dec. Jan. Feb. Mar. Apr. Aug. Sep. Sept. Oct. vs. etc. "
        "D.C. a.m. p.m.".split()
    ),
    clitics=frozenset({"'s"}),
    articles=frozenset({"the"}),
    possessives=frozenset({"his", "her", "their", "its"}),
    conjunctions=frozenset({"and"}),
    with_words=frozenset({"with"}),
    by_words=frozenset({"by"}),
    of_words=frozenset({"of"}),
    to_words=frozenset({"to"}),
    months=_MONTHS,
    weekdays=_WEEKDAYS,
    relative_days={
        "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
        "tonight": 0, "yesterday": -1, "tomorrow": 1, "later in the day": 0, "later today": 0,
    },
    # "Mar", "Sept" alone are words or numbers; "May" is the month after "in", "of" ...
    ambiguous_months=frozenset("mar jun dec oct nov sept sep".split()),
    month_contexts={"may": r"\b(?:in|of|early|late|mid-|since|until|by) may\b"},
    date_patterns=(
        rf"\b(?P<month>{_MONTH_RX})\.? {_D}{_TO},? (?P<year>(?:19|20)\d\d)\b",
        rf"\b{_D}{_TO} (?:of )?(?P<month>{_MONTH_RX})\.?,? (?P<year>(?:19|20)\d\d)\b",
        rf"\b(?P<month>{_MONTH_RX})\.? {_D}{_TO}\b(?!\s*(?:%|per|million))",
        rf"\b{_D}{_TO} (?:of )?(?P<month>{_MONTH_RX})\b",
        rf"\b(?:in |early |late |mid-|since |until |by |of |from |during )"
        rf"(?:early |late |mid-)?(?P<month>{_MONTH_RX}) (?P<year>(?:19|20)\d\d)\b",
    ),
    past_markers=(
        r"\blast (?:week|month|year|time)\b", r"\b(?:\w+ )?(?:years?|months?|weeks?|days?) ago\b",
        r"\bpreviously\b", r"\bprevious\b", r"\bformer\b",
        r"\bhad (?:\w+ly )?(?:\w+ed|met|held|spoken|paid|made|sent|taken|given|begun)\b",
        r"\bearlier this (?:year|month)\b", r"\bsince\b",
    ),
    future_markers=(
        r"\bwill\b", r"\bshall\b", r"\bwould\b", r"\b(?:is|are) (?:scheduled|expected|due|set|"
        r"slated|going) to\b", r"\bscheduled\b", r"\bupcoming\b", r"\bforthcoming\b",
        r"\bnext (?:week|month|year)\b", r"\btomorrow\b", r"\bplans? to\b", r"\binvit\w+ \w+ "
        r"to\b", r"\binvit\w+ (?:from |of )?(?:\w+ ){1,5}?to\b", r"\bas soon as\b",
        r"\blooking forward\b", r"\bto follow up\b", r"\bto make \w+ (?:first )?"
        r"(?:\w+ )?visit\b", r"\bintend\w* to\b", r"\bto be held\b", r"\bfuture\b",
        r"\binvitation to\b",
    ),
    triggers=_TRIGGERS,
    honorifics=frozenset(
        "mr mrs ms miss dr prof h.e excellency sheikh shaikh sir dame honorable honourable "
        "hon madam majesty highness gen lt col maj brig adm capt captain admiral marshal colonel "
        "brigadier smt shri shrimati alhaji malam mallam first lady wife husband "
        "spouse".split()
    ),
    spouse_words=frozenset("lady wife husband spouse".split()),
    subject_pronouns=frozenset("he she".split()),
    relative_links=r"(?i),\s*(?:where|at which|during which|in the course of which)\b",
    aside_clauses=r",\s*(?:who|whose)\b[^,;()]*,",
    female_honorifics=frozenset("mrs ms miss madam dame lady smt shrimati".split()),
    clause_verbs=frozenset(
        "has have had is are was were will would held holds met meets said says received "
        "receives welcomed hosted paid".split()),
    address_honorifics=frozenset("majesty highness".split()),
    capital_words=frozenset({"capital"}),
    guest_words=frozenset({"visiting"}),
    leader_words=frozenset({"leader"}),
    separately_words=frozenset({"separately", "successively", "in turn", "respectively"}),
    venue_words=frozenset(
        "memorial airport palace guesthouse guest centre center stadium museum institute "
        "university foundation street avenue bridge mosque mosques sea ocean mausoleum "
        "monument library school college hospital tower square plaza hall hotel park garden "
        "gardens gate resort cathedral church temple shrine cemetery house airbase".split()
    ),
    name_particles=frozenset(
        "bin bint binti ibn al el da de del della dos das do van von der den la le di du "
        "ould ag".split()
    ),
    non_name_words=frozenset(
        """the a an and or but on in at of for with from to by as during following after before
        this that these those his her its their our we they he she it there here both all each
        every some many most other such while when where which who whose what however also
        meanwhile today yesterday tomorrow earlier later then since until under over about
        according against among between within without through regarding speaking noting
        welcoming calling describing stressing highlighting underlining reiterating adding
        saying particular specifically finally first second third next last previous
        president minister ministers secretary prime foreign deputy vice state councilor
        councillor ambassador envoy chairman chairperson chair speaker spokesperson
        spokesman spokeswoman director general king queen emir crown prince premier
        chancellor leader leaders member members head heads chief the government ministry
        office department embassy consulate council commission committee assembly parliament
        republic kingdom federation union people peoples party communist central political
        bureau affairs external international relations cooperation development national
        security advisor adviser special representative strategic dialogue partnership
        comprehensive joint statement agreement agreements initiative programme program
        summit meeting meetings talks conference forum session week year month day side
        sides readout media statement issued overview call visit visits""".split()
    ),
    connectors=frozenset("and of the for to in 's ' on".split()),
    former_markers=frozenset("former late ex outgoing elect president-elect then".split()),
    counterpart_words=frozenset("counterpart counterparts".split()),
    person_nouns=frozenset("diplomat official envoy politician veteran".split()),
    title_glue=frozenset("'s s the his her their its a an also who is".split()),
    host_prepositions=frozenset({"to", "in", "at"}),
    here_words=frozenset({"here"}),
    place_words=frozenset("in at the here near capital visiting visit".split()),
    in_country_words=frozenset({"in"}),
    destination_words=frozenset("to in visit visiting".split()),
    also_words=frozenset({"also", "further", "additionally"}),
    periods=(
        (r"\b(?P<n>\w+) years? ago\b", "year", -1),
        (r"\b(?P<n>\w+) months? ago\b", "month", -1),
        (r"\blast year\b", "year", -1),
        (r"\blast month\b", "month", -1),
        (r"\blast week\b", "week", -1),
        (r"\b(?:early |late |later |earlier )?this year\b", "year", 0),
        (r"\bnext year\b", "year", 1),
        (r"\bnext month\b", "month", 1),
        (r"\bnext week\b", "week", 1),
    ),
    numbers={"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "a": 1},
    # "the foreign ministers of Spain, José Albares; Latvia, Baiba Braže; ..."
    plural_title=r"\b(?:foreign ministers|ministers|presidents|leaders|counterparts|"
                 r"prime ministers|heads of state)\b",
    message_from=r"\bfrom\b",
    message_to=r"\b(?:to|for)\b",
    # named agreements, plans, corridors not in the reference list (original text)
    # (repetitions bounded: a name has at most 15 words, and a run of capitalised
    # words without a head noun must not be re-read from each of its words to its end)
    project_pattern=r"\b(?P<name>(?:" + _TC + r")(?:\s+(?:(?:of|and|for|on|the|in|between|to|from)"
                    r"\s+){0,3}(?:" + _TC + r")){0,15}\s+(?:" + _HEADS + r")(?:\s+(?:of|on|for|"
                    r"between)(?:\s+(?:the|a|an))?\s+(?:" + _TC + r")(?:\s+(?:(?:of|and|for|on|"
                    r"the|in|between|to|from|a)\s+){0,3}(?:" + _TC + r")){0,15})?)"
                    r"|\b(?P<name2>(?:" + _TC + r")(?:\s+(?:" + _TC + r")){1,15})\s+project\b"
                    r"|\b(?=(?:" + _HEADS + r")\b)(?:(?<=\bthe )|(?<=\ba )|(?<=\ban )|"
                    r"(?<![A-Za-z] ))(?P<name3>(?:"
                    + _HEADS + r")\s+(?:of|on|for|between)"
                    r"(?:\s+(?:the|a|an))?\s+(?:" + _TC + r")(?:\s+(?:(?:of|and|for|on|the|in|"
                    r"between|to|from|a)\s+){0,3}(?:" + _TC + r")){0,15})",
    project_lead_words=frozenset({"and", "the", "of", "The"}),
    capitalised_demonyms=True,
    edition_words=frozenset({"edition"}),
)

# A short readout in the language, for tests/test_lang_contract.py: one dated meeting of two
# titled officials (written for the test, not taken from a corpus).
SAMPLE = (
    "Foreign Minister Wang Yi met with Kyrgyz Foreign Minister Jeenbek Kulubaev in Beijing on "
    "25 April 2025. The two ministers held talks on the railway and agreed that the project "
    "is of great importance for the region."
)
