"""Network analysis: projections of a hand-made graph, and measures whose answers are
known by hand (closed forms for small graphs), so that the numbers are right, not only
produced."""

from __future__ import annotations

import io
import math

import networkx as nx
import pyoxigraph as ox
import pytest

from kg import analysis
from kg.analysis import AnalysisError, Window

from .handmade import handmade_store


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return handmade_store()


def edge(g: nx.Graph, a: str, b: str) -> dict:
    return g[a][b]


# ------------------------------------------------------------------ projections

def test_state_network_counts_each_event_once_with_dates_and_types(store):
    g = analysis.state_network(store)
    chn_kgz = edge(g, "state/CHN", "state/KGZ")
    # meeting (reported twice, counted once) + visit (host state) + signing
    assert chn_kgz["weight"] == 3
    assert (chn_kgz["first"], chn_kgz["last"]) == ("2024-06-06", "2025-04-25")
    assert chn_kgz["types"] == "meeting 1, visit 1, signing 1" or \
        sorted(chn_kgz["types"].split(", ")) == ["meeting 1", "signing 1", "visit 1"]
    assert edge(g, "state/KGZ", "state/UZB")["weight"] == 1
    assert edge(g, "state/KGZ", "state/RUS")["weight"] == 2
    assert g.nodes["org/european-union"]["kind"] == "organisation"
    assert g.nodes["state/CHN"]["label"] == "China"
    assert not g.has_edge("state/CHN", "state/RUS")


def test_person_network_links_co_participants(store):
    g = analysis.person_network(store)
    assert edge(g, "person/jeenbek-kulubaev", "person/wang-yi")["weight"] == 2
    assert edge(g, "person/bakhtiyor-saidov", "person/wang-yi")["weight"] == 1
    assert g.nodes["person/wang-yi"]["state"] == "CHN"
    assert g.nodes["person/wang-yi"]["roles"] == "foreign_minister"
    assert "person/sadyr-japarov" in g  # took part in a visit alone, and in talks


def test_an_event_without_a_place_has_no_host_state():
    # a bug: the host lookup sat in an OPTIONAL on an unbound place, which matched every
    # state, so a place-less visit by one state's officials got an arbitrary host and a
    # link to it (in the bundled data: the UK's prime minister's talks "engaged" Kyrgyzstan)
    from .handmade import KGR, SAI, UZB

    def placeless_visit(b):
        b.event("r8", "v2", "visit", "2025-06-01", [(SAI, UZB, "foreign_minister")],
                issued="2025-06-01")

    st = handmade_store(placeless_visit)
    events = analysis.events_table(st).set_index("event")
    assert events.loc[f"{KGR}event/v2", "host"] is None
    assert events.loc[f"{KGR}event/v1", "host"] == f"{KGR}state/CHN"  # Beijing
    g = analysis.state_network(st)
    assert set(g["state/UZB"]) == {"state/CHN", "state/KGZ"}  # the 2024 signing only


def test_a_time_window_keeps_the_events_inside_it(store):
    g = analysis.state_network(store, Window("2025-01", "2025-04"))
    assert edge(g, "state/CHN", "state/KGZ")["weight"] == 2  # visit 2025-02, meeting 04-25
    assert not g.has_edge("state/KGZ", "state/UZB")
    assert analysis.state_network(store, Window("2030")).number_of_nodes() == 0


def test_focus_gives_the_ego_network(store):
    g = analysis.project(store, "states", focus="Uzbekistan")
    assert set(g) == {"state/UZB", "state/CHN", "state/KGZ"}
    g2 = analysis.project(store, "states", focus="UZB", radius=2)
    assert {"state/RUS", "org/european-union"} <= set(g2)


def test_unknown_focus_is_a_clear_error(store):
    with pytest.raises(AnalysisError, match="no node 'Atlantis'"):
        analysis.project(store, "states", focus="Atlantis")
    with pytest.raises(AnalysisError, match="did you mean: Kyrgyzstan, Uzbekistan"):
        analysis.project(store, "states", focus="stan")
    assert "state/KGZ" in analysis.project(store, "states", focus="kyrgyz")  # one match
    with pytest.raises(AnalysisError, match="unknown network"):
        analysis.project(store, "planets")


