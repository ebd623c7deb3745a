"""Incremental builds: a page re-runs exactly when something it reads changed; a missing or damaged
cache only costs time; serial, process-pool and Dask builds give the same bytes."""
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import build, incremental, sources

from .conftest import make_project, pdf_stand_in

ALL = {"00_summary", "00_briefing", "10_growth", "20_land_efficiency", "26_round", "30_innovation", "40_investment",
       "45_supervision", "50_budget", "60_scenarios", "70_standing", "90_audit",
       *(f"25_class_list-{c}" for c in ("A", "B", "C", "D", "exempt"))}


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    from analysis import publish

    p = make_project(tmp_path_factory.mktemp("incr") / "proj")
    with pytest.MonkeyPatch.context() as mp:      # the same stand-in PDF as every later build here
        mp.setattr(publish, "write_pdf", pdf_stand_in)
        build.build("2025-10", root=p)
    for folder in ("reports", "data/processed"):  # as built, for put_back()
        shutil.copytree(p / folder, p.parent / "as-built" / folder, symlinks=True)
    return p


def put_back(proj):
    """The report and processed data as the fixture built them (what a rebuild after undoing an edit
    makes, without running the pages again)."""
    for folder in ("reports", "data/processed"):
        shutil.rmtree(proj / folder)
        shutil.copytree(proj.parent / "as-built" / folder, proj / folder, symlinks=True)


def rebuild(proj, **kw):
    events = []
    build.build("2025-10", root=proj, progress=lambda kind, name, text="": events.append((kind, name)), **kw)
    return {n for k, n in events if k == "run"}, {n for k, n in events if k == "skip"}


def files(dest, log=True):
    """Every file of a report; ``log=False`` leaves out build.log, which records what ran (and so differs
    between a build that reused pages and one that ran them)."""
    return {p.name: p.read_bytes() for p in sorted(dest.iterdir()) if p.is_file() and (log or p.name != "build.log")}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8")


def test_nothing_changed_nothing_runs_and_nothing_is_rewritten(proj):
    dest = proj / "reports/2025-10"
    before, stamp = files(dest), (dest / "index.html").stat().st_mtime_ns
    ran, skipped = rebuild(proj)
    assert ran == set() and skipped == ALL
    assert files(dest) == before and (dest / "index.html").stat().st_mtime_ns == stamp


@pytest.mark.parametrize("path, old, new, expected", [
    ("data/raw/demo/land/parcels.csv", "D06,示例地块06,示例企业66,32.0", "D06,示例地块06,示例企业66,33.0",
     {"20_land_efficiency", "00_summary"}),       # the summary states 收回盘活
    ("data/raw/demo/budget/spending.csv", "2025-10,259.00", "2025-10,258.00", {"50_budget"}),
    ("data/raw/enterprises/scoring.yaml", "\nmethod: minmax", "\nmethod: benchmark",
     {"20_land_efficiency", "26_round", *(f"25_class_list-{c}" for c in ("A", "B", "C", "D", "exempt"))}),
    ("data/raw/report.yaml", "amber_pp: 10", "amber_pp: 15", {"00_summary", "00_briefing", "30_innovation",
                                                                "40_investment", "45_supervision", "60_scenarios",
                                                                "70_standing"}),
    ("data/raw/demo/actuals/2025-10.csv", "56.8809", "56.9", {"00_summary", "00_briefing", "30_innovation",
                                                               "40_investment", "45_supervision", "70_standing"}),
    # a signing taken back: the monthly 签约 figure (derived from the ledger) changes
    ("data/raw/demo/projects/projects.csv", "2025-04-11,2025-10-14", "2025-04-11,",
     {"00_summary", "00_briefing", "30_innovation", "40_investment", "45_supervision", "70_standing"}),
    ("data/raw/demo/supervision/supervision.csv", "2025-06-15,2025-09-30,推进中", "2025-06-15,2025-11-30,推进中",
     {"00_summary", "45_supervision"}),
    ("data/raw/demo/projects/finance.csv", "示例企业26,示例银行04,1190", "示例企业26,示例银行04,5190", {"40_investment"}),
])
def test_a_changed_input_reruns_the_pages_that_read_it(proj, path, old, new, expected):
    f = proj / path
    original = f.read_bytes()
    before = {page: (proj / f"reports/2025-10/{page}.html").read_bytes() for page in expected}
    try:
        edit(f, old, new)
        ran, skipped = rebuild(proj)
        assert ran == expected and skipped == ALL - expected
        # and a page did change (the summary reads the parcels but states only what was disposed)
        assert any((proj / f"reports/2025-10/{page}.html").read_bytes() != before[page] for page in expected)
    finally:
        f.write_bytes(original)
        put_back(proj)
    assert rebuild(proj) == (set(), ALL)          # the input undone: the report as built is current again


