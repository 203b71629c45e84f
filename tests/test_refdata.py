"""The reference data files are valid: keys unique, codes real, roles known."""

import re
from collections import Counter

from kg.refdata import EVENT_TYPES, ROLE_CODES, ROLE_MARKERS, refdata
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