def test_bipartite_state_organisation_counts_readouts(store):
    g = analysis.project(store, "state-org")
    sco = "org/shanghai-cooperation-organisation"
    assert g.nodes[sco]["bipartite"] == 1 and g.nodes["state/CHN"]["bipartite"] == 0
    assert edge(g, "state/CHN", sco)["weight"] == 2  # r1 and r4 name both
    assert edge(g, "state/UZB", sco)["weight"] == 1
    assert not g.has_edge("state/RUS", sco)


def test_full_network_has_every_kind_and_relation(store):
    g = analysis.project(store, "full")
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"event", "person", "state", "organisation"}
    assert edge(g, "person/wang-yi", "event/m1")["relation"] == "participant"
    assert edge(g, "person/wang-yi", "event/m1")["detail"] == "foreign minister"
    assert edge(g, "event/v1", "state/CHN")["relation"] == "held in"
    assert edge(g, "event/m1", "org/shanghai-cooperation-organisation")["relation"] == \
        "discussed"


# ------------------------------------------------------------------ timelines

def test_timeline_counts_events_per_pair_and_period(store):
    t = analysis.timeline(store, "year")
    rows = {(r.a, r.b, r.year): r.events for r in t.itertuples()}
    assert rows[("CHN", "KGZ", "2024")] == 1 and rows[("CHN", "KGZ", "2025")] == 2
    assert rows[("KGZ", "RUS", "2023")] == 2
    m = analysis.timeline(store, "month", pair=("KGZ", "CHN"))
    assert list(zip(m.month, m.events, strict=True)) == [
        ("2024-06", 1), ("2025-02", 1), ("2025-04", 1)]


def test_new_and_quiet_pairs(store):
    new = analysis.new_pairs(store, "year")
    first = {(r.a, r.b): r.year for r in new.itertuples()}
    assert first[("CHN", "KGZ")] == "2024" and first[("KGZ", "RUS")] == "2023"
    late = analysis.new_pairs(store, "year", Window("2025"))
    assert [(r.a, r.b) for r in late.itertuples()] == [("KGZ", "european-union")]
    quiet = analysis.quiet_pairs(store, since="2024-01-01", min_events=2)
    assert [(r.a, r.b, r.events_before, r.last) for r in quiet.itertuples()] == [
        ("KGZ", "RUS", 2, "2023-09-01")]


# ------------------------------------------------------------------ measures by hand

def star(leaves: int = 3) -> nx.Graph:
    g = nx.star_graph(leaves)
    nx.set_edge_attributes(g, 1, "weight")
    for v in g:
        g.nodes[v]["label"] = f"n{v}"
    return g


def test_centrality_of_a_star_matches_the_closed_forms():
    df = analysis.centrality(star(3)).set_index("node")
    assert df.loc[0, "degree"] == 3 and df.loc[1, "degree"] == 1
    assert df.loc[0, "betweenness"] == pytest.approx(1.0)
    assert df.loc[1, "betweenness"] == pytest.approx(0.0)
    # PageRank (alpha .85, N=4): centre y, leaf x with y = .0375 + 2.55x, x = .0375 + .85y/3
    y = (0.0375 + 2.55 * 0.0375) / (1 - 2.55 * 0.85 / 3)
    x = 0.0375 + 0.85 * y / 3
    assert df.loc[0, "pagerank"] == pytest.approx(y, abs=1e-5)
    assert df.loc[1, "pagerank"] == pytest.approx(x, abs=1e-5)
    # eigenvector: lambda = sqrt(3); centre sqrt(3) times a leaf; unit norm
    assert df.loc[0, "eigenvector"] == pytest.approx(math.sqrt(0.5), abs=1e-6)
    assert df.loc[1, "eigenvector"] == pytest.approx(1 / math.sqrt(6), abs=1e-6)
    assert list(df.index)[0] == 0  # sorted by PageRank


def test_weighted_strength_sums_edge_weights():
    g = nx.Graph()
    g.add_edge("a", "b", weight=3)
    g.add_edge("a", "c", weight=2)
    df = analysis.centrality(g).set_index("node")
    assert (df.loc["a", "degree"], df.loc["a", "strength"]) == (2, 5)