class StubRunner:
    """Runs no kernel: each page becomes a one-line page and an empty notebook.  For tests of what must run
    (the keys), not of what a page shows, so five whole rebuilds cost seconds instead of minutes."""
    name = "serial"

    def run(self, tasks, on_start=None, on_done=None):
        import nbformat

        from analysis import pages
        from analysis.runners import Outcome

        out = []
        for t in tasks:
            if on_start:
                on_start(t.name)
            nbformat.write(nbformat.v4.new_notebook(), t.out_path)
            o = Outcome(t.name, t.name, f"<!DOCTYPE html><html><body>{pages.BODY_START}<h1>{t.name}</h1>"
                                        f"{pages.BODY_END}</body></html>", 0.0)
            if on_done:
                on_done(o)
            out.append(o)
        return out


def test_parameters_code_and_force_rerun_everything(tmp_path):
    from analysis import publish

    p = make_project(tmp_path / "stub")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(publish, "write_pdf", pdf_stand_in)

        def again(**kw):
            return rebuild(p, runner=StubRunner(), **kw)
        assert again()[0] == ALL
        assert again() == (set(), ALL)
        ran, _ = again(params={"tolerance_pp": 2.0})
        assert ran == ALL
        again()
        mp.setattr(incremental, "source_hash", lambda: "a changed helper module")
        ran, _ = again()
        assert ran == ALL
        mp.undo()
        mp.setattr(publish, "write_pdf", pdf_stand_in)
        again()
        ran, _ = again(force=True)
        assert ran == ALL


def test_a_deleted_or_damaged_cache_only_costs_time(tmp_path):
    """With stub pages (the keys are under test) and the real workbook, 月报.docx and 月报.html, which are
    made from the result tables: a damaged results cache is recomputed to the same bytes."""
    from analysis import publish

    proj = make_project(tmp_path / "stub")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(publish, "write_pdf", pdf_stand_in)

        def again(**kw):
            return rebuild(proj, runner=StubRunner(), **kw)
        again()
        dest = proj / "reports/2025-10"
        good = files(dest, log=False)
        (dest / "10_growth.html").unlink()
        ran, _ = again()
        assert ran == {"10_growth"} and files(dest, log=False) == good
        (dest / "manifest.json").write_text("{not json", encoding="utf-8")
        ran, _ = again()
        assert ran == ALL and files(dest, log=False) == good
        for pkl in (proj / "data/processed/2025-10/results").glob("*.pkl"):
            pkl.write_bytes(b"damaged")
        again(force=True)
        assert files(dest, log=False) == good


def test_a_new_or_changed_scenario_file_reruns_only_the_scenario_page(tmp_path):
    """Saving a scenario from the explorer re-ran all the pages (every page printed the count of input
    files, scenario files included).  Pages now count the files they are made from."""
    from analysis import publish

    proj = make_project(tmp_path / "stub")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(publish, "write_pdf", pdf_stand_in)
        rebuild(proj, runner=StubRunner())
        (proj / "data/raw/scenarios/planner.yaml").write_text(
            "name: 规划科试算\nassumptions:\n  revenue_growth: 20%\n", encoding="utf-8")
        ran, _ = rebuild(proj, runner=StubRunner())
        assert ran == {"60_scenarios"}
        edit(proj / "data/raw/scenarios/planner.yaml", "20%", "25%")
        ran, _ = rebuild(proj, runner=StubRunner())
        assert ran == {"60_scenarios"}
        manifest = json.loads((proj / "reports/2025-10/manifest.json").read_text(encoding="utf-8"))
        assert "data/raw/scenarios/planner.yaml" in {i["path"] for i in manifest["inputs"]}     # still recorded


