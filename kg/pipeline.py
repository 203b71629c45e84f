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

from rdflib import Graph, URIRef

from kg.extraction import Extraction
from kg.jsonview import graph_to_json
from kg.namespaces import FOAF, KG
from kg.parse import parse
from kg.rdf import extraction_to_graph, readout_iri
from kg.readout import ReadoutError, read_readout


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


def _atomic_write_from(path: Path, write: Callable[[Path], None]) -> None:
    """Write a file through a temporary sibling, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
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
    `graph.trig` (one named graph per readout) from it."""
    from kg.store import KgStore, export

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = BuildReport()
    with tempfile.TemporaryDirectory(dir=out, prefix=".store-") as tmp, \
            KgStore(Path(tmp)) as kg:
        ingest = kg.ingest(paths, jobs=jobs, strict=strict, on_error=on_error,
                           progress=progress)
        report.readouts = ingest.added + ingest.replaced + ingest.unchanged
        report.failures = ingest.failures
        report.events = kg.count(str(KG.Event))
        report.persons = kg.count(str(FOAF.Person))
        report.states = kg.count(str(KG.State))
        report.organisations = kg.count(str(KG.InternationalOrganisation))
        report.projects = kg.count(str(KG.Project))
        report.triples = len(kg)
        for name, fmt in (("graph.trig", "trig"), ("graph.ttl", "turtle")):
            _atomic_write_from(out / name, lambda p, fmt=fmt: export(kg.ox, str(p), fmt))
    report.outputs = [str(out / "graph.ttl"), str(out / "graph.trig")]
    return report
