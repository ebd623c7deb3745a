import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_750f8f4db4522d2d.txt"


@pytest.fixture(scope="session")
def catalogue():
    from analysis.catalogue import load_catalogue

    return load_catalogue(ROOT / "data" / "raw" / "targets" / "2025.yaml")


def make_project(dest: Path, with_demo: bool = True) -> Path:
    """A throwaway copy of the project's inputs and notebooks to build into."""
    shutil.copytree(ROOT / "notebooks", dest / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "data" / "raw", dest / "data" / "raw")
    if not with_demo:
        shutil.rmtree(dest / "data" / "raw" / "demo")
    (dest / "data" / "processed").mkdir(parents=True)
    return dest


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "proj")


@pytest.fixture(autouse=True)
def _pdf_only_where_tested(request, monkeypatch):
    """月报.pdf takes WeasyPrint several seconds: tests of other behaviour get a stand-in file; the
    session-built report (``built``) and tests marked ``pdf`` make the real one."""
    if request.node.get_closest_marker("pdf"):
        return
    from analysis import publish

    monkeypatch.setattr(publish, "write_pdf", pdf_stand_in)


def pdf_stand_in(source_html, target, base):
    target.write_bytes(b"%PDF-1.7 stand-in for tests\n")
    return target
