"""Tests for kg.evaluate: the project's definition of accuracy."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from kg.evaluate import (
    CORE_FIELDS,
    FIELDS,
    Counts,
    Report,
    fold,
    score_corpus,
    score_readout,
)


def participant(name: str, state: str | None, *roles: str) -> dict[str, Any]:
    return {"name": name, "state": state, "roles": list(roles)}


def event(
    type_: str,
    date: str | None,
    *participants: dict[str, Any],
    city: str | None = None,
    country: str | None = None,
) -> dict[str, Any]:
    return {
        "type": type_,
        "date": date,
        "place": {"city": city, "country": country},
        "participants": list(participants),
    }


def person(name: str, *aliases: str, state: str | None = None) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "state": state, "roles": []}


def readout(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "t-1",
        "lang": "fr",
        "events": [],
        "referenced_events": [],
        "persons": [],
        "states": [],
        "organisations": [],
        "projects": [],
    }
    base.update(fields)
    return base


WANG = participant("Wang Yi", "CHN", "party_official", "foreign_minister")
KULUBAEV = participant("Jeenbek Kulubaev", "KGZ", "foreign_minister")


def gold_chn_kgz() -> dict[str, Any]:
    """A small copy of the fr-seed-2025-04-25-chn-kgz gold annotation."""
    return readout(
        id="fr-seed-2025-04-25-chn-kgz",
        lang="fr",
        events=[event("meeting", "2025-04-25", WANG, KULUBAEV, city="Almaty", country="KAZ")],
        referenced_events=[
            event(
                "visit",
                "2025-02",
                participant("Sadyr Japarov", "KGZ", "head_of_state"),
                country="CHN",
            ),
            {
                "type": "summit",
                "date": None,
                "place": {"city": "Tianjin", "country": "CHN"},
                "participants": [],
                "organisation": "Shanghai Cooperation Organisation",
            },
        ],
        persons=[
            person("Wang Yi", state="CHN"),
            person("Jeenbek Kulubaev", "Zheenbek Kulubaev", "Dscheenbek Kulubajew", state="KGZ"),
            person("Xi Jinping", state="CHN"),
            person("Sadyr Japarov", "Sadyr Zhaparov", state="KGZ"),
        ],
        states=["CHN", "KAZ", "KGZ", "UZB"],
        organisations=[
            {
                "name": "Shanghai Cooperation Organisation",
                "aliases": ["SCO", "OCS", "Organisation de coopération de Shanghai"],
            }
        ],
        projects=[
            {"name": "Belt and Road Initiative", "aliases": ["BRI", "la Ceinture et la Route"]},
            {"name": "China-Kyrgyzstan-Uzbekistan Railway", "aliases": ["CKU railway"]},
        ],
    )


def gold_multi_meeting() -> dict[str, Any]:
    """Several same-day meetings sharing one participant, a signing and a call."""
    nurtleu = participant("Murat Nurtleu", "KAZ", "foreign_minister")
    return readout(
        id="en-test-multi",
        lang="en",
        events=[
            event(
                "meeting",
                "2024-09-25",
                nurtleu,
                participant("José Manuel Albares", "ESP", "foreign_minister"),
                city="New York",
                country="USA",
            ),
            event(
                "meeting",
                "2024-09-25",
                nurtleu,
                participant("Radosław Sikorski", "POL", "foreign_minister"),
                city="New York",
                country="USA",
            ),
            event(
                "meeting",
                "2024-09-25",
                nurtleu,
                participant("Gilbert Houngbo", None, "org_head"),
                city="New York",
                country="USA",
            ),
            event("signing", "2024-09", nurtleu, city="New York", country="USA"),
            event("phone_call", None, nurtleu),
        ],
        persons=[
            person("Murat Nurtleu", "Nurtleu"),
            person("José Manuel Albares", "Albares"),
            person("Radosław Sikorski", "Radoslaw Sikorski", "Sikorski"),
            person("Gilbert Houngbo", "Houngbo"),
        ],
        states=["ESP", "KAZ", "POL", "USA"],
        organisations=[{"name": "United Nations", "aliases": ["UN", "ONU"]}],
    )


def assert_perfect(score_counts: dict[str, Counts]) -> None:
    for f in FIELDS:
        c = score_counts[f]
        assert c.f1 is None or c.f1 == 1.0, (f, c)


# ----------------------------------------------------------------------- folding


def test_folding_ignores_diacritics_case_and_dashes() -> None:
    assert fold("Jean-Yves  Le Drian") == fold("jean yves le drian") == "jean yves le drian"
    assert fold("Bùi Thanh Sơn") == "bui thanh son"
    assert fold("Joseph R. Biden, Jr.") == "joseph r biden jr"
    assert fold("China\u2013Central Asia") == fold("China - Central  Asia") == "china central asia"
    assert fold("  ÉDOUARD   Philippe ") == "edouard philippe"


def test_folding_maps_letters_nfkd_leaves_whole() -> None:
    assert fold("Radosław Sikorski") == fold("Radoslaw Sikorski")
    assert fold("Løkke Rasmussen") == "lokke rasmussen"
    assert fold("Đặng") == "dang"
    assert fold("Straße") == "strasse"
    assert fold("Mihai Popșoi") == fold("Mihai Popşoi") == "mihai popsoi"
    assert fold("Conseil de l’Europe") == fold("Conseil de l'Europe")


# ------------------------------------------------------------------------ basics


def test_counts_metrics_and_addition() -> None:
    c = Counts(3, 1, 2) + Counts(1, 0, 0)
    assert (c.tp, c.fp, c.fn) == (4, 1, 2)
    assert c.precision == pytest.approx(0.8)
    assert c.recall == pytest.approx(4 / 6)
    assert c.f1 == pytest.approx(2 * 0.8 * (4 / 6) / (0.8 + 4 / 6))


def test_empty_counts_are_na_and_one_sided_counts_are_zero() -> None:
    assert Counts().f1 is None and Counts().precision is None and Counts().recall is None
    only_fn = Counts(0, 0, 3)
    assert only_fn.precision == 0.0 and only_fn.recall == 0.0 and only_fn.f1 == 0.0
    only_fp = Counts(0, 2, 0)
    assert only_fp.precision == 0.0 and only_fp.f1 == 0.0


def test_gold_against_itself_scores_perfect() -> None:
    for gold in (gold_chn_kgz(), gold_multi_meeting()):
        score = score_readout(copy.deepcopy(gold), gold)
        assert_perfect(score.counts)
        assert not any(score.missed.values()) and not any(score.invented.values())
    report = score_corpus((copy.deepcopy(g), g) for g in (gold_chn_kgz(), gold_multi_meeting()))
    assert_perfect(report.overall())
    assert report.core_f1(report.overall()) == 1.0


def test_score_takes_id_and_lang_from_gold() -> None:
    score = score_readout({"id": "other", "lang": "xx"}, gold_chn_kgz())
    assert (score.id, score.lang) == ("fr-seed-2025-04-25-chn-kgz", "fr")


def test_empty_prediction_misses_everything_without_crashing() -> None:
    gold = gold_chn_kgz()
    score = score_readout({}, gold)
    c = score.counts
    assert (c["event"].tp, c["event"].fn) == (0, 1)
    assert c["participant"].fn == 2
    assert c["role"].f1 is None  # no matched participants, so roles are not counted
    assert c["place"].f1 is None  # no matched events, so places are not counted
    assert c["person"].fn == 4 and c["state"].fn == 4
    assert c["organisation"].fn == 1 and c["project"].fn == 2
    assert c["referenced_event"].fn == 2
    assert "state UZB" in score.missed["state"]
    assert "person Xi Jinping" in score.missed["person"]
    assert "meeting 2025-04-25: Wang Yi (CHN)" in score.missed["participant"]


def test_prediction_tolerates_null_place_missing_roles_and_null_lists() -> None:
    gold = readout(events=[event("meeting", "2025-01-01", WANG, city="Astana", country="KAZ")])
    pred = {
        "events": [
            {
                "type": "meeting",
                "date": "2025-01-01",
                "place": None,
                "participants": [{"name": "Wang Yi", "state": "CHN"}],
            }
        ],
        "persons": None,
    }
    score = score_readout(pred, gold)
    assert (score.counts["participant"].tp, score.counts["role"].fn) == (1, 2)
    assert (score.counts["place"].tp, score.counts["place"].fn) == (0, 2)


# ------------------------------------------------------------------------ events


def test_meeting_and_talks_match_as_same_coarse_type() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG)])
    for kind in ("talks", "visit", "meeting"):
        pred = readout(events=[event(kind, "2025-04-25", WANG)])
        assert score_readout(pred, gold).counts["event"] == Counts(1, 0, 0)


def test_other_types_are_their_own_class() -> None:
    gold = readout(events=[event("phone_call", "2025-04-25", WANG)])
    for kind in ("video_call", "meeting", "message"):
        pred = readout(events=[event(kind, "2025-04-25", WANG)])
        score = score_readout(pred, gold)
        assert score.counts["event"] == Counts(0, 1, 1)
        assert score.missed["event"] == ["event phone_call 2025-04-25 with Wang Yi"]


def test_event_dates_compare_as_strings() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG)])
    pred = readout(events=[event("meeting", "2025-04", WANG)])
    assert score_readout(pred, gold).counts["event"] == Counts(0, 1, 1)


def test_null_dates_are_equal() -> None:
    gold = readout(events=[event("phone_call", None, WANG)])
    pred = readout(events=[event("phone_call", None, WANG)])
    score = score_readout(pred, gold)
    assert score.counts["event"] == Counts(1, 0, 0)
    assert score.counts["participant"] == Counts(1, 0, 0)
    dated = score_readout(readout(events=[event("phone_call", "2025-01-01", WANG)]), gold)
    assert dated.counts["event"] == Counts(0, 1, 1)


def test_unmatched_events_count_their_participants() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG, KULUBAEV)])
    pred = readout(events=[event("phone_call", "2025-04-25", WANG, KULUBAEV, KULUBAEV)])
    score = score_readout(pred, gold)
    assert score.counts["participant"] == Counts(0, 3, 2)
    assert score.counts["role"].f1 is None
    assert "phone_call 2025-04-25: Jeenbek Kulubaev (KGZ)" in score.invented["participant"]
    assert "meeting 2025-04-25: Wang Yi (CHN)" in score.missed["participant"]


def test_event_pairing_prefers_most_participant_matches() -> None:
    gold = gold_multi_meeting()
    pred = copy.deepcopy(gold)
    pred["events"] = pred["events"][:3][::-1]  # same three meetings, reversed order
    score = score_readout(pred, gold)
    assert score.counts["event"] == Counts(3, 0, 2)
    assert score.counts["participant"] == Counts(6, 0, 2)
    assert score.counts["role"] == Counts(6, 0, 0)


def test_surplus_event_in_same_class_is_false_positive() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG)])
    pred = readout(
        events=[event("meeting", "2025-04-25", KULUBAEV), event("talks", "2025-04-25", WANG)]
    )
    score = score_readout(pred, gold)
    assert score.counts["event"] == Counts(1, 1, 0)
    assert score.counts["participant"] == Counts(1, 1, 0)
    assert score.invented["event"] == ["event meeting 2025-04-25 with Jeenbek Kulubaev"]


# ------------------------------------------------------------------ participants


def test_participant_needs_matching_state() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG)])
    pred = readout(events=[event("meeting", "2025-04-25", participant("Wang Yi", "KGZ"))])
    score = score_readout(pred, gold)
    assert score.counts["participant"] == Counts(0, 1, 1)
    assert score.invented["participant"] == ["meeting 2025-04-25: Wang Yi (KGZ)"]


def test_participant_with_null_state_matches_null_state() -> None:
    houngbo = participant("Gilbert Houngbo", None, "org_head")
    gold = readout(events=[event("meeting", "2024-09", houngbo)])
    pred = readout(events=[event("meeting", "2024-09", copy.deepcopy(houngbo))])
    assert score_readout(pred, gold).counts["participant"] == Counts(1, 0, 0)


def test_participant_matches_by_person_alias() -> None:
    gold = gold_chn_kgz()
    pred = readout(
        events=[
            event(
                "talks",
                "2025-04-25",
                participant("Wang Yi", "CHN", "party_official", "foreign_minister"),
                participant("ZHEENBEK  kulubaev", "KGZ", "foreign_minister"),
                city="Almaty",
                country="KAZ",
            )
        ]
    )
    score = score_readout(pred, gold)
    assert score.counts["participant"] == Counts(2, 0, 0)
    assert score.counts["role"] == Counts(3, 0, 0)


def test_participant_is_one_to_one() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG)])
    pred = readout(events=[event("meeting", "2025-04-25", WANG, copy.deepcopy(WANG))])
    assert score_readout(pred, gold).counts["participant"] == Counts(1, 1, 0)


# ------------------------------------------------------------------------- roles


def test_role_set_arithmetic() -> None:
    gold = readout(
        events=[
            event(
                "meeting",
                "2025-04-25",
                participant("Wang Yi", "CHN", "party_official", "foreign_minister"),
            )
        ]
    )
    pred = readout(
        events=[
            event(
                "meeting",
                "2025-04-25",
                participant(
                    "Wang Yi", "CHN", "foreign_minister", "other_official", "head_of_state"
                ),
            )
        ]
    )
    score = score_readout(pred, gold)
    assert score.counts["role"] == Counts(1, 2, 1)
    assert score.missed["role"] == ["role party_official for Wang Yi in meeting 2025-04-25"]
    assert "role head_of_state for Wang Yi in meeting 2025-04-25" in score.invented["role"]


# ------------------------------------------------------------------------ places


@pytest.mark.parametrize(
    ("pred_place", "gold_place", "expected"),
    [
        ({"city": "almaty", "country": "KAZ"}, {"city": "Almaty", "country": "KAZ"}, (2, 0, 0)),
        ({"city": "Almaty", "country": "KAZ"}, {"city": None, "country": "KAZ"}, (1, 1, 0)),
        ({"city": None, "country": None}, {"city": "Almaty", "country": "KAZ"}, (0, 0, 2)),
        (None, {"city": "Almaty", "country": "KAZ"}, (0, 0, 2)),
        ({"city": "Astana", "country": "KAZ"}, {"city": "Almaty", "country": "KAZ"}, (1, 1, 1)),
        ({"city": None, "country": None}, {"city": None, "country": None}, (0, 0, 0)),
    ],
)
def test_place_slots(
    pred_place: dict[str, Any] | None, gold_place: dict[str, Any], expected: tuple[int, ...]
) -> None:
    gold_event = event("meeting", "2025-04-25", WANG)
    gold_event["place"] = gold_place
    pred_event = event("meeting", "2025-04-25", WANG)
    pred_event["place"] = pred_place
    score = score_readout(readout(events=[pred_event]), readout(events=[gold_event]))
    c = score.counts["place"]
    assert (c.tp, c.fp, c.fn) == expected


def test_place_of_unmatched_event_is_not_scored() -> None:
    gold = readout(events=[event("meeting", "2025-04-25", WANG, city="Almaty", country="KAZ")])
    pred = readout(events=[event("meeting", "2025-04-26", WANG, city="Almaty", country="KAZ")])
    assert score_readout(pred, gold).counts["place"] == Counts()


# ----------------------------------------------------------- persons and others


def test_person_matches_by_alias_and_is_one_to_one() -> None:
    gold = readout(persons=[person("Radosław Sikorski", "Sikorski"), person("Xi Jinping")])
    pred = readout(
        persons=[{"name": "SIKORSKI"}, {"name": "Radoslaw Sikorski"}, {"name": "Jill Biden"}]
    )
    score = score_readout(pred, gold)
    assert score.counts["person"] == Counts(1, 2, 1)
    assert score.missed["person"] == ["person Xi Jinping"]
    assert "person Jill Biden" in score.invented["person"]


def test_ambiguous_alias_does_not_steal_a_match() -> None:
    # "Wang" could be either gold person; the full name fits only the first.
    gold = readout(persons=[person("Wang Yi", "Wang"), person("Wang Wenbin", "Wang")])
    pred = readout(persons=[{"name": "Wang"}, {"name": "Wang Yi"}])
    assert score_readout(pred, gold).counts["person"] == Counts(2, 0, 0)


def test_states_compare_as_sets() -> None:
    gold = readout(states=["CHN", "KAZ", "UZB"])
    pred = readout(states=["chn", "KAZ", "KAZ", "USA"])
    score = score_readout(pred, gold)
    assert score.counts["state"] == Counts(2, 1, 1)
    assert score.missed["state"] == ["state UZB"]
    assert score.invented["state"] == ["state USA"]


def test_organisation_and_project_match_by_alias() -> None:
    gold = gold_chn_kgz()
    pred = readout(
        organisations=[{"name": "Organisation de coopération de Shanghai"}, {"name": "ASEAN"}],
        projects=[{"name": "la ceinture et la route"}],
    )
    score = score_readout(pred, gold)
    assert score.counts["organisation"] == Counts(1, 1, 0)
    assert score.counts["project"] == Counts(1, 0, 1)
    assert score.missed["project"] == ["project China-Kyrgyzstan-Uzbekistan Railway"]
    assert score.invented["organisation"] == ["organisation ASEAN"]


def test_referenced_events_match_like_events_without_participant_scoring() -> None:
    gold = gold_chn_kgz()
    gold["events"] = []
    pred = readout(
        referenced_events=[
            event("meeting", "2025-02"),  # same coarse class as the gold visit
            event("summit", "2025-07"),  # gold summit is undated
        ]
    )
    score = score_readout(pred, gold)
    assert score.counts["referenced_event"] == Counts(1, 1, 1)
    assert score.counts["participant"] == Counts()
    assert score.missed["referenced_event"] == [
        "referenced summit undated of Shanghai Cooperation Organisation"
    ]


# ------------------------------------------------------------------------ report


def test_core_f1_is_mean_excluding_na_fields() -> None:
    counts = {f: Counts() for f in FIELDS}
    assert Report.core_f1(counts) is None
    counts["event"] = Counts(1, 0, 0)  # F1 1.0
    counts["state"] = Counts(0, 1, 0)  # F1 0.0
    counts["role"] = Counts(0, 5, 5)  # not a core field
    assert Report.core_f1(counts) == pytest.approx(0.5)
    counts["person"] = Counts(1, 1, 0)  # F1 2/3
    assert Report.core_f1(counts) == pytest.approx((1 + 0 + 2 / 3) / 3)


def test_fields_order() -> None:
    assert FIELDS[0] == "event" and FIELDS[-1] == "referenced_event" and len(FIELDS) == 9
    assert set(CORE_FIELDS) <= set(FIELDS) and "role" not in CORE_FIELDS


def test_report_aggregates_micro_by_language() -> None:
    fr, en = gold_chn_kgz(), gold_multi_meeting()
    report = score_corpus([(copy.deepcopy(fr), fr), ({}, en)])
    by_lang = report.by_language()
    assert list(by_lang) == ["en", "fr"]
    assert by_lang["fr"]["event"] == Counts(1, 0, 0)
    assert by_lang["en"]["event"] == Counts(0, 0, 5)
    assert report.overall()["event"] == Counts(1, 0, 5)
    assert report.overall()["state"] == Counts(4, 0, 4)


def test_report_json_shape() -> None:
    fr, en = gold_chn_kgz(), gold_multi_meeting()
    data = score_corpus([(copy.deepcopy(fr), fr), ({}, en)]).to_json()
    json.dumps(data)  # serialisable
    assert data["fields"] == list(FIELDS)
    assert data["core_fields"] == list(CORE_FIELDS)
    assert set(data["by_language"]) == {"en", "fr"}
    for group in (data["all"], *data["by_language"].values()):
        assert set(group) == {"n_readouts", "fields", "core_f1"}
        assert list(group["fields"]) == list(FIELDS)
        for entry in group["fields"].values():
            assert set(entry) == {"p", "r", "f1", "tp", "fp", "fn"}
    assert data["all"]["n_readouts"] == 2
    assert data["by_language"]["fr"]["core_f1"] == 1.0
    assert data["by_language"]["en"]["fields"]["role"]["f1"] is None
    assert data["by_language"]["en"]["core_f1"] == 0.0
    readouts = {r["id"]: r for r in data["readouts"]}
    assert readouts["fr-seed-2025-04-25-chn-kgz"]["missed"] == {}
    assert "person Radosław Sikorski" in readouts["en-test-multi"]["missed"]["person"]
    assert readouts["en-test-multi"]["counts"]["event"] == {"tp": 0, "fp": 0, "fn": 5}


def test_text_table_lists_fields_languages_and_errors() -> None:
    fr, en = gold_chn_kgz(), gold_multi_meeting()
    report = score_corpus([(copy.deepcopy(fr), fr), ({"states": ["KAZ", "CHN"]}, en)])
    table = report.format_table()
    for f in FIELDS:
        assert f in table
    assert "core F1" in table
    assert "F1 en" in table and "F1 fr" in table
    assert "n/a" in table
    assert "- state ESP" not in table  # errors only on request
    detailed = report.format_table(errors=True)
    assert detailed.startswith(table)
    assert "en-test-multi (en)" in detailed
    assert "  - state ESP" in detailed
    assert "  + state CHN" in detailed
    assert "fr-seed-2025-04-25-chn-kgz (fr)" not in detailed  # perfect readouts are omitted
