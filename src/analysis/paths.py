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


def targets_file(root: Path | None = None, year: int = 2025) -> Path:
    return raw_dir(root) / "targets" / f"{year}.yaml"
