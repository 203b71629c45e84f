"""The persistent store: Oxigraph on disk, one named graph per readout, incremental ingest.

Layout of a store folder (default `./kg-store`, or `--store`, or `$KG_STORE`):

    oxigraph/          the RDF dataset (RocksDB), the truth
    manifest.sqlite    which file each readout came from, its size, mtime and hash

Why Oxigraph and not rdflib's memory store: measured on this machine, an
aggregation over 100k triples takes ~54 s in rdflib and ~0.07 s in Oxigraph,
and Turtle export of 1M triples 342 s against 1.7 s (STACK-NOTES.md). We use
pyoxigraph directly rather than through oxrdflib, whose transactions do
nothing and whose prepared queries silently fall back to rdflib's engine.

Atomicity: each readout's graph is written in one Oxigraph transaction (a
`load` of its N-Quads, or, when it replaces an earlier version, one SPARQL
update that drops the old graph and inserts the new one). A crash leaves every
committed readout whole and no half readout visible. The manifest is only a
cache that lets unchanged files be skipped without reading them; when it lags
behind the store (a crash between the two writes) the file is hashed again and
compared with the hash stored in the readout's graph.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import multiprocessing
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from kg.readout import ReadoutError, iter_readout_paths

DEFAULT_STORE = "kg-store"
KGR = "https://w3id.org/kg-diplo/id/"


def store_location(path: str | Path | None = None) -> Path:
    """The store folder: the argument, else $KG_STORE, else ./kg-store."""
    return Path(path or os.environ.get("KG_STORE") or DEFAULT_STORE)


@dataclass
class IngestReport:
    """What an ingest read, wrote, skipped and refused."""

    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    quads: int = 0
    parse_seconds: float = 0.0
    store_seconds: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def read(self) -> int:
        return self.added + self.replaced + self.unchanged

    def summary(self) -> str:
        lines = [
            f"files             {self.files}",
            f"added             {self.added}",
            f"replaced          {self.replaced}",
            f"unchanged         {self.unchanged}",
            f"quads written     {self.quads}",
            f"failed            {len(self.failures)}",
        ]
        lines += [f"  {path}: {reason}" for path, reason in self.failures]
        lines.append(f"time              {self.seconds:.1f} s (parse {self.parse_seconds:.1f} s, "
                     f"store {self.store_seconds:.1f} s)")
        return "\n".join(lines)


@dataclass(frozen=True)
class _Parsed:
    path: str
    rid: str
    key: str  # hash of text + sidecar: what decides whether a readout changed
    size: int
    mtime_ns: int
    nquads: str
    quads: int


def _stat(path: Path) -> tuple[int, int]:
    """Size and newest mtime of a readout and its sidecar (either may change it)."""
    st = path.stat()
    size, mtime = st.st_size, st.st_mtime_ns
    meta = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
    if meta.exists():
        ms = meta.stat()
        size += ms.st_size
        mtime = max(mtime, ms.st_mtime_ns)
    return size, mtime


def _change_key(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    meta = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
    h.update(b"\0")
    if meta.exists():
        h.update(meta.read_bytes())
    return h.hexdigest()


def parse_to_nquads(path: str) -> _Parsed | tuple[str, str]:
    """Parse one readout into its N-Quads (runs in worker processes).

    Returns the parsed readout, or (path, reason) when the file is refused.
    """
    from kg.pipeline import extract_file
    from kg.rdf import extraction_to_nquads

    p = Path(path)
    try:
        size, mtime = _stat(p)
        key = _change_key(p)
        x = extract_file(p)
        _, nquads, own = extraction_to_nquads(x)
        return _Parsed(str(p), x.readout.id, key, size, mtime, nquads, own)
    except ReadoutError as exc:
        return exc.path, exc.reason
    except Exception as exc:  # a parser bug must not stop the batch: report it on its file
        return str(p), f"internal error while parsing: {type(exc).__name__}: {exc}"


ENTITIES = f"{KGR}graph/entities"
_ENTITIES_END = f"<{ENTITIES}> .\n"


def _graph_blocks(nquads: str) -> str:
    """N-Quads lines as the `GRAPH <g> { … }` blocks of a SPARQL INSERT DATA."""
    blocks: dict[str, list[str]] = {}
    for line in nquads.splitlines():
        cut = line.rfind("<")
        blocks.setdefault(line[cut:-2].strip(), []).append(line[:cut] + ".")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in blocks.items())


class KgStore:
    """A persistent graph of readouts: ingest, remove, query, export."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = store_location(path)
        self.read_only = read_only
        ox_dir = self.path / "oxigraph"
        if read_only:
            if not ox_dir.exists():
                raise FileNotFoundError(f"{self.path}: no store here (run `kg ingest` first)")
            try:
                self.ox = ox.Store.read_only(str(ox_dir))
            except RuntimeError as exc:  # e.g. opened while a first ingest creates it
                raise OSError(f"{self.path}: cannot open the store: {exc}") from exc
        else:
            ox_dir.mkdir(parents=True, exist_ok=True)
            self.ox = ox.Store(str(ox_dir))
        self._db: sqlite3.Connection | None = None
        # entity descriptions already written by this process: each readout repeats the
        # descriptions of the states it names; writing them again would be a third of
        # all writes for nothing
        self._entity_lines: set[str] = set()

    # ------------------------------------------------------------------ manifest

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            db_path = self.path / "manifest.sqlite"
            if self.read_only and db_path.exists():
                self._db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
                return self._db
            self._db = sqlite3.connect(":memory:" if self.read_only else db_path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS readouts (id TEXT PRIMARY KEY, path TEXT, "
                "size INTEGER, mtime_ns INTEGER, key TEXT, quads INTEGER, ingested TEXT)")
        return self._db

    def readouts(self) -> list[dict]:
        """Every readout in the store, with where it came from (from the manifest)."""
        try:
            rows = self.db.execute(
                "SELECT id, path, key, quads, ingested FROM readouts ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return []
        return [dict(zip(("id", "path", "key", "quads", "ingested"), r, strict=True))
                for r in rows]

    def close(self) -> None:
        if self._db is not None:
            self._db.commit()
            self._db.close()
            self._db = None
        if self.ox is not None:
            if not self.read_only:
                self.ox.flush()
            # pyoxigraph has no close(): the database lock goes with the object
            self.ox = None
            gc.collect()

    def __enter__(self) -> KgStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest

    def plan(self, paths: Iterable[Path]) -> tuple[list[Path], int]:
        """Which files need parsing; unchanged files (same size and mtime) are skipped
        without being read, and files whose bytes did not change are skipped after hashing."""
        known = {row[0]: row[1:] for row in self.db.execute(
            "SELECT path, size, mtime_ns, key FROM readouts")}
        todo: list[Path] = []
        unchanged = 0
        for p in paths:
            entry = known.get(str(p))
            if entry is not None:
                size, mtime = _stat(p)
                if (size, mtime) == (entry[0], entry[1]):
                    unchanged += 1
                    continue
                if _change_key(p) == entry[2]:
                    self.db.execute("UPDATE readouts SET size=?, mtime_ns=? WHERE path=?",
                                    (size, mtime, str(p)))
                    unchanged += 1
                    continue
            todo.append(p)
        return todo, unchanged

    def _new_lines(self, nquads: str) -> tuple[str, list[str]]:
        """The readout's quads without entity descriptions this process already wrote, and
        the entity lines it adds (remembered only once the write succeeded)."""
        out, fresh = [], []
        seen = self._entity_lines
        for line in nquads.splitlines(keepends=True):
            if line.endswith(_ENTITIES_END):
                if line in seen:
                    continue
                fresh.append(line)
            out.append(line)
        return "".join(out), fresh

    def _write(self, item: _Parsed, report: IngestReport) -> None:
        graph = f"{KGR}graph/{item.rid}"
        row = self.db.execute("SELECT path, key FROM readouts WHERE id = ?",
                              (item.rid,)).fetchone()
        in_store = self.ox.contains_named_graph(ox.NamedNode(graph))
        if row is not None and row[0] != item.path and Path(row[0]).exists():
            raise ReadoutError(item.path, f"duplicate readout id {item.rid!r}: already "
                                          f"ingested from {row[0]}")
        if row is not None and row[1] == item.key and in_store:
            report.unchanged += 1  # same content under a new path or mtime
        else:
            text, fresh = self._new_lines(item.nquads)
            if in_store:
                # replace: drop the old graph and insert the new one in one transaction
                self.ox.update(f"DROP SILENT GRAPH <{graph}> ;\n"
                               f"INSERT DATA {{ {_graph_blocks(text)} }}")
                report.replaced += 1
            else:
                self.ox.load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
                report.added += 1
            self._entity_lines.update(fresh)
            report.quads += item.quads
        self.db.execute(
            "INSERT INTO readouts (id, path, size, mtime_ns, key, quads, ingested) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET path=excluded.path, "
            "size=excluded.size, mtime_ns=excluded.mtime_ns, key=excluded.key, "
            "quads=excluded.quads, ingested=excluded.ingested",
            (item.rid, item.path, item.size, item.mtime_ns, item.key, item.quads,
             dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
        )

    def ingest(
        self,
        paths: Iterable[str | Path],
        jobs: int = 1,
        strict: bool = False,
        on_error: Callable[[ReadoutError], None] | None = None,
        progress: Callable[[int], None] | None = None,
        commit_every: int = 200,
        flush_every_quads: int = 250_000,
    ) -> IngestReport:
        """Add or replace the readouts under `paths`; skip the unchanged ones.

        `jobs` parser processes feed one writer (this process). `progress` is
        called with the number of files done. Oxigraph's write buffers are
        flushed to disk every `flush_every_quads` quads: left alone they grew by
        ~80 MB per 1,000 readouts (1.6 GB after 20,000), with a flush every
        ~1,000 readouts the writer stays near 200 MB and writes no slower.
        """
        t0 = time.perf_counter()
        report = IngestReport()
        try:
            files = list(iter_readout_paths(paths))
        except ReadoutError as exc:
            if strict:
                raise
            report.failures.append((exc.path, exc.reason))
            files = []
        report.files = len(files)
        todo, report.unchanged = self.plan(files)
        if progress and report.unchanged:
            progress(report.unchanged)
        flushed_at = 0
        for n, result in enumerate(self._parsed(todo, jobs, report), start=1):
            if isinstance(result, tuple):
                exc = ReadoutError(*result)
                if on_error:
                    on_error(exc)
                if strict:
                    self.db.commit()
                    raise exc
                report.failures.append(result)
            else:
                s0 = time.perf_counter()
                try:
                    self._write(result, report)
                except ReadoutError as exc:
                    if on_error:
                        on_error(exc)
                    if strict:
                        self.db.commit()
                        raise
                    report.failures.append((exc.path, exc.reason))
                if report.quads - flushed_at >= flush_every_quads:
                    self.ox.flush()
                    flushed_at = report.quads
                report.store_seconds += time.perf_counter() - s0
            if n % commit_every == 0:
                self.db.commit()
            if progress:
                progress(1)
        self.db.commit()
        report.seconds = time.perf_counter() - t0
        report.parse_seconds = max(0.0, report.seconds - report.store_seconds)
        return report

    @staticmethod
    def _parsed(todo: list[Path], jobs: int, report: IngestReport) -> Iterator:
        if jobs <= 1 or len(todo) < 2:
            for p in todo:
                yield parse_to_nquads(str(p))
            return
        from kg.refdata import refdata

        refdata()  # loaded before forking, shared by the workers
        ctx = multiprocessing.get_context("fork")
        # A window of parses in flight, not pool.imap: the parsers outrun the single
        # writer, and imap would queue every parsed readout in memory (gigabytes at
        # 100,000 readouts) while the store catches up.
        window = 32 * jobs
        with ctx.Pool(jobs) as pool:
            files = iter(todo)
            pending: deque = deque(pool.apply_async(parse_to_nquads, (str(p),))
                                   for p in islice(files, window))
            while pending:
                result = pending.popleft().get()
                nxt = next(files, None)
                if nxt is not None:
                    pending.append(pool.apply_async(parse_to_nquads, (str(nxt),)))
                yield result

    # ------------------------------------------------------------------ remove

    def remove(self, items: Iterable[str]) -> list[str]:
        """Drop readouts (by id or by file path) and everything only they asserted.

        The readout's graph goes, and so do the descriptions of the persons,
        organisations and projects that no other readout names (states and cities
        are reference geography and stay) — in one transaction.
        """
        removed = []
        for item in items:
            row = self.db.execute("SELECT id FROM readouts WHERE id = ? OR path = ?",
                                  (item, str(Path(item)))).fetchone()
            rid = row[0] if row else item
            graph = ox.NamedNode(f"{KGR}graph/{rid}")
            if not self.ox.contains_named_graph(graph) and row is None:
                continue
            named = {q.object for q in self.ox.quads_for_pattern(
                None, ox.NamedNode("https://schema.org/mentions"), None, graph)}
            kinds = {f"{KGR}person/", f"{KGR}org/", f"{KGR}project/"}
            candidates = " ".join(str(n) for n in named if isinstance(n, ox.NamedNode)
                                  and any(n.value.startswith(k) for k in kinds))
            update = f"DROP SILENT GRAPH <{graph.value}> ;"
            if candidates:
                update += (
                    f"\nDELETE {{ GRAPH <{ENTITIES}> {{ ?e ?p ?o }} }} WHERE {{ "
                    f"VALUES ?e {{ {candidates} }} GRAPH <{ENTITIES}> {{ ?e ?p ?o }} "
                    f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?q ?e }} "
                    f"FILTER(?g != <{ENTITIES}>) }} }}")
            self.ox.update(update)
            self.db.execute("DELETE FROM readouts WHERE id = ?", (rid,))
            removed.append(rid)
        self.db.commit()
        return removed

    # ------------------------------------------------------------------ counts

    def count(self, cls: str) -> int:
        q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}"
        sol = next(iter(self.ox.query(q, use_default_graph_as_union=True)))
        return int(sol["n"].value)

    def __len__(self) -> int:
        return len(self.ox)


EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def graph_iri_for(value: str) -> str:
    """A readout id or a graph IRI, as the graph IRI."""
    return value if value.startswith(("http://", "https://")) else f"{KGR}graph/{value}"


def export(store: ox.Store, output, fmt: str, graph: str | None = None) -> None:
    """Write the store (or one readout's graph) with Oxigraph's own serialisers, streaming.

    Turtle and N-Triples cannot hold named graphs: without `graph` they get the
    union of all graphs (one triple may be asserted by several readouts).
    """
    from kg.namespaces import PREFIXES

    rdf_format = EXPORT_FORMATS[fmt]
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if graph is not None:
        g = ox.NamedNode(graph_iri_for(graph))
        if not store.contains_named_graph(g):
            raise KeyError(f"no graph {g.value} in the store")
        if rdf_format.supports_datasets:
            ox.serialize(store.quads_for_pattern(None, None, None, g), output, rdf_format,
                         prefixes=prefixes)
        else:
            store.dump(output, rdf_format, from_graph=g, prefixes=prefixes)
        return
    if rdf_format.supports_datasets:
        store.dump(output, rdf_format, prefixes=prefixes)
        return
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                          use_default_graph_as_union=True)
    ox.serialize(triples, output, rdf_format, prefixes=prefixes)


@dataclass
class PushReport:
    pushed: int = 0
    skipped: int = 0
    pruned: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"pushed            {self.pushed}", f"unchanged         {self.skipped}",
                 f"pruned            {self.pruned}", f"failed            {len(self.failures)}"]
        return "\n".join(lines + [f"  {g}: {why}" for g, why in self.failures])


