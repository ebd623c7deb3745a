"""The targets catalogue: Indicator records transcribed from the source document.

The YAML (``data/raw/targets/2025.yaml``) keeps the document's own figures and units;
this module validates it and derives the related figures the document implies
(base behind a growth rate, denominator behind a share, the increment).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import growth, units
from .errors import InputError

KINDS = {"target", "actual", "plan"}
DIRECTIONS = {"higher", "lower", None}
REQUIRED = ("id", "name", "group", "kind", "year", "value", "unit", "section", "quote")
OPTIONAL = ("qualifier", "growth_pct", "increment", "share_pct", "share_of", "direction", "monthly")


# indicators that are stocks (a level, judged by 增量进度 from the 2024 base), not flows
STOCKS = {"above_scale_firms", "projects_under_construction", "inv_negotiating"}

@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    group: str
    kind: str
    year: int
    value: float | None
    unit: str
    section: str
    quote: str
    qualifier: str | None = None
    growth_pct: float | None = None
    increment: float | None = None
    share_pct: float | None = None
    share_of: str | None = None
    direction: str | None = None
    monthly: bool = False

    @property
    def growth(self) -> float | None:
        """Stated growth as a fraction (47.6 → 0.476)."""
        return None if self.growth_pct is None else units.to_canonical(self.growth_pct, "%")[0]

    @property
    def share(self) -> float | None:
        return None if self.share_pct is None else units.to_canonical(self.share_pct, "%")[0]


@dataclass
class Catalogue:
    document: dict
    indicators: list[Indicator]
    lists: dict = field(default_factory=dict)
    budget_projects: list = field(default_factory=list)
    path: Path | None = None

    def get(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(f"目录中没有指标 {indicator_id!r} / no such indicator")

    def monthly(self) -> list[Indicator]:
        return [i for i in self.indicators if i.monthly]

    def table(self) -> pd.DataFrame:
        """The whole catalogue with derived figures, one row per indicator (document units)."""
        return catalogue_table(self.indicators)


CITY_TARGETS = {"foreign_investment_target": "foreign_investment"}   # report setting → the indicator it sets


def with_city_targets(cat: Catalogue, report_settings: dict) -> Catalogue:
    """The catalogue with the targets the document leaves to the city set from the report settings
    (实际利用外资：完成市下达任务).  Once set, the indicator is tracked monthly like any other: in the
    monthly template, the monthly table, the 领导摘要 and ``tables.xlsx``."""
    assigned = {ind_id: report_settings.get(key) for key, ind_id in CITY_TARGETS.items() if report_settings.get(key)}
    if not assigned:
        return cat
    return replace(cat, indicators=[
        replace(i, value=float(assigned[i.id]["value"]), unit=assigned[i.id]["unit"], monthly=True, qualifier="市下达")
        if i.id in assigned else i for i in cat.indicators])


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and validate the targets YAML; every problem names the file, entry and field."""
    path = Path(path)
    from .validation import load_yaml

    raw = load_yaml(path, "目标目录文件")
    if not isinstance(raw, dict) or "indicators" not in raw:
        raise InputError(path, problem="缺少 indicators 列表 / missing 'indicators'")
    seen: set[str] = set()
    indicators = []
    for n, entry in enumerate(raw["indicators"], start=1):
        where = dict(path=path, row=n)
        if not isinstance(entry, dict):
            raise InputError(**where, problem="条目应为键值对 / entry must be a mapping")
        unknown = set(entry) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            raise InputError(**where, column=sorted(unknown)[0], problem="未知字段 / unknown field",
                             expected="、".join(REQUIRED + OPTIONAL))
        for key in REQUIRED:
            if key not in entry:
                raise InputError(**where, column=key, problem="缺少必填字段 / missing field")
        if entry["id"] in seen:
            raise InputError(**where, column="id", problem=f"指标代码重复：{entry['id']} / duplicate id")
        seen.add(entry["id"])
        if entry["kind"] not in KINDS:
            raise InputError(**where, column="kind", problem=f"取值 {entry['kind']!r} 无效",
                             expected=" / ".join(sorted(KINDS)))
        if entry.get("direction") not in DIRECTIONS:
            raise InputError(**where, column="direction", problem=f"取值 {entry['direction']!r} 无效",
                             expected="higher / lower")
        for key in ("value", "growth_pct", "increment", "share_pct"):
            v = entry.get(key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise InputError(**where, column=key, problem=f"应为数值，收到 {v!r}", expected="数值 / number")
        if entry.get("monthly") and entry["value"] is None:
            raise InputError(**where, column="value", problem="按月跟踪的指标必须有目标值 / monthly indicator needs a value")
        indicators.append(Indicator(**{k: entry.get(k) for k in REQUIRED + OPTIONAL if k in entry}))
    return Catalogue(
        document=raw.get("document", {}),
        indicators=indicators,
        lists=raw.get("lists", {}) or {},
        budget_projects=(raw.get("budget_projects", []) or []) + imported_projects(path, raw.get("budget_projects")),
        path=path,
    )


def projects_file(path: str | Path) -> Path:
    """The imported 项目绩效目标表 beside a targets file: ``2025.yaml`` → ``2025.projects.yaml``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.projects.yaml")


def imported_projects(path: str | Path, existing) -> list[dict]:
    """The projects ``analysis import-targets`` wrote beside the targets file, checked: every project has a
    code, a name, a numeric 预算数 and indicators with the four levels; codes are not repeated."""
    from .validation import load_yaml

    f = projects_file(path)
    if not f.exists():
        return []
    raw = load_yaml(f, "导入的项目绩效目标表")
    projects = (raw or {}).get("budget_projects") if isinstance(raw, dict) else None
    if not isinstance(projects, list):
        raise InputError(f, problem="应包含 budget_projects 列表 / missing 'budget_projects'")
    seen = {p.get("code") for p in existing or []}
    for n, p in enumerate(projects, start=1):
        where = dict(path=f, row=n)
        if not isinstance(p, dict):
            raise InputError(**where, problem="项目应为键值对 / project must be a mapping")
        for key in ("code", "name", "budget", "indicators"):
            if p.get(key) in (None, ""):
                raise InputError(**where, column=key, problem="缺少必填字段 / missing field")
        v = p["budget"]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
            raise InputError(**where, column="budget", problem=f"预算数应为非负数值，收到 {v!r}", expected="万元数值")
        if p["code"] in seen:
            raise InputError(**where, column="code", problem=f"项目编码重复：{p['code']} / duplicate project code")
        seen.add(p["code"])
        for m, ind in enumerate(p["indicators"], start=1):
            missing = [k for k in ("level1", "level2", "level3", "value") if not isinstance(ind, dict) or not ind.get(k)]
            if missing:
                raise InputError(**where, column=f"indicators[{m}].{missing[0]}", problem="缺少必填字段 / missing field")
        p.setdefault("schedule_pct", {"12": 100})
        p.setdefault("unit", "万元")
    return projects


def catalogue_table(indicators: list[Indicator]) -> pd.DataFrame:
    """One row per indicator: the document's figures plus the implied base, increment and denominator.

    implied_base = value / (1 + growth) (METHODS §1); increment = value − implied_base;
    implied_total = value / share.  All in the indicator's own unit.
    """
    rows = []
    for i in indicators:
        base = total = inc = None
        if i.value is not None and i.growth is not None:
            base = growth.implied_base(i.value, i.growth)
            inc = i.value - base
        if i.value is not None and i.share is not None:
            total = growth.implied_total(i.value, i.share)
        rows.append({
            "id": i.id, "中文名": i.name, "分组": i.group, "类型": i.kind, "年份": i.year,
            "数值": i.value, "单位": i.unit, "限定词": i.qualifier,
            "增幅%": i.growth_pct, "新增": i.increment,
            "隐含基期": base, "隐含增量": inc,
            "占比%": i.share_pct, "占比口径": i.share_of, "隐含总量": total,
            "方向": i.direction, "按月跟踪": bool(i.monthly),
            "出处": i.section, "原文": i.quote,
        })
    return pd.DataFrame(rows)
