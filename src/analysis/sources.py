"""Raw → processed: read what people provide, validate it, write tidy tables and a manifest.

``prepare(period)`` is the only code that reads ``data/raw``; notebooks read the processed
folder through ``load(period, data_dir)``.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__, budget, efficiency, land, paths
from .catalogue import Catalogue, load_catalogue

PROCESSED_ENCODING = "utf-8-sig"  # Excel on Chinese Windows opens UTF-8 with BOM correctly


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, encoding=PROCESSED_ENCODING, lineterminator="\n")


def library_versions() -> dict:
    import platform

    import matplotlib
    import nbconvert
    import numpy
    import papermill

    return {"analysis": __version__, "python": platform.python_version(), "pandas": pd.__version__,
            "numpy": numpy.__version__, "matplotlib": matplotlib.__version__,
            "papermill": papermill.__version__, "nbconvert": nbconvert.__version__}


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


def _inputs_record(files: list[Path], root: Path) -> list[dict]:
    out = []
    for f in sorted(set(files)):
        try:
            rel = f.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = f.name
        out.append({"path": rel, "sha256": file_sha256(f)})
    return out


def prepare(period: str, root: Path | None = None) -> Path:
    """Validate raw inputs for ``period`` and write ``data/processed/<period>/`` whole.

    Raises InputError (file, row, column, expected) on bad input; the previous processed
    folder is replaced only after everything was written.
    """
    from . import actuals as actuals_mod
    from .growth import parse_period

    parse_period(period)
    root = Path(root or paths.project_root())
    cat_path = paths.targets_file(root)
    cat = load_catalogue(cat_path)
    inputs = [cat_path]
    tables: dict[str, pd.DataFrame] = {"targets": cat.table()}

    act = actuals_mod.collect(root, cat)
    inputs += act.files
    tables["actuals"] = act.frame
    demo_parts = ["月度数据"] if act.demo else []

    raw = paths.raw_dir(root)
    settings_path = raw / "enterprises" / "scoring.yaml"
    settings = efficiency.load_settings(settings_path)
    if settings_path.exists():
        inputs.append(settings_path)
    ent_path, ent_demo = pick_source(raw / "enterprises", raw / "demo" / "enterprises", "enterprises")
    if ent_path is not None:
        inputs.append(ent_path)
        tables["enterprises"] = efficiency.read_ledger(ent_path)
        if ent_demo:
            demo_parts.append("企业台账")
    parcel_path, parcel_demo = pick_source(raw / "land", raw / "demo" / "land", "parcels")
    if parcel_path is not None:
        inputs.append(parcel_path)
        tables["parcels"] = land.read_parcels(parcel_path)
        if parcel_demo:
            demo_parts.append("五未地块台账")
    for stem, reader, label in (("spending", budget.read_spending, "预算执行数据"),
                                ("indicator_actuals", budget.read_indicator_actuals, "绩效指标完成值")):
        path, is_demo = pick_source(raw / "budget", raw / "demo" / "budget", stem)
        if path is not None:
            inputs.append(path)
            tables[stem] = reader(path, cat.budget_projects)
            if is_demo:
                demo_parts.append(label)
    from . import scenarios as scenarios_mod

    scenario_files = sorted((raw / "scenarios").glob("*.yaml"))
    for f in scenario_files:
        scenarios_mod.load_scenario(f)  # validate before anything is written
    inputs += scenario_files
    status_path = raw / "enterprises" / "low_efficiency_status.csv"
    if status_path.exists():
        inputs.append(status_path)
        tables["low_efficiency_status"] = efficiency.read_low_efficiency_status(
            status_path, cat.lists.get("low_efficiency_firms", {}).get("items", []))

    manifest = {
        "package": "zone-analysis",
        "period": period,
        "demo": bool(demo_parts),
        "demo_parts": demo_parts,
        "data_source": (f"示例数据（合成，非真实统计）：{'、'.join(demo_parts)}" if demo_parts
                        else "data/raw（真实数据）"),
        "settings": {"scoring": settings},
        "document": cat.document,
        "inputs": _inputs_record(inputs, root),
        "versions": library_versions(),
    }
    dest = paths.processed_dir(root) / period
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{period}-", dir=dest.parent))
    tmp.chmod(0o755)
    try:
        for name, df in tables.items():
            write_csv(df, tmp / f"{name}.csv")
        shutil.copyfile(cat_path, tmp / "targets.yaml")
        if scenario_files:
            (tmp / "scenarios").mkdir()
            for f in scenario_files:
                shutil.copyfile(f, tmp / "scenarios" / f.name)
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                                           + "\n", encoding="utf-8")
        replace_dir(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def pick_source(real_dir: Path, demo_dir: Path, stem: str) -> tuple[Path | None, bool]:
    """``<stem>.xlsx`` or ``<stem>.csv`` from the real folder, else from the demo folder (demo=True)."""
    for folder, demo in ((real_dir, False), (demo_dir, True)):
        for suffix in (".xlsx", ".csv"):
            p = folder / f"{stem}{suffix}"
            if p.exists():
                return p, demo
    return None, False


def replace_dir(new: Path, dest: Path) -> None:
    """Put ``new`` in place of ``dest`` in two renames, so a reader never sees a half-written folder."""
    old = dest.with_name(f".{dest.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    new.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def load(period: str, data_dir: str | Path | None = None) -> Bundle:
    """Read ``<data_dir>/<period>/`` (preparing it from raw data first if it is missing)."""
    data_dir = Path(data_dir) if data_dir else paths.processed_dir()
    folder = data_dir / period
    if not (folder / "manifest.json").exists():
        prepare(period, root=data_dir.resolve().parents[1])
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    cat = load_catalogue(folder / "targets.yaml")
    tables = {p.stem: pd.read_csv(p, encoding=PROCESSED_ENCODING) for p in sorted(folder.glob("*.csv"))}
    return Bundle(period=period, catalogue=cat, manifest=manifest, tables=tables, data_dir=folder)
