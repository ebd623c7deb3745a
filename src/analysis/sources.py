"""Raw → processed: read what people provide, validate it, write tidy tables and a manifest.

``prepare(period)`` is the only code that reads ``data/raw``; notebooks read the processed
folder through ``load(period, data_dir)``.
"""
from __future__ import annotations

import contextlib

import json
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import efficiency, headline, paths, publicity, reconcile, registry, scenarios, standing, validation
from .catalogue import Catalogue, load_catalogue, projects_file, with_city_targets
from .errors import InputError, OutputError, ParameterError
from .incremental import environment_key, file_sha256, generated_on, library_versions, raw_fingerprint, source_hash  # noqa: F401 (the build's hashes)
from .validation import Quality
from .xlsx import FORMULA_START
from .period import Period

PROCESSED_ENCODING = "utf-8-sig"  # Excel on Chinese Windows opens UTF-8 with BOM correctly


def _inert(v):
    """Text Excel would take as a formula gets a leading apostrophe (shown as text); read back without it."""
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """A processed table as UTF-8 CSV with BOM (Excel opens it); text cells that Excel would run as a
    formula (``=HYPERLINK(…)``, ``+cmd|…``) are written with a leading apostrophe (OWASP)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(_inert)
    out.to_csv(path, index=False, encoding=PROCESSED_ENCODING, lineterminator="\n")


@dataclass
class Bundle:
    """What a notebook works from: the period, the catalogue, processed tables and the manifest."""
    period: str
    catalogue: Catalogue
    manifest: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    data_dir: Path | None = None
    made_here: bool = False                     # prepared by this load (a month without data then leaves nothing)
    root: Path | None = None                    # the project it was read from

    @property
    def demo(self) -> bool:
        return bool(self.manifest.get("demo"))


def inputs_record(files: list[Path], root: Path, hashes: dict[str, str] | None = None) -> list[dict]:
    """(path under the project, SHA-256) per input; ``hashes`` (``incremental.raw_hashes``) gives the hash
    of a file under ``data/raw`` as it was when it was read."""
    out = []
    raw = paths.raw_dir(root)
    for f in sorted(set(files)):
        rel = _relative(f, root) or f.name
        under_raw = _relative(f, raw)
        sha = (hashes or {}).get(under_raw) if under_raw else None
        out.append({"path": rel, "sha256": sha or file_sha256(f)})
    return out


def _relative(f: Path, base: Path) -> str | None:
    """``f`` under ``base`` as a POSIX path (links in the folders kept as written), or None."""
    import os

    for a, b in ((f, base), (Path(os.path.abspath(f)), Path(os.path.abspath(base))), (f.resolve(), base.resolve())):
        try:
            return a.relative_to(b).as_posix()
        except ValueError:
            continue
    return None


READ_ATTEMPTS = 3


def prepare(period: str, root: Path | None = None, generated: str | None = None, dest: Path | None = None) -> Path:
    """Validate raw inputs for ``period`` and write ``data/processed/<period>/`` (or ``dest``) whole.

    Raises InputError (file, row, column, expected) on bad input; the previous processed
    folder is replaced only after everything was written.  The inputs are hashed before and after
    they are read: the recorded hashes are those of the bytes read, and a file saved while the build
    read it is read again (after three tries, the build stops and says which file kept changing).
    """
    from .incremental import raw_hashes

    root = Path(root or paths.project_root())
    for _ in range(READ_ATTEMPTS):
        before = raw_hashes(root)
        result = _prepare(period, root, generated, before, dest or paths.processed_dir(root) / period)
        if result is not None:
            return result
    after = raw_hashes(root)
    moved = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    raise InputError(paths.raw_dir(root) / (moved[0] if moved else ""),
                     problem=f"输入文件在读取期间一直在变化（{'、'.join(moved) or '未知'}）/ inputs kept changing while read",
                     expected="等文件保存完成、没有程序在写入时再运行")


def _prepare(period: str, root: Path, generated: str | None, before: dict[str, str], dest: Path) -> Path | None:
    """One reading of the inputs, written out only if no input changed while it was read (else None)."""
    from .incremental import fingerprint_of, raw_hashes

    from . import actuals as actuals_mod
    from .growth import parse_period

    parse_period(period)
    cat_path = paths.targets_file(root, Period.parse(period).year_text)
    raw = paths.raw_dir(root)
    report_path = raw / "report.yaml"
    cat = load_catalogue(cat_path)
    report = headline.load_settings(report_path, [i.id for i in cat.monthly()])
    cat = with_city_targets(cat, report)      # 市下达 targets (实际利用外资) set in the report settings
    imported = projects_file(cat_path)   # 项目绩效目标表 imported with analysis import-targets
    inputs = [cat_path] + [f for f in (imported, report_path) if f.exists()]
    tables: dict[str, pd.DataFrame] = {"targets": cat.table()}

    quality = Quality()
    quality_path = raw / "quality.yaml"
    thresholds = actuals_mod.load_quality_settings(quality_path)
    if quality_path.exists():
        inputs.append(quality_path)
    act = actuals_mod.collect(root, cat, quality, thresholds)
    inputs += act.files
    tables["actuals"] = act.frame
    demo_parts = ["月度数据"] if act.demo else []

    settings_path = raw / "enterprises" / "scoring.yaml"
    settings = efficiency.load_settings(settings_path)
    if settings_path.exists():
        inputs.append(settings_path)
    # ledgers (registry.LEDGERS): the real file if present, else the demo one (named on every page)
    facts = {"period": period, "year": Period.parse(period).year_text, "quality": quality,
             "budget_projects": cat.budget_projects, "listed": cat.lists.get("low_efficiency_firms", {}).get("items", []),
             "units": report["units"], "scoring": settings}
    ledger_files: dict[str, tuple[Path, bool]] = {}
    for ledger in (led for led in registry.LEDGERS if led.demo):
        path, is_demo = pick_source(raw / ledger.folder, raw / "demo" / ledger.folder, ledger.stem)
        if not _demo_allowed(is_demo, ledger.demo_with, ledger_files):
            path = None                     # e.g. no demo history beside a real enterprise ledger
        if path is not None:
            inputs.append(path)
            tables[ledger.table] = ledger.read(path, **facts)
            ledger_files[ledger.table] = (path, is_demo)
            if is_demo:
                demo_parts.append(ledger.label)
    for ledger in registry.LEDGERS:              # checks across ledgers (an objection names a ledger firm)
        if ledger.check and ledger.table in tables:
            registry.resolve(ledger.check)(ledger_files[ledger.table][0], tables[ledger.table], tables)
    year = Period.parse(period).year
    (round_path, _), (scheme_path, scheme_demo) = (
        _settings_beside(raw, folder, stem, beside, label, ledger_files, inputs, demo_parts)
        for folder, stem, beside, label in (("enterprises", "round", "enterprises", "亩均评价公示设置"),
                                            ("standing", "scheme", "peers", "开发区考核方案")))
    round_settings = publicity.load_round(round_path)
    if round_path is not None:
        publicity.check_dates(round_path, round_settings, year, quality)
    scheme = standing.load_scheme(scheme_path) if scheme_path is not None else None
    if scheme is not None and not scheme_demo and ledger_files.get("peers", (None, False))[1]:
        demo_peers = ledger_files.pop("peers")[0]         # a real scheme is never scored on the demo peers
        del tables["peers"]
        inputs.remove(demo_peers)
        demo_parts.remove(registry.LEDGER["peers"].label)
        quality.warn(scheme_path, "有考核方案但没有对标表（peers.csv 或 .xlsx），不计算排位")
    if scheme is not None:
        standing.check_own(scheme_path, scheme, {i.id for i in cat.monthly()} | set(standing.DERIVED_OWN))
    if "peers" in tables:
        if scheme is None:
            quality.warn(ledger_files["peers"][0], "有开发区对标数据但没有考核方案（scheme.yaml），不计算排位")
        standing.check_peers(ledger_files["peers"][0], tables["peers"], scheme, year, quality)
    if "objections" in tables:
        publicity.check_log(ledger_files["objections"][0], tables["objections"], tables["enterprises"], round_settings,
                            quality)
    scenario_files = scenarios.scenario_files(raw / "scenarios")
    model = scenarios.Model.from_catalogue(cat, report["share_basis"])
    # a planner's scratch file never blocks the 月报: bad files are left out here and named by the build
    scenario_files, scenario_problems = scenarios.check_files(model, scenario_files)
    inputs += scenario_files
    status = registry.LEDGER["low_efficiency_status"]      # real only: the document names its firms
    listed = facts["listed"]
    status_path = validation.one_file(raw / status.folder, status.stem)
    if status_path is not None:
        inputs.append(status_path)
        tables[status.table] = status.read(status_path, **facts)
        ledger_files[status.table] = (status_path, False)
    else:  # the document names the 19 firms: list them, progress unknown, and say so
        tables[status.table] = efficiency.status_without_ledger(listed)
        quality.warn(raw / status.folder / f"{status.stem}.csv",
                     f"未提供{status.label}，文件所列{len(listed)}家企业的进展均按“未更新”列出")
    tables["actuals"], derived = reconcile.reconcile(tables["actuals"], tables, ledger_files, period, cat, quality,
                                                     act.demo)
    actuals_mod.plausibility(tables["actuals"], cat, quality, thresholds)   # typed and derived figures alike

    if raw_hashes(root) != before:         # a file was saved while it was read: read again
        return None
    manifest = {
        "package": "zone-analysis",
        "period": period,
        "demo": bool(demo_parts),
        "demo_parts": demo_parts,
        "data_source": headline.source_words(
            report, [("actuals", "月度数据")] * (not act.demo)
            + [(t, registry.LEDGER[t].label) for t, (_, is_demo) in ledger_files.items() if not is_demo], demo_parts),
        "settings": {"scoring": settings, "quality": thresholds, "report": report, "round": round_settings,
                     "standing": scheme},
        "document": cat.document,
        "inputs": inputs_record(inputs, root, before),
        "quality": quality.as_list(),
        "scenario_problems": scenario_problems,
        "derived_from_ledgers": derived,
        "versions": library_versions(),
        "generated": generated or generated_on(),   # 生成日期 (SOURCE_DATE_EPOCH), one value
        "raw_fingerprint": fingerprint_of(before),           # what load() compares to find stale data
        "code": source_hash(),                               # and the build, to skip an unneeded prepare
        "environment": environment_key(),                    # packages, fonts, matplotlib settings
    }
    with staged(dest) as tmp:
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
        shutil.copyfile(cat_path, tmp / "targets.yaml")
        if imported.exists():
            shutil.copyfile(imported, projects_file(tmp / "targets.yaml"))
        if scenario_files:
            (tmp / "scenarios").mkdir()
            for f in scenario_files:
                shutil.copyfile(f, tmp / "scenarios" / f.name)
        manifest["processed_files"] = {p.relative_to(tmp).as_posix(): file_sha256(p)     # checked before reuse
                                       for p in sorted(tmp.rglob("*")) if p.is_file()}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                                           + "\n", encoding="utf-8")
    return dest


def require_tables(bundle: "Bundle", names) -> None:
    """An InputError naming the missing ledger and where it goes, before a notebook that needs it runs."""
    for name in names:
        if name not in bundle.tables:
            ledger = registry.LEDGER[name]
            raise InputError(None, problem=f"缺少{ledger.label}，无法生成相关简报 / missing ledger: {name}",
                             expected=f"把{ledger.label}放在 {ledger.where}（列名见 README）")


def require_target_year(period: str, root: Path) -> None:
    """A ParameterError when ``period`` is not in the year of the targets file (2024 figures are not
    judged against 2025 targets)."""
    years = paths.target_years(root)
    year = Period.parse(period).year_text
    if year not in years:
        have = "、".join(years) or "（无）"
        raise ParameterError(f"期间 {period} 不在目标年度内：目标目录只有 {have} 年的目标，"
                             f"不能用来评价 {year} 年的数据 / no targets for {year}")


def require_period(folder: Path, period: str, made_here: bool = False) -> None:
    """An InputError when the processed monthly figures hold no row for ``period``.  ``made_here``: the
    folder was prepared just now for this check, so a month without data leaves nothing behind."""
    act = read_processed(Path(folder) / "actuals.csv")
    if not (act["period"].astype(str) == period).any():
        if made_here:
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):
                if Path(folder).parent.name == LAB:
                    Path(folder).parent.rmdir()      # the lab folder too, when this was all it held
        have = sorted(set(act["period"].astype(str)))
        raise InputError(None, problem=f"期间 {period} 没有任何月度数据（已有：{'、'.join(have) or '无'}）"
                         f" / no data for {period}",
                         expected=f"先用 analysis template --period {period} 生成模板并填报，放入 data/raw/actuals/")


def _demo_allowed(is_demo: bool, beside: str, ledger_files: dict) -> bool:
    """A demo file that goes with a ledger (``beside``) stands in only beside that ledger's demo copy: never
    invented history, dates or a scheme beside real firms or real peers."""
    return not (is_demo and beside and not ledger_files.get(beside, (None, False))[1])


def _settings_beside(raw: Path, folder: str, stem: str, beside: str, label: str, ledger_files: dict, inputs: list,
                     demo_parts: list) -> tuple[Path | None, bool]:
    """``<folder>/<stem>.yaml``, the settings file of a ledger (the round's dates, the evaluation scheme): the real
    one, else the demo one beside the ledger's demo copy; recorded among the inputs (and the demo parts)."""
    path, is_demo = pick_source(raw / folder, raw / "demo" / folder, stem, (".yaml",))
    if path is None or not _demo_allowed(is_demo, beside, ledger_files):
        return None, False
    inputs.append(path)
    if is_demo:
        demo_parts.append(label)
    return path, is_demo


def pick_source(real_dir: Path, demo_dir: Path, stem: str, suffixes: tuple[str, ...] = ()) -> tuple[Path | None, bool]:
    """``<stem>.xlsx`` or ``<stem>.csv`` (or ``<stem><suffix>`` for a suffix given) from the real folder, else
    from the demo folder (demo=True).

    Two files for one ledger in the same folder (``enterprises.xlsx`` and ``enterprises.csv``) is an
    error: which one is meant cannot be known."""
    for folder, demo in ((real_dir, False), (demo_dir, True)):
        if folder.is_dir():
            if suffixes:
                p = next((folder / f"{stem}{x}" for x in suffixes if (folder / f"{stem}{x}").is_file()), None)
            else:
                p = validation.one_file(folder, stem)
            if p is not None:
                return p, demo
    return None, False


@contextmanager
def build_lock(root: Path):
    """One build at a time per project; under the lock, what a killed build left is cleaned up.

    The lock is an ``flock`` on ``reports/.build.lock`` (released by the OS when a process dies,
    so a ``kill -9`` never leaves the project locked).  Leftover staging folders
    (``.build-*``, ``.*.old``) in ``reports/`` and ``data/processed/`` are removed first.
    """
    import fcntl

    out = paths.reports_dir(root)
    try:
        out.mkdir(parents=True, exist_ok=True)
        handle = open(out / ".build.lock", "a")
    except OSError as e:
        raise OutputError(f"无法写入报告目录 {out}：{e.strerror}（请检查文件夹权限）/ cannot write reports") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise OutputError("另一个构建正在进行，请等它结束后再试 / another build is running") from None
        for folder in (out, paths.processed_dir(root), out / "scenarios"):
            clean_leftovers(folder)
        yield
    finally:
        handle.close()


def clean_leftovers(folder: Path) -> None:
    """Recover, then tidy, what a killed build left in ``folder`` (only called under the build lock).

    Recovery comes first: a ``.<name>.old`` whose ``<name>`` is missing is a complete previous report
    that a kill caught between the two renames of the fallback swap (``replace_dir``), and it is put
    back before anything else can run.  Only then are staging folders (``.build-*``) and stale
    ``.*.old`` copies removed."""
    if not folder.is_dir():
        return
    for p in sorted(folder.iterdir()):
        if p.name.startswith(".") and p.name.endswith(".old") and p.is_dir() and not p.is_symlink():
            home = p.with_name(p.name[1:-len(".old")])
            if home.name and not home.exists() and not home.is_symlink():
                p.rename(home)
    for p in folder.iterdir():
        if p.name.startswith(".build-") or (p.name.startswith(".") and p.name.endswith((".old", ".tmp"))):
            _remove(p)


@contextmanager
def staged(dest: Path):
    """Write a folder's new content in a temporary sibling, then swap it in whole.

    Yields the temporary folder.  If the block raises, ``dest`` is left exactly as it was and the
    temporary folder is removed; otherwise ``dest`` is replaced by ``replace_dir``, which leaves no
    moment without a complete ``dest``.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".build-{dest.name}-", dir=dest.parent))
    except OSError as e:
        raise OutputError(f"无法写入目录 {dest.parent}：{e.strerror}（请检查文件夹权限）/ cannot write output") from None
    tmp.chmod(0o755)  # mkdtemp makes 0700; reports are read by others
    try:
        yield tmp
        try:
            replace_dir(tmp, dest)
        except OSError as e:
            raise OutputError(f"无法替换 {dest}：{e.strerror}（请检查文件夹权限，或关闭正在打开其中文件的程序）"
                              " / cannot replace output") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


_RENAME_EXCHANGE = 2   # renameat2 flag (Linux ≥ 3.15): swap two paths in one step


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    platform or the file system has no such call, so the caller falls back."""
    import ctypes
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if call(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):          # EINVAL, ENOSYS, EOPNOTSUPP: not here; the two renames will do
        return False
    raise OSError(err, os.strerror(err), str(b))


def replace_dir(new: Path, dest: Path) -> None:
    """Put ``new`` in place of ``dest`` so that ``dest`` is complete at every moment.

    Where the system can, the two folders are exchanged in one atomic step (``new`` then holds the
    previous report, which the caller removes).  Elsewhere ``dest`` is renamed to ``.<dest>.old`` and
    ``new`` renamed into place; a kill between the two is recovered by ``clean_leftovers`` under the next
    build lock, which puts ``.<dest>.old`` back before anything else runs."""
    if dest.is_dir() and not dest.is_symlink() and exchange(new, dest):
        return
    old = dest.with_name(f".{dest.name}.old")
    _remove(old)
    had = dest.exists() or dest.is_symlink()
    if had:
        dest.rename(old)
    try:
        new.rename(dest)
    except OSError:
        if had:
            old.rename(dest)
        raise
    _remove(old)


def _remove(path: Path) -> None:
    """Remove a folder or a file (a stray file where a report folder belongs), if present."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def read_processed(path: Path) -> pd.DataFrame:
    """A processed CSV with its text columns kept as text ('' for blanks)."""
    text = registry.text_columns().get(path.stem, ())
    df = pd.read_csv(path, encoding=PROCESSED_ENCODING, dtype={c: str for c in text})
    for c in text:
        if c in df.columns:
            df[c] = df[c].fillna("")
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(lambda v: v[1:] if isinstance(v, str) and v.startswith("'") and
                              v[1:].startswith(FORMULA_START) else v)
    return df


LAB = ".lab"   # data/processed/.lab/<period>: what a notebook run outside a build prepares for itself


def load(period: str, data_dir: str | Path | None = None, lab: bool | None = None) -> Bundle:
    """Read ``<data_dir>/<period>/`` as the build prepared it.

    A notebook run by a planner (``lab``; by default, outside a build) never shows stale figures and never
    touches what a build wrote: when ``data/raw`` changed since the build prepared the period, or the
    build never did, the period is prepared afresh in the lab's own folder, ``<data_dir>/.lab/<period>``.
    The build itself (``lab=False``) prepares its folder before it loads it; a missing one is prepared."""
    import os

    data_dir = Path(data_dir) if data_dir else paths.processed_dir()
    folder = data_dir / period
    root = data_dir.resolve().parents[1]
    lab = not os.environ.get("ANALYSIS_BUILD") if lab is None else lab
    made = False
    if lab and not _fresh(folder, root):
        folder = data_dir / LAB / period
        if not _fresh(folder, root):
            made = not folder.exists()
            prepare(period, root=root, dest=folder)
    elif not (folder / "manifest.json").exists():
        made = True
        prepare(period, root=root)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cat = with_city_targets(load_catalogue(folder / "targets.yaml"), manifest["settings"]["report"])
    tables = {p.stem: read_processed(p) for p in sorted(folder.glob("*.csv"))}
    return Bundle(period=period, catalogue=cat, manifest=manifest, tables=tables, data_dir=folder, made_here=made,
                  root=root)


def _fresh(folder: Path, root: Path) -> bool:
    """Whether ``folder`` was prepared from the raw data as it is now."""
    try:
        recorded = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("raw_fingerprint")
    except (OSError, ValueError):
        return False
    return recorded == raw_fingerprint(root)


def default_period(root: Path | None = None) -> str:
    """The latest month with data in the latest targets year (real actuals if any exist, else the demo files)."""
    from . import incremental
    from .errors import InputError

    root = Path(root or paths.project_root())
    cached = incremental.cached_default_period(root)
    if cached:
        return cached
    year = paths.targets_file(root).stem
    periods = [p for p in periods_with_data(root) if p.startswith(year)]
    if not periods:
        raise InputError(None, problem=f"没有 {year} 年的任何月度数据 / no monthly data for {year}",
                         expected="把月度数据放入 data/raw/actuals/，或用 --period 指定期间")
    return periods[-1]


def periods_with_data(root: Path) -> list[str]:
    """Every month of a targets year with at least one reported 本年累计 (real data if any, else the demo files).

    The answer is kept in ``data/processed/periods.json`` with the raw data's and the code's hash, so an
    unchanged rebuild finds its default period without reading the monthly files."""
    from . import actuals, incremental
    from .catalogue import load_catalogue

    years = set(paths.target_years(root))
    act = actuals.collect(root, load_catalogue(paths.targets_file(root)))
    reported = act.frame.dropna(subset=["ytd"])
    found = sorted(p for p in set(reported["period"].astype(str)) if p[:4] in years)
    latest = [p for p in found if p.startswith(paths.targets_file(root).stem)]
    try:
        (paths.processed_dir(root) / "periods.json").write_text(json.dumps(
            {"key": incremental.periods_key(root), "periods": found, "default": latest[-1] if latest else None},
            ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError:
        pass                         # only a shortcut: without it the next build reads the files again
    return found
