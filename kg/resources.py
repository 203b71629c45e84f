"""Where kg finds the files it reads at run time: reference data and the SHACL shapes.

One home for these paths, so that kg works the same from a checkout, an editable install and
an installed wheel:

1. `$KG_DATA`, when set: a folder holding `ref/` (a reference-data set of your own);
   it must exist, a mistyped path is refused rather than silently ignored.
2. A checkout (or an editable install, or an unpacked sdist): the top-level `data/` and
   `ontology/` folders beside the `kg` package, recognised by the `pyproject.toml` next to
   them. They are the single source of truth, so an edit there is seen at once.
3. An installed wheel: `kg/_resources/data` and `kg/_resources/ontology`, copied from those
   same folders when the wheel is built (setup.py); never committed.

The ontology has no override: the shapes are what `kg` itself writes against.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "KG_DATA"

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent
PACKAGED = _PACKAGE / "_resources"


def _in_checkout(relative: str) -> Path | None:
    """`relative` under the checkout root, when kg runs from a checkout that has it."""
    path = _CHECKOUT / relative
    if (_CHECKOUT / "pyproject.toml").is_file() and path.exists():
        return path
    return None


def _find(relative: str) -> Path:
    """The checkout's copy of `relative`, else the wheel's; a clear error when neither is."""
    found = _in_checkout(relative)
    if found is not None:
        return found
    packaged = PACKAGED / relative
    if packaged.exists():
        return packaged
    raise FileNotFoundError(
        f"kg cannot find its {relative} (not in {_CHECKOUT / relative} nor {packaged}): "
        f"reinstall kg, or set {ENV_VAR} to a folder holding ref/"
    )


def data_dir() -> Path:
    """The folder holding `ref/`: `$KG_DATA`, else the checkout's `data/`, else the wheel's."""
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if not (path / "ref").is_dir():
            raise FileNotFoundError(f"{ENV_VAR}={env}: no ref/ folder there ({path / 'ref'})")
        return path
    return _find("data/ref").parent


def ref_dir() -> Path:
    """The reference-data folder (states.csv, officials.yaml, ...; see data/README.md)."""
    return data_dir() / "ref"


def ontology_dir() -> Path:
    """The folder holding kg.ttl (OWL) and shapes.ttl (SHACL)."""
    return _find("ontology/shapes.ttl").parent


def shapes_path() -> Path:
    """The SHACL shapes every graph kg writes must pass."""
    return ontology_dir() / "shapes.ttl"
