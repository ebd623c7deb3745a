"""Raw → processed: read what people provide, validate it, write tidy tables and a manifest.

``prepare(period)`` is the only code that reads ``data/raw``; notebooks read the processed
folder through ``load(period, data_dir)``.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import budget, efficiency, headline, land, paths, projects, reconcile, scenarios, validation
from .catalogue import Catalogue, load_catalogue, projects_file, with_city_targets
from .errors import InputError, OutputError, ParameterError
from .incremental import file_sha256, library_versions, raw_fingerprint  # noqa: F401 (the build's hashes)
from .validation import Quality
from .xlsx import FORMULA_START

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

    @property
    def demo(self) -> bool:
        return bool(self.manifest.get("demo"))


def inputs_record(files: list[Path], root: Path) -> list[dict]:
    out = []
    for f in sorted(set(files)):
        try:
            rel = f.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = f.name
        out.append({"path": rel, "sha256": file_sha256(f)})
    return out


def prepare(period: str, root: Path | None = None, generated: str | None = None) -> Path:
    """Validate raw inputs for ``period`` and write ``data/processed/<period>/`` whole.

    Raises InputError (file, row, column, expected) on bad input; the previous processed
    folder is replaced only after everything was written.
    """
    from . import actuals as actuals_mod
    from .growth import parse_period

    parse_period(period)
    root = Path(root or paths.project_root())
    cat_path = paths.targets_file(root, period[:4])
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
    # ledgers: the real file if present, else the demo one (named in the manifest and on every page)
    ledgers = (
        ("enterprises", "enterprises", lambda f: efficiency.read_ledger(f, quality), "企业台账"),
        ("land", "parcels", lambda f: land.read_parcels(f, period, quality), "五未地块台账"),
        ("budget", "spending", lambda f: budget.read_spending(f, cat.budget_projects, quality, period), "预算执行数据"),
        ("budget", "indicator_actuals",
         lambda f: budget.read_indicator_actuals(f, cat.budget_projects, period[:4] if period else None), "绩效指标完成值"),
        ("projects", "projects", lambda f: projects.read_projects(f, period, quality), "项目台账"),
        ("projects", "onboarding", lambda f: projects.read_onboarding(f, period, quality), "入统培育台账"),
        ("projects", "finance", lambda f: projects.read_finance(f, period, quality), "金融助企台账"),
    )
    ledger_files: dict[str, tuple[Path, bool]] = {}
    for folder, stem, reader, label in ledgers:
        path, is_demo = pick_source(raw / folder, raw / "demo" / folder, stem)
        if path is not None:
            inputs.append(path)
            tables[stem] = reader(path)
            ledger_files[stem] = (path, is_demo)
            if is_demo:
                demo_parts.append(label)
    scenario_files = scenarios.scenario_files(raw / "scenarios")
    model = scenarios.Model.from_catalogue(cat)
    for f in scenario_files:  # validate before anything is written
        scenarios.check_feasible(model, scenarios.load_scenario(f).assumptions, f)
    inputs += scenario_files
    listed = cat.lists.get("low_efficiency_firms", {}).get("items", [])
    status_path = validation.one_file(raw / "enterprises", "low_efficiency_status")
    if status_path is not None:
        inputs.append(status_path)
        tables["low_efficiency_status"] = efficiency.read_low_efficiency_status(status_path, listed, period, quality)
        ledger_files["low_efficiency_status"] = (status_path, False)
    else:  # the document names the 19 firms: list them, progress unknown, and say so
        tables["low_efficiency_status"] = efficiency.status_without_ledger(listed)
        quality.warn(raw / "enterprises" / "low_efficiency_status.csv",
                     f"未提供低效企业进展表，文件所列{len(listed)}家企业的进展均按“未更新”列出")
    tables["actuals"], derived = reconcile.reconcile(tables["actuals"], tables, ledger_files, period, cat, quality,
                                                     act.demo)
    actuals_mod.plausibility(tables["actuals"], cat, quality, thresholds)   # typed and derived figures alike

    manifest = {
        "package": "zone-analysis",
        "period": period,
        "demo": bool(demo_parts),
        "demo_parts": demo_parts,
        "data_source": (f"示例数据（合成，非真实统计）：{'、'.join(demo_parts)}" if demo_parts
                        else "填报的真实数据"),
        "settings": {"scoring": settings, "quality": thresholds, "report": report},
        "document": cat.document,
        "inputs": inputs_record(inputs, root),
        "quality": quality.as_list(),
        "derived_from_ledgers": derived,
        "versions": library_versions(),
        "generated": generated or headline.generated_on(),   # 生成日期 (SOURCE_DATE_EPOCH), one value
        "raw_fingerprint": raw_fingerprint(root),            # what load() compares to find stale data
        "code": _code_hash(),                                # and the build, to skip an unneeded prepare
    }
    with staged(paths.processed_dir(root) / period) as tmp:
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
        shutil.copyfile(cat_path, tmp / "targets.yaml")
        if imported.exists():
            shutil.copyfile(imported, projects_file(tmp / "targets.yaml"))
        if scenario_files:
            (tmp / "scenarios").mkdir()
            for f in scenario_files:
                shutil.copyfile(f, tmp / "scenarios" / f.name)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                                           + "\n", encoding="utf-8")
    return paths.processed_dir(root) / period


LEDGER_FILES = {  # processed table → (what it is, where the analyst puts it)
    "enterprises": ("企业台账", "data/raw/enterprises/enterprises.xlsx 或 .csv"),
    "parcels": ("五未地块台账", "data/raw/land/parcels.xlsx 或 .csv"),
    "spending": ("预算执行数据", "data/raw/budget/spending.xlsx 或 .csv"),
    "indicator_actuals": ("绩效指标完成值", "data/raw/budget/indicator_actuals.xlsx 或 .csv"),
    "projects": ("项目台账", "data/raw/projects/projects.xlsx 或 .csv（analysis template --projects 生成模板）"),
    "onboarding": ("入统培育台账", "data/raw/projects/onboarding.xlsx 或 .csv"),
    "finance": ("金融助企台账", "data/raw/projects/finance.xlsx 或 .csv"),
}


def require_tables(bundle: "Bundle", names) -> None:
    """An InputError naming the missing ledger and where it goes, before a notebook that needs it runs."""
    for name in names:
        if name not in bundle.tables:
            label, where = LEDGER_FILES[name]
            raise InputError(None, problem=f"缺少{label}，无法生成相关简报 / missing ledger: {name}",
                             expected=f"把{label}放在 {where}（列名见 README）")


def require_target_year(period: str, root: Path) -> None:
    """A ParameterError when ``period`` is not in the year of the targets file (2024 figures are not
    judged against 2025 targets)."""
    years = paths.target_years(root)
    if period[:4] not in years:
        have = "、".join(years) or "（无）"
        raise ParameterError(f"期间 {period} 不在目标年度内：目标目录只有 {have} 年的目标，"
                             f"不能用来评价 {period[:4]} 年的数据 / no targets for {period[:4]}")


def require_period(folder: Path, period: str) -> None:
    """An InputError when the processed monthly figures hold no row for ``period``."""
    act = read_processed(Path(folder) / "actuals.csv")
    if not (act["period"].astype(str) == period).any():
        have = sorted(set(act["period"].astype(str)))
        raise InputError(None, problem=f"期间 {period} 没有任何月度数据（已有：{'、'.join(have) or '无'}）"
                         f" / no data for {period}",
                         expected=f"先用 analysis template --period {period} 生成模板并填报，放入 data/raw/actuals/")


def pick_source(real_dir: Path, demo_dir: Path, stem: str) -> tuple[Path | None, bool]:
    """``<stem>.xlsx`` or ``<stem>.csv`` from the real folder, else from the demo folder (demo=True).

    Two files for one ledger in the same folder (``enterprises.xlsx`` and ``enterprises.csv``) is an
    error: which one is meant cannot be known."""
    for folder, demo in ((real_dir, False), (demo_dir, True)):
        if folder.is_dir():
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
    """Remove staging folders a killed build left in ``folder`` (only called under the build lock)."""
    if not folder.is_dir():
        return
    for p in folder.iterdir():
        if p.name.startswith(".build-") or (p.name.startswith(".") and p.name.endswith(".old")):
            _remove(p)


@contextmanager
def staged(dest: Path):
    """Write a folder's new content in a temporary sibling, then swap it in whole.

    Yields the temporary folder.  If the block raises, ``dest`` is left exactly as it was and the
    temporary folder is removed; otherwise ``dest`` is replaced in two renames (``replace_dir``).
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


