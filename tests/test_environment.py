import re

import yaml

from .conftest import ROOT


def _dependencies() -> list[str]:
    """pyproject's [project] dependencies (read without tomllib, which Python 3.10 lacks)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies\s*=\s*\[(.*?)^\]", text, re.S | re.M)
    assert block, "pyproject.toml has no dependencies list"
    return re.findall(r'"([^"]+)"', block.group(1))


def test_dependencies_reader_sees_the_core_packages():
    names = {_name(d) for d in _dependencies()}
    assert {"pandas", "numpy", "matplotlib", "papermill", "nbconvert", "jupyterlab", "pytest"} <= names


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec, maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject():
    deps = _dependencies()
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = {_name(d) for d in env if isinstance(d, str)} - {"python", "pip"}
    assert {_name(d) for d in deps} == conda


def test_lock_pins_every_dependency():
    lock = {_name(line) for line in (ROOT / "requirements.lock").read_text().splitlines()
            if line and not line.startswith("#")}
    deps = _dependencies()
    assert {_name(d) for d in deps} <= lock


def test_build_processes_go_without_the_iri_grammar():
    """jsonschema imports rfc3987_syntax when installed (1.6 s of grammar compiling in every process
    that reads a notebook); the package keeps it out of its processes."""
    import subprocess
    import sys

    code = "import analysis, nbformat, sys; print(sys.modules.get('rfc3987_syntax') is None)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
