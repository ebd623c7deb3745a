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
