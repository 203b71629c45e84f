"""Querying the store: named queries, parameters as terms, refusals, formats, timeouts."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import (
    QueryError,
    bind_values,
    bindings,
    check_query,
    named_queries,
    run_local,
    run_named,
    run_with_timeout,
)
from kg.store import KgStore

from .conftest import READOUTS

INJECTION = '"} ; DROP ALL ; {'


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "store"
    with KgStore(path) as kg:
        kg.ingest([READOUTS])
    return path


def run(store, name, **params):
    return run_named(store, name, **params)


def column(result, name):
    i = result.variables.index(name)
    return [row[i].value if row[i] is not None else None for row in result.rows]


def test_every_shipped_query_declares_known_parameter_kinds():
    kinds = {"state", "person", "topic", "date", "iri", "string", "int"}
    assert len(named_queries()) >= 6
    for nq in named_queries().values():
        assert nq.title and all(p.kind in kinds for p in nq.params), nq.name


def test_meetings_between_two_states_over_time(store):
    res = run(store, "meetings-between-states", state1="CHN", state2="Kyrgyzstan")
    assert "2025-04-25" in column(res, "date")
    # places are named from the entities graph, looked up apart from the event
    places = dict(zip(column(res, "date"), column(res, "place"), strict=True))
    assert places["2025-04-25"] == "Almaty"
    assert column(res, "date") == sorted(column(res, "date"), key=lambda d: d or "")
    res = run(store, "meetings-between-states", state1="CHN", state2="KGZ", since="2025-01-01")
    assert all(d >= "2025-01-01" for d in column(res, "date"))


def test_official_engagements_carry_the_roles_of_the_time(store):
    res = run(store, "official-engagements", person="Wang Yi")
    rows = dict(zip(column(res, "date"), column(res, "roles"), strict=True))
    assert rows["2025-04-25"] == "party_official, foreign_minister" or \
        set(rows["2025-04-25"].split(", ")) == {"party_official", "foreign_minister"}


def test_states_engaged_on_an_organisation_by_acronym(store):
    res = run(store, "states-on-topic", topic="SCO")
    assert {"CHN", "KGZ"} <= set(column(res, "state"))


def test_active_pairs_and_co_participants(store):
    pairs = run(store, "active-pairs")
    events = [int(n) for n in column(pairs, "events")]
    assert events == sorted(events, reverse=True) and events[0] >= 2
    co = run(store, "co-participants", person="Xi Jinping")
    assert "Sadyr Japarov" in column(co, "name")


def test_event_sources_show_each_source(store):
    res = run(store, "event-sources", person1="Xi Jinping", person2="Sadyr Japarov")
    assert res.rows and all(r.startswith("https://w3id.org/kg-diplo/id/readout/")
                            for r in column(res, "readout"))


def test_a_parameter_is_only_ever_a_literal(store):
    with KgStore(store, read_only=True) as kg:
        before = len(kg)
    res = run(store, "co-participants", person=INJECTION)
    assert res.rows == []
    text = "SELECT ?v ?x WHERE { BIND(CONCAT(?v, \"!\") AS ?x) }"
    res = run_local(store, text, bindings(None, {"v": INJECTION}))
    assert [r[0].value for r in res.rows] == [INJECTION + "!"]
    with KgStore(store, read_only=True) as kg:
        assert len(kg) == before


def test_parameters_fill_the_values_placeholders_of_a_query(store):
    text = ('SELECT ?a ?x WHERE { VALUES (?a ?v) { (UNDEF UNDEF) } BIND(STR(?v) AS ?x) '
            '# VALUES ?v { UNDEF } in a comment stays\n BIND("VALUES ?v { UNDEF }" AS ?s) }')
    bound = bind_values(text, bindings(None, {"v": INJECTION}))
    assert "# VALUES ?v { UNDEF } in a comment stays" in bound
    assert '"VALUES ?v { UNDEF }"' in bound
    res = run_local(store, text, bindings(None, {"v": INJECTION}))
    assert [(r[0], r[1].value) for r in res.rows] == [(None, INJECTION)]


def test_a_parameter_without_placeholder_is_bound_at_the_start_of_where(store):
    res = run_local(store, "SELECT ?x WHERE { BIND(STR(?v) AS ?x) }",
                    bindings(None, {"v": "a ) } UNDEF"}))
    assert [r[0].value for r in res.rows] == ["a ) } UNDEF"]


@pytest.mark.parametrize("text, word", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM"),
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "INSERT"),
    ("DROP ALL", "DROP"),
])
def test_queries_that_reach_out_or_write_are_refused(text, word):
    with pytest.raises(QueryError, match=word):
        check_query(text)


def test_keywords_inside_strings_and_comments_are_fine():
    check_query('SELECT ("DROP ALL; SERVICE" AS ?x) WHERE {} # LOAD <http://x>')
    check_query("SELECT * FROM <https://w3id.org/kg-diplo/id/graph/x> WHERE { ?s ?p ?o }")
    check_query("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", allow_remote=True)


def test_runaway_query_is_stopped(store):
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match="stopped after"):
        run_with_timeout(store, text, {}, 0.5)
    ok = run_with_timeout(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}, 30)
    assert int(ok.rows[0][0].value) > 1000


def test_cli_formats_and_output_file(store, tmp_path):
    runner = CliRunner()
    base = ["query", "active-pairs", "--store", str(store)]
    table = runner.invoke(main, base)
    assert table.exit_code == 0 and "events" in table.output and "rows)" in table.output
    rows = list(csv.reader(io.StringIO(runner.invoke(main, [*base, "--format", "csv"]).output)))
    assert rows[0][:2] == ["a", "b"]
    tsv = runner.invoke(main, [*base, "--format", "tsv"]).output
    assert tsv.splitlines()[0].split("\t")[:2] == ["a", "b"]
    data = json.loads(runner.invoke(main, [*base, "--format", "json"]).output)
    assert data["head"]["vars"][:2] == ["a", "b"] and data["results"]["bindings"]
    out = tmp_path / "pairs.json"
    assert runner.invoke(main, [*base, "--format", "json", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["results"]["bindings"]


def test_cli_lists_queries_and_explains_mistakes(store, tmp_path):
    runner = CliRunner()
    listing = runner.invoke(main, ["query", "--list"]).output
    assert "meetings-between-states" in listing and "--param state1=" in listing
    res = runner.invoke(main, ["query", "meetings-between-states", "--store", str(store)])
    assert res.exit_code == 2 and "needs --param state1" in res.output
    res = runner.invoke(main, ["query", "no-such-query", "--store", str(store)])
    assert res.exit_code == 2 and "no query named" in res.output
    res = runner.invoke(main, ["query", "DROP ALL", "--store", str(store)])
    assert res.exit_code == 2 and "refused" in res.output
    qfile = tmp_path / "q.rq"
    qfile.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }")
    res = runner.invoke(main, ["query", f"@{qfile}", "--store", str(store)])
    assert res.exit_code == 0 and "(1 row)" in res.output


def test_first_and_last_dates_skip_undated_events():
    # a bug: Oxigraph's MIN/MAX are unbound as soon as one value is, so one undated event
    # blanked a pair's first and last dates
    from kg.query import run

    from .handmade import CHN, KGR, KGZ, handmade_store

    def undated(b):
        b.event("u1", "u1", "talks", None, [(f"{KGR}person/wang-yi", CHN, "foreign_minister"),
                                            (f"{KGR}person/sadyr-japarov", KGZ,
                                             "head_of_state")])

    res = run(handmade_store(undated), "active-pairs").to_frame()
    row = res[(res.a == "CHN") & (res.b == "KGZ")].iloc[0]
    assert (row.events, row["first"], row["last"]) == (3, "2024-06-06", "2025-04-25")


def test_an_event_without_a_place_gets_no_place_name():
    # a bug: an OPTIONAL label lookup on an unbound place matched every labelled place,
    # multiplying the rows of events that have none
    from kg.query import run

    from .handmade import KGR, handmade_store

    def with_place_names(b):
        for city in ("astana", "tashkent", "moscow"):
            b.entity(f"{KGR}place/X/{city}", "https://w3id.org/kg-diplo/ontology#City",
                     city.title())

    store = handmade_store(with_place_names)
    res = run(store, "meetings-between-states", state1="CHN", state2="KGZ").to_frame()
    assert list(res.date) == ["2024-06-06", "2025-04-25"]
    assert res.place.isna().all()
    res = run(store, "official-engagements", person="Wang Yi").to_frame()
    assert len(res) == 2 and res.place.isna().all()
    assert set(res.represents) == {"China"}
    res = run(store, "event-sources", person1="Wang Yi", person2="Jeenbek Kulubaev").to_frame()
    assert len(res) == 3 and res.place.isna().all()  # m1 twice (r1, r2), s1 once
