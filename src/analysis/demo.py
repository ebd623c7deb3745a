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


def _series(cat: Catalogue) -> pd.DataFrame:
    """Every demo monthly figure (also those a ledger carries: the demo ledgers are built from them)."""
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


def demo_actuals(cat: Catalogue) -> pd.DataFrame:
    """Synthetic YTD actuals for 2025-01 … 2025-10 in the template's layout (one row per indicator, month).

    A figure a ledger carries (项目台账, 入统培育台账 …) is left blank in 本年累计, as an office that keeps
    the ledger would leave it: the build takes it from the ledger; 上年同期 stays in the monthly file."""
    out = _series(cat)
    out.loc[out["指标代码"].isin(list(reconcile.FACTS)), "本年累计"] = ""
    return out


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
    return _round_columns(df)


def _round_columns(df: pd.DataFrame) -> pd.DataFrame:
    """The columns the 亩均 round reads beyond the scores, from their own generator (the scores above keep
    their values): 年用电量 (most of a plant's energy; 1万千瓦时 ≈ 1.229吨标煤), 年用气量 for a third of the
    firms, one firm already paying another electricity surcharge, one 小升规 firm (protected from D), one
    firm with a 安全事故 (一票否决) and one 加分 with its reason."""
    rng = np.random.default_rng(SEED + 9)
    df["年用电量万千瓦时"] = [round(float(r) * rng.uniform(0.04, 0.12), 1) for r in df["营业收入万元"]]
    df["年用气量万立方米"] = [round(float(rng.uniform(2, 40)), 1) if k % 3 == 0 else None for k in range(len(df))]
    df["其他电价加价元每千瓦时"] = None
    df["加减分"], df["加减分原因"] = None, ""
    df.loc[7, "其他电价加价元每千瓦时"] = 0.10                  # a 阶梯电价 surcharge already charged
    df.loc[19, "标记"], df.loc[3, "标记"] = "小升规", "安全事故"
    df.loc[5, ["加减分", "加减分原因"]] = [2.0, "获评省级专精特新中小企业（示例）"]
    return df


