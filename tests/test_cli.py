"""The CLI, driven through click's CliRunner."""

import json
import shutil

from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main

from .conftest import GOLD, READOUTS, SEED


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_build_writes_turtle_trig_and_a_summary(tmp_path):
    res = run("build", READOUTS, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    for line in ("readouts read", "events", "persons", "states", "organisations", "projects",
                 "triples", "failed            0"):
        assert line in res.output
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    ds = Dataset()
    ds.parse(tmp_path / "out" / "graph.trig", format="trig")
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    readout_graphs = [gi for gi in graphs if "/id/graph/" in gi]
    assert len(readout_graphs) == len(list(READOUTS.glob("*.txt")))
    assert "https://w3id.org/kg-diplo/id/store/entities" in graphs
    assert len(g) > 1000


def test_build_goes_on_after_bad_files_and_says_why(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG")
    (folder / "latin1.txt").write_bytes("Le ministre a rencontré".encode("latin-1"))
    (folder / "nothing.txt").write_text("Bla bla bla, nothing to see in this short text here.")
    (folder / "german.txt").write_text("Der Minister traf sich mit seinem Amtskollegen und die "
                                       "beiden Seiten sprachen über die Beziehungen.")
    res = CliRunner().invoke(main, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert "readouts read     1" in res.output and "failed            5" in res.output
    for name, reason in [("empty.txt", "empty file"), ("binary.txt", "binary file"),
                         ("latin1.txt", "not valid UTF-8"), ("nothing.txt", "nothing recognised"),
                         ("german.txt", "German")]:
        assert any(name in ln and reason in ln for ln in res.output.splitlines()), name
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_strict_stops_at_the_first_failure_and_keeps_previous_output(tmp_path):
    out = tmp_path / "out"
    assert run("build", SEED, "--out", out).exit_code == 0
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    res = CliRunner().invoke(main, ["build", str(bad), str(SEED), "--out", str(out), "--strict"])
    assert res.exit_code == 1
    assert (out / "graph.ttl").read_bytes() == before


def test_extract_prints_gold_shape_json():
    res = run("extract", SEED)
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert data["id"] == "fr-seed-2025-04-25-chn-kgz"
    assert data["events"][0]["participants"][0]["name"] == "Wang Yi"


def test_extract_writes_one_json_per_readout(tmp_path):
    res = run("extract", READOUTS, "--out", tmp_path)
    assert res.exit_code == 0
    assert len(list(tmp_path.glob("*.json"))) == len(list(READOUTS.glob("*.txt")))


def test_extract_turtle_format():
    res = run("extract", SEED, "--format", "turtle")
    assert res.exit_code == 0
    g = Graph().parse(data=res.output, format="turtle")
    assert len(g) > 100


def test_extract_goes_on_after_a_failing_file_and_names_it(tmp_path, monkeypatch):
    import kg.pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(SEED, folder / f"{name}.txt")
    (folder / "orphan.meta.json").write_text("{}")
    real = kg.pipeline.parse

    def parse_failing_on_b(readout):
        if readout.path.endswith("b.txt"):
            raise IndexError("list index out of range")  # a parser bug, as once on one file
        return real(readout)

    monkeypatch.setattr(kg.pipeline, "parse", parse_failing_on_b)
    res = CliRunner().invoke(main, ["extract", str(folder), str(tmp_path / "missing.txt"),
                                    "--out", str(tmp_path / "out")])
    assert res.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "c.json"]
    for name, reason in [("b.txt", "internal error while parsing: IndexError"),
                         ("orphan.meta.json", "sidecar without its readout"),
                         ("missing.txt", "no such file or folder")]:
        assert any(name in ln and reason in ln for ln in res.output.splitlines()), name
    assert "wrote 2 file(s)" in res.output


def test_eval_reports_fields_per_language_and_json(tmp_path):
    res = run("eval", GOLD, READOUTS)
    assert res.exit_code == 0
    for field in ("event", "participant", "role", "place", "person", "state", "organisation",
                  "project", "referenced_event", "core F1", "F1 en", "F1 fr"):
        assert field in res.output
    res = run("eval", GOLD, READOUTS, "--json")
    data = json.loads(res.output)
    assert set(data["by_language"]) == {"en", "fr"} and data["all"]["core_f1"] > 0.5
    res = run("eval", GOLD, READOUTS, "--errors")
    assert "kg-" in res.output


def test_eval_floor_sets_the_exit_code():
    assert run("eval", GOLD, READOUTS, "--min-core-f1", "en=0.1").exit_code == 0
    assert CliRunner().invoke(main, ["eval", str(GOLD), str(READOUTS), "--min-core-f1",
                                     "en=1.01"]).exit_code == 1


def test_validate_accepts_built_graphs_and_rejects_broken_ones(tmp_path):
    out = tmp_path / "out"
    run("build", SEED, "--out", out)
    res = run("validate", out / "graph.trig")
    assert res.exit_code == 0 and "conforms" in res.output
    broken = tmp_path / "broken.ttl"
    text = (out / "graph.ttl").read_text()
    broken.write_text(text.replace('"KGZ"', '"kgz"'))
    res = CliRunner().invoke(main, ["validate", str(broken)])
    assert res.exit_code == 1 and "iso3166Alpha3" in res.output


def test_store_commands_from_ingest_to_export(tmp_path):
    store = tmp_path / "store"
    res = run("ingest", READOUTS, "--store", store)
    assert res.exit_code == 0 and "added" in res.output
    res = run("ingest", READOUTS, "--store", store, "--jobs", "2")
    assert f"unchanged         {len(list(READOUTS.glob('*.txt')))}" in res.output
    res = run("status", "--store", store)
    assert "readouts          15" in res.output.replace(str(len(list(READOUTS.glob("*.txt")))),
                                                        "15")
    out = tmp_path / "all.nq"
    assert run("export", "--store", store, "--format", "nquads", "-o", out).exit_code == 0
    assert out.read_text().count("\n") > 1000
    res = run("export", "--store", store, "--format", "turtle", "--graph", SEED.stem)
    assert "Wang Yi" in res.output
    res = run("remove", SEED.stem, "--store", store)
    assert res.exit_code == 0 and f"removed {SEED.stem}" in res.output
    res = CliRunner().invoke(main, ["remove", SEED.stem, "--store", str(store)])
    assert res.exit_code == 1


def test_store_location_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "envstore"))
    assert run("ingest", SEED).exit_code == 0
    assert (tmp_path / "envstore" / "oxigraph").is_dir()


