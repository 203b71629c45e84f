"""Network analysis: the graph projected into networkx through SPARQL, and measured.

Projections are SPARQL queries over the store (Oxigraph), not walks over Python
objects, so they run where the data is and scale with it. Facts are joined
within each readout's graph (`GRAPH ?g`): an event, a participation or a role
that k readouts assert is stored k times, and joins over the union of the
graphs multiply those copies (k³ rows for a role named by k readouts).

Each projection returns a networkx graph whose nodes carry `kind` and `label`,
and whose edges carry `weight` (number of events or readouts), `first`/`last`
dates and `types`.

Measures return pandas DataFrames, so that a notebook can sort, plot and join
them; the CLI prints them as tables, CSV or JSON.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from kg.namespaces import KGR as _KGR
from kg.rdf import ENTITIES_GRAPH

KGR = str(_KGR)
ENTITIES = str(ENTITIES_GRAPH)  # the shared entity descriptions (kg.store)
PREFIXES = """
PREFIX kg: <https://w3id.org/kg-diplo/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""
NETWORKS = ("states", "people", "state-org", "state-project", "full")


class AnalysisError(Exception):
    """A request that cannot be answered as asked (unknown focus, bad window …)."""


@dataclass(frozen=True)
class Window:
    """A time window on event dates (ISO strings compare in order; partial dates too)."""

    since: str | None = None
    until: str | None = None

    def contains(self, date: str | None) -> bool:
        if date is None:
            return self.since is None and self.until is None
        if self.since and date < self.since[: len(date)]:
            return False
        return not (self.until and date[: len(self.until)] > self.until)


def _rows(store: ox.Store, query: str) -> Iterable[dict]:
    results = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    for sol in results:
        yield {n: (sol[n].value if sol[n] is not None else None) for n in names}


def _short(iri: str) -> str:
    return iri[len(KGR):] if iri.startswith(KGR) else iri


def _labels(store: ox.Store, kind_class: str) -> dict[str, str]:
    """Canonical English labels of every entity of a class (any label when no English)."""
    out: dict[str, str] = {}
    for r in _rows(store, f"""
        SELECT ?s (SAMPLE(?en) AS ?l1) (SAMPLE(?any) AS ?l2) WHERE {{
          ?s a {kind_class} ; rdfs:label ?any .
          OPTIONAL {{ ?s rdfs:label ?en FILTER(LANG(?en) = "en") }} }} GROUP BY ?s"""):
        out[r["s"]] = r["l1"] or r["l2"]
    return out


def _add_edge(g: nx.Graph, a: str, b: str, date: str | None, etype: str | None) -> None:
    if g.has_edge(a, b):
        data = g[a][b]
        data["weight"] += 1
    else:
        g.add_edge(a, b, weight=1, first=None, last=None, types=Counter())
        data = g[a][b]
    if date:
        data["first"] = min(filter(None, [data["first"], date]))
        data["last"] = max(filter(None, [data["last"], date]))
    if etype:
        data["types"][etype] += 1


def _finish(g: nx.Graph) -> nx.Graph:
    """Edge `types` as a plain string, so the graph exports to GraphML/GEXF."""
    for _, _, data in g.edges(data=True):
        types = data.get("types")
        if isinstance(types, Counter):
            data["types"] = ", ".join(f"{t} {n}" for t, n in types.most_common())
        for key in ("first", "last"):
            if data.get(key) is None:
                data[key] = ""
    return g


def _store(store) -> ox.Store:
    """Accept a pyoxigraph Store, a KgStore, or anything with an `ox` Store attribute."""
    return store if isinstance(store, ox.Store) else store.ox


