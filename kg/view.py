"""Interactive HTML views of the graph: pyvis for the network data, a page of our own.

pyvis builds the vis-network node and edge records and the options. Its page template
is not used: every `cdn_resources` mode still loads JavaScript or CSS from CDNs, it
interpolates the heading unescaped, and its `tooltip_link` path sets innerHTML. Our page
(`kg/templates/view.html`, Jinja2 with autoescaping) inlines the vis-network build that
ships inside the pyvis package, so the file makes no network request at all.

Strings from readouts reach the page only as JSON inside a
`<script type="application/json">` block with `<`, `>` and `&` escaped, so no name can
close the script; the page puts them on the canvas (labels) or into the DOM as text
(vis-network 9 sets string tooltips with innerText; our panels use textContent).

Positions are computed here with networkx and physics is off: the browser draws at
once and the picture stays still.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from kg import analysis
from kg.analysis import AnalysisError, Window

VIEWS = ("states", "people", "full")
DEFAULT_MAX_NODES = 500
KIND_COLOURS = {
    "state": "#4e79a7", "person": "#f28e2b", "organisation": "#59a14f",
    "project": "#b07aa1", "event": "#9c9c9c",
}
KIND_ORDER = ["state", "person", "organisation", "project", "event"]


@dataclass
class View:
    """What a page shows: the drawn graph, what was left out and why."""

    title: str
    view: str
    graph: nx.Graph
    total_nodes: int
    total_edges: int
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    focus: str | None = None  # the node a --focus named: selected when the page opens

    @property
    def shown_nodes(self) -> int:
        return self.graph.number_of_nodes()


# ---------------------------------------------------------------- selection

def _tooltips(g: nx.Graph, view: str, sentences: dict[str, str]) -> None:
    """Plain-text tooltips (title) on every node and edge; newlines separate lines."""
    for n, d in g.nodes(data=True):
        lines = [d.get("label", n), f"kind: {d['kind']}"]
        if d["kind"] == "state" and d.get("code"):
            lines.append(f"ISO code: {d['code']}")
        if d["kind"] == "person":
            if d.get("state"):
                lines.append(f"represents: {d['state']}")
            if d.get("roles"):
                lines.append(f"roles: {d['roles'].replace('_', ' ')}")
        if d["kind"] == "event":
            if d.get("date"):
                lines.append(f"date: {d['date']}")
            if sentences.get(n):
                lines.append(f"source: “{sentences[n]}”")
        if d.get("events"):
            lines.append(f"events: {d['events']}")
        lines.append(f"degree: {g.degree(n)}, PageRank: {d.get('pagerank', 0):.4f}")
        d["title"] = "\n".join(lines)
    for a, b, d in g.edges(data=True):
        la, lb = g.nodes[a].get("label", a), g.nodes[b].get("label", b)
        if view == "full":
            lines = [f"{la} — {d['relation']} — {lb}"]
            if d.get("detail"):
                lines.append(f"role: {d['detail']}" if d["relation"] in ("participant", "role")
                             else d["detail"])
            event = a if g.nodes[a]["kind"] == "event" else b if g.nodes[b]["kind"] == "event" \
                else None
            if event and sentences.get(event):
                lines.append(f"source: “{sentences[event]}”")
        else:
            lines = [f"{la} — {lb}: {d['weight']} event{'s' if d['weight'] != 1 else ''}"]
            if d.get("first"):
                lines.append(f"dates: {d['first']} … {d['last']}")
            if d.get("types"):
                lines.append(f"types: {d['types']}")
            for date, text in d.get("examples", []):
                lines.append(f"{date}: “{text}”")
        d["title"] = "\n".join(lines)


def _edge_examples(store, g: nx.Graph, view: str, window: Window, per_edge: int = 2,
                   tables: analysis.Tables | None = None) -> dict[str, str]:
    """The source sentence of events behind the drawn edges (the latest `per_edge` for
    states and people; every drawn event for the full view): {node or event: sentence}."""
    if view == "full":
        events = [n for n, d in g.nodes(data=True) if d["kind"] == "event"]
        return {_short_event(k): v for k, v in
                analysis.event_sentences(store, [analysis.KGR + e for e in events]).items()}
    pairs = analysis.edge_events(store, view, window, set(map(frozenset, g.edges())),
                                 tables)
    wanted: dict[frozenset, list[tuple[str, str]]] = {}
    for key, evs in pairs.items():
        wanted[key] = sorted(evs, key=lambda x: x[1] or "", reverse=True)[:per_edge]
    texts = analysis.event_sentences(store, [e for evs in wanted.values() for e, _ in evs])
    for (a, b), evs in ((tuple(k), v) for k, v in wanted.items()):
        g[a][b]["examples"] = [(date or "undated", texts[e]) for e, date in evs if e in texts]
    return {}


def _short_event(iri: str) -> str:
    return iri[len(analysis.KGR):] if iri.startswith(analysis.KGR) else iri


def _cap(g: nx.Graph, max_nodes: int, keep: str | None) -> nx.Graph:
    """The `max_nodes` most central nodes by PageRank (and `keep`, the focus)."""
    if g.number_of_nodes() <= max_nodes:
        return g
    ranked = sorted(g, key=lambda v: (-g.nodes[v]["pagerank"], v))
    chosen = set(ranked[:max_nodes])
    if keep and keep not in chosen:
        chosen.discard(ranked[max_nodes - 1])
        chosen.add(keep)
    return g.subgraph(chosen).copy()


def layout(g: nx.Graph, seed: int = 42) -> dict:
    """Positions in pixels: ForceAtlas2 (networkx), which keeps hubs apart and clusters
    tight, scaled so that the drawing has room for its labels."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(g)): (0.0, 0.0)}
    pos = nx.forceatlas2_layout(g, max_iter=100, seed=seed, weight=None,
                                scaling_ratio=2.0, gravity=1.0, strong_gravity=True)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    size = 120 * math.sqrt(n) + 200
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {v: (round(float((p[0] - cx) / span * size), 1),
                round(float((p[1] - cy) / span * size), 1)) for v, p in pos.items()}