def test_eigenvector_on_a_disconnected_graph_is_that_of_the_dominant_component():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1), ("b", "c", 1), ("a", "c", 1), ("x", "y", 1)])
    ev = analysis.eigenvector(g)
    for v in "abc":  # triangle: lambda 2 beats the pair's lambda 1
        assert ev[v] == pytest.approx(1 / math.sqrt(3), abs=1e-6)
    assert ev["x"] == ev["y"] == 0.0
    g["x"]["y"]["weight"] = 5  # now the pair dominates (lambda 5)
    ev = analysis.eigenvector(g)
    assert ev["x"] == pytest.approx(math.sqrt(0.5)) and ev["a"] == 0.0


def test_sampled_betweenness_repeats_with_its_seed():
    g = nx.connected_watts_strogatz_graph(700, 6, 0.1, seed=1)
    a = analysis.centrality(g, k=50)
    b = analysis.centrality(g, k=50)
    assert a.betweenness.equals(b.betweenness) and a.node.equals(b.node)
    exact = nx.betweenness_centrality(g)
    top_exact = max(exact, key=exact.get)
    assert top_exact in set(a.sort_values("betweenness", ascending=False).node.head(25))


def test_louvain_finds_two_triangles_and_repeats():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 3), ("b", "c", 3), ("a", "c", 3),
                               ("x", "y", 3), ("y", "z", 3), ("x", "z", 3), ("c", "x", 1)])
    df = analysis.communities(g)
    groups = df.groupby("community").node.apply(frozenset).tolist()
    assert set(groups) == {frozenset("abc"), frozenset("xyz")}
    assert analysis.communities(g).equals(df)


# ------------------------------------------------------------------ empty and bad input

def test_an_empty_store_gives_empty_results_not_errors():
    empty = ox.Store()
    for network in analysis.NETWORKS:
        g = analysis.project(empty, network)
        assert g.number_of_nodes() == 0
        assert analysis.centrality(g).empty and analysis.communities(g).empty
        assert analysis.edges_table(g).empty
    assert analysis.timeline(empty).empty and analysis.new_pairs(empty).empty
    assert analysis.quiet_pairs(empty, "2024").empty


@pytest.mark.parametrize("since, until, message", [
    ("2024-13", None, None), ("yesterday", None, "expected YYYY"),
    ("2025", "2024", "after --until")])
def test_bad_windows_are_refused_clearly(since, until, message):
    if message is None:
        analysis.parse_window(since, until)  # shape only: 2024-13 compares fine
        return
    with pytest.raises(AnalysisError, match=message):
        analysis.parse_window(since, until)


def test_projections_export_to_graphml_and_gexf(store):
    g = analysis.project(store, "states")
    buf = io.BytesIO()
    analysis.write_network(g, buf, "graphml")
    back = nx.read_graphml(io.BytesIO(buf.getvalue()))
    assert back["state/CHN"]["state/KGZ"]["weight"] == 3
    assert back.nodes["state/CHN"]["label"] == "China"
    buf = io.BytesIO()
    analysis.write_network(g, buf, "gexf")
    assert nx.read_gexf(io.BytesIO(buf.getvalue())).number_of_edges() == g.number_of_edges()


def test_tables_format_as_text_csv_tsv_json(store):
    df = analysis.edges_table(analysis.project(store, "states"))
    assert analysis.format_frame(df, "csv").splitlines()[0] == "a,b,weight,first,last,types"
    assert "\t" in analysis.format_frame(df, "tsv")
    assert '"a":"China"' in analysis.format_frame(df, "json").replace(" ", "")
    table = analysis.format_frame(df, "table")
    assert table.splitlines()[1].startswith("---") and "rows)" in table


# ------------------------------------------------------------------ the CLI on bundled data

@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from kg.store import KgStore

    from .conftest import READOUTS

    path = tmp_path_factory.mktemp("an") / "store"
    with KgStore(path) as kg:
        kg.ingest([READOUTS])
    return str(path)