def test_build_log_says_what_ran_and_why(proj):
    (proj / "reports/2025-10/90_audit.html").unlink()
    rebuild(proj)
    log = (proj / "reports/2025-10/build.log").read_text(encoding="utf-8")
    assert "运行 90_audit：" in log and "跳过 10_growth：未变化" in log


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# what the runner comparison builds: a page with charts, the fan-out (five outputs), the scenario page
RUNNER_PAGES = ["00_briefing", "25_class_list", "60_scenarios"]


def test_serial_processes_and_dask_give_the_same_bytes(tmp_path):
    """The same pages built by the serial, process-pool and Dask runners are the same bytes (pages, their
    notebooks, the index and the manifest with its per-output keys).  Three of the pages, not all of them:
    the runners differ in where a page runs, not in what it is."""
    def built(name, **kw):
        p = make_project(tmp_path / name)
        events = []
        build.build("2025-10", root=p, notebooks=RUNNER_PAGES, progress=lambda kind, n, text="": events.append(kind),
                    **kw)
        assert events.count("done") == 7, events                 # 00_briefing, 60_scenarios, five class lists
        return files(p / "reports/2025-10", log=False)

    reference = built("serial")
    assert {"25_class_list-A.html", "25_class_list-exempt.html", "60_scenarios.html", "manifest.json"} <= set(reference)
    assert built("par", jobs=2) == reference

    port = _free_port()
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--dashboard-address", ":0"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    worker = None
    try:
        time.sleep(3)
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", f"tcp://127.0.0.1:{port}",
                                   "--nworkers", "2", "--nthreads", "1", "--dashboard-address", ":0"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(4)
        assert built("dask", scheduler=f"tcp://127.0.0.1:{port}") == reference
    finally:
        for p in (worker, scheduler):
            if p is not None:
                p.terminate()
                p.wait(timeout=30)


