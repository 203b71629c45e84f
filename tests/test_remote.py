"""Beyond one machine: push to real SPARQL servers and query them like the store.

Two servers, each started by a fixture of conftest.py on 127.0.0.1 in a temporary
folder: Oxigraph server (the `oxigraph` command of the test extras) and Virtuoso 7
(Debian's `virtuoso-t`; skipped when it is not installed, unless KG_REQUIRE_VIRTUOSO=1).
Every shipped query runs with the same text on the embedded store and on both servers.

How answers are compared (and why that is not hiding differences):
- rows as a sorted list: the queries' ORDER BY leaves ties in any order;
- every other cell as the exact RDF term: IRI, or literal lexical form + datatype +
  language tag. No numeric datatype is relaxed (xsd:integer vs xsd:int): both servers
  return COUNT as xsd:integer like Oxigraph, and dates come back with their own
  datatypes. A literal Virtuoso writes with an explicit xsd:string datatype *is* the
  simple literal (RDF 1.1), not a normalisation;
- the cells of the concatenated columns (participants, roles, with) as the set of their
  ", "-separated parts: SPARQL leaves the order of GROUP_CONCAT undefined and the
  servers do differ there. (The queries concatenate STR() of the names, so the language
  tag that Oxigraph keeps on a concatenation of same-language names and Virtuoso drops
  is not in the answer at all.)
Nothing else is normalised: an unbound cell must be unbound everywhere (not "" on one
server), and every other literal must match to the datatype and language tag.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import (
    QueryError,
    bindings,
    named_queries,
    query_store,
    resolve_query,
    run_local,
    run_remote,
)
from kg.rdf import graph_iri
from kg.store import ENTITIES, KgStore, _http, endpoint_auth, push

from .conftest import READOUTS, SEED, VIRTUOSO_USER
from .handmade import KG, KGR, PROV, GraphBuilder

KG_GRAPHS = "https://w3id.org/kg-diplo/"


@dataclass(frozen=True)
class Server:
    """A running SPARQL server as kg talks to it."""

    name: str
    store: str  # Graph Store Protocol endpoint (kg push)
    query: str  # SPARQL endpoint (kg query --endpoint)
    auth: tuple[str, str] | None


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request) -> Server:
    if request.param == "oxigraph":
        base = request.getfixturevalue("oxigraph_server")
        return Server("oxigraph", f"{base}/store", f"{base}/query", None)
    base = request.getfixturevalue("virtuoso_server")
    return Server("virtuoso", f"{base}/sparql-graph-crud-auth", f"{base}/sparql", VIRTUOSO_USER)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The bundled readouts, ingested once; tests that change a store work on a copy."""
    path = tmp_path_factory.mktemp("push") / "store"
    with KgStore(path) as kg:
        report = kg.ingest([READOUTS])
    assert not report.failures, report.summary()
    return path


