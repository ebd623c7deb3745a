"""Deterministic synthetic inputs (示例数据) for demonstrations and tests.

Nothing here is a real statistic.  The monthly actuals are built around the 2024 bases the
document implies (目标 / (1 + 增幅)), with a fixed seasonal shape and fixed growth
assumptions chosen so that some indicators run ahead of 序时进度 and some behind.
Everything written goes under ``data/raw/demo/``; every report built on it says 示例数据.
Run ``analysis demo`` (or ``make demo``) to regenerate; the output is byte-identical.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import growth, paths, reconcile
from .catalogue import Catalogue, load_catalogue

SEED = 2025
DEMO_MONTHS = 10  # 2025-01 … 2025-10
# share of the annual total reached in each month (sums to 1): slow January/February (春节), strong December
SEASON = np.array([0.055, 0.060, 0.082, 0.083, 0.085, 0.090, 0.082, 0.083, 0.088, 0.090, 0.095, 0.107])

# Flow indicators: (2025 growth the demo assumes, 2024 annual figure where the document gives no growth).
FLOW_ASSUMPTIONS = {
    "industrial_output": (0.21, None),   # ahead of the 18.6% target
    "revenue": (0.17, None),             # behind the 20% target
    "tax": (0.36, None),                 # behind the 47.6% target
    "fixed_investment": (0.24, None),
    "trade": (0.09, None),               # behind the 12% target
    "hightech_output": (0.16, 19.0),     # 2024 figure invented for the demo
    "emerging_output": (0.12, 6.2),      # 2024 figure invented for the demo
}
# Count and area indicators: cumulative reported value at the end of each month 1…10 (this year),
# and last year's value at the same month where a series makes sense.
STOCK_PATHS = {
    "above_scale_firms": ([45, 46, 46, 47, 47, 48, 48, 48, 49, 49], [40, 40, 41, 41, 42, 42, 43, 43, 44, 44]),
    "new_projects_started": ([0, 1, 3, 5, 6, 8, 9, 10, 11, 12], [0, 1, 2, 4, 5, 6, 7, 8, 9, 10]),
    "projects_under_construction": ([14, 15, 16, 17, 18, 18, 19, 19, 20, 21],
                                    [12, 12, 13, 14, 14, 15, 15, 16, 16, 16]),
    "projects_completed": ([0, 0, 1, 2, 3, 5, 6, 7, 8, 9], [0, 0, 1, 2, 3, 4, 5, 6, 8, 9]),
    "fixed_investment_projects": ([8, 10, 13, 16, 18, 20, 22, 24, 25, 27], [7, 9, 12, 14, 16, 18, 19, 21, 23, 24]),
    "inv_negotiating": ([6, 8, 9, 11, 12, 14, 15, 16, 17, 18], None),
    "inv_signed": ([0, 1, 1, 2, 2, 3, 3, 4, 4, 5], None),
    "inv_landed": ([0, 0, 1, 1, 1, 2, 2, 3, 3, 3], None),
    "onboarding_target": ([4, 4, 4, 4, 4, 4, 5, 5, 5, 5], None),
    "hightech_firms_new": ([0, 0, 0, 0, 0, 0, 2, 2, 2, 3], None),
    "incubators_new": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], None),
    "specialised_firms_new": ([0, 0, 0, 0, 0, 2, 2, 2, 2, 2], None),
    "cluster_leaders_new": ([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], None),
    "champions_new": ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], None),
    "little_giants_applied": ([0, 0, 0, 1, 1, 1, 1, 1, 1, 1], None),
}
LAST_FULL = {"inv_negotiating": 11, "inv_signed": 4, "inv_landed": 3}  # 2024 figures from the document


def demo_actuals(cat: Catalogue) -> pd.DataFrame:
    """Synthetic YTD actuals for 2025-01 … 2025-10 in the template's layout (one row per indicator, month)."""
    rng = np.random.default_rng(SEED)
    rows = []
    for ind in cat.monthly():
        if ind.id in FLOW_ASSUMPTIONS:
            g, base_2024 = FLOW_ASSUMPTIONS[ind.id]
            base = base_2024 if base_2024 is not None else growth.implied_base(ind.value, ind.growth)
            noise = 1 + rng.normal(0, 0.01, size=12)
            last_monthly = base * SEASON * noise / np.sum(SEASON * noise)
            this_monthly = last_monthly * (1 + g) * (1 + rng.normal(0, 0.015, size=12))
            ytd = np.cumsum(this_monthly)[:DEMO_MONTHS]
            ytd_last = np.cumsum(last_monthly)[:DEMO_MONTHS]
            for m in range(DEMO_MONTHS):
                rows.append(_row(ind, m + 1, round(ytd[m], 4), round(ytd_last[m], 4), round(base, 4)))
        elif ind.id in STOCK_PATHS:
            this, last = STOCK_PATHS[ind.id]
            for m in range(DEMO_MONTHS):
                rows.append(_row(ind, m + 1, this[m], None if last is None else last[m],
                                 LAST_FULL.get(ind.id)))
        elif ind.id in reconcile.FACTS:
            continue   # carried by a ledger (五未地块台账, 低效企业进展表): the figure is derived from it
        else:
            raise KeyError(f"demo has no assumption for monthly indicator {ind.id}")
    return pd.DataFrame(rows)


