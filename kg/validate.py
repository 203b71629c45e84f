"""SHACL validation of produced graphs against `ontology/shapes.ttl` (pySHACL).

A TriG file is validated as the union of its named graphs: a readout graph's
facts and the spans they point to live together, and the shapes are written
to hold for one readout's graph as well as for many merged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import Dataset, Graph

from kg.resources import shapes_path


@dataclass
class ValidationResult:
    conforms: bool
    report: str
    violations: int


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


def load_graph(path: Path | str) -> Graph:
    """A graph from Turtle, N-Triples, TriG or N-Quads; datasets are merged into one graph."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".trig", ".nq", ".nquads"):
        ds = Dataset()
        ds.parse(path, format="trig" if suffix == ".trig" else "nquads")
        g = Graph()
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
        return g
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml"}.get(suffix, "turtle")
    return Graph().parse(path, format=fmt)


def validate_graph(g: Graph) -> ValidationResult:
    conforms, results_graph, text = pyshacl.validate(
        g, shacl_graph=shapes_graph(), inference="none", allow_warnings=True
    )
    from rdflib.namespace import SH

    violations = len(set(results_graph.subjects(predicate=SH.resultSeverity)))
    return ValidationResult(bool(conforms), text, violations)


def validate_file(path: Path | str) -> ValidationResult:
    return validate_graph(load_graph(path))
