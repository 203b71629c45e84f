"""Benchmark the analysis and the views on a synthetic store (run on demand).

    python benchmarks/view.py --size 10000            # generate, ingest, measure
    python benchmarks/view.py --store kg-store         # an existing store

Prints, for the store:
- the time to build each networkx projection (nodes, edges, seconds);
- the time to build and render each HTML view (default --max-nodes 500);
- in Chromium (Debian's, through Playwright, network blocked): time to first draw and
  time of one redraw (zoom) for full views of increasing size, against pyvis's own page
  (physics on, stabilisation before the first draw) measured in the same run, as a ratio.
  A view counts as responsive while a redraw takes under 100 ms (ten frames a second).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

from kg import analysis  # noqa: E402
from kg.store import KgStore  # noqa: E402
from kg.view import build_view, render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def projections(kg) -> list[tuple[str, int, int, float]]:
    rows = []
    for network in analysis.NETWORKS:
        _say(f"projection {network}")
        g, dt = _timed(lambda network=network: analysis.project(kg, network))
        rows.append((network, g.number_of_nodes(), g.number_of_edges(), dt))
    return rows


def views(kg, max_nodes: int) -> list[tuple[str, int, float, float, int]]:
    rows = []
    for view in ("states", "people", "full"):
        _say(f"view {view}")
        v, build = _timed(lambda view=view: build_view(kg, view, max_nodes=max_nodes))
        html, render = _timed(lambda v=v: render_html(v))
        rows.append((view, v.shown_nodes, build, render, len(html)))
    return rows


def _pyvis_page(v, path: Path) -> None:
    """The same nodes and edges through pyvis's own template, physics on (its default)."""
    from pyvis.network import Network

    net = Network(height="800px", width="100%", cdn_resources="in_line")
    for n, d in v.graph.nodes(data=True):
        net.add_node(n, label=str(d.get("label", n)), title=d.get("title", ""))
    for a, b in v.graph.edges():
        net.add_edge(a, b)
    html = net.generate_html()
    # pyvis's page signals nothing when drawn: hook its network's first afterDrawing
    html = html.replace("return network;", "network.once('afterDrawing', function () {"
                        " document.body.dataset.drawn = String(performance.now()); });"
                        " return network;", 1)
    path.write_text(html, encoding="utf-8")


def browser(kg, sizes: list[int], work: Path, pyvis_max: int, timeout: float) -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            _say(f"browser: full view, {n} nodes")
            v = build_view(kg, "full", max_nodes=n)
            ours = work / f"view-{n}.html"
            ours.write_text(render_html(v), encoding="utf-8")
            row = {"nodes": v.shown_nodes, "edges": v.graph.number_of_edges()}
            row.update(_measure(b, ours, timeout))
            if n <= pyvis_max:
                theirs = work / f"pyvis-{n}.html"
                _pyvis_page(v, theirs)
                base = _measure(b, theirs, timeout, redraw=False)
                row["pyvis_draw_ms"] = base["draw_ms"]
            rows.append(row)
        b.close()
    return rows


def _measure(b, path: Path, timeout: float, redraw: bool = True) -> dict:
    ctx = b.new_context(viewport={"width": 1400, "height": 900})
    ctx.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
    page = ctx.new_page()
    out: dict = {}
    try:
        page.goto(path.as_uri())
        page.wait_for_function("document.body.dataset.drawn", timeout=timeout * 1000)
        out["draw_ms"] = float(page.evaluate("document.body.dataset.drawn"))
        if redraw:
            out["redraw_ms"] = page.evaluate("""() => new Promise(resolve => {
                const net = kgView.network, t0 = performance.now();
                net.once('afterDrawing', () => resolve(performance.now() - t0));
                net.moveTo({scale: net.getScale() * 1.5});
            })""")
            out["search_ms"] = page.evaluate("""() => {
                const t0 = performance.now();
                const label = kgView.nodes.get()[0].label;
                kgView.search(label);
                return performance.now() - t0; }""")
    except Exception:  # noqa: BLE001 - a page that never draws is the measurement
        out["draw_ms"] = None
    finally:
        ctx.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="an existing store")
    ap.add_argument("--size", type=int, default=10000, help="readouts to generate otherwise")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-nodes", type=int, default=500)
    ap.add_argument("--nodes", type=int, nargs="+", default=[200, 500, 1000, 2000, 4000])
    ap.add_argument("--pyvis-max", type=int, default=500,
                    help="largest view also drawn by pyvis's own page (physics is slow)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait for a draw")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-view-bench-"))
    try:
        store_path = args.store
        if store_path is None:
            _say(f"generating {args.size} readouts")
            generate(work / "readouts", args.size)
            store_path = work / "store"
            _say("ingest")
            with KgStore(store_path) as kg:
                kg.ingest([work / "readouts"], jobs=args.jobs)
        with KgStore(store_path, read_only=True) as kg:
            quads = len(kg)
            proj = projections(kg)
            vws = views(kg, args.max_nodes)
            shots = browser(kg, args.nodes, work, args.pyvis_max, args.timeout)
        print(f"\n== {store_path}: {quads:,} quads ==")
        print(f"{'projection':<15}{'nodes':>9}{'edges':>10}{'seconds':>10}")
        for name, n, m, dt in proj:
            print(f"{name:<15}{n:>9,}{m:>10,}{dt:>10.2f}")
        print(f"\n{'view':<10}{'nodes':>7}{'build s':>9}{'render s':>10}{'HTML KB':>9}")
        for name, n, build, render, size in vws:
            print(f"{name:<10}{n:>7}{build:>9.2f}{render:>10.2f}{size / 1024:>9.0f}")
        print(f"\n{'full view':<10}{'edges':>7}{'first draw ms':>15}{'redraw ms':>11}"
              f"{'search ms':>11}{'pyvis draw ms':>15}{'speed-up':>10}")
        for r in shots:
            draw = r.get("draw_ms")
            base = r.get("pyvis_draw_ms")
            ratio = f"{base / draw:.1f}" if draw and base else "—"
            print(f"{r['nodes']:<10}{r['edges']:>7}{_fmt(draw):>15}{_fmt(r.get('redraw_ms')):>11}"
                  f"{_fmt(r.get('search_ms')):>11}{_fmt(base) if 'pyvis_draw_ms' in r else '—':>15}"
                  f"{ratio:>10}")
        responsive = [r["nodes"] for r in shots if (r.get("redraw_ms") or 1e9) < 100]
        print(f"\nresponsive (redraw < 100 ms) up to {max(responsive) if responsive else 0} "
              "nodes drawn")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fmt(v) -> str:
    return "timeout" if v is None else f"{v:.0f}"


if __name__ == "__main__":
    main()