@pytest.fixture
def store_copy(store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    return copy


# Representative parameters: each query answers rows on the bundled readouts.
CASES = [
    ("meetings-between-states", {"state1": "CHN", "state2": "KGZ"}),
    ("official-engagements", {"person": "Wang Yi"}),
    ("states-on-topic", {"topic": "SCO"}),
    ("active-pairs", {}),
    ("active-pairs", {"since": "2024", "until": "2024-06"}),
    ("co-participants", {"person": "Xi Jinping"}),
    ("event-sources", {"person1": "Xi Jinping", "person2": "Sadyr Japarov"}),
]
GROUP_CONCAT_COLUMNS = {"participants", "roles", "with"}


def _term(term) -> tuple | None:
    """An RDF term as a comparable tuple: kind, lexical form, datatype, language."""
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    return (type(term).__name__, term.value, datatype.value if datatype else None,
            getattr(term, "language", None))


def _rows(result) -> list[tuple]:
    """The rows, normalised only as the module docstring says."""
    out = []
    for row in result.rows:
        cells = []
        for var, term in zip(result.variables, row, strict=True):
            if var in GROUP_CONCAT_COLUMNS and term is not None:
                kind, value, datatype, lang = _term(term)
                cells.append((kind, tuple(sorted(value.split(", "))), datatype, lang))
            else:
                cells.append(_term(term))
        out.append(tuple(cells))
    return sorted(out, key=repr)


def _count_kg_quads(srv: Server) -> int:
    """Quads in kg's graphs on the server (Virtuoso keeps system graphs beside them)."""
    text = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{KG_GRAPHS}")) }}')
    return int(run_remote(srv.query, text, {}, auth=srv.auth).rows[0][0].value)


def _has_graph(srv: Server, iri: str) -> bool:
    return run_remote(srv.query, f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", {},
                      auth=srv.auth).boolean


def test_the_cases_cover_every_shipped_query():
    assert {name for name, _ in CASES} == set(named_queries())


def test_push_then_every_shipped_query_agrees_with_the_embedded_store(server, store):
    with KgStore(store) as kg:
        first = push(kg, server.store, auth=server.auth)
        assert not first.failures
        assert first.pushed + first.skipped == len(kg.readouts()) + 1  # + entities
        again = push(kg, server.store, auth=server.auth)
        assert again.pushed == 0 and again.skipped == len(kg.readouts()) + 1
    for name, params in CASES:
        text, nq = resolve_query(name)
        binds = bindings(nq, params)
        local = run_local(store, text, binds).without(binds)
        remote = run_remote(server.query, text, binds, auth=server.auth)
        assert local.rows, f"{name} {params}: no rows on the bundled readouts"
        assert local.variables == remote.variables, (name, params)
        assert _rows(local) == _rows(remote), (name, params)


def test_push_sends_every_quad_unchanged(server, store):
    text = ("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{KG_GRAPHS}")) }}')
    with KgStore(store) as kg:
        push(kg, server.store, auth=server.auth)
        local = sorted((q.graph_name.value, str(q.subject), str(q.predicate), str(q.object))
                       for q in kg.ox)
    remote = sorted((row[0].value, *(str(t) for t in row[1:]))
                    for row in run_remote(server.query, text, {}, auth=server.auth).rows)
    assert local == remote


def test_push_is_idempotent_and_prunes_removed_readouts(server, store_copy):
    with KgStore(store_copy) as kg:
        push(kg, server.store, auth=server.auth)
        before = _count_kg_quads(server)
        forced = push(kg, server.store, force=True, auth=server.auth)
        assert forced.pushed == len(kg.readouts()) + 1 and not forced.failures
        assert _count_kg_quads(server) == before
        seed = next(r["id"] for r in kg.readouts() if Path(r["path"]).name == SEED.name)
        gone = str(graph_iri(seed))
        assert _has_graph(server, gone)
        kg.remove([seed])
        report = push(kg, server.store, prune=True, auth=server.auth)
        assert report.pruned == 1 and not report.failures
        kept = str(graph_iri(kg.readouts()[0]["id"]))
    assert not _has_graph(server, gone)
    assert _has_graph(server, kept)
    assert _count_kg_quads(server) < before
    # the seed readout again, for the tests that follow on this server
    with KgStore(store_copy) as kg:
        kg.ingest([READOUTS])
        assert push(kg, server.store, auth=server.auth).pushed >= 1


def test_remote_parameters_are_literals_too(server):
    text = "SELECT ?v ?x WHERE { BIND(CONCAT(?v, \"!\") AS ?x) }"
    res = run_remote(server.query, text, bindings(None, {"v": '"} ; DROP ALL ; {'}),
                     auth=server.auth)
    assert res.variables == ["x"] and [r[0].value for r in res.rows] == ['"} ; DROP ALL ; {!']


# ---------------------------------------------------------------- credentials in the URL

def _with_userinfo(url: str, userinfo: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"{userinfo}@{parts.netloc}"))


def test_endpoint_auth_takes_credentials_out_of_the_url_percent_decoded():
    url, auth = endpoint_auth("http://al%40ice:p%3Ass@127.0.0.1:8890/sparql-graph-crud-auth")
    assert url == "http://127.0.0.1:8890/sparql-graph-crud-auth"
    assert auth == ("al@ice", "p:ss")
    assert endpoint_auth("http://127.0.0.1:7878/store", ("u", "p")) == (
        "http://127.0.0.1:7878/store", ("u", "p"))


def test_credentials_given_twice_and_different_are_refused_without_showing_them():
    with pytest.raises(ValueError) as err:
        endpoint_auth("http://dba:s3cret@127.0.0.1:8890/sparql", ("dba", "other"))
    assert "s3cret" not in str(err.value) and "other" not in str(err.value)
    assert "http://127.0.0.1:8890/sparql" in str(err.value)


