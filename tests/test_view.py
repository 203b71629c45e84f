"""The HTML views, read as text: one self-contained file, escaped data, the selection
that is drawn and what the page says about it. The browser tests are in
test_browser.py."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.analysis import Window
from kg.cli import main
from kg.store import KgStore
from kg.view import build_view, render_html

from .conftest import READOUTS
from .handmade import CHN, KG, KGR, handmade_store

XSS = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>",
       "\u2028'\"&amp;<!--"]


def xss_store():
    def add(b):
        for i, name in enumerate(XSS):
            iri = f"{KGR}person/evil-{i}"
            b.entity(iri, "http://xmlns.com/foaf/0.1/Person", name)
            b.event(f"x{i}", f"x{i}", "meeting", "2025-06-01",
                    [(iri, CHN, "foreign_minister"),
                     (f"{KGR}person/wang-yi", CHN, "foreign_minister")],
                    sentence=f"{name} met Wang Yi.")
        b.entity(f"{KGR}state/XXX", KG + "State", "<b onmouseover=alert(3)>Evilland</b>", "XXX")
    return handmade_store(add)


@pytest.mark.parametrize("view", ["states", "people", "full"])
def test_the_page_is_one_file_that_requests_nothing(view):
    html = render_html(build_view(handmade_store(), view))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)
    assert not re.search(r"url\((?!\"?data:)", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html and len(html) > 400_000  # vis-network inlined


def test_strings_from_readouts_cannot_break_out_of_the_page():
    html = render_html(build_view(xss_store(), "people", title="<i>Title</i>"))
    for payload in XSS + ["<b onmouseover"]:
        assert payload not in html
    assert "&lt;i&gt;Title&lt;/i&gt;" in html  # heading escaped for HTML
    data = html.split('id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and ">" not in data  # JSON with <, > as \\u003c, \\u003e
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in data


def test_nodes_carry_kind_colour_size_position_and_tooltips():
    v = build_view(handmade_store(), "full")
    g = v.graph
    wang = g.nodes["person/wang-yi"]
    assert wang["kind"] == "person" and "x" in wang and "y" in wang
    assert "foreign minister (CHN)" in wang["title"]
    meeting = g.nodes["event/m1"]
    assert "On 25 April, Wang Yi met Jeenbek Kulubaev." in meeting["title"]
    link = g["person/wang-yi"]["event/m1"]
    assert "role: foreign minister" in link["title"] and "source: “On 25 April" in link["title"]


def test_state_links_say_how_many_events_and_show_their_sources():
    v = build_view(handmade_store(), "states")
    link = v.graph["state/CHN"]["state/KGZ"]
    assert link["title"].splitlines()[0] == "China — Kyrgyzstan: 3 events"
    assert "2025-04-25: “On 25 April, Wang Yi met Jeenbek Kulubaev.”" in link["title"]


def test_large_graphs_draw_the_most_central_nodes_and_say_so():
    v = build_view(handmade_store(), "full", max_nodes=5)
    assert v.shown_nodes == 5 and v.total_nodes > 5
    assert any("5 most central" in n for n in v.notes)
    html = render_html(v)
    assert "5 most central" in html and "--max-nodes" in html


def test_focus_and_window_select_what_is_drawn():
    v = build_view(handmade_store(), "states", focus="Uzbekistan")
    assert set(v.graph) == {"state/UZB", "state/CHN", "state/KGZ"}
    v = build_view(handmade_store(), "states", window=Window("2023", "2023"))
    assert set(v.graph) == {"state/KGZ", "state/RUS"}


def test_missing_focus_and_empty_windows_still_give_a_valid_page():
    v = build_view(handmade_store(), "states", focus="Atlantis")
    assert v.error and v.shown_nodes == 0
    html = render_html(v)
    assert "no node &#39;Atlantis&#39;" in html or "no node 'Atlantis'" in html
    v = build_view(handmade_store(), "people", window=Window("2031"))
    assert v.shown_nodes == 0 and "Nothing to draw" in render_html(v)


def test_cli_view_writes_the_page_and_reports_errors(tmp_path):
    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([READOUTS])
    out = tmp_path / "v.html"
    res = CliRunner().invoke(main, ["view", "--store", str(store), "-o", str(out),
                                    "--view", "people", "--max-nodes", "10"])
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and out.read_text().startswith("<!DOCTYPE html>")
    res = CliRunner().invoke(main, ["view", "--store", str(store), "-o", str(out),
                                    "--focus", "Atlantis"])
    assert res.exit_code == 1 and "no node 'Atlantis'" in res.output
    assert "Atlantis" in out.read_text()  # a valid page saying so
    res = CliRunner().invoke(main, ["view", "--store", str(store), "-o", str(out),
                                    "--since", "soon"])
    assert res.exit_code == 2 and "expected YYYY" in res.output  # a usage error: nothing done