def events_table(store, window: Window = Window()) -> pd.DataFrame:
    """One row per event: IRI, date (ISO, possibly partial), type, and host state
    (the state of its place), restricted to `window`."""
    # Whole-store scans: each pattern in a subquery of its own, hash-joined on ?g ?event
    # (Oxigraph would otherwise look every event up in the index row by row: ~5x slower).
    # The host is looked up on ?where, never unbound: an OPTIONAL on an unbound place
    # matched every state, and gave place-less events an arbitrary host.
    rows = [r for r in _rows(_store(store), """
        SELECT ?event (SAMPLE(?d) AS ?date) (SAMPLE(?t) AS ?type) (SAMPLE(?h) AS ?host) WHERE {
          { SELECT DISTINCT ?g ?event WHERE { GRAPH ?g { ?event a kg:Event } } }
          OPTIONAL { { SELECT ?g ?event ?d WHERE { GRAPH ?g { ?event sem:hasTimeStamp ?d } } } }
          OPTIONAL { { SELECT ?g ?event ?t WHERE { GRAPH ?g { ?event sem:eventType ?t } } } }
          OPTIONAL { { SELECT ?g ?event ?pl WHERE { GRAPH ?g { ?event sem:hasPlace ?pl } } } }
          BIND(COALESCE(?pl, kg:nothing) AS ?where)
          OPTIONAL { { SELECT ?where ?h WHERE {
                         GRAPH """ f"<{ENTITIES}>" """ {
                           { ?where a kg:State BIND(?where AS ?h) }
                           UNION { ?where schema:containedInPlace ?h } } } } }
        } GROUP BY ?event""") if window.contains(r["date"])]
    for r in rows:
        r["type"] = r["type"].rsplit("/", 1)[-1] if r["type"] else None
    return pd.DataFrame(rows, columns=["event", "date", "type", "host"])


def participations_table(store) -> pd.DataFrame:
    """One row per (event, participant, state represented, role) as the readouts give them."""
    rows = list(_rows(_store(store), """
        SELECT DISTINCT ?event ?person ?state ?role WHERE {
          { SELECT ?g ?event ?p WHERE { GRAPH ?g { ?event prov:qualifiedAssociation ?p } } }
          { SELECT ?g ?p ?person WHERE { GRAPH ?g { ?p prov:agent ?person } } }
          OPTIONAL { { SELECT ?g ?p ?state WHERE { GRAPH ?g { ?p kg:represents ?state } } } }
          OPTIONAL { { SELECT ?g ?p ?role WHERE { GRAPH ?g { ?p prov:hadRole ?role } } } }
        }"""))  # scans hash-joined, as in events_table
    for r in rows:
        r["role"] = r["role"].rsplit("/", 1)[-1] if r["role"] else None
    return pd.DataFrame(rows, columns=["event", "person", "state", "role"])


def event_states(events: pd.DataFrame, parts: pd.DataFrame) -> dict[str, set[str]]:
    """The states engaged in each event: those its participants represent, and, for a
    visit whose participants all represent one state, the host state too (a Kyrgyz
    president visiting China engages China even when no Chinese official is named)."""
    by_event: dict[str, set[str]] = {}
    for event, state in parts.dropna(subset=["state"])[["event", "state"]].itertuples(
            index=False):
        by_event.setdefault(event, set()).add(state)
    out = {}
    for event, etype, host in events[["event", "type", "host"]].itertuples(index=False):
        states = set(by_event.get(event, ()))
        if etype == "visit" and host and len(states) == 1:
            states.add(host)
        if states:
            out[event] = states
    return out


Tables = tuple[pd.DataFrame, pd.DataFrame]


def event_tables(store, window: Window = Window()) -> Tables:
    """The events in `window` and every participation: what the states and people
    networks and the events behind their edges are computed from. A view needs both the
    network and its edges' events; computing the tables once and passing them to both
    halves its time (they are whole-store scans: ~35 s at 100,000 readouts)."""
    ox_store = _store(store)
    return events_table(ox_store, window), participations_table(ox_store)


def state_network(store, window: Window = Window(), tables: Tables | None = None
                  ) -> nx.Graph:
    """States linked by the events in which both were engaged (weight = events, with
    first/last date and event types). Organisations whose officials act for them (the EU,
    the UN) take part like states, as nodes of kind "organisation". States engaged only
    alone are nodes of degree 0. `tables`: from event_tables(store, window), if at hand."""
    ox_store = _store(store)
    labels = _labels(ox_store, "kg:State") | _labels(ox_store, "kg:InternationalOrganisation")
    events, parts = tables if tables is not None else event_tables(ox_store, window)
    engaged = event_states(events, parts)
    g = nx.Graph(name="states")

    def add_node(node: str, iri: str) -> None:
        kind = "state" if node.startswith("state/") else "organisation"
        g.add_node(node, kind=kind, label=labels.get(iri, node),
                   code=node.rsplit("/", 1)[-1], events=0)

    _link_co_members(g, events, engaged, add_node)
    return _finish(g)