def build_view(store, view: str = "states", window: Window | None = None,
               focus: str | None = None, radius: int = 1,
               max_nodes: int = DEFAULT_MAX_NODES, title: str | None = None) -> View:
    """Project the store for a view, keep the most central nodes, add tooltips and
    positions. A focus that does not exist gives a View with `error` set (and an empty
    graph), so that callers can still write a valid page."""
    window = window or Window()
    if view not in VIEWS:
        raise AnalysisError(f"unknown view {view!r} (one of {', '.join(VIEWS)})")
    if max_nodes < 1:
        raise AnalysisError("--max-nodes must be at least 1")
    # the events and participations are scanned once, for the network and its edges' events
    tables = analysis.event_tables(store, window) if view in ("states", "people") else None
    g = analysis.project(store, view, window, tables=tables)
    title = title or {"states": "States engaged with each other",
                      "people": "Officials who met", "full": "The knowledge graph"}[view]
    result = View(title, view, g, g.number_of_nodes(), g.number_of_edges())
    if window.since or window.until:
        result.notes.append(f"Events from {window.since or 'the start'} "
                            f"to {window.until or 'the end'}.")
    if g.number_of_nodes() == 0:
        result.notes.append("Nothing to draw: no events in the store for this selection.")
        return result
    keep = None
    if focus:
        try:
            keep = analysis.find_node(g, focus)
        except AnalysisError as exc:
            result.error = str(exc)
            result.graph = nx.Graph()
            return result
        g = nx.ego_graph(g, keep, radius=radius)
        result.focus = keep
        result.notes.append(f"Around {g.nodes[keep]['label']} ({radius} hop"
                            f"{'s' if radius > 1 else ''}).")
    pagerank = nx.pagerank(g, weight="weight") if g.number_of_edges() else {}
    for v in g:
        g.nodes[v]["pagerank"] = pagerank.get(v, 1 / g.number_of_nodes())
    before = g.number_of_nodes()
    g = _cap(g, max_nodes, keep)
    if g.number_of_nodes() < before:
        result.notes.append(
            f"Showing the {g.number_of_nodes():,} most central of {before:,} nodes "
            f"(PageRank); `kg view --max-nodes N` draws more or fewer.")
    _dates(g)
    _tooltips(g, view, _edge_examples(store, g, view, window, tables=tables))
    for v, (x, y) in layout(g).items():
        g.nodes[v]["x"], g.nodes[v]["y"] = x, y
    result.graph = g
    return result


