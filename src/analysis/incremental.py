"""Staleness, decided in one place (separate from how a page is executed).

A page is keyed by a content hash of everything that can change it:

* the notebook file and the build's parameter values;
* the processed tables it reads (their bytes: a changed ledger changes them, and a figure derived from a
  ledger, such as 收回盘活闲置土地 in the monthly table, changes the monthly table too);
* the settings it uses, the scenario files (for the scenario page), and what the page shell shows on
  every page (示例数据 parts, data source, number of inputs and of quality warnings, 生成日期);
* the package's own code and templates, and the library versions.

If the key is unchanged and the page's files exist, the page is reused; otherwise it runs.  The Excel
workbook and the 月报 are keyed by all page keys and the result tables' keys.  Nothing here trusts a
cache more than its key: a deleted or damaged cache only costs time.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from . import paths, registry

SHELL = ("demo", "demo_parts", "data_source", "generated")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _sha(path: Path) -> str:
    return file_sha256(path) if path.exists() else "absent"


def raw_files(root: Path) -> list[Path]:
    """Every input file under ``data/raw``, sorted, following linked folders (a ledger folder that is a
    symlink is an input like any other; a link back up the tree is visited once)."""
    import os

    from . import paths

    raw = paths.raw_dir(root)
    found, seen = [], set()
    for here, dirs, files in os.walk(raw, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(here) / f for f in files if not f.startswith((".", "~$")) and os.path.isfile(Path(here) / f)]
    return sorted(found, key=lambda f: f.relative_to(raw).as_posix())


def raw_hashes(root: Path) -> dict[str, str]:
    """``{path under data/raw: SHA-256}`` for every input file."""
    from . import paths

    raw = paths.raw_dir(root)
    return {f.relative_to(raw).as_posix(): file_sha256(f) for f in raw_files(root)}


def fingerprint_of(hashes: dict[str, str]) -> str:
    h = hashlib.sha256()
    for name, sha in hashes.items():
        h.update(name.encode("utf-8") + b"\0" + sha.encode() + b"\n")
    return h.hexdigest()


def raw_fingerprint(root: Path) -> str:
    """One hash of everything under ``data/raw`` (names and contents): a changed, added or removed
    input changes it."""
    return fingerprint_of(raw_hashes(root))


@lru_cache(maxsize=1)
def source_hash() -> str:
    """The package's own code: a changed helper changes every key (a cache never outlives the code)."""
    h = hashlib.sha256()
    for f in sorted(Path(__file__).parent.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".j2", ".css", ".json"):
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def library_versions() -> dict:
    """The versions that make a report (read from the installed metadata, without importing them)."""
    import platform
    from importlib.metadata import version

    from . import __version__

    return {"analysis": __version__, "python": platform.python_version(),
            **{name: version(name) for name in ("pandas", "numpy", "matplotlib", "papermill", "nbconvert")}}


# what else changes the bytes of a report without changing the inputs or the code
ENVIRONMENT_VARIABLES = ("ANALYSIS_CJK_FONT", "MATPLOTLIBRC", "MPLCONFIGDIR", "PYTHONHASHSEED")   # not MPLBACKEND: pages draw inline
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")


def environment() -> dict:
    """Everything outside the project that changes a report's bytes, read cheaply (a few milliseconds,
    so the CLI's fast path can afford it): every installed distribution and its version (the names of
    the ``*.dist-info`` folders on ``sys.path``), the font files the charts and the PDF can pick (path,
    size, time), the variables that steer fonts and matplotlib, and the matplotlibrc files it reads."""
    import os
    import sys

    installed = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        installed.update(n for n in names if n.endswith((".dist-info", ".egg-info")))
    fonts = []
    for folder in FONT_FOLDERS:
        top = os.path.expanduser(folder)
        for here, dirs, files in os.walk(top):
            dirs.sort()
            for f in sorted(files):
                try:
                    st = os.stat(os.path.join(here, f))
                except OSError:
                    continue
                fonts.append(f"{os.path.join(here, f)}|{st.st_size}|{st.st_mtime_ns}")
    variables = {v: os.environ.get(v) for v in ENVIRONMENT_VARIABLES}
    files = {}
    rc_places = [os.environ.get("MATPLOTLIBRC"), "matplotlibrc",
                 os.path.join(os.environ.get("MPLCONFIGDIR") or os.path.expanduser("~/.config/matplotlib"), "matplotlibrc"),
                 os.environ.get("ANALYSIS_CJK_FONT")]
    for place in filter(None, rc_places):
        target = os.path.join(place, "matplotlibrc") if os.path.isdir(place) else place
        files[place] = _sha(Path(target))
    return {"installed": sorted(installed), "fonts": fonts, "variables": variables, "files": files}


