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
from pathlib import Path

ALL_TABLES = ("actuals", "targets", "enterprises", "parcels", "low_efficiency_status", "spending",
              "indicator_actuals", "projects", "onboarding", "finance")
ALL_SETTINGS = ("scoring", "quality", "report")
# notebook → the processed tables and settings it reads; a notebook not listed depends on everything
PAGE_INPUTS = {
    "00_summary": (("actuals", "targets"), ("report",)),
    "00_briefing": (("actuals", "targets"), ("report",)),
    "10_growth": (("targets",), ()),
    "20_land_efficiency": (("enterprises", "parcels", "low_efficiency_status", "targets"), ("scoring",)),
    "30_innovation": (("actuals", "targets"), ("report",)),
    "40_investment": (("actuals", "targets", "projects", "onboarding", "finance"), ("report",)),
    "50_budget": (("spending", "indicator_actuals", "targets"), ()),
    "60_scenarios": (("targets",), ("report",)),
    "90_audit": (("targets",), ()),
}
SCENARIO_PAGES = ("60_scenarios",)
SHELL = ("demo", "demo_parts", "data_source", "generated")


def _sha(path: Path) -> str:
    from .sources import file_sha256

    return file_sha256(path) if path.exists() else "absent"


def shell_facts(manifest: dict) -> dict:
    """What the page shell shows on every page: a change here changes every page."""
    return {**{k: manifest.get(k) for k in SHELL}, "inputs": len(manifest.get("inputs", [])),
            "quality": len(manifest.get("quality") or [])}


def page_key(notebook: Path, values: dict, folder: Path, manifest: dict) -> str:
    """The content key of one page (``folder``: the processed period folder)."""
    from .results import source_hash

    tables, settings = PAGE_INPUTS.get(notebook.stem, (ALL_TABLES, ALL_SETTINGS))
    basis = {
        "notebook": hashlib.sha256(Path(notebook).read_bytes()).hexdigest(),
        "values": values,
        "tables": {t: _sha(folder / f"{t}.csv") for t in tables},
        "settings": {s: manifest.get("settings", {}).get(s) for s in settings},
        "shell": shell_facts(manifest),
        "code": source_hash(),
        "versions": manifest.get("versions"),
    }
    if "targets" in tables:   # the catalogue itself: its 项目绩效目标表, and those imported beside it
        basis["catalogue"] = {f: _sha(folder / f) for f in ("targets.yaml", "targets.projects.yaml")}
    if notebook.stem in SCENARIO_PAGES or notebook.stem not in PAGE_INPUTS:
        scen = folder / "scenarios"
        basis["scenarios"] = {p.name: _sha(p) for p in sorted(scen.glob("*"))} if scen.is_dir() else {}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def outputs_key(page_keys: dict, result_keys: dict, manifest: dict) -> str:
    """The key of ``tables.xlsx`` and the 月报: every page, every result table, the record they print."""
    basis = {"pages": page_keys, "results": result_keys,
             "record": {k: manifest.get(k) for k in ("inputs", "settings", "versions", "generated", "quality",
                                                     "derived_from_ledgers", "data_source", "demo_parts")}}
    return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def previous(dest: Path) -> dict:
    """The manifest of the report now in ``dest`` (empty when there is none or it cannot be read)."""
    try:
        return json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def reusable(dest: Path, name: str, key: str, old: dict) -> bool:
    """A page can be reused when the report in ``dest`` made it with the same key and its files exist."""
    return old.get("page_keys", {}).get(name) == key and all(
        (dest / f"{name}{suffix}").exists() for suffix in (".html", ".ipynb"))