@pytest.mark.parametrize("endpoint", ["127.0.0.1:7878/store", "ftp://host/store",
                                      "http://u:s3cret@host:port/store"])
def test_push_to_an_endpoint_that_is_not_an_http_url_is_refused_with_one_line(
        store, endpoint):
    res = CliRunner().invoke(main, ["push", "--store", str(store), "--endpoint", endpoint])
    assert res.exit_code != 0 and isinstance(res.exception, SystemExit)  # no traceback
    message = res.output.strip()
    assert message.startswith("error: ") and "\n" not in message
    assert "s3cret" not in message
    with pytest.raises(QueryError):
        run_remote(endpoint.replace("/store", "/query"), "ASK {}", {})


def test_credentials_in_the_endpoint_url_are_used_and_never_stored(virtuoso_server,
                                                                     store_copy):
    user, password = VIRTUOSO_USER
    endpoint = _with_userinfo(f"{virtuoso_server}/sparql-graph-crud-auth",
                              f"{user}:{password}")
    res = CliRunner().invoke(main, ["push", "--store", str(store_copy), "--endpoint",
                                    endpoint, "--force"])
    assert res.exit_code == 0, res.output
    assert "failed            0" in res.output
    with KgStore(store_copy) as kg:
        remembered = {e for (e,) in kg.db.execute("SELECT DISTINCT endpoint FROM pushed")}
    assert f"{virtuoso_server}/sparql-graph-crud-auth" in remembered
    assert not [e for e in remembered if "@" in e or password in e]
    # the same credentials for Virtuoso's authenticated SPARQL endpoint
    ask = run_remote(_with_userinfo(f"{virtuoso_server}/sparql-auth", f"{user}:{password}"),
                     "ASK { ?s ?p ?o }", {})
    assert ask.boolean is True


def test_refused_credentials_stop_the_push_with_one_line_that_hides_the_password(
        virtuoso_server, store_copy):
    endpoint = _with_userinfo(f"{virtuoso_server}/sparql-graph-crud-auth", "dba:wr0ng")
    res = CliRunner().invoke(main, ["push", "--store", str(store_copy), "--endpoint",
                                    endpoint, "--force"])
    assert res.exit_code != 0
    assert "wr0ng" not in res.output
    assert "failed            1" in res.output and "HTTP 401" in res.output
    with pytest.raises(QueryError) as err:
        run_remote(_with_userinfo(f"{virtuoso_server}/sparql-auth", "dba:wr0ng"),
                   "ASK {}", {})
    assert "HTTP 401" in str(err.value) and "wr0ng" not in str(err.value)


# ---------------------------------------------------------------- Virtuoso's own ways

def test_a_result_cut_by_virtuoso_is_refused_not_shown_as_whole(virtuoso_server):
    # Debian's virtuoso.ini stops results at ResultSetMaxRows = 10000 rows
    text = ("SELECT ?i ?j ?k ?l WHERE { VALUES ?i { 0 1 2 3 4 5 6 7 8 9 } "
            "VALUES ?j { 0 1 2 3 4 5 6 7 8 9 } VALUES ?k { 0 1 2 3 4 5 6 7 8 9 } "
            "VALUES ?l { 0 1 2 3 4 5 6 7 8 9 10 } }")
    with pytest.raises(QueryError, match="ResultSetMaxRows"):
        run_remote(f"{virtuoso_server}/sparql", text, {})


def test_a_server_error_is_one_line_without_the_query(virtuoso_server):
    with pytest.raises(QueryError) as err:
        run_remote(f"{virtuoso_server}/sparql", "SELECT ?x WHERE { BIND(1/0 AS ?x) }", {})
    assert "Division by 0" in str(err.value) and "\n" not in str(err.value)


# ---------------------------------------------------------------- GROUP_CONCAT over gaps

H_OFFICIAL, H_OTHER = (f"{KGR}person/interop-{p}" for p in ("official", "other"))
H_STATE = f"{KGR}state/CHN"
H_READOUTS = ("interop-h1", "interop-h2", "interop-h3")