def _link_co_members(g: nx.Graph, events: pd.DataFrame, members: dict[str, set[str]],
                     add_node) -> None:
    """Count each event on its members' nodes (added by `add_node(node, iri)` when new)
    and link every two members of it: the states and the people networks alike."""
    for event, date, etype in events[["event", "date", "type"]].itertuples(index=False):
        group = sorted(members.get(event, ()))
        for iri in group:
            node = _short(iri)
            if node not in g:
                add_node(node, iri)
            g.nodes[node]["events"] += 1
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                _add_edge(g, _short(a), _short(b), date, etype)


def person_network(store, window: Window = Window(), tables: Tables | None = None
                   ) -> nx.Graph:
    """Persons linked by the events they took part in together (weight = events). Nodes
    carry the state they most often represent and the roles they were given. `tables`:
    from event_tables(store, window), if at hand."""
    ox_store = _store(store)
    labels = _labels(ox_store, "foaf:Person")
    events, parts = tables if tables is not None else event_tables(ox_store, window)
    parts = parts[parts.event.isin(set(events.event))]
    states: dict[str, Counter] = {}
    roles: dict[str, set] = {}
    people: dict[str, set[str]] = {}
    for event, person, state, role in parts.itertuples(index=False):
        people.setdefault(event, set()).add(person)
        if state:
            states.setdefault(person, Counter())[state] += 1
        if role:
            roles.setdefault(person, set()).add(role)
    g = nx.Graph(name="people")

    def add_node(node: str, iri: str) -> None:
        state = states.get(iri, Counter()).most_common(1)
        g.add_node(node, kind="person", label=labels.get(iri, node),
                   state=state[0][0].rsplit("/", 1)[-1] if state else "",
                   roles=", ".join(sorted(roles.get(iri, ()))), events=0)

    _link_co_members(g, events, people, add_node)
    return _finish(g)


def bipartite_network(store, other: str, window: Window = Window()) -> nx.Graph:
    """States and organisations (other="org") or projects (other="project") named in the
    same readouts (weight = readouts, dates = publication dates), as in the shipped
    `states-on-topic` query."""
    cls = {"org": "kg:InternationalOrganisation", "project": "kg:Project"}[other]
    store = _store(store)
    states, others = _labels(store, "kg:State"), _labels(store, cls)
    g = nx.Graph(name=f"state-{other}")
    # scans hash-joined, as in events_table (2.7 s -> 0.5 s at 10,000 readouts)
    rows = _rows(store, f"""
        SELECT DISTINCT ?readout ?s ?o ?date WHERE {{
          {{ SELECT DISTINCT ?readout ?s WHERE {{
              {{ SELECT DISTINCT ?s WHERE {{ GRAPH <{ENTITIES}> {{ ?s a kg:State }} }} }}
              {{ SELECT ?g ?readout ?s WHERE {{ GRAPH ?g {{ ?readout schema:mentions ?s }} }} }}
          }} }}
          {{ SELECT DISTINCT ?readout ?o WHERE {{
              {{ SELECT DISTINCT ?o WHERE {{ GRAPH <{ENTITIES}> {{ ?o a {cls} }} }} }}
              {{ SELECT ?g ?readout ?o WHERE {{ GRAPH ?g {{ ?readout schema:mentions ?o }} }} }}
          }} }}
          OPTIONAL {{ {{ SELECT ?readout ?date WHERE {{
              GRAPH ?h {{ ?readout dcterms:issued ?date }} }} }} }}
        }}""")
    for r in rows:
        if not window.contains(r["date"]):
            continue
        s, o = _short(r["s"]), _short(r["o"])
        if s not in g:
            g.add_node(s, kind="state", label=states.get(r["s"], s), bipartite=0)
        if o not in g:
            g.add_node(o, kind=other, label=others.get(r["o"], o), bipartite=1)
        _add_edge(g, s, o, r["date"], None)
    return _finish(g)


def _role_text(role: str | None) -> str:
    return role.replace("_", " ") if role else ""


