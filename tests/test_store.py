"""The persistent store: incremental, idempotent, atomic ingest; removal; export."""

import gc
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
from kg.rdf import extraction_to_nquads, graph_iri, readout_id_of_graph
from kg.readout import ReadoutError
from kg.store import KgStore, export

from .conftest import READOUTS, SEED, store_held_by_another_process

KGR = "https://w3id.org/kg-diplo/id/"
ENTITIES_GRAPH = ox.NamedNode(f"{KGR}store/entities")


def graph_quads(kg: KgStore, rid: str) -> int:
    return sum(1 for _ in kg.ox.quads_for_pattern(None, None, None,
                                                  ox.NamedNode(str(graph_iri(rid)))))


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
            f"{KGR}store/entities"} == graphs


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
        present = {readout_id_of_graph(g.value) for g in kg.ox.named_graphs()} - {None}
        assert 0 < len(present) < len(expected)
        for rid in present:  # every committed readout is whole, its entities described
            assert graph_quads(kg, rid) == expected[rid], rid
            named = {q.object for q in kg.ox.quads_for_pattern(
                None, ox.NamedNode("https://schema.org/mentions"), None,
                ox.NamedNode(f"{KGR}graph/{rid}"))}
            for node in named:
                assert any(kg.ox.quads_for_pattern(node, None, None,
                                                   ENTITIES_GRAPH))
        report = kg.ingest([folder])
        assert report.ok
        for rid, n in expected.items():
            assert graph_quads(kg, rid) == n, rid


# ------------------------------------------------------------------ ids are user data

KG_STATE = ox.NamedNode("https://w3id.org/kg-diplo/ontology#State")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _states_typed(kg: KgStore) -> int:
    return sum(1 for _ in kg.ox.quads_for_pattern(None, RDF_TYPE, KG_STATE, ENTITIES_GRAPH))


@pytest.mark.parametrize("name", ["aaa", "zzz"])  # before and after the other readouts
def test_sidecar_id_entities_gets_its_own_graph_and_keeps_the_shared_one(tmp_path, corpus, name):
    # Was: the readout's graph *was* kgr:graph/entities, so it merged into or replaced
    # the shared descriptions (all state typings gone, queries empty, SHACL failing).
    shutil.copy(corpus / SEED.name, corpus / f"{name}.txt")
    (corpus / f"{name}.meta.json").write_text(json.dumps({"id": "entities", "lang": "fr"}))
    reference = tmp_path / "reference"
    shutil.copytree(corpus, reference)
    (reference / f"{name}.txt").unlink()
    (reference / f"{name}.meta.json").unlink()
    with KgStore(tmp_path / "ref") as kg:
        kg.ingest([reference])
        states = _states_typed(kg)
    with KgStore(tmp_path / "store") as kg:
        report = kg.ingest([corpus])
        assert report.ok and report.replaced == 0
        assert report.added == len(list(corpus.glob("*.txt")))
        assert _states_typed(kg) == states > 0
        assert graph_quads(kg, "entities") == extraction_to_nquads(
            extract_file(corpus / f"{name}.txt"))[2]
        again = kg.ingest([corpus])
        assert again.unchanged == again.files and _states_typed(kg) == states
        assert kg.remove(["entities"]) == ["entities"]
        assert _states_typed(kg) == states and graph_quads(kg, "entities") == 0


ODD_IDS = ['a b', 'x/y', '../store/entities', 'q"u{o}te', 'hash#frag', 'per%20cent', 'dé.jà',
           "<tag>"]