# ------------------------------------------------------------------ nothing lost, ever

def _built(tmp_path):
    out = tmp_path / "good"
    assert run("build", SEED, "--out", out).exit_code == 0
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def test_failed_build_leaves_previous_output_untouched_and_says_why(tmp_path):
    # Was: `kg build /nonexistent --out good` turned both files into 0 bytes.
    out, before = _built(tmp_path)
    res = CliRunner().invoke(main, ["build", str(tmp_path / "nonexistent"), "--out", str(out)])
    assert res.exit_code == 1
    assert "nonexistent: no such file or folder" in res.output
    assert "nothing written" in res.output and "wrote" not in res.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_of_a_folder_without_readouts_writes_nothing_and_says_why(tmp_path):
    out, before = _built(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a readout")
    res = CliRunner().invoke(main, ["build", str(empty), "--out", str(out)])
    assert res.exit_code == 1
    assert "nothing written: no readout (.txt file) under" in res.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    fresh = tmp_path / "fresh"
    res = CliRunner().invoke(main, ["build", str(empty), "--out", str(fresh)])
    assert res.exit_code == 1 and not fresh.exists()


def test_build_where_every_readout_fails_keeps_previous_output(tmp_path):
    out, before = _built(tmp_path)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    res = CliRunner().invoke(main, ["build", str(bad), "--out", str(out)])
    assert res.exit_code == 1 and "nothing written: every readout failed" in res.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_missing_path_does_not_stop_the_other_paths(tmp_path):
    res = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), str(SEED),
                                    "--out", str(tmp_path / "out")])
    assert res.exit_code == 1 and "readouts read     1" in res.output
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_build_output_files_follow_the_umask(tmp_path):
    import os

    old = os.umask(0o022)
    try:
        out, _ = _built(tmp_path)
        assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {oct(0o644)}
        os.umask(0o027)
        assert run("build", SEED, "--out", out).exit_code == 0
        assert {oct(p.stat().st_mode & 0o777) for p in out.iterdir()} == {oct(0o640)}
    finally:
        os.umask(old)


