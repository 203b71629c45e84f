"""The persistent store: incremental, idempotent, atomic ingest; removal; export."""

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.pipeline import extract_file
from kg.rdf import extraction_to_nquads
from kg.readout import ReadoutError
from kg.store import KgStore, export

from .conftest import READOUTS, SEED

KGR = "https://w3id.org/kg-diplo/id/"


def graph_quads(kg: KgStore, rid: str) -> int:
    return sum(1 for _ in kg.ox.quads_for_pattern(None, None, None,
                                                  ox.NamedNode(f"{KGR}graph/{rid}")))


@pytest.fixture
def corpus(tmp_path):
    """A private copy of the bundled readouts that tests may edit."""
    folder = tmp_path / "readouts"
    shutil.copytree(READOUTS, folder)
    return folder


def test_ingest_adds_one_named_graph_per_readout(tmp_path, corpus):
    with KgStore(tmp_path / "store") as kg:
        report = kg.ingest([corpus])
        assert report.ok and report.added == len(list(corpus.glob("*.txt")))
        graphs = {g.value for g in kg.ox.named_graphs()}
        assert {f"{KGR}graph/{p.stem}" for p in corpus.glob("*.txt")} | {
            f"{KGR}graph/entities"} == graphs


def test_ingesting_again_changes_nothing_and_reads_nothing(tmp_path, corpus, monkeypatch):
    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([corpus])
        before = len(kg)
    import kg.store as st
    monkeypatch.setattr(st, "parse_to_nquads", lambda p: pytest.fail("parsed " + p))
    monkeypatch.setattr(st, "_change_key", lambda p: pytest.fail("hashed " + str(p)))
    with KgStore(store) as kg:
        report = kg.ingest([corpus])
        assert (report.added, report.replaced, report.unchanged) == (0, 0, report.files)
        assert len(kg) == before


def test_touched_but_identical_file_is_hashed_not_parsed(tmp_path, corpus):
    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([corpus])
    target = corpus / SEED.name
    os.utime(target, ns=(time.time_ns(), time.time_ns() + 10**9))
    with KgStore(store) as kg:
        report = kg.ingest([corpus])
        assert report.unchanged == report.files and report.added == report.replaced == 0


def test_edited_file_replaces_its_graph(tmp_path, corpus):
    store = tmp_path / "store"
    target = corpus / SEED.name
    with KgStore(store) as kg:
        kg.ingest([corpus])
    target.write_text(target.read_text().replace("Almaty", "Astana"), encoding="utf-8")
    with KgStore(store) as kg:
        report = kg.ingest([corpus])
        assert report.replaced == 1 and report.added == 0
        g = ox.NamedNode(f"{KGR}graph/{SEED.stem}")
        places = {q.object.value for q in kg.ox.quads_for_pattern(
            None, ox.NamedNode("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"), None, g)}
        assert f"{KGR}place/KAZ/astana" in places
        assert f"{KGR}place/KAZ/almaty" not in places
        assert graph_quads(kg, SEED.stem) == extraction_to_nquads(extract_file(target))[2]


def test_remove_drops_a_readout_and_only_what_it_alone_asserted(tmp_path, corpus):
    with KgStore(tmp_path / "store") as kg:
        kg.ingest([corpus])
        china = ox.NamedNode(f"{KGR}state/CHN")
        assert kg.remove([SEED.stem]) == [SEED.stem]
        assert graph_quads(kg, SEED.stem) == 0
        assert SEED.stem not in {r["id"] for r in kg.readouts()}
        # other readouts still say what China is
        assert any(kg.ox.quads_for_pattern(china, None, None, None))
        # a person only this readout named is gone; one others name stays
        only_here = ox.NamedNode(f"{KGR}person/jeenbek-kulubaev")
        assert not any(kg.ox.quads_for_pattern(only_here, None, None, None))
        assert not any(kg.ox.quads_for_pattern(None, None, only_here, None))
        assert any(kg.ox.quads_for_pattern(ox.NamedNode(f"{KGR}person/xi-jinping"), None,
                                           None, None))
        assert kg.remove(["no-such-readout"]) == []