def test_odd_ids_are_encoded_and_round_trip_through_remove_and_export(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    for i, rid in enumerate(ODD_IDS):
        shutil.copy(SEED, folder / f"r{i}.txt")
        (folder / f"r{i}.meta.json").write_text(json.dumps({"id": rid, "lang": "fr"}))
    with KgStore(tmp_path / "store") as kg:
        report = kg.ingest([folder])
        assert report.ok, report.failures
        assert report.added == len(ODD_IDS)
        assert sorted(r["id"] for r in kg.readouts()) == sorted(ODD_IDS)
        own = graph_quads(kg, ODD_IDS[0])
        for rid in ODD_IDS:
            buf = io.BytesIO()
            export(kg.ox, buf, "nquads", graph=rid)
            assert buf.getvalue().count(b"\n") == own, rid
        assert kg.remove(ODD_IDS[:4]) == ODD_IDS[:4]
        assert sorted(r["id"] for r in kg.readouts()) == sorted(ODD_IDS[4:])
        assert _states_typed(kg) > 0


@pytest.mark.parametrize("value, reason", [
    (42, "sidecar 'id' must be a string"),
    (["a"], "sidecar 'id' must be a string"),
    ({"a": 1}, "sidecar 'id' must be a string"),
    (True, "sidecar 'id' must be a string"),
    ("..", "only dots"),
    ("a\nb", "control character"),
    ("a\x7fb", "control character"),
    ("x" * 300, "longer than 255"),
    ("\ud800", "not valid Unicode"),
])
def test_unusable_sidecar_id_is_refused_with_one_line(write_readout, value, reason):
    path = write_readout("r", SEED.read_text(encoding="utf-8"), {"id": value, "lang": "fr"})
    with pytest.raises(ReadoutError) as err:  # (a blank id falls back to the file name)
        extract_file(path)
    assert reason in err.value.reason
    assert "\n" not in str(err.value)
    assert err.value.path.endswith("r.meta.json")


def test_file_named_dot_dot_txt_is_refused_not_turned_into_a_graph(tmp_path):
    (tmp_path / "..txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    with KgStore(tmp_path / "store") as kg:
        report = kg.ingest([tmp_path / "..txt"])
        assert report.added == 0 and "only dots" in report.failures[0][1]


# ------------------------------------------------------------------ the store in trouble

def test_second_writer_gets_a_one_line_in_use_error_naming_the_pid(tmp_path):
    from kg.store import StoreError

    store = tmp_path / "store"
    with store_held_by_another_process(store) as holder:
        with pytest.raises(StoreError) as err:
            KgStore(store)
        message = str(err.value)
        assert "in use by another kg process" in message and f"pid {holder.pid}" in message
        assert "\n" not in message
        with KgStore(store, read_only=True) as kg:  # readers are still welcome
            assert kg.readouts() == []
    with KgStore(store) as kg:  # and once it is gone, the store is free
        assert kg.ingest([SEED]).added == 1


def test_corrupt_manifest_is_set_aside_and_rebuilt_from_the_store(tmp_path, corpus):
    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([corpus])
        ids = sorted(r["id"] for r in kg.readouts())
        before = len(kg)
    (store / "manifest.sqlite").write_bytes(os.urandom(5000))
    with KgStore(store, read_only=True) as kg:  # a reader lists what the store holds
        assert sorted(r["id"] for r in kg.readouts()) == ids
        assert any("manifest" in n for n in kg.notes)
    with KgStore(store) as kg:
        assert any("manifest.sqlite.corrupt" in n for n in kg.notes)
        assert sorted(r["id"] for r in kg.readouts()) == ids
        report = kg.ingest([corpus])
        assert report.ok and report.added == 0 and len(kg) == before
    assert (store / "manifest.sqlite.corrupt").exists()
    with KgStore(store) as kg:
        assert not kg.notes and kg.ingest([corpus]).unchanged == len(ids)


class _DiskFull:
    """Delegates to an Oxigraph store; the n-th write fails as on a full disk."""

    def __init__(self, store, fail_at: int) -> None:
        self._store, self.fail_at, self.writes = store, fail_at, 0

    def _write(self, name, *args, **kwargs):
        self.writes += 1
        if self.writes == self.fail_at:
            import errno
            raise OSError(errno.ENOSPC, "No space left on device")
        return getattr(self._store, name)(*args, **kwargs)

    def load(self, *args, **kwargs):
        return self._write("load", *args, **kwargs)

    def update(self, *args, **kwargs):
        return self._write("update", *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_full_disk_mid_batch_keeps_whole_readouts_and_a_rerun_finishes(tmp_path, corpus,
                                                                          monkeypatch):
    from click.testing import CliRunner

    from kg.cli import main

    expected = _expected_quads(corpus)
    store = tmp_path / "store"
    original = KgStore.__init__

    def full_disk_after_four(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if not self.read_only:
            self.ox = _DiskFull(self.ox, fail_at=5)

    monkeypatch.setattr(KgStore, "__init__", full_disk_after_four)
    res = CliRunner().invoke(main, ["ingest", str(corpus), "--store", str(store)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    error = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(error) == 1 and "No space left on device" in error[0]
    assert "run the same command again" in error[0]
    monkeypatch.setattr(KgStore, "__init__", original)
    del res  # its traceback holds the stand-in, which holds the store's lock
    gc.collect()
    with KgStore(store) as kg:
        present = {r for r in expected if graph_quads(kg, r)}
        assert len(present) == 4
        for rid in present:
            assert graph_quads(kg, rid) == expected[rid], rid
        report = kg.ingest([corpus])
        assert report.ok and report.added + report.replaced == len(expected) - 4
        for rid, n in expected.items():
            assert graph_quads(kg, rid) == n, rid


def test_store_made_by_an_older_kg_is_upgraded_in_place(tmp_path, corpus):
    # Before the fix the shared descriptions lived in kgr:graph/entities, the IRI a readout
    # called "entities" now gets: an old store moves them to kgr:store/entities when it is
    # first opened for writing, and a reader is told what to do.
    from kg.store import StoreError

    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([corpus])
        states = _states_typed(kg)
        total = len(kg)
        kg.ox.update(f"MOVE <{KGR}store/entities> TO <{KGR}graph/entities>")
    with pytest.raises(StoreError, match="made by an older kg.*kg ingest"):
        KgStore(store, read_only=True)
    with KgStore(store) as kg:
        assert any("upgraded" in n for n in kg.notes)
        assert _states_typed(kg) == states and len(kg) == total
        assert not kg.ox.contains_named_graph(ox.NamedNode(f"{KGR}graph/entities"))
        assert kg.ingest([corpus]).unchanged == len(list(corpus.glob("*.txt")))
    with KgStore(store, read_only=True) as kg:
        assert not kg.notes


def test_older_store_damaged_by_an_entities_id_is_repaired(tmp_path, corpus):
    # The store the bug left: a readout with id "entities" written into the shared graph.
    shutil.copy(corpus / SEED.name, corpus / "zzz.txt")
    (corpus / "zzz.meta.json").write_text(json.dumps({"id": "entities", "lang": "fr"}))
    with KgStore(tmp_path / "reference") as kg:
        kg.ingest([corpus])
        reference = {q for q in kg.ox.quads_for_pattern(None, None, None, ENTITIES_GRAPH)}
        own = graph_quads(kg, "entities")
    store = tmp_path / "store"
    with KgStore(store) as kg:
        kg.ingest([corpus])
        kg.ox.update(f"ADD <{KGR}store/entities> TO <{KGR}graph/entities> ;"
                     f"DROP GRAPH <{KGR}store/entities>")
    with KgStore(store) as kg:
        assert any("mixed into them" in n for n in kg.notes)
        report = kg.ingest([corpus])
        assert report.ok and (report.added, report.replaced) == (1, report.files - 1)
        assert set(kg.ox.quads_for_pattern(None, None, None, ENTITIES_GRAPH)) == reference
        assert graph_quads(kg, "entities") == own