def endpoint_auth(endpoint: str, auth: tuple[str, str] | None = None
                  ) -> tuple[str, tuple[str, str] | None]:
    """The endpoint URL without any `user:password@`, and the credentials to send.

    Why: urllib takes `user:password@host` for a host name ("nonnumeric port"), and the
    URL is remembered in the manifest and shown in messages, where a password must not
    appear. Credentials in the URL are percent-decoded, as URLs encode them. Raises
    ValueError (with a message that never shows the password) for a URL that is not
    http(s), or credentials given both in the URL and apart that disagree.
    """
    import urllib.parse

    parts = urllib.parse.urlsplit(endpoint.strip())
    host = parts.netloc.rpartition("@")[2]
    shown = urllib.parse.urlunsplit(parts._replace(netloc=host))
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise ValueError(f"{shown}: the port is not a number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{shown}: not an http:// or https:// URL")
    if "@" not in parts.netloc:
        return shown, auth
    userinfo = parts.netloc.rpartition("@")[0]
    user, _, password = userinfo.partition(":")
    creds = (urllib.parse.unquote(user), urllib.parse.unquote(password))
    if auth is not None and auth != creds:
        raise ValueError(f"{shown}: credentials both in the URL and in --user/--password "
                         "disagree: give them once")
    return shown, creds


