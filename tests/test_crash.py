"""Crash consistency of the report swap (reliability issue, item 1).

A child process swaps a new report in with ``sources.staged`` and is killed (SIGKILL) just before its
k-th file-system step, for every k.  The next build lock (which every command that writes takes first)
must then find a complete report in place, the old one or the new one, never none and never a mix,
even when the command that took the lock goes on to refuse its input.
"""
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from analysis import cli, sources

FILES = ("a.html", "b.html", "manifest.json")

CHILD = textwrap.dedent("""
    import os, shutil, signal, sys
    from pathlib import Path
    from analysis import sources

    dest, kill_at, fallback = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
    steps = [0]

    def step(fn):
        def wrapped(*a, **k):
            steps[0] += 1
            if steps[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*a, **k)
        return wrapped

    Path.rename = step(Path.rename)
    Path.unlink = step(Path.unlink)
    shutil.rmtree = step(shutil.rmtree)
    sources.exchange = (lambda a, b: False) if fallback else step(sources.exchange)
    with sources.staged(dest) as tmp:
        for name in %r:
            (tmp / name).write_text("new", encoding="utf-8")
    print(steps[0])
""" % (FILES,))


def _report(dest: Path, label: str) -> None:
    dest.mkdir(parents=True)
    for name in FILES:
        (dest / name).write_text(label, encoding="utf-8")


def _swap(dest: Path, kill_at: int, fallback: bool) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(dest), str(kill_at), "1" if fallback else "0"],
                          capture_output=True, text=True, timeout=60)


def _state(dest: Path) -> str:
    assert dest.is_dir(), f"no report at {dest}: {sorted(p.name for p in dest.parent.iterdir())}"
    labels = {(dest / n).read_text(encoding="utf-8") if (dest / n).exists() else "missing" for n in FILES}
    assert len(labels) == 1 and labels <= {"old", "new"}, labels
    return labels.pop()


@pytest.mark.parametrize("fallback", [False, True], ids=["exchange", "two-renames"])
def test_a_kill_at_any_step_of_the_swap_leaves_a_complete_report(tmp_path, fallback):
    root = tmp_path / "proj"
    dest = root / "reports" / "2025-10"
    _report(dest, "old")
    clean = _swap(dest, 0, fallback)
    assert clean.returncode == 0, clean.stderr
    steps = int(clean.stdout.strip())
    assert steps >= 2 and _state(dest) == "new"
    seen = set()
    for k in range(1, steps + 1):
        import shutil

        shutil.rmtree(root)
        _report(dest, "old")
        killed = _swap(dest, k, fallback)
        assert killed.returncode == -signal.SIGKILL, (k, killed.stderr)
        with sources.build_lock(root):      # recovery comes first, under the lock
            pass
        seen.add(_state(dest))
        left = [p.name for p in dest.parent.iterdir() if p.name.startswith(".build-") or p.name.endswith(".old")]
        assert left == [], (k, left)
    assert seen == {"old", "new"}           # some kills landed before the swap and some after it


def test_refused_input_after_a_kill_between_renames_restores_the_report(tmp_path, monkeypatch, capsys):
    """The case that lost a report: a kill between the two renames left ``.2025-10.old`` and a complete
    staging folder; a later ``analysis validate`` that refuses its input deleted both."""
    from .conftest import make_project

    proj = make_project(tmp_path / "proj")
    reports = proj / "reports"
    _report(reports / ".2025-10.old", "old")
    _report(reports / ".build-2025-10-k1ll3d", "new")
    (proj / "data/raw/report.yaml").write_text("unit: [不是文字\n", encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_ROOT", str(proj))
    code = cli.main(["validate", "--period", "2025-10"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert _state(reports / "2025-10") == "old"
    assert not (reports / ".2025-10.old").exists()


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _report(a, "new")
    _report(b, "old")
    if not sources.exchange(a, b):
        pytest.skip("this file system has no atomic exchange; the two-rename path is tested above")
    assert _state(b) == "new" and _state(a) == "old"
    assert os.path.isdir(a)


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` now (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    found, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_build_leaves_no_worker_kernel_or_pdf_process(tmp_path):
    """Reliability item 10: every kill -9 of a build left about 400 MB of workers, kernels and the PDF
    process running.  Now they end with the build."""
    import time

    from .conftest import make_project

    proj = make_project(tmp_path / "proj")
    env = {**os.environ, "ANALYSIS_ROOT": str(proj)}
    build = subprocess.Popen([sys.executable, "-m", "analysis", "build", "--jobs", "2", "--quiet"], cwd=proj, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(seen) < 4:    # workers, a PDF process, kernels
            seen |= _descendants(build.pid)
            time.sleep(0.2)
        assert len(seen) >= 2, "the build started no worker"
        seen |= _descendants(build.pid)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(p) for p in seen):
            time.sleep(0.5)
        assert not [p for p in seen if _alive(p)]
    finally:
        for p in seen | _descendants(build.pid) | {build.pid}:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