def cli(*args):
    from click.testing import CliRunner

    from kg.cli import main

    return CliRunner().invoke(main, list(args))


def test_bundled_data_china_is_the_hub_of_its_five_partners(bundled):
    # by the gold annotations: China meets Brazil, Iran, Kyrgyzstan, Saudi Arabia, Uzbekistan
    res = cli("analyse", "centrality", "--store", bundled, "--format", "json")
    assert res.exit_code == 0, res.output
    import json

    rows = {r["label"]: r for r in json.loads(res.stdout)}
    assert rows["China"]["degree"] == 5
    # the hub by its ties (weighted degree); PageRank puts China and Russia within 0.001 of
    # each other on these ten readouts, so which is first says nothing about the graph
    top = max(rows.values(), key=lambda r: r["strength"])
    assert top["label"] == "China"
    assert rows["China"]["pagerank"] >= 0.95 * max(r["pagerank"] for r in rows.values())
    res = cli("analyse", "edges", "--store", bundled, "--focus", "CHN", "--format", "csv")
    partners = {line.split(",")[1] if line.startswith("China") else line.split(",")[0]
                for line in res.stdout.splitlines()[1:]}
    assert partners == {"Brazil", "Iran", "Kyrgyzstan", "Saudi Arabia", "Uzbekistan"}
    # Kyrgyzstan is in two readouts (China, and China-Uzbekistan); place-less events
    # elsewhere once linked it to Brazil, Italy and the UK through a bogus host state
    res = cli("analyse", "edges", "--store", bundled, "--focus", "KGZ", "--format", "json")
    links = {r["a"] if r["b"] == "Kyrgyzstan" else r["b"]
             for r in json.loads(res.stdout) if "Kyrgyzstan" in (r["a"], r["b"])}
    assert links == {"China", "Uzbekistan"}


def test_bundled_data_china_kyrgyzstan_timeline(bundled, tmp_path):
    res = cli("analyse", "timeline", "--store", bundled, "--pair", "KGZ,CHN",
              "--format", "csv", "--plot", str(tmp_path))
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "a,b,year,events"
    assert [line.split(",")[2] for line in lines[1:] if line.startswith("CHN,KGZ")] == \
        ["2024", "2025"]
    png = tmp_path / "timeline-CHN-KGZ.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_plots_centrality_and_communities(bundled, tmp_path):
    for cmd in ("centrality", "communities"):
        res = cli("analyse", cmd, "--store", bundled, "--network", "people",
                  "--plot", str(tmp_path))
        assert res.exit_code == 0, res.output
    assert (tmp_path / "centrality-people.png").stat().st_size > 5000
    assert (tmp_path / "communities-people.png").stat().st_size > 5000


def test_cli_reports_bad_input_without_tracebacks(bundled, tmp_path):
    # exit codes follow kg's convention: a bad argument or a missing store is 2 (usage or
    # environment: nothing was done), not 1 (some input failed)
    res = cli("analyse", "centrality", "--store", bundled, "--focus", "Atlantis")
    assert res.exit_code == 2 and "no node 'Atlantis'" in res.output
    res = cli("analyse", "timeline", "--store", bundled, "--pair", "China")
    assert res.exit_code == 2 and "two ISO codes" in res.output
    res = cli("analyse", "edges", "--store", bundled, "--since", "2030")
    assert res.exit_code == 0 and "no events between 2030" in res.output
    assert "(0 rows)" in res.output
    res = cli("analyse", "centrality", "--store", str(tmp_path / "nothing"))
    assert res.exit_code == 2 and "no store here" in res.output
    assert "Traceback" not in res.output


def test_cli_exports_projections_for_gephi(bundled, tmp_path):
    out = tmp_path / "people.graphml"
    res = cli("export", "--store", bundled, "--format", "graphml", "--network", "people",
              "-o", str(out))
    assert res.exit_code == 0, res.output
    g = nx.read_graphml(out)
    assert g.has_edge("person/jeenbek-kulubaev", "person/wang-yi")
    res = cli("export", "--store", bundled, "--format", "gexf", "--network", "state-project")
    assert res.exit_code == 0 and "<gexf" in res.output