def _num(v) -> str:
    """Text as an analyst would type it: counts as integers, amounts with 4 decimals."""
    if v is None:
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return f"{v:.4f}"


def _row(ind, month, ytd, ytd_last, last_full):
    ytd, ytd_last, last_full = _num(ytd), _num(ytd_last), _num(last_full)
    return {"指标代码": ind.id, "指标名称": ind.name, "单位": ind.unit, "期间": f"2025-{month:02d}",
            "本年累计": ytd, "上年同期累计": ytd_last, "上年全年": last_full, "官方增速%": None,
            "备注": "示例数据"}


def demo_enterprises(n_above: int = 45, n_small: int = 15) -> pd.DataFrame:
    """A synthetic enterprise ledger with placeholder names (示例企业01 …), never real firms.

    About 4,400 亩 in all with 2024-like 亩均税收 around 4万元/亩, five firms under the 1万元 tax
    line, four exempt (初创/公益性/建设期), one with no land on record, some leased floor space.
    """
    rng = np.random.default_rng(SEED + 1)
    rows = []
    for k in range(n_above + n_small):
        above = k < n_above
        own = float(np.round(rng.lognormal(np.log(80 if above else 7), 0.55), 1))
        leased = float(np.round(rng.uniform(800, 6000), 0)) if (not above or rng.random() < 0.15) else 0.0
        tax_pm = float(rng.lognormal(np.log(4.0 if above else 1.5), 0.6))
        land = own + leased / 1000
        tax = tax_pm * land
        revenue = tax * rng.uniform(18, 40)
        output = revenue * rng.uniform(0.95, 1.1)
        va = output * rng.uniform(0.18, 0.32)
        rows.append({"企业代码": f"DEMO{k + 1:03d}", "企业名称": f"示例企业{k + 1:02d}", "规上": "是" if above else "否",
                     "行业": ["装备制造", "新材料", "新能源", "食品加工", "汽车零部件", "纺织"][k % 6],
                     "自有用地亩": own, "租赁厂房平方米": leased, "税收万元": round(tax, 2),
                     "营业收入万元": round(revenue, 1), "工业总产值万元": round(output, 1),
                     "工业增加值万元": round(va, 1), "综合能耗吨标煤": round(va / rng.uniform(0.5, 3.0), 1),
                     "研发费用万元": round(revenue * rng.uniform(0.0, 0.045), 1),
                     "年平均职工人数": int(rng.integers(15, 400 if above else 60)), "标记": ""})
    df = pd.DataFrame(rows)
    for i in (7, 19, 33, 50, 56):          # low-efficiency: tax under 1万元, little business
        df.loc[i, "税收万元"] = round(float(rng.uniform(0, 0.9)), 2)
        for col in ("营业收入万元", "工业总产值万元", "工业增加值万元", "研发费用万元"):
            df.loc[i, col] = round(float(df.loc[i, col]) * 0.04, 1)
    df.loc[40, "标记"], df.loc[41, "标记"] = "初创", "建设期"
    df.loc[42, "标记"], df.loc[58, "标记"] = "公益性", "初创"
    df.loc[44, ["自有用地亩", "租赁厂房平方米"]] = [0.0, 0.0]   # no land on record
    return df