def _gappy_engagements() -> GraphBuilder:
    """One event that two readouts report, only one of them with the official's role; and
    an event where the official is alone. Persons of their own, so that the graphs can
    sit beside the bundled readouts on a server without changing any other answer."""
    b = GraphBuilder()
    b.entity(H_STATE, KG + "State", "China", "CHN")  # as the bundled readouts describe it
    b.entity(H_OFFICIAL, "http://xmlns.com/foaf/0.1/Person", "Interop Official")
    b.entity(H_OTHER, "http://xmlns.com/foaf/0.1/Person", "Interop Other")
    pair = [(H_OFFICIAL, H_STATE, "foreign_minister"), (H_OTHER, H_STATE, "ambassador")]
    b.event("interop-h1", "interop-e1", "meeting", "2031-01-02", pair)
    b.event("interop-h2", "interop-e1", "meeting", "2031-01-02", pair)
    b.event("interop-h3", "interop-e2", "statement", "2031-02-03",
            [(H_OFFICIAL, H_STATE, "foreign_minister")])
    no_role = (f"{KGR}event/interop-e1/participant/interop-official", PROV + "hadRole",
               f"{KGR}graph/interop-h2")
    b.quads = [q for q in b.quads
               if (q.subject.value, q.predicate.value, q.graph_name.value) != no_role]
    return b


def _engagements(result) -> dict[str, tuple]:
    get = {v: i for i, v in enumerate(result.variables)}
    return {row[get["event"]].value.rsplit("/", 1)[-1]:
            tuple(None if row[get[c]] is None else row[get[c]].value for c in ("roles", "with"))
            for row in result.rows}


def test_an_official_keeps_the_role_one_source_gives_when_another_gives_none():
    # Oxigraph's GROUP_CONCAT is unbound as soon as one row lacks the value: the role a
    # source gave was lost because another source gave none
    text, nq = resolve_query("official-engagements")
    res = query_store(_gappy_engagements().store(), text,
                      bindings(nq, {"person": H_OFFICIAL}))
    assert _engagements(res) == {"interop-e1": ("foreign_minister", "Interop Other"),
                                 "interop-e2": ("foreign_minister", None)}


def test_gappy_engagements_agree_on_every_server(server, store):
    builder = _gappy_engagements()
    text, nq = resolve_query("official-engagements")
    binds = bindings(nq, {"person": H_OFFICIAL})
    local = query_store(builder.store(), text, binds)
    graphs: dict[str, list] = {}
    for q in builder.quads:
        graphs.setdefault(q.graph_name.value, []).append(q.triple)
    sep = "&" if "?" in server.store else "?"
    try:
        for iri, triples in graphs.items():
            body = ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES)
            # the shared descriptions are added to the server's, the readouts replaced
            method = "POST" if iri == ENTITIES else "PUT"
            _http(method, f"{server.store}{sep}graph={quote(iri, safe='')}", body,
                  "application/n-triples", auth=server.auth)
        remote = run_remote(server.query, text, binds, auth=server.auth)
        assert _engagements(remote) == _engagements(local)
        assert _rows(remote) == _rows(local)
    finally:
        for iri in graphs:
            if iri != ENTITIES:
                _http("DELETE", f"{server.store}{sep}graph={quote(iri, safe='')}",
                      auth=server.auth)
        with KgStore(store) as kg:  # the bundled descriptions alone again
            assert not push(kg, server.store, force=True, auth=server.auth).failures


# ---------------------------------------------------------------- a server that stumbles

class _Stumbling(http.server.BaseHTTPRequestHandler):
    """Answers 500 to the first PUT of each graph (as Virtuoso does to a transaction it
    chose as a deadlock victim), 201 to the next; remembers what it was sent."""

    seen: dict[str, int] = {}

    def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        count = self.seen[self.path] = self.seen.get(self.path, 0) + 1
        self.send_response(500 if count == 1 else 201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_push_retries_once_a_graph_the_server_failed_to_store(store_copy):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stumbling)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with KgStore(store_copy) as kg:
            report = push(kg, f"http://127.0.0.1:{server.server_port}/store")
            assert not report.failures and report.pushed == len(kg.readouts()) + 1
        assert set(_Stumbling.seen.values()) == {2}
    finally:
        server.shutdown()
        server.server_close()
