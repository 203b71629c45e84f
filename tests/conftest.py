"""Shared fixtures: the bundled readouts, a helper to write throwaway readouts, and SPARQL
servers (Oxigraph, Virtuoso) started on loopback for the interop tests."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READOUTS = ROOT / "data" / "readouts"
GOLD = ROOT / "data" / "gold"
SEED = READOUTS / "fr-seed-2025-04-25-chn-kgz.txt"


@pytest.fixture
def write_readout(tmp_path):
    """Write `text` (str or bytes) as a readout, with an optional sidecar."""

    def _write(name: str, text, meta: dict | None = None) -> Path:
        path = tmp_path / f"{name}.txt"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        if meta is not None:
            (tmp_path / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        return path

    return _write


# ---------------------------------------------------------------- SPARQL servers on loopback
#
# Both servers are started by the tests themselves, on 127.0.0.1, in a temporary folder,
# once per test module, and stopped after it: CI only needs the programs installed
# (`oxigraph` from the test extras; `virtuoso-t` from Debian's virtuoso-opensource).


@contextmanager
def store_held_by_another_process(store: Path) -> Iterator[subprocess.Popen]:
    """A second process that holds `store` open for writing until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom kg.store import KgStore\n"
         f"kg = KgStore({str(store)!r})\nprint('ready', flush=True)\nsys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, name: str, log: Path | None,
                   timeout: float = 90) -> None:
    """Poll `url` until it answers 200; fail with the end of the server's log when the
    server exits or does not answer in time (a shared machine: generous timeout)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    _stop(proc)
    tail = log.read_text(encoding="utf-8", errors="replace")[-1500:] if log and log.exists() \
        else ""
    pytest.fail(f"{name} did not start (exit code {proc.returncode}){': ' + tail if tail else ''}")


def _stop(proc: subprocess.Popen) -> None:
    """Stop a server we started: SIGTERM (Virtuoso checkpoints and exits), then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    """An Oxigraph server (the `oxigraph` command of the test extras); its base URL.
    Endpoints: /query (SPARQL), /store (Graph Store Protocol)."""
    exe = shutil.which("oxigraph")
    assert exe, "the `oxigraph` server command is missing: pip install -e '.[test]'"
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    log = location.parent / f"{location.name}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind",
                                 f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait_until_up(f"{base}/query?query=ASK%7B%7D", proc, "oxigraph server", log)
    yield base
    _stop(proc)


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")  # Debian's
VIRTUOSO_USER = ("dba", "dba")  # a fresh database's administrator


def virtuoso_ini(template: str, folder: Path, sql_port: int, http_port: int) -> str:
    """Debian's virtuoso.ini with its database files in `folder` and both of its ports
    (SQL and HTTP) bound to 127.0.0.1, everything else as packaged."""
    out, section = [], ""
    for line in template.splitlines():
        head = re.match(r"\s*\[([^\]]+)\]", line)
        if head:
            section = head.group(1)
        key = re.match(r"\s*(\w+)\s*=", line)
        if key:
            name = key.group(1)
            if section in ("Database", "TempDatabase") and name in (
                    "DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile",
                    "xa_persistent_file"):
                file = Path(line.split("=", 1)[1].split(";")[0].strip()).name
                line = f"{name} = {folder / file}"
            elif name == "ServerPort" and section == "Parameters":
                line = f"ServerPort = 127.0.0.1:{sql_port}"
            elif name == "ServerPort" and section == "HTTPServer":
                line = f"ServerPort = 127.0.0.1:{http_port}"
            elif name == "DefaultHost" and section == "URIQA":
                line = f"DefaultHost = 127.0.0.1:{http_port}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory) -> Iterator[str]:
    """A Virtuoso 7 server (Debian's `virtuoso-t`) on a fresh database; its base URL.
    Endpoints: /sparql (SPARQL, the union of graphs by default), /sparql-auth (the same
    with Digest authentication), /sparql-graph-crud-auth (Graph Store Protocol, Digest,
    user dba/dba). `$KG_VIRTUOSO` may name another `virtuoso-t`. Skipped when Virtuoso is
    not installed, unless KG_REQUIRE_VIRTUOSO=1 (as in .ci/run), where that is a failure."""
    exe = shutil.which(os.environ.get("KG_VIRTUOSO") or "virtuoso-t")
    if not exe or not VIRTUOSO_INI.exists():
        why = "Virtuoso is not installed (apt-get install virtuoso-opensource)"
        if os.environ.get("KG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail(f"{why}, and KG_REQUIRE_VIRTUOSO=1")
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(encoding="utf-8"), folder, sql_port,
                                http_port), encoding="utf-8")
    log = folder / "virtuoso.log"
    with (folder / "stdout.log").open("wb") as out:
        proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=folder,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    _wait_until_up(f"{base}/sparql?query=ASK%7B%7D", proc, "virtuoso", log)
    yield base
    _stop(proc)