def demo_class_history(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Two earlier rounds (2023, 2024) for the demo firms, drawn around this round's classes: most firms keep
    their class, some move one step; firms in D this round include one in D for three rounds and one for
    two; a few firms have no earlier record (首次参评)."""
    from .efficiency import evaluate, load_settings, read_ledger

    result = evaluate(read_ledger_frame(enterprises, read_ledger), load_settings(None))
    rng = np.random.default_rng(SEED + 10)
    grades = ("A", "B", "C", "D")
    rows = []
    d_firms = [c for c, g in zip(result["企业代码"], result["等级"]) if g == "D"]
    for k, (code, name, now) in enumerate(zip(result["企业代码"], result["企业名称"], result["等级"])):
        if now not in grades or k % 11 == 10:
            continue                                        # 不定等级 / 不参评 now, or new this round
        cls = now
        for year in (2024, 2023):
            if code in d_firms[:1] or (code in d_firms[1:2] and year == 2024):
                cls = "D"                                   # D for three rounds, and for two
            elif code in d_firms[1:2] or (code in d_firms and year == 2024):
                cls = "C"                                   # before its run in D began
            else:
                step = int(rng.choice([-1, 0, 0, 0, 1]))
                cls = grades[min(3, max(0, grades.index(cls) + step))]
            rows.append({"年度": year, "企业代码": code, "企业名称": name, "等级": cls})
    return pd.DataFrame(rows).sort_values(["年度", "企业代码"], kind="stable").reset_index(drop=True)


# the demo round's 公示: 5 working days from Friday 2025-09-26, across the 国庆/中秋 holiday (9-28 and 10-11 are
# worked weekend days), so the window ends on 2025-10-09; approved after it
DEMO_ROUND = """# 示例数据：亩均效益评价公示设置（合成的演示数据）
publicity_start: 2025-09-26
working_days: 5
office: 示例亩均办
approval_reference: 示例审定文号〔2025〕1号
approval_date: 2025-10-20
"""


def demo_objections(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Two objections: the C firm closest to B proves a higher 税收 in time and is upheld (it moves to B, and
    the last B firm moves to C); a D firm objects after the window and is marked 逾期."""
    from .efficiency import evaluate, load_settings, read_ledger

    result = evaluate(read_ledger_frame(enterprises, read_ledger), load_settings(None))
    above = result[(result["评价组"] == "规上") & result["排名"].notna()]
    c_firms = above[(above["等级"] == "C") & above["定级依据"].str.startswith("组内排名")]
    near = c_firms.sort_values("总分", ascending=False).iloc[0]
    d_firm = result[result["等级"] == "D"].iloc[0]
    tax = float(enterprises.loc[enterprises["企业代码"] == near["企业代码"], "税收万元"].iloc[0])
    return pd.DataFrame([
        {"企业代码": near["企业代码"], "企业名称": near["企业名称"], "收到日期": "2025-09-30",
         "异议事项": "2024年税收漏报一笔入库税款（示例）", "证明材料": "完税证明（示例）", "更正列": "税收万元",
         "更正值": f"{round(tax * 1.5, 2)}万元", "处理结果": "采纳", "审定文号": "示例审定文号〔2025〕1号"},
        {"企业代码": d_firm["企业代码"], "企业名称": d_firm["企业名称"], "收到日期": "2025-10-13",
         "异议事项": "对用地面积有异议（示例）", "证明材料": "", "更正列": "", "更正值": "", "处理结果": "不予采纳",
         "审定文号": "示例审定文号〔2025〕1号"},
    ])


# a demo evaluation scheme (示例方案): the structure of a provincial 开发区 scheme with weights set for the demo
DEMO_SCHEME = """# 示例数据：开发区考核方案（合成的演示方案，权重与方法为演示设定，不是任何省份的正式办法）
name: 示例开发区综合发展水平考核方案
source: 演示用合成方案（结构参照商务部 2021 年国家级经开区考核评价的分组方式）
status: demo
groups:
  - name: 经济发展
    weight: 40
    indicators:
      - {id: output_growth, name: 工业总产值增速, unit: "%", weight: 15, own: "industrial_output:growth"}
      - {id: tax_growth, name: 税收增速, unit: "%", weight: 10, own: "tax:growth"}
      - {id: invest_growth, name: 固定资产投资增速, unit: "%", weight: 15, own: "fixed_investment:growth"}
  - name: 集约发展
    weight: 30
    indicators:
      - {id: tax_per_mu, name: 亩均税收, unit: 万元/亩, weight: 20, own: "tax_per_mu:value"}
      - {id: energy_intensity, name: 单位增加值能耗, unit: 吨标煤/万元, weight: 10, direction: lower}
  - name: 创新驱动
    weight: 20
    indicators:
      - {id: hightech_share, name: 高新技术企业产值占比, unit: "%", weight: 12, own: "hightech_share:value"}
      - {id: rd_intensity, name: 研发经费投入强度, unit: "%", weight: 8, method: ratio_best}
  - name: 开放合作
    weight: 10
    indicators:
      - {id: trade_growth, name: 进出口增速, unit: "%", weight: 10, own: "trade:growth", method: minmax}
deductions:
  - {id: env_central, name: 中央环保督察发现问题（每个）, points: 0.3}
  - {id: env_province, name: 省级环保督察发现问题（每个）, points: 0.2}
  - {id: negative_case, name: 被通报负面典型案例（每个）, points: 1.5}
vetoes:
  - {id: major_accident, name: 重大安全生产或环境事故}
classes: {A: 0.3, B: 0.8}
consequences:
  - {name: 摘牌预警, bottom: 3, times: 2, years: 3}
  - {name: 约谈, bottom: 5, times: 1, years: 1}
"""


def demo_peers() -> pd.DataFrame:
    """A synthetic peer table: eleven 示例开发区 and 本区 for 2023–2025 (本区's 2025 own indicators come from
    the build), a few values unknown, deductions for some zones and one veto; never a real zone's name."""
    rng = np.random.default_rng(SEED + 20)
    zones = [f"示例开发区{k:02d}" for k in range(1, 12)]
    typed = {"output_growth": (12, 6), "tax_growth": (10, 8), "invest_growth": (8, 9), "tax_per_mu": (4.0, 1.5),
             "energy_intensity": (0.45, 0.12), "hightech_share": (22, 6), "rd_intensity": (1.8, 0.6),
             "trade_growth": (6, 8)}
    own = {"energy_intensity": [0.52, 0.50, 0.48], "rd_intensity": [1.1, 1.2, 1.3],
           "output_growth": [9.0, 14.5], "tax_growth": [4.0, 15.0], "invest_growth": [2.0, 11.0],
           "tax_per_mu": [3.1, 4.3], "hightech_share": [19.0, 23.5], "trade_growth": [1.0, 9.0]}
    rows = []
    for k, year in enumerate((2023, 2024, 2025)):
        for zone in zones:
            for item, (mean, sd) in typed.items():
                value = round(float(max(rng.normal(mean, sd), 0.05 if item in ("tax_per_mu", "energy_intensity") else -30)), 2)
                unknown = year == 2025 and (zone, item) in {("示例开发区05", "rd_intensity"), ("示例开发区09", "energy_intensity")}
                rows.append({"年度": year, "开发区": zone, "指标": item, "数值": "" if unknown else value, "来源": "示例数据"})
        for item, values in own.items():
            if k < len(values):
                rows.append({"年度": year, "开发区": "本区", "指标": item, "数值": values[k], "来源": "示例数据"})
    for year, zone, item, count in ((2025, "示例开发区03", "env_central", 2), (2025, "示例开发区08", "negative_case", 1),
                                    (2025, "示例开发区07", "major_accident", 1), (2024, "示例开发区02", "env_province", 3)):
        rows.append({"年度": year, "开发区": zone, "指标": item, "数值": count, "来源": "示例数据"})
    return pd.DataFrame(rows)


def read_ledger_frame(frame: pd.DataFrame, reader) -> pd.DataFrame:
    """A demo frame read through the ledger's own reader (via a temporary CSV), so it is checked alike."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "enterprises.csv"
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        return reader(path)


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


# 项目台账 (all names 示例项目NN).  (kind, total 万元, 在谈, 签约, 落地, 开工, 竣工投产, 终止, channel, sought, approved,
# received): 9 projects under construction since 2024, 12 starts and 9 completions in 2025 by October, a 招商
# funnel of 19 in negotiation, 5 signed and 3 landed this year, one 30亿元 project still in negotiation.
DEMO_PROJECTS = [
    # under construction since 2024
    ("产业项目", 52000, "", "2023-05-10", "2023-08-01", "2024-03-12", "2025-03-20", "", "国债", 2600, 2600, 2600),
    ("技改", 8600, "", "", "", "2024-05-06", "2025-04-18", "", "技改再贷款", 4000, 4000, 4000),
    ("产业项目", 36000, "", "2023-10-08", "2024-01-15", "2024-06-20", "2025-05-28", "", "", None, None, None),
    ("技改", 6200, "", "", "", "2024-07-01", "2025-06-10", "", "技改再贷款", 3000, 3000, 2500),
    ("产业项目", 21000, "", "2024-01-12", "2024-03-20", "2024-08-15", "2025-06-25", "", "国债", 1800, 1500, 1500),
    ("基础设施", 12000, "", "", "", "2024-09-01", "2025-08-30", "", "", None, None, None),
    ("产业项目", 45000, "", "2024-02-20", "2024-05-08", "2024-10-10", "2025-09-26", "", "", None, None, None),
    ("产业项目", 68000, "", "2024-03-15", "2024-06-18", "2024-11-05", "", "", "国债", 3500, 2800, 1200),
    ("基础设施", 15000, "", "", "", "2024-12-02", "", "", "基金", 11000, 8000, 3000),
    # 招商 projects signed in 2024, landed and started in 2025
    ("招商", 26000, "2024-02-10", "2024-06-20", "2025-03-12", "2025-04-08", "", "", "", None, None, None),
    ("招商", 18000, "2024-04-05", "2024-09-15", "2025-06-03", "2025-07-15", "", "", "", None, None, None),
    # other starts in 2025
    ("技改", 4800, "", "", "", "2025-02-20", "2025-09-15", "", "技改再贷款", 2400, 2400, 2400),
    ("产业项目", 30000, "", "", "", "2025-03-10", "", "", "国债", 2000, 0, 0),
    ("技改", 3600, "", "", "", "2025-03-25", "2025-10-20", "", "技改再贷款", 1800, 1800, 1000),
    ("产业项目", 22000, "", "", "", "2025-04-22", "", "", "", None, None, None),
    ("技改", 7500, "", "", "", "2025-05-16", "", "", "技改再贷款", 3500, 0, 0),
    ("基础设施", 9000, "", "", "", "2025-06-05", "", "", "", None, None, None),
    ("产业项目", 16000, "", "", "", "2025-06-18", "", "", "基金", 3000, 3000, 3000),
    ("技改", 5200, "", "", "", "2025-08-12", "", "", "自筹", None, None, None),
    # signed in 2025 (one landed and started)
    ("招商", 9800, "2025-01-10", "2025-02-18", "2025-08-06", "2025-09-22", "", "", "", None, None, None),
    ("产业项目", 8800, "", "", "", "2025-10-09", "", "", "", None, None, None),
    ("招商", 30000, "2025-01-20", "2025-04-16", "", "", "", "", "", None, None, None),
    ("招商", 9000, "2025-02-14", "2025-06-10", "", "", "", "", "", None, None, None),
    ("招商", 6000, "2025-03-03", "2025-08-22", "", "", "", "", "", None, None, None),
    ("招商", 20000, "2025-04-11", "2025-10-14", "", "", "", "", "", None, None, None),
    # in negotiation (one since 2024, one ended)
    ("招商", 350000, "2025-05-09", "", "", "", "", "", "", None, None, None),
    ("招商", 15000, "2024-09-18", "", "", "", "", "", "", None, None, None),
    ("招商", 5000, "2025-02-07", "", "", "", "", "2025-07-11", "", None, None, None),
    *(("招商", t, d, "", "", "", "", "", "", None, None, None) for t, d in (
        (8000, "2025-01-15"), (3000, "2025-02-26"), (12000, "2025-03-18"), (4500, "2025-04-02"),
        (6000, "2025-05-21"), (2500, "2025-06-12"), (7000, "2025-07-08"), (11000, "2025-08-05"),
        (3500, "2025-08-28"), (5000, "2025-09-16"), (9500, "2025-10-13"))),
]
DEMO_CHAINS = ("新能源", "新材料", "再生资源循环利用", "食品加工", "特种车辆制造及汽车零部件", "高端紧固件")
# the document's named projects: names only (and the document's own 总投资 for the two 专项债 projects)
NAMED_KINDS = {"key_negotiations": "招商", "road_projects": "基础设施"}


def demo_projects(cat: Catalogue) -> pd.DataFrame:
    """A synthetic project ledger: 示例项目NN rows with stages, monthly investment and funding, then the
    document's named projects with their stage fields left blank for the office to fill.

    This year's monthly 完成投资 totals equal the demo 固定资产投资额 path (its increments in 万元,
    spread over the projects under construction that month by a fixed weight)."""
    from . import projects

    series = _series(cat)
    fi = series[series["指标代码"] == "fixed_investment"]["本年累计"].astype(float).to_numpy()
    monthly_total = np.diff(np.concatenate([[0], np.round(fi * 10000).astype(int)]))
    rows = []
    for k, (kind, total, *stages, ended, channel, sought, approved, received) in enumerate(DEMO_PROJECTS, start=1):
        rec = {"项目名称": f"示例项目{k:02d}", "项目类型": kind, "产业链": DEMO_CHAINS[k % len(DEMO_CHAINS)],
               "总投资万元": total, **{projects.STAGE_COLUMNS[s]: d for s, d in zip(projects.STAGES, stages)},
               "终止日期": ended, "终止原因": "示例：企业投资计划调整" if ended else "",
               **{c: 0 for c in projects.MONTH_COLUMNS}, "资金渠道": channel,
               "拟争取资金万元": sought, "已批复资金万元": approved, "已到位资金万元": received,
               "责任单位": f"示例责任单位{k % 4 + 1}", "存在问题": "", "下一步": "", "备注": "示例数据"}
        rows.append(rec)
    df = pd.DataFrame(rows)
    for m in range(1, DEMO_MONTHS + 1):   # investment in month m by the projects under construction then
        as_of = f"2025-{m:02d}"
        start, done = df["开工日期"].str.slice(0, 7), df["竣工投产日期"].str.slice(0, 7)
        live = (start != "") & (start <= as_of) & ((done == "") | (done >= as_of))
        weight = (df["总投资万元"] ** 0.5).where(live, 0.0)
        share = np.floor(weight / weight.sum() * monthly_total[m - 1]).astype(int)
        share[weight.idxmax()] += monthly_total[m - 1] - share.sum()
        df[projects.MONTH_COLUMNS[m - 1]] = share
    # 年度计划投资 for the projects building this year (the year's pace over 0.9–1.8 of what they did, so the
    # 红黄绿 rules see each colour) and 计划开工 for signed projects not yet started (missed, or still ahead)
    done = df[list(projects.MONTH_COLUMNS[:DEMO_MONTHS])].sum(axis=1)
    pace = np.array([0.9, 1.1, 1.4, 1.8])[df.index % 4]
    df["年度计划投资万元"] = np.where(done > 0, np.round(done * 12 / DEMO_MONTHS * pace, -1), np.nan)
    waiting = (df["开工日期"] == "") & ((df["签约日期"] != "") | (df["落地日期"] != "")) & (df["终止日期"] == "")
    df["计划开工日期"] = np.where(waiting, np.array(["2025-06", "2025-09", "2026-03"])[df.index % 3], "")
    # 入库 planned a month after the start for projects started this year; most are in, some late (银川's rule)
    started = df["开工日期"].str.slice(0, 7)
    this_year = (started >= "2025-01") & (started <= f"2025-{DEMO_MONTHS:02d}")
    plan_store = started.map(lambda m: f"{m[:4]}-{int(m[5:7]) + 1:02d}" if m and int(m[5:7]) < 12 else "")
    df["计划入库日期"] = np.where(this_year, plan_store, "")
    late = (df.index % 3 == 1) & (plan_store >= "2025-08") & (plan_store <= f"2025-{DEMO_MONTHS:02d}")
    df["入库日期"] = np.where(this_year & ~late, plan_store, "")
    df["存在问题"] = np.where(df.index % 5 == 2, "示例：用地手续办理中", "")
    df["下一步"] = np.where(df.index % 5 == 2, "示例：协调自然资源部门加快办理", "")
    named, seen = [], set()
    for list_id, _ in projects.KEY_LISTS:
        for item in cat.lists.get(list_id, {}).get("items", []):
            if item not in seen:
                seen.add(item)
                named.append({"项目名称": item, "项目类型": NAMED_KINDS.get(list_id, ""),
                              "备注": "名称取自绩效目标文件，阶段待填报"})
    for ind_id in ("special_bond_new_infra", "special_bond_smart_park"):
        ind = cat.get(ind_id)
        named.append({"项目名称": ind.name.removesuffix("总投资"), "项目类型": "基础设施",
                      "总投资万元": f"{ind.value:g}{ind.unit}", "资金渠道": "专项债",
                      "备注": "名称和总投资取自绩效目标文件，阶段待填报"})
    out = pd.concat([df, pd.DataFrame(named)], ignore_index=True)
    for c in projects.MONTH_COLUMNS:   # months after the demo's last are not yet reported
        out[c] = out[c].astype("Int64") if c in projects.MONTH_COLUMNS[:DEMO_MONTHS] else ""
    out["总投资万元"] = out["总投资万元"].astype(object)
    for c in ("拟争取资金万元", "已批复资金万元", "已到位资金万元", "年度计划投资万元"):
        out[c] = out[c].map(lambda v: "" if v is None or v != v else str(int(v)))
    return out[list(projects.PROJECT_HEADERS)]


# 入统培育台账: (达标, 入统) of placeholder firms; the document's 15 key firms are listed with no dates
DEMO_ONBOARDING = [("2024-11", "2025-01"), ("2024-11", "2025-01"), ("2024-12", "2025-01"), ("2024-12", "2025-01"),
                   ("2025-05", "2025-07"), ("2025-08", ""), ("2025-09", ""), ("", "")]


def demo_onboarding(cat: Catalogue) -> pd.DataFrame:
    rows = [{"企业名称": f"示例培育企业{k:02d}", "纳入培育日期": "2024-10", "达标日期": eligible, "入统日期": done,
             "责任人": "", "备注": "示例数据"} for k, (eligible, done) in enumerate(DEMO_ONBOARDING, start=1)]
    rows += [{"企业名称": name, "纳入培育日期": "", "达标日期": "", "入统日期": "", "责任人": "",
              "备注": "文件所列重点培育入统企业，进展待填报"}
             for name in cat.lists.get("onboarding_pool", {}).get("items", [])]
    return pd.DataFrame(rows)


def demo_finance() -> pd.DataFrame:
    """A synthetic 金融助企 ledger: 示例企业 borrowers, 示例银行 lenders, deterministic amounts and dates."""
    rng = np.random.default_rng(SEED + 3)
    rows = []
    for k in range(34):
        month = 1 + k * DEMO_MONTHS // 34
        rows.append({"企业名称": f"示例企业{int(rng.integers(1, 46)):02d}", "金融机构": f"示例银行{int(rng.integers(1, 10)):02d}",
                     "金额万元": int(rng.integers(20, 300)) * 10, "日期": f"2025-{month:02d}-{int(rng.integers(1, 28)):02d}",
                     "方式": "贷款", "备注": "示例数据"})
    return pd.DataFrame(rows)


# 督办事项台账 (示例): (事项, 单位 no., 措施, 交办, 时限, 状态, 完成日期, 关联) as of 2025-10: one item overdue on a
# lagging indicator, one overdue on a stalled demo project, one closed this month, one opened this month, one
# closed in June; 规上企业数量 and 固投项目数量 are followed, 收回盘活 is not (the build proposes it)
DEMO_SUPERVISION = [
    ("加快在建项目竣工投产", 1, "对在建项目逐一倒排工期，每周调度", "2025-06-15", "2025-09-30", "推进中", "",
     "projects_completed"),
    ("推动达标企业入统", 2, "对达标企业逐户辅导，按月申报入统", "2025-07-10", "2025-12-31", "推进中", "", "above_scale_firms"),
    ("税收入库进度调度", 3, "与税务部门按旬对账，重点税源逐户跟踪", "2025-08-05", "2025-10-31", "已完成", "2025-10-28", "tax"),
    ("推动固投项目入库", 1, "梳理未入库项目，补齐入库手续", "2025-10-09", "2025-11-15", "未启动", "",
     "fixed_investment_projects"),
    ("推动示例项目27签约", 4, "每月与投资方对接一次，明确签约时间", "2025-08-01", "2025-10-15", "推进中", "", "示例项目27"),
    ("组织政银企对接活动", 3, "按季度组织对接会，收集企业融资需求", "2025-02-10", "2025-06-30", "已完成", "2025-06-20", ""),
]


def demo_supervision() -> pd.DataFrame:
    """A synthetic 督办 ledger: generic items on the document's indicators and demo projects, 示例 units."""
    rows = [{"编号": f"DB2025-{k:02d}", "事项": item, "责任单位": f"示例责任单位{unit}", "责任领导": f"示例分管领导{unit}",
             "措施": measure, "交办日期": opened, "完成时限": due, "状态": state, "完成日期": closed, "关联": follows,
             "备注": "示例数据"}
            for k, (item, unit, measure, opened, due, state, closed, follows) in enumerate(DEMO_SUPERVISION, start=1)]
    return pd.DataFrame(rows)


