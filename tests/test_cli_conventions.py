"""What every command shares: exit codes, one line per failure, examples in --help, `-o -`,
the reference data checked once, the size limit per readout."""

from __future__ import annotations

import shutil

import click
import pytest
from click.testing import CliRunner

from kg.cli import main

from .conftest import READOUTS, SEED


def run(*args, **env):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(main)], ids=" ".join)
def test_every_command_help_ends_with_real_examples(path):
    res = run(*path, "--help")
    assert res.exit_code == 0
    tail = res.output.rsplit("Examples:", 1)
    assert len(tail) == 2, f"kg {' '.join(path)} --help has no examples"
    lines = [ln.strip() for ln in tail[1].strip().splitlines()]
    assert 2 <= len(lines) <= 3  # two or three real examples
    assert all(ln.startswith(("kg ", "KG_", "echo ")) for ln in lines), lines


def test_no_command_calls_sys_exit_directly():
    # errors go through click's exceptions, so each is printed once with the right code
    import inspect

    import kg.cli

    assert "sys.exit(" not in inspect.getsource(kg.cli)


def test_a_missing_store_is_an_environment_error_for_every_reader(tmp_path):
    nothing = tmp_path / "nothing"
    for args in (("status",), ("export",), ("analyse", "edges"), ("analyse", "timeline"),
                 ("view", "-o", tmp_path / "v.html"), ("query", "ASK { ?s ?p ?o }")):
        res = run(*args, "--store", nothing)
        assert res.exit_code == 2, (args, res.output)
        errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
        assert len(errors) == 1, (args, res.output)
        assert "Traceback" not in res.output


def test_each_failed_readout_is_printed_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "empty.txt").write_bytes(b"")
    res = run("build", folder, "--out", tmp_path / "out")
    assert res.exit_code == 1
    assert res.output.count("empty.txt") == 1, res.output
    res = run("ingest", folder, "--store", tmp_path / "store")
    assert res.exit_code == 1
    assert res.output.count("empty.txt") == 1, res.output


def test_usage_errors_exit_2_and_some_failed_input_exits_1(tmp_path):
    assert run("build", READOUTS, "--jobs", "many").exit_code == 2
    assert run("eval", READOUTS, READOUTS, "--min-core-f1", "en=high").exit_code == 2
    store = tmp_path / "store"
    assert run("ingest", SEED, "--store", store).exit_code == 0
    res = run("remove", "no-such-readout", "--store", store)
    assert res.exit_code == 1 and "not in the store" in res.output


def test_dash_output_is_standard_output_everywhere(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", READOUTS, "--store", store).exit_code == 0
    res = run("export", "--store", store, "--format", "ntriples", "-o", "-")
    assert res.exit_code == 0 and res.output.count(" .\n") > 100
    assert not (tmp_path / "-").exists()
    res = run("analyse", "edges", "--store", store, "--format", "csv", "-o", "-")
    assert res.exit_code == 0 and res.output.startswith("a,b,weight")
    res = run("query", "ASK { ?s ?p ?o }", "--store", store, "--format", "json", "-o", "-")
    assert res.exit_code == 0 and '"boolean"' in res.output
    res = run("view", "--store", store, "-o", "-")
    assert res.exit_code == 0 and "<!DOCTYPE html>" in res.output


@pytest.fixture
def fresh_refdata():
    """The reference data is cached per process: load it anew, and again after the test."""
    from kg.refdata import refdata

    refdata.cache_clear()
    yield
    refdata.cache_clear()


def test_a_wrong_reference_data_folder_is_one_error_not_one_per_readout(tmp_path,
                                                                        fresh_refdata):
    (tmp_path / "data").mkdir()
    res = run("build", READOUTS, "--out", tmp_path / "out", KG_DATA=str(tmp_path / "data"))
    assert res.exit_code == 2
    assert res.output.count("error:") == 1 and "KG_DATA" in res.output


def test_max_readout_size_option_refuses_larger_readouts(monkeypatch):
    # the option sets $KG_MAX_READOUT_BYTES for the parser processes: restore it afterwards
    monkeypatch.setenv("KG_MAX_READOUT_BYTES", "1MB")
    res = run("--max-readout-size", "100", "extract", SEED)
    assert res.exit_code == 1 and "limit" in res.output
    res = run("--max-readout-size", "lots", "extract", SEED)
    assert res.exit_code == 2 and "KG_MAX_READOUT_BYTES" in res.output


def test_eval_by_publisher_adds_a_row_per_publisher():
    from .conftest import GOLD

    res = run("eval", GOLD, READOUTS, "--by", "publisher")
    assert res.exit_code == 0, res.output
    table = res.output.split("\n\n", 1)[1]
    assert table.startswith("publisher") and "core F1" in table.splitlines()[0]
    assert "Xinhua News Agency" in table
    res = run("eval", GOLD, READOUTS, "--by", "publisher", "--json")
    import json

    groups = json.loads(res.output)["by_group"]
    assert sum(g["n_readouts"] for g in groups.values()) == len(list(GOLD.glob("*.json")))


def test_a_query_of_ones_own_may_use_kgs_prefixes(tmp_path):
    store = tmp_path / "store"
    assert run("ingest", SEED, "--store", store).exit_code == 0
    res = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:Event }", "--store", store,
              "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "n" and int(res.output.splitlines()[1]) > 0
    # a prefix the query declares itself is its own
    res = run("query", "PREFIX kg: <urn:other#> ASK { ?e a kg:Event }", "--store", store,
              "--format", "json")
    assert res.exit_code == 0 and '"boolean":false' in res.output.replace(" ", "")


def test_a_reader_that_stops_early_gets_no_error_line(tmp_path):
    import subprocess
    import sys

    store = tmp_path / "store"
    assert run("ingest", READOUTS, "--store", store).exit_code == 0
    proc = subprocess.Popen([sys.executable, "-m", "kg", "export", "--store", str(store),
                             "--format", "ntriples", "-o", "-"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "error" not in err and "Traceback" not in err
