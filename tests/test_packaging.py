"""kg installed like any package: the wheel carries what the code reads, and runs anywhere.

The wheel is built the way pip builds it, offline: an sdist from a copy of the checkout, then
a wheel from the unpacked sdist (so the sdist is proven to carry the resources too), both with
the setuptools of this environment (the test extras pin one new enough). The wheel is then
unpacked into a folder of its own and run from an unrelated folder, where no checkout is in
sight. `.ci/wheel-smoke.sh` does the same with a real install into a fresh virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from kg import resources
from kg.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
REF_FILES = sorted(p.name for p in (ROOT / "data" / "ref").iterdir() if p.is_file())
ONTOLOGY_FILES = ("kg.ttl", "shapes.ttl")
# What a build needs from the checkout; the rest (tests, notebooks, .git, caches) stays behind.
SOURCE_ITEMS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "kg", "data", "ontology")
MIN_SETUPTOOLS = (77,)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None,
         check: bool = True) -> subprocess.CompletedProcess:
    res = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and res.returncode != 0:
        raise AssertionError(f"{args} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    return res


def _setuptools_ok() -> bool:
    try:
        version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return False
    return tuple(int(x) for x in version.split(".")[:1] if x.isdigit()) >= MIN_SETUPTOOLS


def _backend(call: str, src: Path, out: Path) -> Path:
    """Run one PEP 517 hook of setuptools in `src`, as pip --no-build-isolation would."""
    code = f"from setuptools import build_meta as b; print(b.{call}({str(out)!r}))"
    res = _run([sys.executable, "-c", code], cwd=src)
    return out / res.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The sdist (from a copy of the checkout) and the wheel built from the unpacked sdist."""
    if not _setuptools_ok():
        pytest.skip("building needs setuptools>=77 (pip install -e '.[test]')")
    tmp = tmp_path_factory.mktemp("packaging")
    src = tmp / "src"
    src.mkdir()
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "_resources")
    for item in SOURCE_ITEMS:
        path = ROOT / item
        if path.is_dir():
            shutil.copytree(path, src / item, ignore=junk)
        elif path.exists():
            shutil.copy2(path, src / item)
    dist = tmp / "dist"
    dist.mkdir()
    sdist = _backend("build_sdist", src, dist)
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.10.12 / 3.11.4
            tar.extractall(tmp / "unpacked", filter="data")
        else:
            tar.extractall(tmp / "unpacked")  # noqa: S202 (our own sdist)
    (unpacked,) = (tmp / "unpacked").iterdir()
    wheel = _backend("build_wheel", unpacked, dist)
    return {"sdist": sdist, "wheel": wheel, "tmp": tmp}


@pytest.fixture(scope="module")
def unpacked_wheel(built) -> Path:
    """The wheel's files in a folder of their own, as pip would install them."""
    site = built["tmp"] / "site"
    with zipfile.ZipFile(built["wheel"]) as zf:
        zf.extractall(site)
    return site


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


# ---------------------------------------------------------------- what the wheel carries

def test_wheel_carries_every_reference_file_and_the_ontology(built) -> None:
    names = _wheel_names(built["wheel"])
    missing = [f"kg/_resources/data/ref/{f}" for f in REF_FILES
               if f"kg/_resources/data/ref/{f}" not in names]
    missing += [f"kg/_resources/ontology/{f}" for f in ONTOLOGY_FILES
                if f"kg/_resources/ontology/{f}" not in names]
    assert not missing


def test_wheel_leaves_sample_readouts_gold_and_examples_behind(built) -> None:
    names = _wheel_names(built["wheel"])
    assert not [n for n in names if "readouts/" in n or "gold/" in n or "examples/" in n]
    assert not [n for n in names if n.startswith(("data/", "ontology/"))]  # no top-level litter


def test_wheel_carries_the_shipped_queries_and_the_view_template(built) -> None:
    names = _wheel_names(built["wheel"])
    assert "kg/queries/meetings-between-states.rq" in names
    assert "kg/templates/view.html" in names


def test_sdist_carries_the_sources_of_the_packaged_resources(built) -> None:
    with tarfile.open(built["sdist"]) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    wanted = [f"data/ref/{f}" for f in REF_FILES] + [f"ontology/{f}" for f in ONTOLOGY_FILES]
    assert not [w for w in wanted if w not in names]
    assert not [n for n in names if n.startswith("kg/_resources")]  # copied at build time only