def write_demo(root: Path | None = None) -> list[Path]:
    """Write every demo file under data/raw/demo/ and return their paths."""
    root = Path(root or paths.project_root())
    cat = load_catalogue(paths.targets_file(root))
    demo_dir = paths.raw_dir(root) / "demo"
    written = []
    for period, part in demo_actuals(cat).groupby("期间", sort=True):
        written.append(_write(part, demo_dir / "actuals" / f"{period}.csv"))
    firms = demo_enterprises()
    written.append(_write(firms, demo_dir / "enterprises" / "enterprises.csv"))
    written.append(_write(demo_class_history(firms), demo_dir / "enterprises" / "class_history.csv"))
    written.append(_write(demo_objections(firms), demo_dir / "enterprises" / "objections.csv"))
    (demo_dir / "enterprises" / "round.yaml").write_text(DEMO_ROUND, encoding="utf-8")
    written.append(demo_dir / "enterprises" / "round.yaml")
    written.append(_write(demo_peers(), demo_dir / "standing" / "peers.csv"))
    (demo_dir / "standing" / "scheme.yaml").write_text(DEMO_SCHEME, encoding="utf-8")
    written.append(demo_dir / "standing" / "scheme.yaml")
    written.append(_write(demo_parcels(), demo_dir / "land" / "parcels.csv"))
    spend, inds = demo_budget(cat)
    written.append(_write(spend, demo_dir / "budget" / "spending.csv"))
    written.append(_write(inds, demo_dir / "budget" / "indicator_actuals.csv"))
    written.append(_write(demo_projects(cat), demo_dir / "projects" / "projects.csv"))
    written.append(_write(demo_onboarding(cat), demo_dir / "projects" / "onboarding.csv"))
    written.append(_write(demo_finance(), demo_dir / "projects" / "finance.csv"))
    written.append(_write(demo_supervision(), demo_dir / "supervision" / "supervision.csv"))
    return written
