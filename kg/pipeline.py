"""The library API the CLI and notebooks call: extract one readout, build a graph from many.

Errors in one readout never stop a batch (unless `strict`): each becomes a
one-line `path: reason` in the report, and the files written at the end are
replaced atomically, so a failed run leaves the previous output intact.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.extraction import Extraction
from kg.jsonview import graph_to_json
from kg.namespaces import FOAF, KG, RDF, bind_prefixes
from kg.parse import parse
from kg.rdf import extraction_to_graph, readout_iri
from kg.readout import ReadoutError, iter_readout_paths, read_readout


def extract_file(path: Path | str, lang: str | None = None) -> Extraction:
    """Read and parse one readout; raise ReadoutError when nothing is recognised."""
    readout = read_readout(path, lang=lang)
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

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
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
        lines += [f"  {path}: {reason}" for path, reason in self.failures]
        lines += [f"wrote {p}" for p in self.outputs]
        return "\n".join(lines)


def collect(
    paths: Iterable[Path | str],
    strict: bool = False,
    on_error: Callable[[ReadoutError], None] | None = None,
) -> tuple[Dataset, BuildReport]:
    """Parse every readout under `paths` into a Dataset, one named graph each."""
    ds = bind_prefixes(Dataset())
    report = BuildReport()
    seen: dict[str, str] = {}
    try:
        readout_paths = list(iter_readout_paths(paths))
    except ReadoutError as exc:
        if strict:
            raise
        report.failures.append((exc.path, exc.reason))
        readout_paths = []
    for path in readout_paths:
        try:
            x = extract_file(path)
            if x.readout.id in seen:
                raise ReadoutError(path, f"duplicate readout id {x.readout.id!r} "
                                         f"(also {seen[x.readout.id]})")
            seen[x.readout.id] = str(path)
            gi, g = readout_graph(x)
            named = ds.graph(gi)
            for triple in g:
                named.add(triple)
            report.readouts += 1
        except ReadoutError as exc:
            if on_error:
                on_error(exc)
            if strict:
                raise
            report.failures.append((exc.path, exc.reason))
    _count(ds, report)
    return ds, report


def _count(ds: Dataset, report: BuildReport) -> None:
    def distinct(cls) -> int:
        return len({s for s, _, _, _ in ds.quads((None, RDF.type, cls, None))})

    report.events = distinct(KG.Event)
    report.persons = distinct(FOAF.Person)
    report.states = distinct(KG.State)
    report.organisations = distinct(KG.InternationalOrganisation)
    report.projects = distinct(KG.Project)
    report.triples = len(ds)


def union_graph(ds: Dataset) -> Graph:
    """All named graphs merged into one graph (what `graph.ttl` holds)."""
    g = bind_prefixes(Graph())
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    strict: bool = False,
    on_error: Callable[[ReadoutError], None] | None = None,
) -> BuildReport:
    """Parse readouts and write `graph.ttl` (union) and `graph.trig` (one graph per readout)."""
    out = Path(out_dir)
    ds, report = collect(paths, strict=strict, on_error=on_error)
    trig = ds.serialize(format="trig").encode("utf-8")
    ttl = union_graph(ds).serialize(format="turtle").encode("utf-8")
    _atomic_write(out / "graph.trig", trig)
    _atomic_write(out / "graph.ttl", ttl)
    report.outputs = [str(out / "graph.ttl"), str(out / "graph.trig")]
    return report