def test_unpacked_wheel_builds_and_validates_from_an_unrelated_folder(unpacked_wheel, tmp_path):
    """The bug: run away from the checkout, every readout failed on .../data/ref/states.csv."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    for f in (ROOT / "data" / "readouts").glob("kg-fr-2024-06-06-chn-kgz.*"):
        shutil.copy2(f, work / f.name)
    env = {k: v for k, v in os.environ.items() if k not in ("KG_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(unpacked_wheel)
    where = _run([sys.executable, "-c", "import kg; print(kg.__file__)"], work, env).stdout
    assert Path(where.strip()).is_relative_to(unpacked_wheel)  # the wheel's copy, not the checkout
    res = _run([sys.executable, "-m", "kg", "build", ".", "--out", "out"], work, env, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "error" not in (res.stdout + res.stderr).lower()
    assert (work / "out" / "graph.trig").stat().st_size > 0
    res = _run([sys.executable, "-m", "kg", "validate", "out/graph.trig"], work, env, check=False)
    assert res.returncode == 0 and "conforms" in res.stdout, res.stdout + res.stderr


def test_unpacked_wheel_resolves_its_packaged_copy(unpacked_wheel, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("KG_DATA", "PYTHONPATH")}
    env["PYTHONPATH"] = str(unpacked_wheel)
    code = "from kg import resources as r; print(r.ref_dir()); print(r.shapes_path())"
    out = _run([sys.executable, "-c", code], tmp_path, env).stdout.split()
    packaged = unpacked_wheel / "kg" / "_resources"
    assert Path(out[0]) == packaged / "data" / "ref"
    assert Path(out[1]) == packaged / "ontology" / "shapes.ttl"


# ---------------------------------------------------------------- resolution in a checkout

def test_checkout_reads_the_top_level_data_and_ontology_folders(monkeypatch) -> None:
    if Path(resources.__file__).resolve().parent != ROOT / "kg":
        pytest.skip("kg is installed non-editable here: it reads its packaged copy")
    monkeypatch.delenv(resources.ENV_VAR, raising=False)
    assert resources.ref_dir() == ROOT / "data" / "ref"
    assert resources.shapes_path() == ROOT / "ontology" / "shapes.ttl"


def test_kg_data_variable_points_the_reference_data_elsewhere(monkeypatch, tmp_path) -> None:
    shutil.copytree(ROOT / "data" / "ref", tmp_path / "ref")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    assert resources.ref_dir() == tmp_path / "ref"


def test_kg_data_variable_changes_what_refdata_loads(monkeypatch, tmp_path) -> None:
    from kg.refdata import load_refdata

    shutil.copytree(ROOT / "data" / "ref", tmp_path / "ref")
    with (tmp_path / "ref" / "states.csv").open("a", encoding="utf-8") as fh:
        fh.write("XAT,XA,other,Atlantis,Atlantide,,,,\n")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    assert "XAT" in load_refdata().states
    monkeypatch.delenv(resources.ENV_VAR)
    assert "XAT" not in load_refdata().states


def test_kg_data_variable_without_a_ref_folder_is_refused_naming_both(monkeypatch, tmp_path):
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError) as err:
        resources.ref_dir()
    message = str(err.value)
    assert resources.ENV_VAR in message and str(tmp_path / "nowhere") in message
    assert "\n" not in message


# ---------------------------------------------------------------- python -m

def _commands() -> list[str]:
    return sorted(cli_main.commands)


def test_python_m_kg_help_lists_every_command(tmp_path) -> None:
    res = _run([sys.executable, "-m", "kg", "--help"], tmp_path)
    listed = {line.split()[0] for line in res.stdout.splitlines() if line.startswith("  ")}
    assert {"analyse", "view"} <= set(_commands())
    assert set(_commands()) <= listed


def test_python_m_kg_cli_reaches_every_command(tmp_path) -> None:
    """The main guard sat above the analyse and view commands: `python -m kg.cli` lacked them."""
    res = _run([sys.executable, "-m", "kg.cli", "--help"], tmp_path)
    listed = {line.split()[0] for line in res.stdout.splitlines() if line.startswith("  ")}
    assert set(_commands()) <= listed


def test_python_m_kg_runs_a_subcommand(tmp_path) -> None:
    res = _run([sys.executable, "-m", "kg", "analyse", "centrality", "--help"], tmp_path)
    assert "--top" in res.stdout
