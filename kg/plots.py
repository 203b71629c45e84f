"""PNG plots of the analysis (matplotlib, headless Agg backend).

Each function takes what `kg.analysis` returns (DataFrames, networkx graphs) and writes
one PNG, so that the CLI's `--plot DIR` and a notebook draw the same pictures. Empty
inputs still give a valid image that says there is nothing to draw: a script that
expects the file finds it.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on servers and in CI; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402

KIND_COLOURS = {
    "state": "#4e79a7", "person": "#f28e2b", "organisation": "#59a14f", "org": "#59a14f",
    "project": "#b07aa1", "event": "#9c9c9c",
}


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return path


def top_centrality(table: pd.DataFrame, path: Path, measure: str = "pagerank",
                   top: int = 15, title: str | None = None) -> Path:
    """Horizontal bars of the `top` nodes by `measure` (a column of `analysis.centrality`)."""
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.35 * min(top, len(table)) + 1)))
    if table.empty:
        _empty(ax, "no nodes in this network")
    else:
        rows = table.sort_values(measure, ascending=False).head(top).iloc[::-1]
        ax.barh(rows["label"].astype(str), rows[measure],
                color=[KIND_COLOURS.get(k, "#888") for k in rows["kind"]])
        ax.set_xlabel(measure)
        ax.set_title(title or f"Top {len(rows)} by {measure}")
    return _save(fig, path)


def pair_timeline(table: pd.DataFrame, path: Path, period: str = "year",
                  title: str | None = None, pairs: int = 5) -> Path:
    """Events per period for each pair in `table` (from `analysis.timeline`); with many
    pairs, the `pairs` busiest."""
    fig, ax = plt.subplots(figsize=(8, 4))
    if table.empty:
        _empty(ax, "no dated events for this selection")
        return _save(fig, path)
    busiest = table.groupby(["a", "b"]).events.sum().sort_values(ascending=False).head(pairs)
    periods = _periods(sorted(table[period].unique()), period)
    for a, b in busiest.index:
        sub = table[(table.a == a) & (table.b == b)].set_index(period).events
        ax.plot(periods, [int(sub.get(p, 0)) for p in periods], marker="o", label=f"{a}–{b}")
    ax.set_xlabel(period)
    ax.set_ylabel("events")
    ax.yaxis.get_major_locator().set_params(integer=True)
    if len(periods) > 12:
        ax.tick_params(axis="x", rotation=60)
    ax.legend(loc="upper left", fontsize="small")
    ax.set_title(title or "Events per pair of states")
    return _save(fig, path)


def _periods(seen: list[str], period: str) -> list[str]:
    """Every year or month from the first seen to the last, so that gaps show as zeros."""
    first, last = seen[0], seen[-1]
    if period == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    out, (y, m) = [], map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def community_map(g: nx.Graph, table: pd.DataFrame, path: Path, seed: int = 42,
                  labels: int = 30, title: str | None = None) -> Path:
    """The network drawn with a seeded spring layout, nodes coloured by community (from
    `analysis.communities`), the `labels` strongest nodes named."""
    fig, ax = plt.subplots(figsize=(9, 7))
    if g.number_of_nodes() == 0:
        _empty(ax, "no nodes in this network")
        return _save(fig, path)
    community = dict(zip(table["node"], table["community"], strict=True))
    cmap = plt.get_cmap("tab20")
    pos = nx.spring_layout(g, seed=seed, weight="weight")
    strength = dict(g.degree(weight="weight"))
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.25, width=0.6)
    nx.draw_networkx_nodes(
        g, pos, ax=ax, node_size=[30 + 25 * strength[v] ** 0.8 for v in g],
        node_color=[cmap(community.get(v, 0) % 20) if v in community else "#cccccc"
                    for v in g])
    named = sorted(g, key=lambda v: -strength[v])[:labels]
    nx.draw_networkx_labels(g, pos, ax=ax, font_size=8,
                            labels={v: str(g.nodes[v].get("label", v)) for v in named})
    ax.set_title(title or f"{len(set(community.values()))} communities (Louvain)")
    ax.set_axis_off()
    return _save(fig, path)
