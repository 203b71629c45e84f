"""The library API the CLI and notebooks call: extract one readout, build a graph from many.

Errors in one readout never stop a batch (unless `strict`): each becomes a
one-line `path: reason` in the report, and the files written at the end are
replaced atomically, so a failed run leaves the previous output intact.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.extraction import Extraction
from kg.jsonview import graph_to_json
from kg.namespaces import FOAF, KG
from kg.parse import parse
from kg.rdf import extraction_to_graph, id_problem, readout_iri
from kg.readout import ReadoutError, read_readout, sidecar_path


def extract_file(path: Path | str, lang: str | None = None,
                 max_bytes: int | None = None) -> Extraction:
    """Read and parse one readout; raise ReadoutError when nothing is recognised.

    `max_bytes` is the size limit per readout (default: KG_MAX_READOUT_BYTES or 1 MB).
    """
    readout = read_readout(path, lang=lang, max_bytes=max_bytes)
    problem = id_problem(readout.id)
    if problem is not None:
        from_sidecar = (readout.meta.get("id") or "").strip() == readout.id
        where = sidecar_path(Path(path)) if from_sidecar else path
        raise ReadoutError(where, f"sidecar 'id': {problem}" if from_sidecar else
                           f"{problem}; rename the file or give it a sidecar 'id'")
    x = parse(readout)
    if x.is_empty():
        raise ReadoutError(path, "nothing recognised (no event, person or state)")
    return x


def readout_graph(x: Extraction) -> tuple[URIRef, Graph]:
    """The named-graph IRI and triples of an extraction."""
    return extraction_to_graph(x)


def extract_json(path: Path | str, lang: str | None = None) -> dict:
    """The gold-shape JSON of a readout, read back from its graph."""
    x = extract_file(path, lang=lang)
    _, g = readout_graph(x)
    return graph_to_json(g, readout_iri(x.readout.id))


def output_names(paths: Iterable[Path | str], files: Iterable[Path], suffix: str
                 ) -> dict[Path, Path | ReadoutError]:
    """Where `kg extract --out` writes each readout, relative to the output folder.

    A readout found in a folder keeps its path under that folder (`a/x.txt` and
    `b/x.txt` become `a/x.json` and `b/x.json`: one name for both lost one of
    them); a file given by itself keeps its name. A readout whose name is taken
    already (two files given by themselves, two folders with the same layout)
    gets a ReadoutError naming the other, and is not written.
    """
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    taken: dict[Path, Path] = {}
    names: dict[Path, Path | ReadoutError] = {}
    for f in files:
        rel = Path(f.name)
        for root in roots:
            try:
                rel = f.relative_to(root)
                break
            except ValueError:
                continue
        rel = rel.with_name(rel.stem + suffix)
        if rel in taken:
            names[f] = ReadoutError(f, f"its output {rel} is already written for "
                                       f"{taken[rel]}; extract them to separate --out folders")
        else:
            taken[rel], names[f] = f, rel
    return names


@dataclass
class BuildReport:
    """What a build read, produced and refused."""

    readouts: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    persons: int = 0
    states: int = 0
    organisations: int = 0
    projects: int = 0
    triples: int = 0
    outputs: list[str] = field(default_factory=list)
    nothing_written: str | None = None  # why the previous output was left as it was

    @property
    def ok(self) -> bool:
        return not self.failures and self.nothing_written is None

    def summary(self, details: bool = True) -> str:
        """The counts; with `details`, each failure too (the CLI has printed them as they
        happened, and prints each failure once)."""
        lines = [
            f"readouts read     {self.readouts}",
            f"events            {self.events}",
            f"persons           {self.persons}",
            f"states            {self.states}",
            f"organisations     {self.organisations}",
            f"projects          {self.projects}",
            f"triples           {self.triples}",
            f"failed            {len(self.failures)}",
        ]
        if details:
            lines += [f"  {path}: {reason}" for path, reason in self.failures]
        lines += [f"wrote {p}" for p in self.outputs]
        if self.nothing_written:
            lines.append(f"nothing written: {self.nothing_written}")
        return "\n".join(lines)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_all(files: dict[Path, Callable[[Path], None]]) -> None:
    """Write each file through a temporary sibling, and rename them into place only when
    all were written: a failure (disk full, a serialiser error) leaves every previous
    file as it was. Files get the mode any new file gets (0666 less the umask), not the
    0600 of the temporary file."""
    mode = 0o666 & ~_umask()
    done: dict[Path, str] = {}
    try:
        for path, write in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            os.close(fd)
            done[path] = tmp
            write(Path(tmp))
            os.chmod(tmp, mode)
        for path, tmp in done.items():
            os.replace(tmp, path)
    except BaseException:
        for tmp in done.values():
            Path(tmp).unlink(missing_ok=True)
        raise


def build(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    strict: bool = False,
    on_error: Callable[[ReadoutError], None] | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> BuildReport:
    """Ingest readouts into a fresh store and export `graph.ttl` (all graphs merged) and
    `graph.trig` (one named graph per readout) from it.

    A run that read no readout (no `.txt` under `paths`, or every one failed)
    writes nothing: the previous output stays, and `nothing_written` says why."""
    from kg.store import KgStore, StoreError, export

    paths = list(paths)
    out = Path(out_dir)
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    try:
        with tempfile.TemporaryDirectory(dir=out, prefix=".store-") as tmp, \
                KgStore(Path(tmp)) as kg:
            ingest = kg.ingest(paths, jobs=jobs, strict=strict, on_error=on_error,
                               progress=progress)
            report.readouts = ingest.added + ingest.replaced + ingest.unchanged
            report.failures = ingest.failures
            if report.readouts == 0:
                report.nothing_written = (
                    ("every readout failed" if ingest.files else
                     "no readout (.txt file) under " + ", ".join(str(p) for p in paths))
                    + ("" if created else f"; {out} left as it was"))
                return report
            report.events = kg.count(str(KG.Event))
            report.persons = kg.count(str(FOAF.Person))
            report.states = kg.count(str(KG.State))
            report.organisations = kg.count(str(KG.InternationalOrganisation))
            report.projects = kg.count(str(KG.Project))
            report.triples = len(kg)
            try:
                atomic_write_all({out / name: (lambda p, fmt=fmt: export(kg.ox, str(p), fmt))
                                  for name, fmt in (("graph.trig", "trig"),
                                                    ("graph.ttl", "turtle"))})
            except OSError as exc:  # disk full, no permission: one line, old output kept
                reason = exc.strerror or str(exc).splitlines()[0]
                raise StoreError(f"{out}: cannot write the output: {reason}; the previous "
                                 "output is left as it was") from exc
        report.outputs = [str(out / "graph.ttl"), str(out / "graph.trig")]
        return report
    finally:
        if created and not report.outputs:  # leave no empty folder behind
            with contextlib.suppress(OSError):
                out.rmdir()