def _add_role(data: dict, role: str) -> None:
    held = set(filter(None, data.get("roles", "").split(", ")))
    data["roles"] = ", ".join(sorted(held | {role}))


def full_network(store, window: Window = Window()) -> nx.Graph:
    """Every kind of node: events (in the window), their participants, the states those
    represent, the organisations and projects the reporting readouts name.

    Edges: person–event (participant, labelled with the role held then), person–state
    (the roles the readouts give, whether or not the person took part in an event),
    event–state (held in, for the state of its place), event–organisation (under, for a
    summit of the organisation) and event–organisation/project (discussed: named in a
    readout that reports the event).
    """
    ox_store = _store(store)
    labels: dict[str, str] = {}
    for cls in ("kg:State", "foaf:Person", "kg:InternationalOrganisation", "kg:Project"):
        labels |= _labels(ox_store, cls)
    events = events_table(ox_store, window)
    in_window = set(events.event)
    g = nx.Graph(name="full")

    def node(iri: str, kind: str) -> str:
        n = _short(iri)
        if n not in g:
            g.add_node(n, kind=kind, label=labels.get(iri, n.rsplit("/", 1)[-1]))
        return n

    def kind_of(iri: str) -> str:
        short = _short(iri)
        return {"state": "state", "org": "organisation", "project": "project",
                "person": "person"}.get(short.split("/", 1)[0], "state")

    def link(a: str, b: str, relation: str, date: str | None = None, detail: str = "") -> None:
        if g.has_edge(a, b):  # one relation per pair: a second role adds detail only
            data = g[a][b]
            if detail and detail not in data["detail"].split("; "):
                data["detail"] = f"{data['detail']}; {detail}" if data["detail"] else detail
        else:
            g.add_edge(a, b, relation=relation, weight=1, first=None, last=None, detail=detail)
            data = g[a][b]
        if date:
            data["first"] = min(filter(None, [data["first"], date]))
            data["last"] = max(filter(None, [data["last"], date]))

    for event, date, etype, host in events.itertuples(index=False):
        e = _short(event)
        g.add_node(e, kind="event", label=f"{etype or 'event'} {date or '(undated)'}",
                   date=date or "", type=etype or "")
        if host:
            link(e, node(host, kind_of(host)), "held in", date)
    parts = participations_table(ox_store)
    for event, person, state, role in parts.itertuples(index=False):
        if event in in_window:
            date = g.nodes[_short(event)]["date"] or None
            p = node(person, "person")
            link(p, _short(event), "participant", date, _role_text(role))
            if role and state:
                _add_role(g.nodes[p], f"{_role_text(role)} ({state.rsplit('/', 1)[-1]})")
    for r in _rows(ox_store, """
        SELECT DISTINCT ?person ?org ?role WHERE {
          { SELECT ?g ?m ?person WHERE { GRAPH ?g { ?m org:member ?person } } }
          { SELECT ?g ?m ?org WHERE { GRAPH ?g { ?m org:organization ?org } } }
          OPTIONAL { { SELECT ?g ?m ?role WHERE { GRAPH ?g { ?m org:role ?role } } } }
        }"""):  # memberships; scans hash-joined
        role = _role_text(r["role"].rsplit("/", 1)[-1] if r["role"] else None)
        person, body = node(r["person"], "person"), node(r["org"], kind_of(r["org"]))
        link(person, body, "role", None, role)
        if role:
            _add_role(g.nodes[person], f"{role} ({body.rsplit('/', 1)[-1]})")
    for r in _rows(ox_store, """
        SELECT DISTINCT ?event ?topic ?how WHERE {
          { GRAPH ?g { ?event kg:organisation ?topic } BIND("under" AS ?how) }
          UNION
          { { SELECT ?g ?readout ?event WHERE { GRAPH ?g { ?readout kg:reportsEvent ?event } } }
            { SELECT ?g ?readout ?topic WHERE { GRAPH ?g { ?readout schema:mentions ?topic } } }
            { SELECT DISTINCT ?topic WHERE { GRAPH """ f"<{ENTITIES}>" """ {
                { ?topic a kg:InternationalOrganisation } UNION { ?topic a kg:Project } } } }
            BIND("discussed" AS ?how) } }"""):
        if r["event"] in in_window:
            e = _short(r["event"])
            link(e, node(r["topic"], kind_of(r["topic"])), r["how"], g.nodes[e]["date"] or None)
    return _finish(g)


