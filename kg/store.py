"""The persistent store: Oxigraph on disk, one named graph per readout, incremental ingest.

Layout of a store folder (default `./kg-store`, or `--store`, or `$KG_STORE`):

    oxigraph/          the RDF dataset (RocksDB), the truth: kgr:graph/<id> per readout,
                       kgr:store/entities for the shared entity descriptions
    manifest.sqlite    which file each readout came from, its size, mtime and hash
    writer.pid         the process writing, while one does (for the "in use" message)

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
behind the store (a crash between the two writes) the readout is parsed again and
its graph replaced, never duplicated; when it is lost or corrupt it is rebuilt
from the store. A write the system refuses (disk full) stops the ingest with a
StoreError after the last whole readout.
"""

from __future__ import annotations

import contextlib
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

from kg.namespaces import DCTERMS, FOAF, KG, KGR, PROV, RDF, RDFS, SCHEMA
from kg.rdf import ENTITIES_GRAPH, LEGACY_ENTITIES_GRAPH, graph_iri
from kg.readout import ReadoutError, internal_error, iter_readout_paths, sidecar_path

DEFAULT_STORE = "kg-store"


class StoreError(OSError):
    """The store cannot do what was asked (in use, unreadable, disk full); the message is
    one line that says what happened and what to do, and nothing committed was lost."""


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

    def summary(self, details: bool = True) -> str:
        """The counts; with `details`, each failure too (the CLI has printed them as they
        happened, and prints each failure once)."""
        lines = [
            f"files             {self.files}",
            f"added             {self.added}",
            f"replaced          {self.replaced}",
            f"unchanged         {self.unchanged}",
            f"quads written     {self.quads}",
            f"failed            {len(self.failures)}",
        ]
        if details:
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
    meta = sidecar_path(path)
    if meta.exists():
        ms = meta.stat()
        size += ms.st_size
        mtime = max(mtime, ms.st_mtime_ns)
    return size, mtime