class _CountingStore:
    """A pyoxigraph Store that counts flushes (the Rust object takes no new attributes)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        self._store.flush()

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_long_ingest_flushes_write_buffers_as_it_goes(tmp_path, corpus):
    # Without periodic flushes Oxigraph's write buffers grew ~80 MB per 1,000 readouts
    # (1.6 GB of writer memory at 20,000, over 2 GB at 100,000).
    with KgStore(tmp_path / "s") as kg:
        counting = kg.ox = _CountingStore(kg.ox)
        report = kg.ingest([corpus], flush_every_quads=1)
        assert report.added >= 3
        assert counting.flushes == report.added  # every readout crosses a threshold of 1
        kg.ox = counting._store


def test_a_store_caught_half_created_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    # Seen in CI: a read-only open while the first ingest was still creating the store
    # raised RuntimeError ("Column family not found: spog") where OSError was expected.
    import types

    import kg.query
    import kg.store

    def half_created(path):
        raise RuntimeError("Invalid argument: Column family not found: spog")

    fake = types.SimpleNamespace(Store=types.SimpleNamespace(read_only=half_created))
    (tmp_path / "s" / "oxigraph").mkdir(parents=True)
    monkeypatch.setattr(kg.store, "ox", fake)
    with pytest.raises(OSError, match="cannot open the store"):
        KgStore(tmp_path / "s", read_only=True)
    monkeypatch.setattr(kg.query, "ox", fake)
    with pytest.raises(kg.query.QueryError, match="cannot open the store"):
        kg.query.run_local(tmp_path / "s", "SELECT * WHERE { ?s ?p ?o }", {})


def test_same_id_from_another_file_is_refused(tmp_path, corpus):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(corpus / SEED.name, other / SEED.name)
    with KgStore(tmp_path / "store") as kg:
        kg.ingest([corpus])
        report = kg.ingest([other])
        assert report.failures and "duplicate readout id" in report.failures[0][1]


def test_lost_manifest_does_not_duplicate_anything(tmp_path, corpus):
    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([corpus])
        before = len(kg)
    (store / "manifest.sqlite").unlink()
    with KgStore(store) as kg:
        report = kg.ingest([corpus])
        assert report.replaced == report.files
        assert len(kg) == before


def test_parallel_parsing_gives_the_same_store(tmp_path, corpus):
    counts = []
    for jobs in (1, 2):
        with KgStore(tmp_path / f"store{jobs}") as kg:
            kg.ingest([corpus], jobs=jobs)
            counts.append(sorted((r["id"], r["quads"]) for r in kg.readouts()))
    assert counts[0] == counts[1]


def test_bad_files_are_reported_and_the_rest_is_stored(tmp_path, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    with KgStore(tmp_path / "store") as kg:
        report = kg.ingest([corpus])
        assert any("empty.txt" in p and "empty file" in why for p, why in report.failures)
        assert report.added == len(list(corpus.glob("*.txt"))) - 1
    with KgStore(tmp_path / "store2") as kg, pytest.raises(ReadoutError):
        kg.ingest([corpus / "empty.txt"], strict=True)


def test_export_formats_stream_from_the_store(tmp_path, corpus):
    with KgStore(tmp_path / "store") as kg:
        kg.ingest([corpus])
        total = len(kg)
        buf = io.BytesIO()
        export(kg.ox, buf, "trig")
        ds = Dataset()
        ds.parse(data=buf.getvalue(), format="trig")
        assert sum(1 for _ in ds.quads((None, None, None, None))) == total
        buf = io.BytesIO()
        export(kg.ox, buf, "nquads")
        assert buf.getvalue().count(b"\n") == total
        buf = io.BytesIO()
        export(kg.ox, buf, "turtle")
        union = Graph().parse(data=buf.getvalue(), format="turtle")
        assert 0 < len(union) <= total
        buf = io.BytesIO()
        export(kg.ox, buf, "jsonld", graph=SEED.stem)
        assert json.loads(buf.getvalue())
        with pytest.raises(KeyError):
            export(kg.ox, io.BytesIO(), "turtle", graph="nope")


def _expected_quads(folder: Path) -> dict[str, int]:
    return {p.stem: extraction_to_nquads(extract_file(p))[2]
            for p in sorted(folder.glob("*.txt"))}


def test_killed_ingest_leaves_whole_readouts_and_a_rerun_finishes(tmp_path):
    """kill -9 in the middle of a real `kg ingest`: no half readout, nothing lost."""
    folder = tmp_path / "many"
    folder.mkdir()
    sources = sorted(READOUTS.glob("*.txt"))
    for i in range(600):
        src = sources[i % len(sources)]
        (folder / f"r{i:04d}.txt").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        meta_src = src.with_name(src.stem + ".meta.json")
        meta = json.loads(meta_src.read_text()) if meta_src.exists() else {}
        meta["id"] = f"r{i:04d}"
        (folder / f"r{i:04d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "ingest", str(folder),
                             "--store", str(store)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    seen = 0
    while time.time() < deadline and proc.poll() is None and seen < 40:
        time.sleep(0.1)
        try:  # a read-only view of the store while the writer works
            seen = sum(1 for _ in ox.Store.read_only(str(store / "oxigraph")).named_graphs())
        except (OSError, RuntimeError):  # RuntimeError: column families not created yet
            seen = 0
    assert proc.poll() is None, "ingest finished before it could be killed; make it longer"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    expected = {p.stem: n for p, n in zip(
        sorted(folder.glob("*.txt")),
        [extraction_to_nquads(extract_file(p))[2]
         for p in sorted(folder.glob("*.txt"))], strict=True)}
    with KgStore(store) as kg:
        present = {g.value.rsplit("/", 1)[1] for g in kg.ox.named_graphs()} - {"entities"}
        assert 0 < len(present) < len(expected)
        for rid in present:  # every committed readout is whole, its entities described
            assert graph_quads(kg, rid) == expected[rid], rid
            named = {q.object for q in kg.ox.quads_for_pattern(
                None, ox.NamedNode("https://schema.org/mentions"), None,
                ox.NamedNode(f"{KGR}graph/{rid}"))}
            for node in named:
                assert any(kg.ox.quads_for_pattern(node, None, None,
                                                   ox.NamedNode(f"{KGR}graph/entities")))
        report = kg.ingest([folder])
        assert report.ok
        for rid, n in expected.items():
            assert graph_quads(kg, rid) == n, rid