def edge_events(store, network: str, window: Window, wanted: set[frozenset],
                tables: Tables | None = None
                ) -> dict[frozenset, list[tuple[str, str | None]]]:
    """The events (IRI, date) behind each wanted edge of the states or people network:
    what a view shows as the sources of a link. `tables`: as for state_network."""
    events, parts = tables if tables is not None else event_tables(store, window)
    if network == "states":
        members = {e: {_short(s) for s in states}
                   for e, states in event_states(events, parts).items()}
    else:
        members = {}
        for event, person in parts[["event", "person"]].itertuples(index=False):
            members.setdefault(event, set()).add(_short(person))
    out: dict[frozenset, list[tuple[str, str | None]]] = {}
    for event, date in events[["event", "date"]].itertuples(index=False):
        nodes = sorted(members.get(event, ()))
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                key = frozenset((a, b))
                if key in wanted:
                    out.setdefault(key, []).append((event, date))
    return out


def event_sentences(store, events: list[str], chunk: int = 400) -> dict[str, str]:
    """The source sentence of each event (when several readouts report it, the first in
    code-point order, so that views and tests are repeatable)."""
    out: dict[str, str] = {}
    ox_store = _store(store)
    events = [e for e in events if not any(c in e for c in '<>"{}|^`\\ ')]  # IRIs only
    for i in range(0, len(events), chunk):
        values = " ".join(f"<{e}>" for e in events[i:i + chunk])
        for r in _rows(ox_store, f"""
            SELECT ?event (MIN(?text) AS ?sentence) WHERE {{
              VALUES ?event {{ {values} }}
              ?event prov:wasDerivedFrom ?s . ?s nif:anchorOf ?text }} GROUP BY ?event"""):
            if r["sentence"]:
                out[r["event"]] = r["sentence"]
    return out


def project(store, network: str, window: Window = Window(),
            focus: str | None = None, radius: int = 1, tables: Tables | None = None
            ) -> nx.Graph:
    """One of NETWORKS, restricted to a time window and, with `focus`, to an ego network.
    `tables` (from event_tables) spares the states and people networks their scans."""
    if network == "states":
        g = state_network(store, window, tables)
    elif network == "people":
        g = person_network(store, window, tables)
    elif network == "state-org":
        g = bipartite_network(store, "org", window)
    elif network == "state-project":
        g = bipartite_network(store, "project", window)
    elif network == "full":
        g = full_network(store, window)
    else:
        raise AnalysisError(f"unknown network {network!r} (one of {', '.join(NETWORKS)})")
    if focus:
        node = find_node(g, focus)
        g = nx.ego_graph(g, node, radius=radius)
    return g


def find_node(g: nx.Graph, text: str) -> str:
    """A node by id, ISO code or label (case-insensitive); a clear error otherwise."""
    from kg.text import fold

    if text in g:
        return text
    key = fold(text)
    matches = [n for n, d in g.nodes(data=True)
               if fold(str(d.get("label", ""))) == key or fold(str(d.get("code", ""))) == key
               or fold(n.rsplit("/", 1)[-1]) == key]
    if not matches:
        partial = [n for n, d in g.nodes(data=True) if key in fold(str(d.get("label", "")))]
        if len(partial) == 1:
            return partial[0]
        near = sorted(str(g.nodes[n]["label"]) for n in partial)[:5]
        hint = f" (did you mean: {', '.join(near)})" if near else ""
        raise AnalysisError(f"no node {text!r} in this network{hint}")
    return matches[0]


# ---------------------------------------------------------------------- measures