def _change_key(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    meta = sidecar_path(path)
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
        err = internal_error(p, exc)
        return err.path, err.reason


ENTITIES = str(ENTITIES_GRAPH)
_ENTITIES_END = f"<{ENTITIES}> .\n"
_LEGACY_ENTITIES = ox.NamedNode(str(LEGACY_ENTITIES_GRAPH))
_READOUT_GRAPH = ox.NamedNode(str(KG.ReadoutGraph))
_RDF_TYPE = ox.NamedNode(str(RDF.type))
# what kg.rdf writes to the shared entities graph: these statements about these entities
_DESCRIBED = ("state/", "place/", "org/", "project/", "person/", "parser/")
_DESCRIPTIONS = (RDF.type, RDFS.label, KG.iso3166Alpha3, KG.iso3166Alpha2,
                 SCHEMA.containedInPlace, FOAF.name, KG.version)
_WRITER_PID = "writer.pid"  # who holds the store for writing, for the "in use" message


def _one_line(exc: BaseException) -> str:
    text = str(exc.strerror if isinstance(exc, OSError) and exc.strerror else exc)
    return text.splitlines()[0] if text else type(exc).__name__


def _holder(store: Path) -> str:
    """' (pid N)' for the live process that holds the store, if it says so."""
    try:
        pid = int((store / _WRITER_PID).read_text().strip())
        os.kill(pid, 0)
    except PermissionError:  # alive, another user's
        pass
    except (OSError, ValueError):
        return ""
    return f" (pid {pid})"


def _same_file(a: str, b: str) -> bool:
    """Whether two spellings of a path (relative, absolute, through a link) are one file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


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
        """Open (or, for writing, create) the store at `path`.

        Raises StoreError, one line, when the store cannot be opened: another process
        writes to it, it was made by an older kg and is opened read-only, or the system
        refuses. `notes` collects what was repaired on the way (a corrupt manifest set
        aside and rebuilt, an older store upgraded), for the caller to show."""
        self.path = store_location(path)
        self.read_only = read_only
        self.notes: list[str] = []
        self.ox = None
        self._db: sqlite3.Connection | None = None
        ox_dir = self.path / "oxigraph"
        if read_only:
            if not ox_dir.exists():
                raise FileNotFoundError(f"{self.path}: no store here (run `kg ingest` first)")
            try:
                self.ox = ox.Store.read_only(str(ox_dir))
            except (OSError, RuntimeError) as exc:  # Runtime: opened while being created
                raise StoreError(f"{self.path}: cannot open the store: {_one_line(exc)}"
                                 ) from exc
            if self._is_legacy():
                raise StoreError(
                    f"{self.path}: store made by an older kg (shared descriptions in "
                    f"{LEGACY_ENTITIES_GRAPH}); run `kg ingest --store {self.path} …` once "
                    "on your readouts to upgrade it in place (nothing is re-read)")
        else:
            try:
                ox_dir.mkdir(parents=True, exist_ok=True)
                self.ox = ox.Store(str(ox_dir))
            except (OSError, RuntimeError) as exc:
                if "lock" in str(exc).lower():
                    raise StoreError(
                        f"{self.path}: in use by another kg process{_holder(self.path)}; "
                        "wait for it to finish or use another --store") from exc
                raise StoreError(f"{self.path}: cannot open the store for writing: "
                                 f"{_one_line(exc)}") from exc
            with contextlib.suppress(OSError):  # only for the message others may give
                (self.path / _WRITER_PID).write_text(f"{os.getpid()}\n")
            if self._is_legacy():
                self._upgrade_legacy()
            self.db  # noqa: B018 - the manifest now, so that what it repairs is noted first
        # entity descriptions already written by this process: each readout repeats the
        # descriptions of the states it names; writing them again would be a third of
        # all writes for nothing
        self._entity_lines: set[str] = set()

    # ------------------------------------------------------------------ manifest

    # An older store kept the shared descriptions in kgr:graph/entities, the IRI the graph of
    # a readout called "entities" has now. It is told apart by what it lacks: a store made
    # since always has kgr:store/entities (every readout describes at least the parser).

    def _is_legacy(self) -> bool:
        return (self.ox.contains_named_graph(_LEGACY_ENTITIES)
                and not self.ox.contains_named_graph(ox.NamedNode(ENTITIES)))

    def _upgrade_legacy(self) -> None:
        """Move the shared descriptions to kgr:store/entities, in one transaction."""
        merged = any(self.ox.quads_for_pattern(_LEGACY_ENTITIES, _RDF_TYPE, _READOUT_GRAPH,
                                               _LEGACY_ENTITIES))
        self.ox.update(f"ADD <{_LEGACY_ENTITIES.value}> TO <{ENTITIES}> ;\n"
                       f"DROP GRAPH <{_LEGACY_ENTITIES.value}>")
        note = (f"{self.path}: store made by an older kg upgraded: shared descriptions moved "
                f"from {_LEGACY_ENTITIES.value} to {ENTITIES}")
        if merged:
            # The old bug: a readout with id "entities" wrote into the shared graph (and, when
            # it replaced itself, dropped the descriptions written before). Keep only entity
            # descriptions there, and re-read every readout once to write them all again.
            prefixes = " || ".join(f'STRSTARTS(STR(?s), "{KGR[k]}")' for k in _DESCRIBED)
            predicates = ", ".join(f"<{p}>" for p in _DESCRIPTIONS)
            self.ox.update(f"DELETE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }} WHERE {{ "
                           f"GRAPH <{ENTITIES}> {{ ?s ?p ?o }} "
                           f"FILTER (!(({prefixes}) && ?p IN ({predicates}))) }}")
            self.db.execute("UPDATE readouts SET size = NULL, mtime_ns = NULL, key = NULL")
            self.db.commit()
            note += ("; a readout with id 'entities' had been mixed into them: taken out, and "
                     "every readout is re-read once to restore what it replaced")
        self.notes.append(note)

    # ------------------------------------------------------------------ manifest

    _SCHEMA = ("CREATE TABLE IF NOT EXISTS readouts (id TEXT PRIMARY KEY, path TEXT, "
               "size INTEGER, mtime_ns INTEGER, key TEXT, quads INTEGER, ingested TEXT)")

    @property
    def db(self) -> sqlite3.Connection:
        """The manifest: a cache of what was ingested from where, which makes unchanged
        files cheap to skip. The store is the truth, so a manifest that is not a database
        any more is set aside (never deleted) and rebuilt from the store."""
        if self._db is None:
            self._db = self._open_manifest()
        return self._db

    def _open_manifest(self) -> sqlite3.Connection:
        db_path = self.path / "manifest.sqlite"
        problem = None
        if db_path.exists():
            try:
                db = (sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) if self.read_only
                      else sqlite3.connect(db_path))
                if not self.read_only:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=NORMAL")
                    db.execute(self._SCHEMA)
                db.execute("SELECT id, path, size, mtime_ns, key, quads, ingested "
                           "FROM readouts LIMIT 1").fetchall()
                return db
            except sqlite3.OperationalError as exc:  # locked, unreadable, disk: not corrupt
                if "no such" not in str(exc):
                    raise StoreError(f"{db_path}: cannot open the manifest: {_one_line(exc)}"
                                     ) from exc
                problem = _one_line(exc)
            except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
                problem = _one_line(exc)
            db.close()
        if self.read_only:
            db = sqlite3.connect(":memory:")
            db.execute(self._SCHEMA)
            if problem is not None:
                self.notes.append(f"{db_path}: unreadable ({problem}); readouts listed from "
                                  "the store")
            self._fill_manifest(db)
            return db
        if problem is not None:
            aside = db_path.with_name(db_path.name + ".corrupt")
            os.replace(db_path, aside)
            for extra in ("-wal", "-shm"):
                Path(f"{db_path}{extra}").unlink(missing_ok=True)
            self.notes.append(f"{db_path}: unreadable ({problem}); moved to {aside} and "
                              "rebuilt from the store (the next ingest re-reads each file "
                              "once)")
        db = sqlite3.connect(db_path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(self._SCHEMA)
        if problem is not None:
            self._fill_manifest(db)
            db.commit()
        return db

    def _fill_manifest(self, db: sqlite3.Connection) -> None:
        """Rows for the readouts the store holds: id and source file, from their graphs.
        Without size, mtime and change key, the next ingest re-reads each file once."""
        rows = self.ox.query(
            f"SELECT ?id ?file WHERE {{ GRAPH ?g {{ ?g a <{KG.ReadoutGraph}> ; "
            f"<{PROV.wasDerivedFrom}> ?r . ?r <{DCTERMS.identifier}> ?id . "
            f"OPTIONAL {{ ?r <{KG.sourceFile}> ?file }} }} }}")
        db.executemany("INSERT OR IGNORE INTO readouts (id, path) VALUES (?, ?)",
                       ((row["id"].value, row["file"].value if row["file"] else None)
                        for row in rows))

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
            # e.g. disk full: the manifest is a cache, and what it missed is checked
            # against the store by the next ingest
            with contextlib.suppress(sqlite3.Error):
                self._db.commit()
            self._db.close()
            self._db = None
        if self.ox is not None:
            if not self.read_only:
                with contextlib.suppress(OSError):  # committed transactions are durable
                    self.ox.flush()
                pid_file = self.path / _WRITER_PID
                try:
                    if pid_file.read_text().strip() == str(os.getpid()):
                        pid_file.unlink()
                except OSError:
                    pass
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
                try:
                    size, mtime = _stat(p)
                    key = _change_key(p) if (size, mtime) != (entry[0], entry[1]) else None
                except OSError:  # gone or unreadable since listed: parsing will say so
                    todo.append(p)
                    continue
                if key is None:
                    unchanged += 1
                    continue
                if key == entry[2]:
                    self.db.execute("UPDATE readouts SET size=?, mtime_ns=? WHERE path=?",
                                    (size, mtime, str(p)))
                    unchanged += 1
                    continue
            todo.append(p)
        return todo, unchanged

    def _new_lines(self, nquads: str, graph: str, path: str) -> tuple[str, list[str]]:
        """The readout's quads without entity descriptions this process already wrote, and
        the entity lines it adds (remembered only once the write succeeded).

        Every line must be in the readout's own graph or the shared entities graph:
        nothing a readout says may name another graph."""
        own_end = f"<{graph}> .\n"
        out, fresh = [], []
        seen = self._entity_lines
        for line in nquads.splitlines(keepends=True):
            if line.endswith(_ENTITIES_END):
                if line in seen:
                    continue
                fresh.append(line)
            elif not line.endswith(own_end):
                raise ReadoutError(path, f"internal error: a quad outside the readout's graph "
                                         f"{graph}: {line.strip()[:120]}")
            out.append(line)
        return "".join(out), fresh

    def _write(self, item: _Parsed, report: IngestReport) -> None:
        graph = str(graph_iri(item.rid))
        row = self.db.execute("SELECT path, key FROM readouts WHERE id = ?",
                              (item.rid,)).fetchone()
        in_store = self.ox.contains_named_graph(ox.NamedNode(graph))
        if row is not None and row[0] and not _same_file(row[0], item.path) \
                and Path(row[0]).exists():
            raise ReadoutError(item.path, f"duplicate readout id {item.rid!r}: already "
                                          f"ingested from {row[0]}")
        if row is not None and row[1] == item.key and in_store:
            report.unchanged += 1  # same content under a new path or mtime
        else:
            text, fresh = self._new_lines(item.nquads, graph, item.path)
            try:
                if in_store:
                    # replace: drop the old graph and insert the new one in one transaction
                    self.ox.update(f"DROP SILENT GRAPH <{graph}> ;\n"
                                   f"INSERT DATA {{ {_graph_blocks(text)} }}")
                else:
                    self.ox.load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError) as exc:  # a term Oxigraph refuses: a kg bug
                raise ReadoutError(item.path, "internal error: the store refused its RDF: "
                                              f"{_one_line(exc)}") from exc
            if in_store:
                report.replaced += 1
            else:
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
        on_skipped: Callable[[int], None] | None = None,
        commit_every: int = 200,
        flush_every_quads: int = 250_000,
    ) -> IngestReport:
        """Add or replace the readouts under `paths`; skip the unchanged ones.

        `jobs` parser processes feed one writer (this process). `progress` is
        called with the number of files done (`on_skipped`, when given, with the number
        skipped as unchanged, which cost no parsing). Oxigraph's write buffers are
        flushed to disk every `flush_every_quads` quads: left alone they grew by
        ~80 MB per 1,000 readouts (1.6 GB after 20,000), with a flush every
        ~1,000 readouts the writer stays near 200 MB and writes no slower.

        A path that cannot be listed is reported like a failed readout and the
        other paths go on. When the store cannot be written (disk full, I/O
        error) the ingest stops with a StoreError: each readout is one
        transaction, so those written before are whole, and running the same
        ingest again finishes the job.
        """
        t0 = time.perf_counter()
        report = IngestReport()
        listing: list[ReadoutError] = []
        files = list(iter_readout_paths(paths, on_error=listing.append))
        for exc in listing:
            if on_error:
                on_error(exc)
            if strict:
                raise exc
            report.failures.append((exc.path, exc.reason))
        report.files = len(files)
        todo, report.unchanged = self.plan(files)
        skipped = on_skipped or progress  # skips cost nothing: a progress ETA keeps them apart
        if skipped and report.unchanged:
            skipped(report.unchanged)
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
                    if report.quads - flushed_at >= flush_every_quads:
                        self.ox.flush()
                        flushed_at = report.quads
                except ReadoutError as exc:
                    if on_error:
                        on_error(exc)
                    if strict:
                        self.db.commit()
                        raise
                    report.failures.append((exc.path, exc.reason))
                except (OSError, sqlite3.Error) as exc:
                    raise self._write_failed(exc, report) from exc
                report.store_seconds += time.perf_counter() - s0
            if n % commit_every == 0:
                self._commit_manifest(report)
            if progress:
                progress(1)
        self._commit_manifest(report)
        report.seconds = time.perf_counter() - t0
        report.parse_seconds = max(0.0, report.seconds - report.store_seconds)
        return report

    def _commit_manifest(self, report: IngestReport) -> None:
        try:
            self.db.commit()
        except sqlite3.Error as exc:
            raise self._write_failed(exc, report) from exc

    def _write_failed(self, exc: BaseException, report: IngestReport) -> StoreError:
        """The one-line error of a write the system refused (disk full, I/O error)."""
        with contextlib.suppress(sqlite3.Error):  # remember what was written, if it can
            self.db.commit()
        done = report.added + report.replaced
        return StoreError(
            f"{self.path}: cannot write to the store: {_one_line(exc)}; the {done} readout(s) "
            "written before are whole: free space (or fix the cause) and run the same "
            "command again to finish")

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
        kinds = tuple(str(KGR[k]) for k in ("person/", "org/", "project/"))
        for item in items:
            row = self.db.execute("SELECT id FROM readouts WHERE id = ? OR path = ?",
                                  (item, str(Path(item)))).fetchone()
            rid = row[0] if row else item
            try:
                graph = ox.NamedNode(str(graph_iri(rid)))
            except ValueError:  # not an id any readout can have
                continue
            if not self.ox.contains_named_graph(graph) and row is None:
                continue
            named = {q.object for q in self.ox.quads_for_pattern(
                None, ox.NamedNode(str(SCHEMA.mentions)), None, graph)}
            candidates = " ".join(str(n) for n in named if isinstance(n, ox.NamedNode)
                                  and n.value.startswith(kinds))
            update = f"DROP SILENT GRAPH <{graph.value}> ;"
            if candidates:
                update += (
                    f"\nDELETE {{ GRAPH <{ENTITIES}> {{ ?e ?p ?o }} }} WHERE {{ "
                    f"VALUES ?e {{ {candidates} }} GRAPH <{ENTITIES}> {{ ?e ?p ?o }} "
                    f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?q ?e }} "
                    f"FILTER(?g != <{ENTITIES}>) }} }}")
            try:
                self.ox.update(update)
                self.db.execute("DELETE FROM readouts WHERE id = ?", (rid,))
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(f"{self.path}: cannot write to the store: {_one_line(exc)}; "
                                 f"{len(removed)} readout(s) removed before it; free space "
                                 "(or fix the cause) and run the same command again") from exc
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
    "rdfxml": ox.RdfFormat.RDF_XML,
}

# the key under which `push` remembers the shared entities graph: not a readout id, as no
# readout id is empty (the file name is the fallback)
_ENTITIES_PUSH_KEY = ""


def pushed_graph(key: str) -> str:
    """The graph IRI a `pushed` row of the manifest stands for: a readout's, or the shared
    entities graph's."""
    return ENTITIES if key == _ENTITIES_PUSH_KEY else str(graph_iri(key))


def graph_for(store: ox.Store, value: str) -> ox.NamedNode:
    """The graph `value` names in the store: a readout id first (ids are user data and may
    look like anything, an IRI included), else a graph IRI. KeyError when there is none."""
    candidates = []
    with contextlib.suppress(ValueError):
        candidates.append(ox.NamedNode(str(graph_iri(value))))
    if value.startswith(("http://", "https://")):
        with contextlib.suppress(ValueError):
            candidates.append(ox.NamedNode(value))
    for g in candidates:
        if store.contains_named_graph(g):
            return g
    raise KeyError(f"no readout {value!r} in the store (give a readout id or a graph IRI)")


def export(store: ox.Store, output, fmt: str, graph: str | None = None,
           compact: bool = False) -> None:
    """Write the store (or one readout's graph) with Oxigraph's own serialisers, streaming.

    Turtle, N-Triples and RDF/XML cannot hold named graphs: without `graph` they
    get the union of all graphs (one triple may be asserted by several readouts).
    `compact` JSON-LD (see :func:`write_jsonld_compact`) is written by kg, as
    Oxigraph writes expanded JSON-LD only.
    """
    from kg.namespaces import PREFIXES

    rdf_format = EXPORT_FORMATS[fmt]
    prefixes = {k: str(v) for k, v in PREFIXES.items()}
    if compact:
        if fmt != "jsonld":
            raise ValueError("compact output is JSON-LD's only (--format jsonld)")
        write_jsonld_compact(store, output, prefixes,
                             graph_for(store, graph) if graph is not None else None)
        return
    if graph is not None:
        g = graph_for(store, graph)
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


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _Compactor:
    """Terms as compact JSON-LD: `prefix:local` for the IRIs of our namespaces (all end
    in '/' or '#', so JSON-LD 1.1 lets their terms act as prefixes)."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.type = str(RDF.type)

    def iri(self, value: str) -> str:
        for name, ns in self.prefixes:
            if value.startswith(ns):
                local = value[len(ns):]
                if local and not local.startswith("//"):
                    return f"{name}:{local}"
        return value

    def node_id(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, term):
        if isinstance(term, ox.Literal):
            if term.language:
                return {"@value": term.value, "@language": term.language}
            if term.datatype.value == _XSD_STRING:
                return term.value
            return {"@value": term.value, "@type": self.iri(term.datatype.value)}
        return {"@id": self.node_id(term)}

    def nodes(self, quads: Iterable) -> Iterator[dict]:
        """Node objects, one per run of quads with the same subject (Oxigraph's index
        order groups them; a subject seen twice would give two objects, still valid)."""
        node: dict | None = None
        subject = None
        for q in quads:
            if q.subject != subject:
                if node is not None:
                    yield node
                subject = q.subject
                node = {"@id": self.node_id(subject)}
            if q.predicate.value == self.type and not isinstance(q.object, ox.Literal):
                node.setdefault("@type", []).append(self.node_id(q.object))
            else:
                node.setdefault(self.iri(q.predicate.value), []).append(self.value(q.object))
        if node is not None:
            yield node


def write_jsonld_compact(store: ox.Store, output, prefixes: dict[str, str],
                         graph: ox.NamedNode | None = None) -> None:
    """JSON-LD with a `@context` of the project's prefixes and compact IRIs, streamed.

    The whole store is `{"@context", "@graph": [{"@id": graph, "@graph": [nodes]}, …]}`,
    one named graph per object (in IRI order), the default graph's nodes beside them;
    one graph is `{"@context", "@id": graph, "@graph": [nodes]}`. What it says is exactly
    what the expanded JSON-LD, TriG or N-Quads say (tested by reading both back).
    """
    import json

    c = _Compactor(prefixes)
    context = json.dumps({"@context": dict(prefixes)}, ensure_ascii=False)[:-1]

    def write_nodes(f, quads) -> None:
        for i, node in enumerate(c.nodes(quads)):
            f.write((",\n  " if i else "\n  ").encode())
            f.write(json.dumps(node, ensure_ascii=False).encode("utf-8"))

    def write_all(f) -> None:
        f.write(context.encode("utf-8"))
        if graph is not None:
            f.write(f', "@id": {json.dumps(c.iri(graph.value))}, "@graph": ['.encode())
            write_nodes(f, store.quads_for_pattern(None, None, None, graph))
            f.write(b"\n]}\n")
            return
        f.write(b', "@graph": [')
        first = True
        default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        for node in c.nodes(default):
            f.write(b"\n" if first else b",\n")
            f.write(json.dumps(node, ensure_ascii=False).encode("utf-8"))
            first = False
        for g in sorted(store.named_graphs(), key=lambda n: n.value):
            f.write(b"\n" if first else b",\n")
            f.write(f'{{"@id": {json.dumps(c.node_id(g))}, "@graph": ['.encode())
            write_nodes(f, store.quads_for_pattern(None, None, None, g))
            f.write(b"\n]}")
            first = False
        f.write(b"\n]}\n")

    if isinstance(output, (str, os.PathLike)):
        with open(output, "wb") as f:
            write_all(f)
    else:
        write_all(output)


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
    A server error (5xx) or a time-out is tried once more after a pause: PUT and DELETE
    of a graph are idempotent, and a busy server may fail one now and then (Virtuoso
    failed one PUT of 10,001 at 10,000 readouts, logging "Locks are held for a long
    time"; the same PUT went through when sent again).
    """
    import time
    import urllib.error
    import urllib.request

    headers = {"Content-Type": content_type} if content_type else {}
    first = True
    while True:
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with http_opener(url, auth).open(req, timeout=timeout) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 and first:
                pass  # tried again below
            elif method == "DELETE" and exc.code == 404:
                return 404
            elif exc.code in (401, 403):
                who = f"user {auth[0]!r}" if auth else "anonymous requests"
                raise PermissionError(
                    f"HTTP {exc.code}: the endpoint refuses {who} (give --user and "
                    "--password, or user:password@ in the URL, of a user allowed to write: "
                    "for Virtuoso's /sparql-graph-crud-auth, one with the SPARQL_UPDATE "
                    "role)") from exc
            else:
                body = " ".join(exc.read().decode("utf-8", "replace").split())
                raise OSError(f"HTTP {exc.code}: {body[:200]}") from exc
        except urllib.error.URLError as exc:  # a time-out while connecting comes wrapped
            if not (isinstance(exc.reason, TimeoutError) and first):
                raise ConnectionError(f"cannot reach the endpoint: {exc.reason}") from exc
        except TimeoutError as exc:  # while waiting for the answer
            if not first:
                raise OSError(f"no answer within {timeout:g} s") from exc
        first = False
        time.sleep(0.5)


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
    rows.append({"id": _ENTITIES_PUSH_KEY, "key": hashlib.sha256(entities).hexdigest()})
    for row in rows:
        rid, key = row["id"], row["key"]
        if not force and done.get(rid) == key:
            report.skipped += 1
        else:
            graph = pushed_graph(rid)
            body = entities if rid == _ENTITIES_PUSH_KEY else ox.serialize(
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
            graph = pushed_graph(rid)
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
