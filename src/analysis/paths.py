"""Where things live.  One place decides the project root and the standard folders."""
from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """ANALYSIS_ROOT if set, else the nearest folder above the cwd holding data/raw/targets,
    else the checkout this package was installed from (src layout)."""
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for p in (here, *here.parents):
        if (p / "data" / "raw" / "targets").is_dir():
            return p
    return Path(__file__).resolve().parents[2]


def raw_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "raw"


def processed_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "processed"


def reports_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "reports"


def notebooks_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "notebooks"


def target_years(root: Path | None = None) -> list[str]:
    """The years that have a targets file (``data/raw/targets/<year>.yaml``), oldest first."""
    folder = raw_dir(root) / "targets"
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem.isdigit() and len(p.stem) == 4) \
        if folder.is_dir() else []


def targets_file(root: Path | None = None, year: int | str | None = None) -> Path:
    """The targets file of ``year`` (a period's year), or of the latest year that has one."""
    if year is None:
        years = target_years(root)
        year = years[-1] if years else "2025"
    return raw_dir(root) / "targets" / f"{year}.yaml"


def data_inputs(manifest: dict) -> list:
    """The inputs a period's pages are made from: every recorded input but the planners' scenario files
    (``data/raw/scenarios/``), which only the scenario pages read.  The count every page prints is of
    these, so adding a scenario file re-runs the scenario pages, not every page."""
    return [i for i in manifest.get("inputs", [])
            if "scenarios" not in Path(str(i.get("path", "") if isinstance(i, dict) else i)).parts[:-1]]

