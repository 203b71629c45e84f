"""The reference data files are valid: keys unique, codes real, roles known."""

import re
from collections import Counter

import pytest

from kg.refdata import (
    EVENT_TYPES,
    LANGS,
    ROLE_CODES,
    ROLE_MARKERS,
    RefDataError,
    load_officials,
    refdata,
)
from kg.text import fold

DATA = refdata()
CODE = re.compile(r"^[A-Z]{3}$")


def test_states_cover_un_members_and_observers():
    statuses = Counter(s.status for s in DATA.states.values())
    assert statuses["un_member"] == 193 and statuses["un_observer"] == 2
    for st in DATA.states.values():
        assert CODE.match(st.code) and st.names.get("en") and st.names.get("fr")
    assert not {"TWN", "HKG", "MAC", "ESH"} & set(DATA.states)


def test_every_state_form_names_a_known_state():
    for form in DATA.state_forms:
        assert form.code in DATA.states, form
        assert form.form.strip(), form
    kinds = Counter(f.kind for f in DATA.state_forms)
    assert kinds["adj"] > 400 and kinds["prefix"] > 20


def test_no_state_form_points_to_two_states_in_one_language():
    seen: dict[tuple[str, str, str], str] = {}
    for f in DATA.state_forms:
        key = (f.lang, f.kind if f.kind == "prefix" else "word", fold(f.form))
        assert seen.setdefault(key, f.code) == f.code, (f, seen[key])


def test_cities_have_known_countries_and_unique_names():
    names = Counter(c.name for c in DATA.cities)
    assert not [n for n, k in names.items() if k > 1]
    for c in DATA.cities:
        assert c.country in DATA.states, c


def test_organisations_and_projects_have_unique_names_and_labels():
    names = [e.name for e in DATA.organisations + DATA.projects]
    assert len(names) == len(set(names))
    for e in DATA.organisations + DATA.projects:
        assert e.name.strip()
        assert all(a.strip() for a in e.aliases + e.acronyms)


def test_officials_have_valid_states_and_roles():
    for off in DATA.officials:
        assert off.state is None or off.state in DATA.states, off.name
        for office in off.offices:
            assert office["role"] in ROLE_CODES, (off.name, office)


def test_role_titles_map_to_role_codes():
    assert {lang for lang, _, _ in DATA.roles} >= {"en", "fr"}
    for lang, title, role in DATA.roles:
        assert title.strip() and (role in ROLE_CODES or role in ROLE_MARKERS), (lang, title)


def test_event_types_match_the_schema():
    assert EVENT_TYPES == ("meeting", "talks", "phone_call", "video_call", "visit", "message",
                           "summit", "signing", "other")


# ---------------------------------------------------------------- officials' spellings

# Different officials who really share a full spelling (none today). Add a pair here only
# with a comment saying who they are and why their spelling cannot tell them apart.
HOMONYMS: frozenset[str] = frozenset()


def test_every_official_has_english_and_french_spellings():
    missing = [o.name for o in DATA.officials if not (o.names.get("en") and o.names.get("fr"))]
    assert not missing, missing[:10]
    for off in DATA.officials:
        assert off.names["en"] == off.name
        assert set(off.names) <= set(LANGS), off.name
        assert set(off.shorts) <= set(LANGS), off.name
        assert all(s.strip() == s and s for s in (*off.names.values(), *off.aliases, *off.short))


def test_no_spelling_names_two_officials():
    owner: dict[str, str] = {}
    clashes = []
    for off in DATA.officials:
        for spelling in {fold(s) for s in (off.name, *off.aliases)}:
            other = owner.setdefault(spelling, off.name)
            if other != off.name and spelling not in HOMONYMS:
                clashes.append((spelling, other, off.name))
    assert not clashes, clashes[:10]


def test_a_short_form_shared_by_officials_of_two_states_is_shared_within_one_language():
    """The parser matches every language's short forms in any readout; that is safe as long
    as no language's surname is another state's official's surname in another language only
    (a same-language clash, like "Sharif", is left to the context of the sentence)."""
    owners: dict[str, list] = {}
    for off in DATA.officials:
        for short in {fold(s) for s in off.short}:
            owners.setdefault(short, []).append(off)
    clashes = []
    for short, offs in owners.items():
        for i, a in enumerate(offs):
            for b in offs[i + 1:]:
                if a.state != b.state and not any(
                        short in {fold(x) for x in a.shorts_in(lang)}
                        and short in {fold(x) for x in b.shorts_in(lang)} for lang in LANGS):
                    clashes.append((short, a.name, b.name))
    assert not clashes, clashes[:10]


def test_spellings_put_the_readout_language_first():
    putin = next(o for o in DATA.officials if o.name == "Vladimir Putin")
    assert putin.names["fr"] == "Vladimir Poutine"
    assert putin.spellings("fr")[0] == "Vladimir Poutine"
    assert putin.spellings("en")[0] == "Vladimir Putin"
    assert {"Vladimir Poutine", "Wladimir Putin", "Владимир Путин"} <= set(putin.spellings("en"))
    assert "Poutine" in putin.shorts_in("fr") and "Poutine" in putin.short
    biden = next(o for o in DATA.officials if o.name == "Joe Biden")
    assert biden.shorts_in("fr") == biden.shorts_in("en") == ("Biden",)  # same name, same short