def centrality(g: nx.Graph, k: int | None = None, seed: int = 42) -> pd.DataFrame:
    """Degree, weighted strength, betweenness (sampled with k on large graphs), PageRank and
    eigenvector centrality of every node, sorted by PageRank."""
    cols = ["node", "label", "kind", "degree", "strength", "betweenness", "pagerank",
            "eigenvector"]
    if g.number_of_nodes() == 0:
        return pd.DataFrame(columns=cols)
    n = g.number_of_nodes()
    if k is None and n > 500:
        k = 300  # exact betweenness is O(nm): sample on large graphs, seeded
    between = nx.betweenness_centrality(g, k=min(k, n) if k else None, seed=seed,
                                        weight=None, normalized=True)
    pagerank = nx.pagerank(g, weight="weight") if g.number_of_edges() else {v: 1 / n for v in g}
    eigen = eigenvector(g)
    rows = []
    for v, data in g.nodes(data=True):
        rows.append({
            "node": v, "label": data.get("label", v), "kind": data.get("kind"),
            "degree": g.degree(v), "strength": g.degree(v, weight="weight"),
            "betweenness": between.get(v, 0.0), "pagerank": pagerank.get(v, 0.0),
            "eigenvector": abs(eigen.get(v, 0.0)),
        })
    return pd.DataFrame(rows, columns=cols).sort_values(
        ["pagerank", "node"], ascending=[False, True]).reset_index(drop=True)


def eigenvector(g: nx.Graph) -> dict:
    """Weighted eigenvector centrality, also on a disconnected graph.

    networkx refuses disconnected graphs (the answer is not unique). The principal
    eigenvector of the whole adjacency matrix lives on the component with the largest
    spectral radius and is zero elsewhere, so that is what this returns. A component's
    spectral radius is at most its largest weighted degree, which prunes the search.
    """
    out = {v: 0.0 for v in g}
    best, best_vec = 0.0, {}
    comps = [g.subgraph(c) for c in nx.connected_components(g) if len(c) > 1]
    comps.sort(key=lambda c: -max(d for _, d in c.degree(weight="weight")))
    for comp in comps:
        if max(d for _, d in comp.degree(weight="weight")) <= best:
            break
        if comp.number_of_nodes() == 2:
            (a, b), w = list(comp), next(iter(comp.edges(data="weight", default=1)))[2]
            radius, vec = float(w), {a: math.sqrt(0.5), b: math.sqrt(0.5)}
        else:
            vec = nx.eigenvector_centrality_numpy(comp, weight="weight")
            # Rayleigh quotient of the normalised vector = the eigenvalue
            radius = sum(2 * d * vec[u] * vec[v]
                         for u, v, d in comp.edges(data="weight", default=1))
        if radius > best + 1e-12:
            best, best_vec = radius, vec
    out.update({v: abs(x) for v, x in best_vec.items()})
    return out


def communities(g: nx.Graph, seed: int = 42, resolution: float = 1.0) -> pd.DataFrame:
    """Louvain communities (weighted, seeded so that results repeat), largest first."""
    cols = ["community", "size", "node", "label", "kind"]
    if g.number_of_edges() == 0:
        return pd.DataFrame(columns=cols)
    parts = nx.community.louvain_communities(g, weight="weight", seed=seed,
                                             resolution=resolution)
    parts = sorted(parts, key=lambda c: (-len(c), min(c)))
    rows = [{"community": i, "size": len(c), "node": v, "label": g.nodes[v].get("label", v),
             "kind": g.nodes[v].get("kind")}
            for i, c in enumerate(parts) for v in sorted(c)]
    return pd.DataFrame(rows, columns=cols)


def pair_events(store, window: Window = Window()) -> pd.DataFrame:
    """One row per (pair of states by ISO code, dated event): the raw material of timelines.
    Engagement as in `state_network`."""
    ox_store = _store(store)
    events = events_table(ox_store, window)
    engaged = event_states(events, participations_table(ox_store))
    rows = []
    for event, date in events[["event", "date"]].itertuples(index=False):
        if not date:
            continue
        codes = sorted(_short(s).rsplit("/", 1)[-1] for s in engaged.get(event, ()))
        for i, a in enumerate(codes):
            for b in codes[i + 1:]:
                rows.append({"a": a, "b": b, "event": event, "date": date})
    return pd.DataFrame(rows, columns=["a", "b", "event", "date"])