def _dates(g: nx.Graph) -> None:
    """first/last on nodes from their dated edges (or the event date), for the page's
    time filter; undated nodes stay visible whatever the window."""
    for v, d in g.nodes(data=True):
        dates = [x for _, _, e in g.edges(v, data=True) for x in (e.get("first"), e.get("last"))
                 if x]
        if d.get("date"):
            dates = [d["date"]]
        d["first"], d["last"] = (min(dates), max(dates)) if dates else ("", "")


# ---------------------------------------------------------------- rendering

def _pyvis_network(v: View):
    """The drawn graph as a pyvis Network (nodes, edges, options for vis-network)."""
    from pyvis.network import Network

    # directed=True only to skip pyvis's O(edges) duplicate check per added edge: our
    # graph has no duplicates; arrows are turned off in the options
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    g = v.graph
    thin = 0.5 if g.number_of_edges() > 1000 else 1.0  # dense drawings: finer lines
    n_nodes = max(1, g.number_of_nodes())  # PageRank times N is 1 on average: log1p of it
    for n, d in g.nodes(data=True):         # sizes hubs apart without dwarfing the rest
        net.add_node(n, label=str(d.get("label", n)), title=d.get("title", ""),
                     color=KIND_COLOURS.get(d["kind"], "#888"), shape="dot",
                     value=round(math.log1p(d.get("pagerank", 0.0) * n_nodes), 4),
                     x=d.get("x", 0.0),
                     y=d.get("y", 0.0), kind=d["kind"], first=d.get("first", ""),
                     last=d.get("last", ""))
    for a, b, d in g.edges(data=True):
        if v.view == "full":
            label = d["relation"] if d["relation"] != "participant" or not d.get("detail") \
                else d["detail"]
        else:
            label = f"{d['weight']} event{'s' if d['weight'] != 1 else ''}"
        net.add_edge(a, b, label=label, title=d.get("title", ""),
                     width=thin * (1 + math.log2(d.get("weight", 1))),
                     first=d.get("first") or "",
                     last=d.get("last") or "")
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150,
                        "hideEdgesOnDrag": g.number_of_edges() > 2000,
                        "hideEdgesOnZoom": g.number_of_edges() > 2000},
        "nodes": {"shape": "dot", "scaling": {"min": 6, "max": 40,
                                              "label": {"enabled": True, "min": 11, "max": 26,
                                                        "drawThreshold": 7}},
                  "font": {"size": 12, "color": "#222"}, "borderWidth": 1},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": False}},
                  "color": {"color": "#b8c2cc", "highlight": "#e15759", "hover": "#e15759"},
                  "font": {"size": 9, "color": "#555", "strokeWidth": 2, "align": "middle"}},
    }
    return net


def _json_for_script(value) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the strings."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside the installed pyvis package."""
    base = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    return js, css


def render_html(v: View) -> str:
    """The self-contained page for a View."""
    import jinja2

    net = _pyvis_network(v)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    for e in edges:
        e.pop("arrows", None)  # pyvis adds arrows to directed edges; ours are undirected
    kinds = {}
    for n in nodes:
        kinds[n["kind"]] = kinds.get(n["kind"], 0) + 1
    legend = [{"kind": k, "colour": KIND_COLOURS[k], "count": kinds[k]}
              for k in KIND_ORDER if k in kinds]
    js, css = _vis_assets()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(
        (resources.files("kg") / "templates" / "view.html").read_text(encoding="utf-8"))
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options),
            "view": v.view, "total_nodes": v.total_nodes,
            "focus": v.focus if v.focus in v.graph else None}
    return template.render(
        title=v.title, view=v.view, notes=v.notes, error=v.error, legend=legend,
        shown=len(nodes), total=v.total_nodes, edges=len(edges),
        data_json=jinja2.utils.markupsafe.Markup(_json_for_script(data)),
        vis_js=jinja2.utils.markupsafe.Markup(js), vis_css=jinja2.utils.markupsafe.Markup(css))


def write_view(v: View, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(v), encoding="utf-8")
    return path