def http_opener(url: str, auth: tuple[str, str] | None = None):
    """A urllib opener, with Basic and Digest authentication when credentials are given
    (Virtuoso's /sparql-graph-crud-auth wants Digest; Fuseki and GraphDB, Basic). The
    credentials hold for the whole server (scheme and host), so that every request to it,
    whatever its path and query string, may answer the server's challenge."""
    import urllib.parse
    import urllib.request

    if not auth:
        return urllib.request.build_opener()
    parts = urllib.parse.urlsplit(url)
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", auth[0], auth[1])
    return urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(manager),
                                       urllib.request.HTTPDigestAuthHandler(manager))


def _http(method: str, url: str, data: bytes | None = None, content_type: str | None = None,
          timeout: float = 60, auth: tuple[str, str] | None = None) -> int:
    """One Graph Store Protocol request; the HTTP status, or OSError with a one-line reason.

    PermissionError (refused credentials) and ConnectionError (server unreachable) say
    that no other request to this endpoint can succeed either, so `push` stops there.
    """
    import urllib.error
    import urllib.request

    headers = {"Content-Type": content_type} if content_type else {}
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with http_opener(url, auth).open(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        if method == "DELETE" and exc.code == 404:
            return 404
        if exc.code in (401, 403):
            who = f"user {auth[0]!r}" if auth else "anonymous requests"
            raise PermissionError(
                f"HTTP {exc.code}: the endpoint refuses {who} (give --user and --password, "
                "or user:password@ in the URL, of a user allowed to write: for Virtuoso's "
                "/sparql-graph-crud-auth, one with the SPARQL_UPDATE role)") from exc
        body = " ".join(exc.read().decode("utf-8", "replace").split())
        raise OSError(f"HTTP {exc.code}: {body[:200]}") from exc
    except urllib.error.URLError as exc:
        raise ConnectionError(f"cannot reach the endpoint: {exc.reason}") from exc


def push(kg: KgStore, endpoint: str, force: bool = False, prune: bool = False,
         progress: Callable[[int], None] | None = None,
         auth: tuple[str, str] | None = None) -> PushReport:
    """Send each readout's named graph to a SPARQL 1.1 Graph Store Protocol endpoint.

    One `PUT ?graph=<iri>` per readout replaces that graph on the server, so
    pushing again never duplicates anything; graphs already pushed with the same
    content are skipped (remembered in the manifest per endpoint), and with
    `prune` the graphs of readouts removed locally are deleted remotely.

    Credentials come from `auth` or from `user:password@` in the endpoint URL (see
    `endpoint_auth`: the manifest remembers the URL without them). When the server
    refuses the credentials or cannot be reached, the push stops at the first graph with
    that one reason instead of failing every graph alike. ValueError for an endpoint that
    is not an http(s) URL.
    """
    import urllib.parse

    endpoint, auth = endpoint_auth(endpoint, auth)
    db = kg.db
    db.execute("CREATE TABLE IF NOT EXISTS pushed (endpoint TEXT, id TEXT, key TEXT, "
               "PRIMARY KEY (endpoint, id))")
    done = {rid: key for rid, key in db.execute(
        "SELECT id, key FROM pushed WHERE endpoint = ?", (endpoint,))}
    report = PushReport()
    sep = "&" if "?" in endpoint else "?"
    rows = kg.readouts()
    entities = ox.serialize(
        (q.triple for q in kg.ox.quads_for_pattern(None, None, None, ox.NamedNode(ENTITIES))),
        None, ox.RdfFormat.N_TRIPLES)
    rows.append({"id": "entities", "key": hashlib.sha256(entities).hexdigest()})
    for row in rows:
        rid, key = row["id"], row["key"]
        if not force and done.get(rid) == key:
            report.skipped += 1
        else:
            graph = graph_iri_for(rid)
            body = entities if rid == "entities" else ox.serialize(
                (q.triple for q in kg.ox.quads_for_pattern(None, None, None,
                                                           ox.NamedNode(graph))),
                None, ox.RdfFormat.N_TRIPLES)
            url = f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"
            try:
                _http("PUT", url, body, "application/n-triples", auth=auth)
                db.execute("INSERT OR REPLACE INTO pushed VALUES (?, ?, ?)",
                           (endpoint, rid, key))
                report.pushed += 1
            except (PermissionError, ConnectionError) as exc:
                report.failures.append((endpoint, str(exc)))
                db.commit()
                return report
            except OSError as exc:
                report.failures.append((graph, str(exc)))
        if progress:
            progress(1)
    if prune:
        present = {row["id"] for row in rows}
        for rid in sorted(set(done) - present):
            graph = graph_iri_for(rid)
            try:
                _http("DELETE", f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}",
                      auth=auth)
                db.execute("DELETE FROM pushed WHERE endpoint = ? AND id = ?", (endpoint, rid))
                report.pruned += 1
            except (PermissionError, ConnectionError) as exc:
                report.failures.append((endpoint, str(exc)))
                break
            except OSError as exc:
                report.failures.append((graph, str(exc)))
    db.commit()
    return report