def test_extract_keeps_sub_folders_of_same_named_files(tmp_path):
    # Was: "wrote 2 file(s)" and one file, the second overwriting the first.
    src = tmp_path / "src"
    for sub in ("a", "b"):
        (src / sub).mkdir(parents=True)
        shutil.copy(SEED, src / sub / "same.txt")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["extract", str(src), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.json")) == [
        "a/same.json", "b/same.json"]
    assert "wrote 2 file(s)" in res.output


def test_extract_refuses_two_inputs_that_would_write_the_same_file(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(SEED, tmp_path / sub / "same.txt")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "a" / "same.txt"),
                                    str(tmp_path / "b" / "same.txt"), "--out", str(out)])
    assert res.exit_code == 1
    assert [p.name for p in out.rglob("*.json")] == ["same.json"]
    assert "wrote 1 file(s)" in res.output
    line = next(ln for ln in res.output.splitlines() if "b/same.txt" in ln)
    assert "a/same.txt" in line and "same.json" in line


def test_ingest_on_a_store_in_use_is_one_line_not_a_traceback(tmp_path):
    from .conftest import store_held_by_another_process

    store = tmp_path / "store"
    with store_held_by_another_process(store) as holder:
        for args in (["ingest", str(SEED)], ["remove", "x"]):
            res = CliRunner().invoke(main, [*args, "--store", str(store)])
            assert res.exit_code == 2, res.output
            assert res.output.strip().splitlines() == [
                f"error: {store}: in use by another kg process (pid {holder.pid}); wait for it "
                "to finish or use another --store"]


def test_corrupt_manifest_is_a_note_not_a_traceback(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", SEED, "--store", store).exit_code == 0
    (store / "manifest.sqlite").write_bytes(b"garbage" * 100)
    res = CliRunner().invoke(main, ["status", "--store", str(store)])
    assert res.exit_code == 0 and "readouts          1" in res.output
    res = CliRunner().invoke(main, ["ingest", str(SEED), "--store", str(store)])
    assert res.exit_code == 0, res.output
    notes = [ln for ln in res.output.splitlines() if ln.startswith("note:")]
    assert len(notes) == 1 and "manifest.sqlite.corrupt" in notes[0]


def test_export_rdfxml_and_compact_jsonld(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", SEED, "--store", store).exit_code == 0
    union = Graph().parse(data=run("export", "--store", store, "--format", "turtle").output,
                          format="turtle")
    res = run("export", "--store", store, "--format", "rdfxml")
    assert res.exit_code == 0 and res.output.startswith("<?xml")
    assert len(Graph().parse(data=res.output, format="xml")) == len(union)
    expanded = run("export", "--store", store, "--format", "jsonld").output
    assert "@context" not in expanded
    res = run("export", "--store", store, "--format", "jsonld", "--compact")
    data = json.loads(res.output)
    assert data["@context"]["kgr"] == "https://w3id.org/kg-diplo/id/"
    assert '"kgr:state/KGZ"' in res.output
    ds, ref = Dataset(), Dataset()
    ds.parse(data=res.output, format="json-ld")
    ref.parse(data=expanded, format="json-ld")
    assert set(ds.quads()) == set(ref.quads())
    res = run("export", "--store", store, "--format", "jsonld", "--compact", "--graph", SEED.stem)
    data = json.loads(res.output)
    assert data["@id"] == f"kgr:graph/{SEED.stem}" and data["@graph"]


def test_build_that_cannot_write_its_output_keeps_the_previous_one(tmp_path, monkeypatch):
    import errno

    import kg.store

    out, before = _built(tmp_path)
    real = kg.store.export

    def full_disk_on_turtle(store, output, fmt, *args, **kwargs):
        real(store, output, fmt, *args, **kwargs)
        if fmt == "turtle":  # the second file: the first is written already
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.store, "export", full_disk_on_turtle)
    res = CliRunner().invoke(main, ["build", str(READOUTS), "--out", str(out)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines()[-1] == (
        f"error: {out}: cannot write the output: No space left on device; the previous "
        "output is left as it was")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