# (category, area, disposed, date, means): 145 亩 disposed in 2025 by October, matching the demo actuals
DEMO_PARCELS = [
    ("供而未用", 20.0, 20.0, "2025-03-18", "收回"), ("用而未建", 45.0, 45.0, "2025-05-20", "转让"),
    ("建而未全", 30.0, 30.0, "2025-07-09", "招商盘活"), ("全而未投", 20.0, 20.0, "2025-08-26", "整改"),
    ("投而未效", 30.0, 30.0, "2025-10-15", "招商盘活"), ("供而未用", 32.0, 0.0, "", ""),
    ("用而未建", 28.0, 0.0, "", ""), ("建而未全", 18.5, 0.0, "", ""), ("全而未投", 40.0, 0.0, "", ""),
    ("投而未效", 26.0, 0.0, "", ""), ("供而未用", 15.0, 15.0, "2024-11-02", "收回"),
    ("用而未建", 12.0, 0.0, "", ""),
]


def demo_parcels() -> pd.DataFrame:
    """A synthetic 五未 parcel ledger with placeholder names (示例地块01 …, 示例企业 holders)."""
    rows = []
    for k, (cat, area, done, date, means) in enumerate(DEMO_PARCELS, start=1):
        rows.append({"地块编号": f"D{k:02d}", "地块名称": f"示例地块{k:02d}", "持有主体": f"示例企业{60 + k:02d}",
                     "面积亩": area, "类别": cat, "计划处置亩": area, "已处置亩": done, "处置日期": date,
                     "处置方式": means, "备注": "示例数据"})
    return pd.DataFrame(rows)


# cumulative spend (share of budget) at the end of months 1…10 for the three project tables
DEMO_SPEND_SHARE = {
    "13043425P004295100017": [0.05, 0.12, 0.26, 0.33, 0.41, 0.55, 0.61, 0.66, 0.70, 0.74],   # behind in June
    "13043425P00429510003E": [0.04, 0.10, 0.31, 0.36, 0.44, 0.52, 0.58, 0.66, 0.73, 0.81],
    "13043425P00429510002T": [m / 12 for m in range(1, 11)],
}
# value to date per 三级指标 (blank = taken from spending for cost indicators; words = 评价等级)
DEMO_INDICATORS = {
    "招商活动开展次数": ("10", ""), "招商活动开展合规率": ("100%", ""), "基础设施维护及时率": ("97%", ""),
    "为招商引资提供便利，为居民增收": ("", "达成"), "项目带动就业能力": ("1060", ""),
    "持续为招商印制提供便利": ("", "达成"), "企业的满意度": ("96%", ""),
    "管理区域面积": ("22.36", ""), "基础设施验收通过率": ("100%", ""), "基础设施养护时间周期": ("1", ""),
    "促进生态文明建设，推动绿色开发区的建设": ("", "部分达成"),
    "通过基础设施的维护升级，为入住企业提供完善的基础设施服务": ("", "达成"), "企业满意度": ("97%", ""),
    "绩效发放人数": ("28", ""), "绩效工资发放合规率": ("100%", ""), "绩效工资发放及时率": ("100%", ""),
    "促进人员积极性": ("", "达成"), "提高人员工作效率": ("", "85%"), "发放人员满意度": ("99%", ""),
}


def demo_budget(cat: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Synthetic spending and indicator values for the document's three project tables (示例数据)."""
    spend, inds = [], []
    for p in cat.budget_projects:
        for m, share in enumerate(DEMO_SPEND_SHARE[p["code"]], start=1):
            spend.append({"项目编码": p["code"], "期间": f"2025-{m:02d}",
                          "累计支出万元": f"{float(p['budget']) * share:.2f}"})
        for ind in p["indicators"]:
            value, grade_word = DEMO_INDICATORS.get(ind["level3"], ("", ""))
            inds.append({"项目编码": p["code"], "三级指标": ind["level3"], "实际完成值": value,
                         "评价等级": grade_word, "不适用": "", "偏差原因": "示例数据"})
    return pd.DataFrame(spend), pd.DataFrame(inds)


def _write(df: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def write_demo(root: Path | None = None) -> list[Path]:
    """Write every demo file under data/raw/demo/ and return their paths."""
    root = Path(root or paths.project_root())
    cat = load_catalogue(paths.targets_file(root))
    demo_dir = paths.raw_dir(root) / "demo"
    written = []
    for period, part in demo_actuals(cat).groupby("期间", sort=True):
        written.append(_write(part, demo_dir / "actuals" / f"{period}.csv"))
    written.append(_write(demo_enterprises(), demo_dir / "enterprises" / "enterprises.csv"))
    written.append(_write(demo_parcels(), demo_dir / "land" / "parcels.csv"))
    spend, inds = demo_budget(cat)
    written.append(_write(spend, demo_dir / "budget" / "spending.csv"))
    written.append(_write(inds, demo_dir / "budget" / "indicator_actuals.csv"))
    return written
