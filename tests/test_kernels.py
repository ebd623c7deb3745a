"""Spare kernels (analysis.kernels): a page run in a kernel started ahead gives the same bytes as a page
run in a kernel of its own; a spare is used only for its folder and environment, and never twice."""
import pytest

from analysis import execute, kernels

from .conftest import make_project


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    from analysis import sources

    p = make_project(tmp_path_factory.mktemp("kernels") / "proj")
    sources.prepare("2025-10", p)
    return p


def run(project, out, warm):
    nb = project / "notebooks/90_audit.ipynb"
    params = execute.plan_parameters([nb], "2025-10", {})[nb]
    if warm:
        kernels.start(nb.parent)
    execute.execute(nb, out, params, root=project, label="t")
    return out.read_bytes()


def test_a_page_in_a_spare_kernel_is_byte_identical(project, tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    cold = run(project, tmp_path / "cold.ipynb", warm=False)
    warm = run(project, tmp_path / "warm.ipynb", warm=True)
    assert warm == cold
    assert not kernels._spare                        # taken by the page, and that kernel is gone


def test_no_channel_outlives_its_page(project, tmp_path, monkeypatch):
    """papermill leaves the client of a kernel it did not start open: its heartbeat would ping the dead
    kernel's port, and a later kernel given that port logged "DELIM not in msg_list" into its page
    (seen in a 90-page --all build).  Every channel of a page run in a spare closes with its kernel."""
    import threading

    from jupyter_client.channels import HBChannel

    monkeypatch.setenv("ANALYSIS_ROOT", str(project))
    for i in range(3):
        run(project, tmp_path / f"p{i}.ipynb", warm=True)
    assert not [t for t in threading.enumerate() if isinstance(t, HBChannel)]
    assert kernels._opened == {} and not kernels._spare


def test_a_spare_is_only_for_its_folder_and_environment(project, tmp_path, monkeypatch):
    folder = project / "notebooks"
    kernels.start(folder)
    km = kernels._spare["km"]
    monkeypatch.setenv("ANALYSIS_ROOT", str(tmp_path))         # another project's environment
    assert kernels.take(folder) is None and not kernels._spare
    assert not kernels._run(km.is_alive)                       # the unusable spare was shut down
    kernels.start(folder)
    assert kernels.take(tmp_path) is None and not kernels._spare
    kernels.start(folder)
    km = kernels.take(folder)
    assert km is not None and kernels._run(km.is_alive) and kernels.take(folder) is None   # never twice
    kernels.shutdown(km)
    assert not kernels._run(km.is_alive)


def test_a_spare_that_cannot_start_is_no_spare(project, monkeypatch):
    from jupyter_client.manager import AsyncKernelManager

    async def refuse(self, **kw):
        raise RuntimeError("Address already in use")

    monkeypatch.setattr(AsyncKernelManager, "start_kernel", refuse)
    kernels.start(project / "notebooks")                       # no error: the page will start its own
    assert not kernels._spare and kernels.take(project / "notebooks") is None


def test_a_spare_that_died_is_not_used(project):
    kernels.start(project / "notebooks")
    km = kernels._spare["km"]
    kernels._run(km.shutdown_kernel, now=True)                 # killed while importing
    assert kernels.take(project / "notebooks") is None and not kernels._spare
