"""kg: diplomatic readouts to a knowledge graph of bilateral relations.

The pipeline, one module per stage:

    readout (kg.readout) → parse (kg.parse) → extraction (kg.extraction)
    → RDF (kg.rdf) → build/store (kg.pipeline) → JSON view (kg.jsonview), evaluation (kg.evaluate)

The CLI (kg.cli) is a thin layer over the functions re-exported here, so a
notebook can do everything the terminal does.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.pipeline import (  # noqa: E402
    BuildReport,
    build,
    extract_file,
    extract_json,
    readout_graph,
)

__all__ = [
    "BuildReport",
    "__version__",
    "build",
    "extract_file",
    "extract_json",
    "readout_graph",
]