def test_failures_are_collected_not_hidden_by_the_first(tmp_path):
    import nbformat

    from analysis.errors import BuildError

    p = make_project(tmp_path / "bad")
    for stem in ("10_growth", "90_audit"):
        nb = nbformat.read(p / f"notebooks/{stem}.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(f"raise RuntimeError('boom in {stem}')"))
        nbformat.write(nb, p / f"notebooks/{stem}.ipynb")
    with pytest.raises(BuildError) as e:
        build.build("2025-10", root=p, notebooks=["10_growth", "90_audit"], jobs=2)
    assert "boom in 10_growth" in str(e.value) and "boom in 90_audit" in str(e.value)
    assert not (p / "reports/2025-10").exists()


def test_an_unchanged_report_is_known_from_file_hashes_alone(proj, monkeypatch, capsys):
    """The CLI's shortcut: the whole report's key (raw inputs, notebooks, parameters, code, versions,
    生成日期) equal to the one the last full build wrote last, and every file there."""
    from analysis import cli, incremental, publish

    rebuild(proj)
    dest = proj / "reports/2025-10"
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest
    assert sources.default_period(proj) == "2025-10"                          # found once, then cached
    assert incremental.unchanged_report(proj, None, {}) == dest
    assert incremental.unchanged_report(proj, "2025-10", {"tolerance_pp": 2.0}) is None
    assert incremental.unchanged_report(proj, "2025-09", {}) is None       # never built
    ledger = proj / "data/raw/demo/budget/spending.csv"
    original = ledger.read_bytes()
    edit(ledger, "2025-10,259.00", "2025-10,258.00")
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    assert incremental.unchanged_report(proj, None, {}) is None            # the cached default period too
    ledger.write_bytes(original)
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest       # the inputs the report was made from
    notebook = proj / "notebooks/90_audit.ipynb"
    text = notebook.read_bytes()
    notebook.write_bytes(text.replace("口径核查".encode(), "口径核查 ".encode(), 1))
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    notebook.write_bytes(text)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")                  # another 生成日期
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    monkeypatch.undo()
    monkeypatch.setattr(publish, "write_pdf", pdf_stand_in)   # undo() lifted the stand-in too
    page = (dest / "30_innovation.html").read_bytes()
    (dest / "30_innovation.html").unlink()
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    (dest / "30_innovation.html").write_bytes(page)
    # the CLI answers without building; a partial build withdraws the key until a full build
    monkeypatch.setenv("ANALYSIS_ROOT", str(proj))
    monkeypatch.setattr(build, "build", lambda *a, **k: pytest.fail("built although nothing changed"))
    assert cli.main(["build"]) == 0
    assert "报告保持不变" in capsys.readouterr().out
    monkeypatch.undo()
    monkeypatch.setattr(publish, "write_pdf", pdf_stand_in)   # undo() lifted the stand-in too
    # a partial build that changed the report leaves no key: not even the old inputs make it whole again
    edit(ledger, "2025-10,259.00", "2025-10,258.00")
    rebuild(proj, notebooks=["50_budget"])
    ledger.write_bytes(original)
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    rebuild(proj)
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest


def test_leftovers_of_a_killed_build_are_tidied_even_when_nothing_changed(proj):
    """A kill left reports/.build-2025-10-*; the next build took the unchanged shortcut and kept it."""
    from analysis import incremental

    rebuild(proj)
    dest = proj / "reports/2025-10"
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest
    stray = proj / "reports/.build-2025-10-killed"
    stray.mkdir()
    (stray / "index.html").write_text("half", encoding="utf-8")
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    ran, _ = rebuild(proj)
    assert ran == set() and not stray.exists()
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest


def test_a_page_edited_or_truncated_in_reports_is_made_again(proj):
    """Reliability issue, item 3: a reused page is checked against the hash its build recorded."""
    from analysis import incremental

    rebuild(proj)
    dest = proj / "reports/2025-10"
    good = files(dest, log=False)
    page = dest / "10_growth.html"
    page.write_bytes(page.read_bytes().replace("</body>".encode(), "<p>手工修改</p></body>".encode()))
    assert incremental.unchanged_report(proj, "2025-10", {}) is None     # the CLI's shortcut looks too
    ran, _ = rebuild(proj)
    assert ran == {"10_growth"} and files(dest, log=False) == good
    (dest / "20_land_efficiency.html").write_bytes(b"")                  # truncated on disk
    ran, _ = rebuild(proj)
    assert ran == {"20_land_efficiency"} and files(dest, log=False) == good
    monthly = dest / "月报.html"
    monthly.write_bytes(monthly.read_bytes() + b"<!-- edited -->")       # the 月报 is made again, pages reused
    ran, _ = rebuild(proj)
    assert ran == set() and files(dest, log=False) == good
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest


def test_a_file_saved_while_the_inputs_are_read_is_read_again(proj, monkeypatch):
    """The hashes recorded are those of the bytes read: a file saved mid-read is read again, so the
    report never shows the old 税收 beside the new file's SHA-256."""
    from analysis import actuals, incremental, sources

    f = proj / "data/raw/demo/actuals/2025-10.csv"
    original = f.read_bytes()
    real = actuals.collect
    calls = []

    def collect_then_save(*a, **k):
        got = real(*a, **k)
        if not calls:
            edit(f, "56.8809", "57.1234")                             # saved just after it was read
        calls.append(1)
        return got

    monkeypatch.setattr(actuals, "collect", collect_then_save)
    try:
        folder = sources.prepare("2025-10", proj)
        assert len(calls) == 2
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        recorded = {i["path"]: i["sha256"] for i in manifest["inputs"]}
        assert recorded["data/raw/demo/actuals/2025-10.csv"] == incremental.file_sha256(f)
        assert manifest["raw_fingerprint"] == incremental.raw_fingerprint(proj)
        act = sources.read_processed(folder / "actuals.csv")
        assert act["ytd"].astype(str).str.contains("57.1234").any()
        assert not act["ytd"].astype(str).str.contains("56.8809").any()
    finally:
        f.write_bytes(original)
        monkeypatch.undo()
        rebuild(proj)


def test_inputs_that_never_settle_are_refused_by_name(proj, monkeypatch):
    from analysis import actuals, sources
    from analysis.errors import InputError

    f = proj / "data/raw/demo/actuals/2025-10.csv"
    original = f.read_bytes()
    real = actuals.collect
    n = [0]

    def collect_then_save(*a, **k):
        got = real(*a, **k)
        n[0] += 1
        f.write_bytes(original.replace(b"56.8809", f"56.880{n[0]}".encode(), 1))
        return got

    monkeypatch.setattr(actuals, "collect", collect_then_save)
    try:
        with pytest.raises(InputError, match="读取期间一直在变化") as e:
            sources.prepare("2025-10", proj)
        assert "2025-10.csv" in str(e.value)
    finally:
        f.write_bytes(original)


def test_a_ledger_folder_that_is_a_symlink_is_hashed(proj, tmp_path):
    from analysis import incremental

    real = tmp_path / "budget-elsewhere"
    linked = proj / "data/raw/demo/budget"
    shutil.move(linked, real)
    linked.symlink_to(real, target_is_directory=True)
    try:
        names = incremental.raw_hashes(proj)
        assert "demo/budget/spending.csv" in names
        before = incremental.raw_fingerprint(proj)
        edit(real / "spending.csv", "2025-10,259.00", "2025-10,258.00")
        assert incremental.raw_fingerprint(proj) != before
        edit(real / "spending.csv", "2025-10,258.00", "2025-10,259.00")
        (real / "loop").symlink_to(proj / "data/raw", target_is_directory=True)   # a link back up: visited once
        assert set(incremental.raw_hashes(proj)) == set(names)
    finally:
        linked.unlink()
        shutil.move(real, linked)
        if (linked / "loop").is_symlink():
            (linked / "loop").unlink()


def test_the_environment_is_in_every_key(proj, monkeypatch, tmp_path):
    """Reliability issue item 4: a font, a matplotlib setting or a package that changes the bytes of a
    fresh build must not let the fast path say 未变化, nor a page be reused."""
    from analysis import incremental

    rebuild(proj)
    dest = proj / "reports/2025-10"
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest
    font = next(p for d in incremental.FONT_FOLDERS for p in sorted(Path(d).expanduser().rglob("*.tt[cf]"))
                if "wqy" in p.name.lower() or "noto" in p.name.lower())
    home = tmp_path / "home"
    (home / ".fonts").mkdir(parents=True)
    changes = [("ANALYSIS_CJK_FONT", str(font)), ("MATPLOTLIBRC", str(tmp_path / "rc")), ("HOME", str(home))]
    (tmp_path / "rc").write_text("xtick.labelsize: 22\nytick.labelsize: 22\n", encoding="utf-8")
    for name, value in changes:
        with monkeypatch.context() as mp:
            mp.setenv(name, value)
            if name == "HOME":                       # a newly installed font in the user's font folder
                shutil.copyfile(font, home / ".fonts" / "new-font.ttf")
            assert incremental.unchanged_report(proj, "2025-10", {}) is None, name
            page = incremental.page_key(proj / "notebooks/10_growth.ipynb", {}, proj / "data/processed/2025-10",
                                        {"versions": {}})
        assert page != incremental.page_key(proj / "notebooks/10_growth.ipynb", {}, proj / "data/processed/2025-10",
                                            {"versions": {}}), name
    site = tmp_path / "site"
    (site / "weasyprint-99.0.dist-info").mkdir(parents=True)   # another version of a package
    with monkeypatch.context() as mp:
        mp.syspath_prepend(str(site))
        assert incremental.unchanged_report(proj, "2025-10", {}) is None
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest
    before = (dest / "10_growth.html").read_bytes()
    with monkeypatch.context() as mp:                        # and a build in that environment runs the page
        mp.setenv("MATPLOTLIBRC", str(tmp_path / "rc"))
        ran, _ = rebuild(proj, notebooks=["10_growth"])
    assert ran == {"10_growth"} and (dest / "10_growth.html").read_bytes() != before   # larger tick labels


def test_a_partial_build_never_publishes_a_partial_monthly_report(tmp_path, capsys):
    """Issue 27 #7: `--notebook 50_budget` on a new period rendered a 月报 without its 领导摘要."""
    from analysis import cli

    p = make_project(tmp_path / "partial")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSIS_ROOT", str(p))
        assert cli.main(["build", "--period", "2025-10", "--notebook", "50_budget"]) == 0
    out = capsys.readouterr().out
    dest = p / "reports/2025-10"
    assert (dest / "50_budget.html").exists() and (dest / "tables.xlsx").exists()
    assert not any((dest / f).exists() for f in ("月报.html", "月报.pdf", "月报.docx"))
    assert "月报未生成" in out and "00_summary" in out
    assert "月报.pdf" not in (dest / "index.html").read_text(encoding="utf-8")
