"""The views in a real browser: Debian's Chromium driven by Playwright, network blocked.

Skipped when Chromium or Playwright is missing, unless KG_REQUIRE_BROWSER=1 (as in
.ci/run, which installs both), where a missing browser is a failure. Timings are not
asserted here (shared, noisy machines): benchmarks/view.py measures time to first draw.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg.view import build_view, write_view

from .handmade import handmade_store
from .test_view import XSS, xss_store

CHROMIUM = os.environ.get("KG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("KG_REQUIRE_BROWSER") == "1"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps"]


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRED:
            raise
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if REQUIRED:
            pytest.fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
        pytest.skip("no Chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened from a file, with every request, console message and dialog kept."""

    def __init__(self, browser, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def block(route) -> None:  # nothing may leave the file
            self.requests.append(route.request.url)
            route.abort()

        self.context.route(lambda url: not url.startswith("file://"), block)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("document.body.dataset.drawn", timeout=20_000)

    def js(self, expr: str):
        return self.page.evaluate(expr)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("file://")]

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_view(browser, tmp_path, store, view, **kw) -> tuple[Page, object]:
    v = build_view(store, view, **kw)
    path = write_view(v, tmp_path / f"{view}.html")
    return Page(browser, path), v


@pytest.mark.parametrize("view", ["states", "people", "full"])
def test_the_page_draws_every_node_offline_without_errors(browser, tmp_path, view):
    page, v = open_view(browser, tmp_path, handmade_store(), view)
    with page:
        assert page.js("kgView.nodeView.length") == v.shown_nodes > 0
        assert page.js("kgView.network.body.nodeIndices.length") == v.shown_nodes
        assert page.js("kgView.edgeView.length") == v.graph.number_of_edges()
        assert page.errors == [] and page.outside() == []
        # still once drawn: physics is off, nothing moves
        before = page.js("JSON.stringify(kgView.network.getPositions())")
        page.page.wait_for_timeout(300)
        assert page.js("JSON.stringify(kgView.network.getPositions())") == before
        assert page.js("kgView.network.physics.physicsEnabled") is False


def test_search_selects_and_centres_a_node(browser, tmp_path):
    page, _ = open_view(browser, tmp_path, handmade_store(), "full")
    with page:
        page.page.fill("#kg-search", "kulubaev")
        page.page.press("#kg-search", "Enter")
        assert page.js("kgView.network.getSelectedNodes()") == ["person/jeenbek-kulubaev"]
        centre = page.js("kgView.network.getViewPosition()")
        node = page.js("kgView.network.getPosition('person/jeenbek-kulubaev')")
        assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1
        assert "Jeenbek Kulubaev" in page.page.text_content("#kg-details")
        assert page.page.text_content("#kg-status") == "Found Jeenbek Kulubaev."
        page.page.fill("#kg-search", "Atlantis")
        page.page.press("#kg-search", "Enter")
        assert "No node matches" in page.page.text_content("#kg-status")


def test_a_focused_view_opens_with_its_focus_selected(browser, tmp_path):
    page, v = open_view(browser, tmp_path, handmade_store(), "people", focus="Wang Yi")
    with page:
        assert v.focus == "person/wang-yi"
        assert page.js("kgView.network.getSelectedNodes()") == ["person/wang-yi"]
        assert "Wang Yi" in page.page.text_content("#kg-details")
        assert page.errors == []


def test_kind_and_time_filters_hide_nodes(browser, tmp_path):
    page, v = open_view(browser, tmp_path, handmade_store(), "full")
    with page:
        events = sum(1 for _, d in v.graph.nodes(data=True) if d["kind"] == "event")
        page.page.uncheck("#kg-legend input[data-kind=event]")
        assert page.js("kgView.nodeView.length") == v.shown_nodes - events
        page.page.check("#kg-legend input[data-kind=event]")
        page.page.fill("#kg-since", "2025")
        page.page.click("#kg-window button")
        shown = page.js("kgView.nodeView.get().filter(n => n.kind === 'event').length")
        in_2025 = sum(1 for _, d in v.graph.nodes(data=True)
                      if d["kind"] == "event" and d.get("date", "") >= "2025")
        assert shown == in_2025 < events
        page.page.fill("#kg-search", "talks 2023")
        page.page.press("#kg-search", "Enter")
        assert "hidden by the filters" in page.page.text_content("#kg-status")


def test_malicious_names_show_as_text_and_run_nothing(browser, tmp_path):
    page, _ = open_view(browser, tmp_path, xss_store(), "full")
    with page:
        page.page.wait_for_timeout(200)
        assert page.dialogs == [] and page.errors == [] and page.outside() == []
        assert page.js("document.querySelectorAll('img, b, iframe').length") == 0
        page.page.fill("#kg-search", XSS[0])
        page.page.press("#kg-search", "Enter")
        assert XSS[0] in page.page.text_content("#kg-details")
        # the tooltip path: hover the node; vis-network sets string titles with innerText
        page.js("kgView.network.focus('person/evil-0', {scale: 1.5, animation: false})")
        dom = page.js("kgView.network.canvasToDOM(kgView.network.getPosition('person/evil-0'))")
        box = page.page.locator("#kg-network").bounding_box()
        page.page.mouse.move(box["x"] + dom["x"], box["y"] + dom["y"])
        page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        assert XSS[0] in page.page.text_content("div.vis-tooltip")
        assert page.js("document.querySelectorAll('img').length") == 0
        assert page.dialogs == []
        labels = page.js("kgView.nodes.get().map(n => n.label)")
        assert set(XSS) <= set(labels)


def test_with_many_links_only_the_selected_nodes_links_are_labelled(browser, tmp_path):
    import networkx as nx

    from kg.view import View, layout

    g = nx.complete_graph([f"state/S{i:02d}" for i in range(30)])  # 435 links
    for i, n in enumerate(g):
        g.nodes[n].update(kind="state", label=f"State {i}", pagerank=1 / 30, title=f"S{i}",
                          first="", last="")
    for a, b in g.edges():
        g[a][b].update(weight=2, title=f"{a}-{b}", first="2024", last="2025")
    for n, (x, y) in layout(g).items():
        g.nodes[n].update(x=x, y=y)
    path = write_view(View("many", "states", g, 30, 435), tmp_path / "many.html")
    page = Page(browser, path)
    with page:
        labelled = "kgView.edges.get().filter(e => e.label).length"
        assert page.js(labelled) == 0
        page.page.fill("#kg-search", "State 7")
        page.page.press("#kg-search", "Enter")
        assert page.js(labelled) == 29
        assert page.js("kgView.edges.get().find(e => e.label).label") == "2 events"