def environment_key() -> str:
    return hashlib.sha256(json.dumps(environment(), sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------- the whole period report
KEY_FILE = ".build_key"
PUBLISHED = ("tables.xlsx", "月报.html", "月报.pdf", "月报.docx",   # made from the result tables and pages
             "评价结果告知书.html", "亩均评价公示.html", "亩均评价公示名单.xlsx", "意见反馈表.docx")
REPORT_FILES = (*PUBLISHED, "index.html", "build.log", "manifest.json")
UNRECORDED = ("manifest.json", KEY_FILE, "build.log")


def build_key(root: Path, period: str, params: dict, generated: str) -> str:
    """The key of a whole period report: everything a full build reads (the raw inputs, every notebook,
    the parameters given, the code, the library versions, the period and the 生成日期).  Every page
    key is a function of these, so an equal key means no page, workbook or 月报 would change."""
    from . import paths

    notebooks = paths.notebooks_dir(root)
    basis = {"raw": raw_fingerprint(root), "code": source_hash(), "versions": library_versions(),
             "environment": environment_key(),
             "notebooks": {p.relative_to(notebooks).as_posix(): file_sha256(p)
                           for p in sorted(notebooks.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts},
             "params": params, "period": period, "generated": generated}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _leftovers(folder: Path) -> bool:
    """Whether a killed build left anything in ``folder`` (what ``sources.clean_leftovers`` removes)."""
    try:
        return any(p.name.startswith(".build-") or (p.name.startswith(".") and p.name.endswith((".old", ".tmp")))
                   for p in folder.iterdir())
    except OSError:
        return False


def unchanged_report(root: Path, period: str | None, params: dict) -> Path | None:
    """``reports/<period>/`` when a full build with these inputs made it and every file it made is
    there (the build writes the key last, after the scenario page too); else None.  Decided from file
    hashes alone, before pandas is imported, so an unchanged rebuild takes a fraction of a second."""
    from . import paths

    root = Path(root).resolve()
    period = period or cached_default_period(root)
    if period is None:
        return None
    dest = paths.reports_dir(root) / period
    if _leftovers(paths.reports_dir(root)) or _leftovers(paths.processed_dir(root)):
        return None          # a killed build left staging folders: the build (under its lock) tidies them
    try:
        recorded = (dest / KEY_FILE).read_text(encoding="utf-8").split("\n", 1)[0].strip()
    except OSError:
        return None
    if recorded != build_key(root, period, params, generated_on()):
        return None
    old = previous(dest)
    made = set(REPORT_FILES) - set(UNRECORDED) | {f"{e['name']}{s}" for e in old.get("notebooks", [])
                                                     for s in (".html", ".ipynb")}
    if not old.get("notebooks") or not made <= set(old.get("files") or ()) or not intact(dest, old, old["files"]):
        return None
    scenarios = paths.raw_dir(root) / "scenarios"
    if scenarios.is_dir() and any(scenarios.glob("*.y*ml")) and \
            not (paths.reports_dir(root) / "scenarios" / "index.html").exists():
        return None
    return dest if sealed(dest) else None


def _sealed_files(dest: Path) -> list[Path]:
    """What a report's seal covers beside the page files: its manifest, the all-periods index and the
    scenario comparison (every file of it)."""
    out = [dest / "manifest.json", dest.parent / "index.html"]
    scenarios = dest.parent / "scenarios"
    if scenarios.is_dir():
        out += sorted(p for p in scenarios.rglob("*") if p.is_file())
    return out


def seal(key: str, dest: Path) -> str:
    """The text of ``.build_key``: the whole report's key, then the SHA-256 of each file ``_sealed_files``
    names, so a hand edit to the manifest, the index or the scenario page is seen by the fast path."""
    lines = [key] + [f"{_sha(p)}  {p.relative_to(dest.parent).as_posix()}" for p in _sealed_files(dest)]
    return "\n".join(lines) + "\n"


def sealed(dest: Path) -> bool:
    """The seal of ``dest`` holds: the files it names have their bytes, no file was added to the scenario
    page, and the report folder holds nothing the build did not write."""
    try:
        lines = (dest / KEY_FILE).read_text(encoding="utf-8").splitlines()[1:]
    except OSError:
        return False
    recorded = dict(reversed(line.split("  ", 1)) for line in lines if "  " in line)
    now = {p.relative_to(dest.parent).as_posix(): p for p in _sealed_files(dest)}
    if set(recorded) != set(now) or any(_sha(p) != recorded[name] for name, p in now.items()):
        return False
    return not strays(dest, previous(dest))


def strays(dest: Path, old: dict) -> list[str]:
    """Files in a report folder that its build did not write (a page copied in by hand, say)."""
    expected = set(old.get("files") or ()) | set(UNRECORDED)
    try:
        return sorted(p.name for p in dest.iterdir() if p.name not in expected)
    except OSError:
        return []


def periods_key(root: Path) -> str:
    return hashlib.sha256(f"{raw_fingerprint(root)}|{source_hash()}".encode()).hexdigest()


def cached_default_period(root: Path) -> str | None:
    """The default period as the last build found it, if ``data/raw`` and the code are unchanged."""
    from . import paths

    try:
        saved = json.loads((paths.processed_dir(root) / "periods.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return saved.get("default") if saved.get("key") == periods_key(root) else None


def shell_facts(manifest: dict) -> dict:
    """What the page shell shows on every page: a change here changes every page."""
    return {**{k: manifest.get(k) for k in SHELL}, "inputs": len(paths.data_inputs(manifest)),
            "quality": len(manifest.get("quality") or [])}


def page_key(notebook: Path, values: dict, folder: Path, manifest: dict) -> str:
    """The content key of one page (``folder``: the processed period folder)."""
    page = registry.page_for(notebook.stem)
    tables = registry.TABLES if page.tables is None else page.tables
    settings = registry.SETTINGS if page.tables is None else page.settings
    basis = {
        "notebook": hashlib.sha256(Path(notebook).read_bytes()).hexdigest(),
        "values": values,
        "tables": {t: _sha(folder / f"{t}.csv") for t in tables},
        "settings": {s: manifest.get("settings", {}).get(s) for s in settings},
        "shell": shell_facts(manifest),
        "code": source_hash(),
        "versions": manifest.get("versions"),
        "environment": environment_key(),
    }
    if "targets" in tables:   # the catalogue itself: its 项目绩效目标表, and those imported beside it
        basis["catalogue"] = {f: _sha(folder / f) for f in ("targets.yaml", "targets.projects.yaml")}
    if page.scenarios or page.tables is None:
        scen = folder / "scenarios"
        basis["scenarios"] = {p.name: _sha(p) for p in sorted(scen.glob("*"))} if scen.is_dir() else {}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def outputs_key(page_keys: dict, result_keys: dict, manifest: dict) -> str:
    """The key of ``tables.xlsx`` and the 月报: every page, every result table, the record they print."""
    basis = {"pages": page_keys, "results": result_keys, "environment": environment_key(),
             "record": {k: manifest.get(k) for k in ("inputs", "settings", "versions", "generated", "quality",
                                                     "derived_from_ledgers", "data_source", "demo_parts")}}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def previous(dest: Path) -> dict:
    """The manifest of the report now in ``dest`` (empty when there is none or it cannot be read)."""
    try:
        return json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def files_record(folder: Path) -> dict[str, str]:
    """``{file name: SHA-256}`` of what a build wrote in a report folder: the manifest itself, the whole
    report's key and the build log (which says what ran, and so differs between equal reports) aside."""
    return {p.name: file_sha256(p) for p in sorted(folder.iterdir())
            if p.is_file() and p.name not in UNRECORDED}


def intact(dest: Path, old: dict, names) -> bool:
    """Every named file in ``dest`` has the bytes the build that made it recorded: a page edited by hand
    or truncated on disk is never reused (it is made again)."""
    recorded = old.get("files") or {}
    for name in names:
        f = dest / name
        if name not in recorded or not f.is_file() or file_sha256(f) != recorded[name]:
            return False
    return True


def reusable(dest: Path, name: str, key: str, old: dict) -> bool:
    """A page can be reused when the report in ``dest`` made it with the same key and its files are
    those that build wrote."""
    return old.get("page_keys", {}).get(name) == key and intact(dest, old, (f"{name}.html", f"{name}.ipynb"))


def generated_on() -> str:
    """生成日期: from ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) when set, else today
    (a date, not a time: rebuilding on the same day gives the same bytes).  A value that is not whole
    seconds since 1970 within years 2000–2100 is refused (ParameterError), never silently ignored."""
    import datetime as dt
    import os
    import re

    from .errors import ParameterError
    from .period import chinese_date

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        day = dt.date.today()
    else:
        found = re.fullmatch(r"(\d+)(?:\.0*)?", epoch)
        seconds = int(found.group(1)) if found else None
        lowest, highest = 946684800, 4133980799          # 2000-01-01 … 2100-12-31
        if seconds is None or not lowest <= seconds <= highest:
            raise ParameterError(f"环境变量 SOURCE_DATE_EPOCH 应为 1970 年以来的整秒数（对应 2000–2100 年），"
                                 f"收到 {epoch!r} / SOURCE_DATE_EPOCH must be whole seconds in 2000–2100")
        day = dt.datetime.fromtimestamp(seconds, dt.timezone.utc).date()
    return chinese_date(day)
