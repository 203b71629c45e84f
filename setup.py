"""One build step on top of pyproject.toml: ship the run-time resources inside the wheel.

kg reads `data/ref/*` (reference data) and `ontology/*.ttl` (the OWL ontology and the SHACL
shapes) at run time. Those folders stay at the top of the repository, the single source of
truth, read in place from a checkout or an editable install. This build_py copies them into
the built package as `kg/_resources/data/ref/` and `kg/_resources/ontology/`, where
`kg.resources` finds them in an installed wheel; nothing is committed twice. MANIFEST.in puts
the same files in the sdist, so a wheel built from the sdist gets them as well.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# folder (relative to the repository) -> the files of it the code reads at run time
RESOURCES = {"data/ref": "*", "ontology": "*.ttl"}
TARGET = Path("kg") / "_resources"


class build_py_with_resources(build_py):  # noqa: N801 (setuptools command naming)
    """build_py, plus a fresh copy of RESOURCES under kg/_resources in the build folder."""

    def _resource_files(self) -> list[tuple[Path, Path]]:
        pairs = []
        for folder, pattern in RESOURCES.items():
            sources = sorted(p for p in (ROOT / folder).glob(pattern) if p.is_file())
            if not sources:  # a wheel without them fails on every readout: refuse to build it
                raise SystemExit(f"setup.py: no {folder}/{pattern} in {ROOT} to ship in the wheel")
            pairs += [(src, Path(self.build_lib) / TARGET / folder / src.name) for src in sources]
        return pairs

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # editable installs read the checkout's folders in place (kg.resources)
        # start from empty so a file removed from data/ref cannot linger from an earlier build
        shutil.rmtree(Path(self.build_lib) / TARGET, ignore_errors=True)
        for src, dest in self._resource_files():
            self.mkpath(str(dest.parent))
            self.copy_file(str(src), str(dest))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return outputs + [str(dest) for _, dest in self._resource_files()]


setup(cmdclass={"build_py": build_py_with_resources})