def replace_dir(new: Path, dest: Path) -> None:
    """Put ``new`` in place of ``dest`` in two renames, so a reader never sees a half-written folder.

    If the second rename fails, the previous folder is put back."""
    old = dest.with_name(f".{dest.name}.old")
    _remove(old)
    had = dest.exists()
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


# columns that are text even when they look like numbers (codes with leading zeros, periods, notes)
TEXT_COLUMNS = {
    "actuals": ("id", "period", "note", "source"),
    "enterprises": ("code", "name", "industry", "flags"),
    "parcels": ("parcel", "name", "holder", "category", "date", "means", "note"),
    "spending": ("code", "period"),
    "indicator_actuals": ("code", "三级指标", "实际完成值", "评价等级", "偏差原因"),
    "low_efficiency_status": ("企业名称", "处置意见", "进展", "完成时间", "备注"),
    "projects": ("name", "kind", "chain", *projects.STAGES, "终止", "end_reason", "channel", "owner", "issue",
                 "next", "note"),
    "onboarding": ("name", "pooled", "eligible", "onboarded", "owner", "note"),
    "finance": ("firm", "institution", "date", "means", "note"),
}


def read_processed(path: Path) -> pd.DataFrame:
    """A processed CSV with its text columns kept as text ('' for blanks)."""
    text = TEXT_COLUMNS.get(path.stem, ())
    df = pd.read_csv(path, encoding=PROCESSED_ENCODING, dtype={c: str for c in text})
    for c in text:
        if c in df.columns:
            df[c] = df[c].fillna("")
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].map(lambda v: v[1:] if isinstance(v, str) and v.startswith("'") and
                              v[1:].startswith(FORMULA_START) else v)
    return df


def _code_hash() -> str:
    from .results import source_hash

    return source_hash()


def load(period: str, data_dir: str | Path | None = None) -> Bundle:
    """Read ``<data_dir>/<period>/``, preparing it from the raw data first if it is missing or, outside a
    build, if ``data/raw`` changed since it was prepared (a notebook never shows stale figures)."""
    import os

    data_dir = Path(data_dir) if data_dir else paths.processed_dir()
    folder = data_dir / period
    root = data_dir.resolve().parents[1]
    manifest_path = folder / "manifest.json"
    stale = not manifest_path.exists()
    if not stale and not os.environ.get("ANALYSIS_BUILD"):   # the build has just prepared it
        try:
            recorded = json.loads(manifest_path.read_text(encoding="utf-8")).get("raw_fingerprint")
        except ValueError:
            recorded = None
        stale = recorded != raw_fingerprint(root)
    if stale:
        prepare(period, root=root)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    cat = with_city_targets(load_catalogue(folder / "targets.yaml"), manifest["settings"]["report"])
    tables = {p.stem: read_processed(p) for p in sorted(folder.glob("*.csv"))}
    return Bundle(period=period, catalogue=cat, manifest=manifest, tables=tables, data_dir=folder)
