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


# `make test` runs the suite on two workers (pytest-xdist, --dist loadgroup).  The tests of a module whose
# module-scoped fixture is a full build stay on one worker, so that build is made once; the modules that
# read the one shared demo report (``demo_report``) form one group, so that report is built once too.
# Every other test goes to whichever worker is free (a cheap fixture, such as a prepared period, is then
# made once per worker).
SHARED_REPORT_MODULES = {"test_build.py", "test_publish.py"}
BUILDING_MODULES = {"test_incremental.py", "test_adversarial_build.py", "test_injection.py", "test_seal.py",
                    "test_registry.py"}
EPOCH = "1767225600"   # 2026-01-01 UTC: the shared report's 生成日期


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        name = item.path.name
        if name in SHARED_REPORT_MODULES:
            item.add_marker(pytest.mark.xdist_group("demo_report"))
        elif name in BUILDING_MODULES:
            item.add_marker(pytest.mark.xdist_group(name))


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """One full build of the demo data (the real 月报.pdf included), for the tests that only read a report:
    (project, reports/2025-10).  Built with a fixed 生成日期 and a non-inline MPLBACKEND (which must not
    keep charts out of the pages).  A test that changes the project puts it back as it found it."""
    from analysis import build

    proj = make_project(tmp_path_factory.mktemp("demo_report") / "proj")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        mp.setenv("MPLBACKEND", "Agg")
        dest = build.build("2025-10", root=proj)
    return proj, dest


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


def pdf_stand_in(source_html, target, base, **kw):
    target.write_bytes(b"%PDF-1.7 stand-in for tests\n")
    return target