def _officials_file(tmp_path, text: str):
    path = tmp_path / "officials.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("entry", "problem"), [
    ("{name: Jane Roe, state: USA, names: {fr: [Jane Roe, J. Roe]}}", "names.fr must be one"),
    ("{name: Jane Roe, state: USA, names: {xx: Jane Roe}}", "unknown language 'xx'"),
    ("{name: Jane Roe, state: USA, names: {en: John Roe}}", "names.en 'John Roe' differs"),
    ("{name: Jane Roe, state: USA, names: {fr: 12}}", "names.fr must be a non-empty text"),
    ("{name: Jane Roe, state: XYZ}", "state 'XYZ' is not an alpha-3 code"),
    ("{name: Jane Roe, state: USA, shrot: [Roe]}", "unknown field 'shrot'"),
    ("{name: Jane Roe, state: USA, short: {fr: ''}}", "short.fr must be a non-empty text"),
    ("{name: Jane Roe, state: USA, offices: [{role: queen}]}", "office role 'queen'"),
    ("[Jane Roe]", "expected a map"),
])
def test_malformed_official_is_refused_with_one_line_naming_file_and_entry(
        tmp_path, entry, problem):
    path = _officials_file(tmp_path, f"- {{name: John Doe, state: USA}}\n- {entry}\n")
    with pytest.raises(RefDataError) as err:
        load_officials(path, DATA.states)
    message = str(err.value)
    assert "\n" not in message and problem in message
    assert message.startswith(f"{path}: entry 2")


def test_officials_file_that_is_not_yaml_is_refused_with_one_line(tmp_path):
    path = _officials_file(tmp_path, "- {name: John Doe, state: [USA}\n")
    with pytest.raises(RefDataError, match=r"officials\.yaml: not valid YAML at line 1") as err:
        load_officials(path, DATA.states)
    assert "\n" not in str(err.value)


def test_two_entries_with_one_name_are_refused(tmp_path):
    path = _officials_file(tmp_path, "- {name: John Doe, state: USA}\n"
                                     "- {name: John Doe, state: GBR}\n")
    with pytest.raises(RefDataError, match=r"entry 2 \(John Doe\): name already used by entry 1"):
        load_officials(path, DATA.states)


def test_former_shape_of_officials_is_still_read(tmp_path):
    path = _officials_file(tmp_path, "- name: John Doe\n  state: USA\n"
                                     "  aliases: [Johnny Doe, Джон Доу]\n  short: [Doe, Доу]\n")
    (off,) = load_officials(path, DATA.states)
    assert off.names == {"en": "John Doe"} and off.shorts == {}
    assert off.aliases == ("Johnny Doe", "Джон Доу") and off.short == ("Doe", "Доу")


def test_per_language_spellings_are_read_and_flattened_for_matching(tmp_path):
    path = _officials_file(tmp_path, "- name: John Doe\n  state: USA\n"
                                     "  names: {fr: Jean Doe, de: Johann Doe, ru: Джон Доу}\n"
                                     "  short: {en: Doe, ru: [Доу, Доуа]}\n"
                                     "  aliases: [Johnny Doe]\n")
    (off,) = load_officials(path, DATA.states)
    assert off.names == {"en": "John Doe", "fr": "Jean Doe", "de": "Johann Doe",
                         "ru": "Джон Доу"}
    assert off.aliases == ("Jean Doe", "Johann Doe", "Джон Доу", "Johnny Doe")
    assert off.short == ("Doe", "Доу", "Доуа")
    assert off.shorts_in("ru") == ("Доу", "Доуа")
    assert off.shorts_in("fr") == ()  # French spells the name otherwise and gives no short


# ---------------------------------------------------------------- one person, any language

_FR_CALL = ("Entretien téléphonique avec le Président de la Fédération de Russie\n"
            "Le Président de la République, Emmanuel Macron, s'est entretenu ce jour par "
            "téléphone avec le Président de la Fédération de Russie, Vladimir Poutine. "
            "M. Poutine a évoqué la situation en Ukraine.\n")
_EN_CALL = ("Chancellor holds telephone call with President of Russia\n"
            "Federal Chancellor Olaf Scholz spoke by telephone today with the President of "
            "the Russian Federation, Vladimir Putin. Putin discussed the situation in "
            "Ukraine.\n")


def _persons_graph(write_readout, name: str, text: str, lang: str):
    from kg.pipeline import extract_file, readout_graph

    meta = {"id": name, "lang": lang, "published": "2025-07-01"}
    return readout_graph(extract_file(write_readout(name, text, meta)))[1]


def test_poutine_in_french_and_putin_in_english_are_one_person(write_readout):
    from rdflib import Literal

    from kg.namespaces import FOAF, RDFS
    from kg.rdf import person_iri

    fr = _persons_graph(write_readout, "fr-call", _FR_CALL, "fr")
    en = _persons_graph(write_readout, "en-call", _EN_CALL, "en")
    putin = person_iri("vladimir-putin")
    for g in (fr, en):
        persons = set(g.subjects(predicate=None, object=FOAF.Person))
        assert putin in persons, sorted(persons)
        assert person_iri("vladimir-poutine") not in persons
        assert (putin, RDFS.label, Literal("Vladimir Putin", lang="en")) in g
    assert (putin, RDFS.label, Literal("Vladimir Poutine", lang="fr")) in fr
    assert (putin, RDFS.label, Literal("Vladimir Poutine", lang="en")) not in fr
