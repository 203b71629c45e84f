"""Beyond one machine: push to a real Oxigraph SPARQL server and query it like the store.

The server is the `oxigraph` command from the Python package index (installed by
the test extras), started on 127.0.0.1 with a temporary location.
"""

import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from kg.query import bindings, resolve_query, run_local, run_remote
from kg.store import KgStore, push

from .conftest import READOUTS, SEED


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    exe = shutil.which("oxigraph")
    assert exe, "the `oxigraph` server command is missing: pip install -e '.[test]'"
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind",
                             f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("oxigraph server did not start")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("push") / "store"
    with KgStore(path) as kg:
        kg.ingest([READOUTS])
    return path


CASES = [
    ("meetings-between-states", {"state1": "CHN", "state2": "KGZ"}),
    ("official-engagements", {"person": "Wang Yi"}),
    ("states-on-topic", {"topic": "SCO"}),
    ("active-pairs", {}),
    ("co-participants", {"person": "Xi Jinping"}),
    ("event-sources", {"person1": "Xi Jinping", "person2": "Sadyr Japarov"}),
]


def _cell(term):
    """A comparable cell: GROUP_CONCAT has no defined order, so its parts are sorted."""
    if term is None:
        return None
    return ", ".join(sorted(term.value.split(", ")))


def _rows(result):
    return sorted(tuple(_cell(t) for t in row) for row in result.rows)


def test_push_then_named_queries_agree_with_the_embedded_store(server, store):
    with KgStore(store) as kg:
        first = push(kg, f"{server}/store")
        assert first.pushed == len(kg.readouts()) + 1 and not first.failures  # + entities
        again = push(kg, f"{server}/store")
        assert again.pushed == 0 and again.skipped == first.pushed
    for name, params in CASES:
        text, nq = resolve_query(name)
        binds = bindings(nq, params)
        local = run_local(store, text, binds)
        remote = run_remote(f"{server}/query", text, binds)
        assert local.variables == remote.variables, name
        assert _rows(local) == _rows(remote), name


def test_push_is_idempotent_and_prunes_removed_readouts(server, store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with KgStore(store) as kg:
        push(kg, f"{server}/store")
        before = int(run_remote(f"{server}/query", count, {}).rows[0][0].value)
        push(kg, f"{server}/store", force=True)
        assert int(run_remote(f"{server}/query", count, {}).rows[0][0].value) == before
        kg.remove([SEED.stem])
        report = push(kg, f"{server}/store", prune=True)
        assert report.pruned == 1
    after = int(run_remote(f"{server}/query", count, {}).rows[0][0].value)
    assert after < before


def test_remote_parameters_are_literals_too(server, store):
    text = "SELECT ?v ?x WHERE { BIND(CONCAT(?v, \"!\") AS ?x) }"
    res = run_remote(f"{server}/query", text, bindings(None, {"v": '"} ; DROP ALL ; {'}))
    assert res.variables == ["x"] and [r[0].value for r in res.rows] == ['"} ; DROP ALL ; {!']