def timeline(store, period: str = "year", window: Window = Window(),
             pair: tuple[str, str] | None = None) -> pd.DataFrame:
    """Events per pair of states per month or year (dates known to that precision)."""
    width = {"year": 4, "month": 7}[period]
    df = pair_events(store, window)
    cols = ["a", "b", period, "events"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    if pair:
        a, b = sorted(pair)
        df = df[(df.a == a) & (df.b == b)]
    df = df[df.date.str.len() >= width].assign(**{period: lambda d: d.date.str[:width]})
    out = df.groupby(["a", "b", period]).event.nunique().reset_index(name="events")
    return out.sort_values(["a", "b", period]).reset_index(drop=True)[cols]


def new_pairs(store, period: str = "year", window: Window = Window()) -> pd.DataFrame:
    """Pairs of states whose first event falls in each period."""
    t = timeline(store, period, Window())
    cols = ["a", "b", period, "events"]
    if t.empty:
        return pd.DataFrame(columns=cols)
    first = t.sort_values(period).groupby(["a", "b"]).head(1)
    first = first[first[period].apply(lambda p: Window(window.since, window.until).contains(p))]
    return first.sort_values([period, "a", "b"]).reset_index(drop=True)[cols]


def quiet_pairs(store, since: str, min_events: int = 2) -> pd.DataFrame:
    """Pairs with at least `min_events` events before `since` and none from then on."""
    df = pair_events(store)
    cols = ["a", "b", "events_before", "last"]
    if df.empty:
        return pd.DataFrame(columns=cols)
    before = df[df.date < since].groupby(["a", "b"]).agg(
        events_before=("event", "nunique"), last=("date", "max")).reset_index()
    after = set(map(tuple, df[df.date >= since][["a", "b"]].values.tolist()))
    quiet = before[(before.events_before >= min_events)
                   & ~before.apply(lambda r: (r.a, r.b) in after, axis=1)]
    return quiet.sort_values(["events_before", "a"], ascending=[False, True]) \
        .reset_index(drop=True)[cols]


def edges_table(g: nx.Graph) -> pd.DataFrame:
    """The edges of a projection, heaviest first (with relation and detail for "full")."""
    rows = [{"a": g.nodes[a].get("label", a), "b": g.nodes[b].get("label", b),
             "relation": d.get("relation"), "weight": d["weight"],
             "first": d.get("first") or None, "last": d.get("last") or None,
             "types": d.get("types") or None, "detail": d.get("detail") or None}
            for a, b, d in g.edges(data=True)]
    cols = ["a", "b", "weight", "first", "last", "types"]
    if g.graph.get("name") == "full":
        cols = ["a", "b", "relation", "detail", "first", "last"]
    df = pd.DataFrame(rows, columns=["a", "b", "relation", "weight", "first", "last", "types",
                                     "detail"])
    df = df.sort_values(["weight", "a", "b"], ascending=[False, True, True])
    return df.reset_index(drop=True)[cols]


# ---------------------------------------------------------------------- output

FRAME_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("graphml", "gexf")


def parse_window(since: str | None, until: str | None) -> Window:
    """A Window from CLI/notebook strings, refusing what is not an ISO (partial) date."""
    import re

    for name, value in (("since", since), ("until", until)):
        if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            raise AnalysisError(f"--{name} {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    if since and until and since[: len(until)] > until:
        raise AnalysisError(f"--since {since} is after --until {until}")
    return Window(since, until)


def format_frame(df: pd.DataFrame, fmt: str = "table", digits: int = 4) -> str:
    """A DataFrame as an aligned table, CSV, TSV or JSON records (numbers rounded in the
    table only, so that CSV and JSON keep full precision)."""
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "tsv":
        return df.to_csv(index=False, sep="\t")
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    from kg.query import _table

    def cell(v) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, float):
            return f"{v:.{digits}f}"
        return str(v)

    rows = [[cell(v) for v in row] for row in df.itertuples(index=False)]
    return _table([str(c) for c in df.columns], rows) + "\n"


def write_network(g: nx.Graph, target, fmt: str) -> None:
    """A projection as GraphML or GEXF (for Gephi), to a path or a binary stream."""
    if fmt == "graphml":
        nx.write_graphml(g, target)
    elif fmt == "gexf":
        nx.write_gexf(g, target)
    else:
        raise AnalysisError(f"unknown graph format {fmt!r} (one of {', '.join(GRAPH_FORMATS)})")
