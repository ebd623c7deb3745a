"""Enterprise 亩均效益综合评价 and 低效企业 screening (METHODS.md §2).

Pipeline: ``land_area`` (own land + leased floor converted) → ``indicators`` (亩均税收 …) →
``score`` (min–max or benchmark points per indicator, weights from settings) → ``classify``
(A/B/C/D by rank).  Every firm's indicator values and points are kept so a ranking can be
explained to the firm.

Who is graded:
* 规上 firms with land: the full indicator set;
* 规下 firms with at least ``small_firm_min_mu`` 亩: ranked on 亩均税收 alone, as their own group;
* 规下 firms below that: 不参评;
* firms flagged 公益性 / 初创 / 建设期 / 政策优惠 (``exempt_flags``): evaluated, 不定等级;
* firms with no land on record: 不参评 (亩均 undefined), reported, never divided by zero.

Exempt firms are scored with their group (their points are shown) but take no rank, so the
min–max scale of a group includes them.

Class boundaries by rank r (1 = best; tied totals share the better rank) among n graded firms:
A if r ≤ ⌊n·a + ½⌋, B if r ≤ ⌊n·b + ½⌋, C if r ≤ ⌊n·c + ½⌋, else D, with a, b, c the cumulative
shares from settings (default 25%, 70%, 95%).  One firm alone is B; two are A and C; three
are A, B, C.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from . import classes, registry, validation
from .measures import check_measures
from .errors import InputError
from .units import normalize_text
from .validation import Column, Quality, Spec

# METHODS §2: one published municipal weight set; class shares 25/70/95 (A/B/C cumulative).
DEFAULT_SETTINGS = {
    "method": "minmax",                 # minmax (旌德) | benchmark (台州黄岩 / 临海)
    "weights": {"tax_per_mu": 45, "revenue_per_mu": 20, "va_per_energy": 15, "rd_intensity": 15,
                "labour_productivity": 5},
    "small_firm_weights": {"tax_per_mu": 100},
    "class_cumulative_shares": {"A": 0.25, "B": 0.70, "C": 0.95},
    "benchmarks": {},                   # fixed benchmark per indicator for method=benchmark; else the group mean
    "benchmark_cap": 1.5,               # points on an item never exceed weight × cap
    "leased_m2_per_mu": 1000,           # 1,000 ㎡ of leased floor = 1 亩 (an Anhui county's rule)
    "small_firm_min_mu": 5,
    "exempt_flags": ["公益性", "初创", "建设期", "政策优惠"],
    "low_efficiency_tax_wan": 1.0,      # 2024 税收 under 1万元 (the document's rule)
    # class rules (analysis.classes): quota | two_stage (安阳 2019) | thresholds
    "class_rule": "quota",
    "class_rounding": {},               # per class: half_up | floor | ceil, e.g. {A: floor, D: ceil}
    "class_quotas": {},                 # per-class shares instead of cumulative ones, e.g. 昌乐 {A: .2, B: .55, C: .2, D: .05}
    "class_thresholds": {"A": 85, "B": 70, "C": 55},
    "two_stage": {"A": {"share": 0.15, "pool": 0.5, "by": ["tax_per_mu", "rd_intensity"]},
                  "C": {"share": 0.10, "pool": 0.5, "by": ["va_per_energy"]}},
    "veto_flags": ["安全事故", "环保事故", "食品安全事故", "节能减排未达标"],   # 昌乐: capped at C
    "protected_flags": ["新建", "小升规", "过渡期"],                          # never D unless vetoed
    "missing_points": "floor",          # an item without data: floor (min–max 20%, benchmark 0) | group_average (黄岩)
    "measures": None,                   # 差别化措施 schedule (analysis.measures); unset = measures.DEFAULT_MEASURES, [] = none
}

INDICATORS = {  # id → (中文名, unit)
    "tax_per_mu": ("亩均税收", "万元/亩"),
    "revenue_per_mu": ("亩均营业收入", "万元/亩"),
    "va_per_energy": ("单位能耗增加值", "万元/吨标煤"),
    "rd_intensity": ("研发经费投入强度", "%"),
    "labour_productivity": ("全员劳动生产率", "万元/人"),
}

LEDGER = Spec("企业台账", (
    Column("企业代码", "code", "code", required=True, nonblank=True),
    Column("企业名称", "name", required=True, nonblank=True),
    Column("规上", "above_scale", "bool", required=True, nonblank=True, words={"规上": True, "规下": False}),
    Column("行业", "industry"),
    Column("自有用地亩", "own_mu", "number", "亩", required=True, min=0, max=1e6),
    Column("租赁厂房平方米", "leased_m2", "number", "平方米", min=0, max=1e8),
    Column("税收万元", "tax", "number", "万元", required=True, min=0, max=1e8),
    Column("营业收入万元", "revenue", "number", "万元", min=0, max=1e9),
    Column("工业总产值万元", "output", "number", "万元", min=0, max=1e9),
    Column("工业增加值万元", "value_added", "number", "万元", min=-1e9, max=1e9),
    Column("综合能耗吨标煤", "energy", "number", "吨标煤", min=0, max=1e8),
    Column("研发费用万元", "rd", "number", "万元", min=0, max=1e8),
    Column("年平均职工人数", "employees", "number", "人", min=0, max=1e6, whole=True),
    Column("标记", "flags"),
    Column("加减分", "adjust", "number", "分", min=-100, max=100),
    Column("加减分原因", "adjust_reason"),
    Column("年用电量万千瓦时", "power", "number", "万千瓦时", min=0, max=1e7),
    Column("年用气量万立方米", "gas", "number", "万立方米", min=0, max=1e7),
    Column("其他电价加价元每千瓦时", "other_power_surcharge", "number", "元/千瓦时", min=0, max=10),
), key=("code",))


def load_settings(path: Path | None) -> dict:
    """Defaults overlaid with the YAML at ``path`` (unknown keys are errors)."""
    settings = validation.settings_file(path, DEFAULT_SETTINGS, "亩均评价设置文件")
    if path is not None and Path(path).exists():
        _check_settings(path, settings)
    return settings


def _number(path, key, value, lo, hi=None, *, strict_lo=False) -> float:
    """A setting as a number in its range (text such as '1e9' read as the number it is)."""
    number = validation.as_number(value)
    value = value if number is None else number
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value == value \
        and (value > lo if strict_lo else value >= lo) and (hi is None or value <= hi)
    if not ok:
        rng = f"{'>' if strict_lo else '≥'} {lo:g}" + (f" 且 ≤ {hi:g}" if hi is not None else "")
        raise InputError(path, column=key, problem="取值无效 / invalid value", value=value, expected=f"数值，{rng}")
    return float(value)


def _check_settings(path, s: dict) -> None:
    """Every setting of the right type and range (METHODS §2); errors name the key."""
    if s["method"] not in ("minmax", "benchmark"):
        raise InputError(path, column="method", problem=f"取值 {s['method']!r} 无效", expected="minmax 或 benchmark")
    for key in ("weights", "small_firm_weights", "benchmarks"):
        if not isinstance(s[key], dict):
            raise InputError(path, column=key, problem="应为“指标: 数值”的键值对", value=s[key],
                             expected="、".join(INDICATORS))
        bad = set(s[key]) - set(INDICATORS)
        if bad:
            raise InputError(path, column=key, problem=f"未知指标 {', '.join(sorted(map(str, bad)))}",
                             expected="、".join(INDICATORS))
        for k, v in list(s[key].items()):
            s[key][k] = _number(path, f"{key}.{k}", v, 0, strict_lo=(key == "benchmarks"))
    for key in ("weights", "small_firm_weights"):
        total = sum(s[key].values())
        if abs(total - 100) > 1e-9:
            raise InputError(path, column=key, problem=f"权重合计应为 100，现为 {total:g} / weights must total 100",
                             value=s[key], expected="如 tax_per_mu: 45, revenue_per_mu: 20, … 合计 100")
    shares = s["class_cumulative_shares"]
    if not isinstance(shares, dict) or set(shares) != {"A", "B", "C"}:
        raise InputError(path, column="class_cumulative_shares", problem="应有 A、B、C 三项", value=shares,
                         expected="A: 0.25, B: 0.70, C: 0.95")
    for k in "ABC":
        shares[k] = _number(path, f"class_cumulative_shares.{k}", shares[k], 0, 1)
    if not (shares["A"] <= shares["B"] <= shares["C"]):
        raise InputError(path, column="class_cumulative_shares", problem="累计比例应递增且在0到1之间",
                         expected="A ≤ B ≤ C ≤ 1，如 0.25 / 0.70 / 0.95")
    s["benchmark_cap"] = _number(path, "benchmark_cap", s["benchmark_cap"], 0, strict_lo=True)
    s["leased_m2_per_mu"] = _number(path, "leased_m2_per_mu", s["leased_m2_per_mu"], 0, strict_lo=True)
    s["small_firm_min_mu"] = _number(path, "small_firm_min_mu", s["small_firm_min_mu"], 0)
    s["low_efficiency_tax_wan"] = _number(path, "low_efficiency_tax_wan", s["low_efficiency_tax_wan"], 0)
    for key in ("exempt_flags", "veto_flags", "protected_flags"):
        if not isinstance(s[key], list) or not all(isinstance(x, str) for x in s[key]):
            raise InputError(path, column=key, problem="应为文字列表", value=s[key],
                             expected="[" + ", ".join(DEFAULT_SETTINGS[key]) + "]")
    for a, b in (("exempt_flags", "veto_flags"), ("exempt_flags", "protected_flags"), ("veto_flags", "protected_flags")):
        both = sorted(set(s[a]) & set(s[b]))
        if both:
            raise InputError(path, column=b, problem=f"标记“{'、'.join(both)}”同时列在 {a} 和 {b} 中，含义不清",
                             expected="每个标记只列在一处")
    if s["missing_points"] not in ("floor", "group_average"):
        raise InputError(path, column="missing_points", problem=f"取值 {s['missing_points']!r} 无效",
                         expected="floor（缺数据按最低分）或 group_average（按组内平均分，黄岩）")
    _check_class_rule(path, s)
    check_measures(path, s)


def _check_class_rule(path, s: dict) -> None:
    """class_rule and its settings (analysis.classes): a known rule, rounding words, quotas totalling 100%,
    thresholds falling from A to C, a two-stage rule with shares, pools and known indicators."""
    from .classes import ROUNDING, RULES

    if s["class_rule"] not in RULES:
        raise InputError(path, column="class_rule", problem=f"未知的分档规则 {s['class_rule']!r}",
                         expected=" / ".join(f"{k}（{v}）" for k, v in RULES.items()))
    rd = s["class_rounding"]
    if not isinstance(rd, dict) or not set(rd) <= set("ABCD") or not all(v in ROUNDING for v in rd.values()):
        raise InputError(path, column="class_rounding", problem="应为“等级: 取整方式”", value=rd,
                         expected="等级 A/B/C/D，取整方式 " + " / ".join(ROUNDING) + "，如 {A: floor, D: ceil}")
    if "C" in rd and "D" in rd:
        raise InputError(path, column="class_rounding", problem="C 与 D 的取整只能设一个（D 类人数定了，C 类即为其余）",
                         value=rd, expected="{A: floor, D: ceil}")
    quotas = s["class_quotas"]
    if quotas:
        if not isinstance(quotas, dict) or set(quotas) != set("ABCD"):
            raise InputError(path, column="class_quotas", problem="应有 A、B、C、D 四项", value=quotas,
                             expected="A: 0.20, B: 0.55, C: 0.20, D: 0.05（合计100%）")
        for k in "ABCD":
            quotas[k] = _number(path, f"class_quotas.{k}", quotas[k], 0, 1)
        total = sum(quotas.values())
        if abs(total - 1) > 1e-9:
            raise InputError(path, column="class_quotas", problem=f"各档比例合计应为100%，现为{total:.0%}", value=quotas,
                             expected="A + B + C + D = 1，如 0.20 / 0.55 / 0.20 / 0.05")
        if s["class_cumulative_shares"] != DEFAULT_SETTINGS["class_cumulative_shares"]:
            raise InputError(path, column="class_quotas", problem="class_quotas 与 class_cumulative_shares 只能设一个",
                             expected="删去其中一项")
        s["class_cumulative_shares"] = {"A": quotas["A"], "B": quotas["A"] + quotas["B"],
                                        "C": quotas["A"] + quotas["B"] + quotas["C"]}
    t = s["class_thresholds"]
    if not isinstance(t, dict) or set(t) != set("ABC"):
        raise InputError(path, column="class_thresholds", problem="应有 A、B、C 三项", value=t, expected="A: 85, B: 70, C: 55")
    for k in "ABC":
        t[k] = _number(path, f"class_thresholds.{k}", t[k], 0, 1000)
    if not t["A"] >= t["B"] >= t["C"]:
        raise InputError(path, column="class_thresholds", problem="分数线应 A ≥ B ≥ C", value=t, expected="A: 85, B: 70, C: 55")
    two = s["two_stage"]
    if not isinstance(two, dict) or set(two) != {"A", "C"}:
        raise InputError(path, column="two_stage", problem="应有 A、C 两项", value=two,
                         expected="A: {share: 0.15, pool: 0.5, by: [tax_per_mu, rd_intensity]}, C: {…}")
    for k in "AC":
        part = two[k]
        if not isinstance(part, dict) or set(part) != {"share", "pool", "by"}:
            raise InputError(path, column=f"two_stage.{k}", problem="应有 share、pool、by 三项", value=part,
                             expected="{share: 0.15, pool: 0.5, by: [tax_per_mu, rd_intensity]}")
        part["share"] = _number(path, f"two_stage.{k}.share", part["share"], 0, 1)
        part["pool"] = _number(path, f"two_stage.{k}.pool", part["pool"], 0, 1)
        if part["share"] > part["pool"]:
            raise InputError(path, column=f"two_stage.{k}", problem="入选比例不能大于候选范围", value=part,
                             expected="share ≤ pool，如 share 0.15、pool 0.5")
        by = part["by"]
        if not isinstance(by, list) or not by or not set(by) <= set(INDICATORS):
            raise InputError(path, column=f"two_stage.{k}.by", problem="应为指标列表", value=by, expected="、".join(INDICATORS))


def read_ledger(path: Path, quality: Quality | None = None, settings: dict | None = None) -> pd.DataFrame:
    """Read an enterprise ledger (CSV/xlsx) through the validation layer: units converted into each
    column's unit (1.0326亿元 → 10,326 万元, 3.6公顷 → 54 亩), ranges and unique codes checked."""
    ledger = validation.read(path, LEDGER)
    quality = quality if quality is not None else Quality()
    for rec in ledger[ledger["tax"].isna()].to_dict("records"):
        quality.warn(path, f"{rec['name']} 税收为空：不参加低效企业筛选，亩均税收按缺失计", row=rec["_row"], column="税收万元")
    for rec in ledger[ledger["adjust"].fillna(0).ne(0) & ledger["adjust_reason"].fillna("").eq("")].to_dict("records"):
        raise InputError(path, row=rec["_row"], column="加减分原因", problem=f"{rec['name']} 有加减分（{rec['adjust']:g}分）但未写原因",
                         expected="加减分的依据，如“获评省级专精特新 +2”")
    s = settings or DEFAULT_SETTINGS
    known = {*s["exempt_flags"], *s.get("veto_flags", ()), *s.get("protected_flags", ())}
    unknown = set().union(*map(flag_words, ledger["flags"])) - known if len(ledger) else set()
    for rec in ledger[ledger["flags"].map(lambda f: bool(set(flag_words(f)) & unknown))].to_dict("records"):
        quality.warn(path, f"{rec['name']} 的标记“{rec['flags']}”不是可识别的标记，按无标记处理", row=rec["_row"], column="标记")
    for column, field in (("综合能耗吨标煤", "energy"), ("年平均职工人数", "employees"), ("营业收入万元", "revenue")):
        for rec in ledger[ledger["above_scale"] & ~(ledger[field] > 0)].to_dict("records"):
            quality.warn(path, f"{rec['name']} 为规上企业但{column}为空或0：相关指标无法计算，评价中按最低分计",
                         row=rec["_row"], column=column)
    over = ledger[(ledger["revenue"] > 0) & (ledger["tax"] > ledger["revenue"])]
    for rec in over.to_dict("records"):
        quality.warn(path, f"{rec['name']} 税收（{rec['tax']:,.1f}万元）大于营业收入（{rec['revenue']:,.1f}万元），请核实单位",
                     row=rec["_row"], column="税收万元")
    return ledger.drop(columns="_row")


def land_area(ledger: pd.DataFrame, leased_m2_per_mu: float) -> pd.Series:
    """用地面积(亩) = 自有用地 + 租赁厂房㎡ ÷ 折算系数 (METHODS §2; factor is a setting)."""
    own = ledger["own_mu"].fillna(0.0)
    leased = ledger.get("leased_m2", pd.Series(0.0, index=ledger.index)).fillna(0.0)
    return own + leased / float(leased_m2_per_mu)


def indicators(ledger: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """Per-firm indicator values (METHODS §2 formulas); NaN where a denominator is 0 or missing."""
    area = land_area(ledger, settings["leased_m2_per_mu"])

    def ratio(num, den):
        num, den = ledger.get(num), den if isinstance(den, pd.Series) else ledger.get(den)
        if num is None or den is None:
            return pd.Series(np.nan, index=ledger.index)
        return num.where(den > 0) / den.where(den > 0)

    return pd.DataFrame({
        "land_mu": area,
        "tax_per_mu": ratio("tax", area),
        "revenue_per_mu": ratio("revenue", area),
        "va_per_energy": ratio("value_added", "energy"),
        "rd_intensity": ratio("rd", "revenue"),
        "labour_productivity": ratio("value_added", "employees"),
    }, index=ledger.index)


def points(values: pd.Series, weight: float, method: str, benchmark: float | None = None,
           cap: float = 1.5) -> pd.Series:
    """Points on one indicator (METHODS §2).

    minmax: weight × [20 + 80 × (v − min) / (max − min)] / 100; if every value is equal, each
    firm gets the full weight; a missing value gets the floor, weight × 20 / 100.
    benchmark: weight × min(v / benchmark, cap); benchmark defaults to the group mean;
    a missing value gets 0.
    """
    return pd.Series(points_array(values.to_numpy(dtype=float), weight, method, benchmark, cap), index=values.index)


def points_array(v: np.ndarray, weight: float, method: str, benchmark: float | None = None,
                 cap: float = 1.5) -> np.ndarray:
    """:func:`points` on a plain array (the next-class search rescores a group thousands of times)."""
    if method not in ("minmax", "benchmark"):
        raise ValueError(f"未知的评分方法 {method!r}（可选 minmax / benchmark）/ unknown scoring method")
    known = ~np.isnan(v)
    if method == "minmax":
        if not known.any():
            return np.full(v.shape, weight * 0.2)
        lo, hi = v[known].min(), v[known].max()
        if hi == lo:
            pts = np.full(v.shape, float(weight))
        else:
            pts = weight * (20 + 80 * (v - lo) / (hi - lo)) / 100
        return np.where(known, pts, weight * 0.2)
    bm = benchmark if benchmark is not None else (v[known].mean() if known.any() else np.nan)
    if not bm or np.isnan(bm) or bm <= 0:
        return np.zeros(v.shape)
    return np.where(known, weight * np.minimum(v / bm, cap), 0.0)


def class_cutoffs(n: int, shares: dict, rounding: dict | None = None) -> dict:
    """Last rank in each class for n graded firms: ⌊n·share + ½⌋ (round half up), or per class as
    ``rounding`` says (analysis.classes)."""
    return classes.cutoffs(n, shares, rounding)


def classify(totals: pd.Series, shares: dict) -> tuple[pd.Series, pd.Series]:
    """Rank (1 = best, ties share the better rank) and class A/B/C/D for each total, by quota."""
    rank = classes.rank_of(totals)
    cut = class_cutoffs(len(totals), shares)
    cls = rank.map(lambda r: "A" if r <= cut["A"] else "B" if r <= cut["B"] else "C" if r <= cut["C"] else "D")
    return rank, cls


def evaluate(ledger: pd.DataFrame, settings: dict | None = None) -> pd.DataFrame:
    """The full evaluation: one row per firm with group, indicator values, points, total, rank, class.

    Columns: 企业代码, 企业名称, 规上, 评价组, 用地亩, <indicator values>, <points per indicator>,
    总分, 排名, 等级, 说明.
    """
    s = settings or load_settings(None)
    if s["method"] not in ("minmax", "benchmark"):
        raise ValueError(f"未知的评分方法 {s['method']!r}（可选 minmax / benchmark）/ unknown scoring method")
    ind = indicators(ledger, s)
    s = {**DEFAULT_SETTINGS, **s}          # settings recorded before the class rules existed read as defaults
    flags = ledger.get("flags", pd.Series("", index=ledger.index)).fillna("").map(flag_words)
    vetoed = flags.map(lambda f: bool(classes.flag_hit(f, s["veto_flags"])))
    exempt = flags.map(lambda f: classes.flag_hit(f, s["exempt_flags"])).where(~vetoed, "")
    group = pd.Series("", index=ledger.index, dtype=object)
    note = pd.Series("", index=ledger.index, dtype=object)
    no_land = ~(ind["land_mu"] > 0)
    above = ledger["above_scale"].astype(bool)
    group[above] = "规上"
    group[~above & (ind["land_mu"] >= s["small_firm_min_mu"])] = "规下"
    note[~above & ~(ind["land_mu"] >= s["small_firm_min_mu"])] = f"规下且用地不足{s['small_firm_min_mu']}亩，不参评"
    group[no_land] = ""
    note[no_land] = "无用地数据，亩均指标无法计算，不参评"
    industry = ledger["industry"].fillna("") if "industry" in ledger else pd.Series("", index=ledger.index)
    out = pd.DataFrame({"企业代码": ledger["code"], "企业名称": ledger["name"], "行业": industry,
                        "规上": above.map({True: "是", False: "否"}), "评价组": group,
                        "用地亩": ind["land_mu"]})
    for key, (label, _) in INDICATORS.items():
        out[label] = ind[key]
    for label, _ in INDICATORS.values():
        out[f"{label}得分"] = np.nan
    adjust = ledger.get("adjust", pd.Series(np.nan, index=ledger.index)).astype(float)
    out["加减分"] = adjust.where(out["评价组"] != "")
    out["加减分原因"] = ledger.get("adjust_reason", pd.Series("", index=ledger.index)).fillna("").where(adjust.notna(), "")
    out["总分"] = np.nan
    for grp, weights in (("规上", s["weights"]), ("规下", s["small_firm_weights"])):
        members = out.index[(out["评价组"] == grp)]
        if len(members) == 0:
            continue
        total = pd.Series(0.0, index=members)
        for key, w in weights.items():
            label = INDICATORS[key][0]
            pts = points(ind.loc[members, key], w, s["method"], s["benchmarks"].get(key), s["benchmark_cap"])
            missing = ind.loc[members, key].isna()
            if s.get("missing_points") == "group_average" and missing.any() and (~missing).any():
                pts[missing] = pts[~missing].mean()        # 黄岩: the group's average points on that item
            out.loc[members, f"{label}得分"] = pts
            total += pts
        out.loc[members, "总分"] = total + adjust[members].fillna(0.0)
    out["排名"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["等级"] = ""
    basis = pd.Series("", index=ledger.index, dtype=object)
    names = {k: v[0] for k, v in INDICATORS.items()}
    for grp in ("规上", "规下"):
        graded = out.index[(out["评价组"] == grp) & (exempt == "")]
        if len(graded):
            point_cols = [c for c in out.columns if str(c).endswith("得分")]
            rank, cls, why = classes.assign(out.loc[graded, "总分"], out.loc[graded, point_cols], out.loc[graded, "企业代码"],
                                            flags[graded], s, names)
            out.loc[graded, "排名"] = rank.to_numpy()
            out.loc[graded, "等级"] = cls
            basis[graded] = why
    is_exempt = (exempt != "") & (out["评价组"] != "")
    out.loc[is_exempt, "等级"] = "不定等级"
    note[is_exempt] = exempt[is_exempt].map(lambda f: f"{f}企业，参与评价但不定等级")
    basis[is_exempt] = exempt[is_exempt].map(lambda f: f"{f}企业不定等级")
    out["定级依据"] = basis
    out["说明"] = note
    return out


def class_summary(result: pd.DataFrame) -> pd.DataFrame:
    """Firms and land by class (A/B/C/D/不定等级/不参评), with land share."""
    cls = result["等级"].replace("", "不参评")
    order = ["A", "B", "C", "D", "不定等级", "不参评"]
    g = result.assign(等级=cls).groupby("等级").agg(企业数=("企业代码", "count"), 用地亩=("用地亩", "sum"))
    g = g.reindex(order).fillna(0).reset_index()
    g["企业数"] = g["企业数"].astype(int)
    total = g["用地亩"].sum()
    g["用地占比"] = g["用地亩"] / total if total > 0 else np.nan
    return g


def flag_words(text) -> list[str]:
    """The words of a 标记 cell (``公益性、初创`` → [公益性, 初创]); matched whole, so 非公益性 is not 公益性."""
    import re

    return [w for w in re.split(r"[、,，;；/\s|]+", str(text or "")) if w]


def screen_low_efficiency(ledger: pd.DataFrame, threshold_wan: float) -> pd.DataFrame:
    """Firms whose 税收 is under the threshold (the document's 低效企业 rule: 2024 税收 < 1万元).

    A firm with no 税收 on record is not screened (unknown is not low; the reader warns about it)."""
    low = ledger[ledger["tax"].notna() & (ledger["tax"] < threshold_wan)]
    return pd.DataFrame({"企业代码": low["code"], "企业名称": low["name"], "税收万元": low["tax"],
                         "自有用地亩": low["own_mu"]}).reset_index(drop=True)


PROGRESS_WORDS = ("", "未启动", "推进中", "已完成")


STATUS = Spec("低效企业进展表", (
    Column("序号", "seq"),
    Column("企业名称", "企业名称", required=True, nonblank=True),
    Column("处置意见", "处置意见", required=True),
    Column("进展", "进展", "choice", required=True, choices=PROGRESS_WORDS[1:]),
    Column("完成时间", "完成时间", "date"),
    Column("备注", "备注"),
), key=("企业名称",))


def status_without_ledger(listed: list[dict]) -> pd.DataFrame:
    """The document's 低效企业 with 进展 未更新 (no progress table given)."""
    return pd.DataFrame([{"企业名称": i["name"], "处置意见": i["disposition"], "进展": "未更新", "完成时间": "",
                          "备注": ""} for i in listed], columns=["企业名称", "处置意见", "进展", "完成时间", "备注"])


def read_low_efficiency_status(path: Path, listed: list[dict], period: str | None = None,
                               quality: Quality | None = None) -> pd.DataFrame:
    """The 19 低效企业 named in the document with the analyst's progress fields.

    ``listed`` is the catalogue's list (name, disposition).  Each row's 企业名称 must be one of
    them and its 处置意见 must be the document's; 进展 is 未启动 / 推进中 / 已完成 or blank.
    已完成 needs a 完成时间; a 完成时间 after ``period`` is a warning (the firm counts as done
    only from that month on).  Firms missing from the file are added with 进展 未更新 so none
    drops out of the report.
    """
    doc = {i["name"]: i["disposition"] for i in listed}
    by_form = {normalize_text(n): n for n in doc}   # 诺贝尔制药(邯郸) and 诺贝尔制药（邯郸） are one firm
    table = validation.read(path, STATUS)
    quality = quality if quality is not None else Quality()
    seen = {}
    for rec in table.to_dict("records"):
        n, name = rec["_row"], by_form.get(normalize_text(rec["企业名称"]), rec["企业名称"])
        if name not in doc:
            raise InputError(path, row=n, column="企业名称", problem="不在文件列出的19家低效企业中",
                             value=name, expected="文件原名，如 " + "、".join(list(doc)[:3]) + " …")
        if rec["处置意见"] != doc[name]:
            raise InputError(path, row=n, column="处置意见", problem="与文件不一致",
                             value=rec["处置意见"], expected=doc[name])
        done = rec["完成时间"]
        if rec["进展"] == "已完成" and not done:
            quality.warn(path, f"{name} 进展为已完成但未填完成时间", row=n, column="完成时间")
        progress = rec["进展"] or "未更新"
        if done and period and done[:4] < period[:4]:
            quality.warn(path, f"{name} 的完成时间 {done} 早于 {period[:4]} 年，请核实（计入已完成）", row=n, column="完成时间")
        if done and period and done[:7] > period:
            if progress == "已完成":
                progress = "推进中"   # as of the report period it was not yet done
            quality.warn(path, f"{name} 的完成时间 {done} 晚于报告期 {period}，本期按“推进中”计", row=n, column="完成时间")
        seen[name] = {"企业名称": name, "处置意见": doc[name], "进展": progress,
                      "完成时间": done, "备注": rec["备注"]}
    missing = status_without_ledger(listed).set_index("企业名称", drop=False)
    rows = [seen.get(i["name"], missing.loc[i["name"]].to_dict()) for i in listed]
    return pd.DataFrame(rows, columns=list(missing.columns))


def low_efficiency_summary(status: pd.DataFrame) -> pd.DataFrame:
    """Counts by 处置意见 and 进展 (rows 清退/整改提升, columns the progress words)."""
    cols = ["未更新", "未启动", "推进中", "已完成"]
    t = pd.crosstab(status["处置意见"], status["进展"]).reindex(columns=cols, fill_value=0)
    t = t.reindex(["清退", "整改提升"], fill_value=0)
    t["合计"] = t.sum(axis=1)
    return t.rename_axis(None, axis=1).reset_index()


def low_efficiency_sentence(summary: pd.DataFrame) -> str:
    """One sentence on the 低效企业 ledger's progress by 处置意见, from :func:`low_efficiency_summary`;
    a ledger nobody has updated says so rather than reading as 未启动."""
    parts = []
    for r in summary.to_dict("records"):
        if not r["合计"]:
            continue
        words = "、".join(f"{w}{int(r[w])}家" for w in ("已完成", "推进中", "未启动", "未更新") if r[w])
        parts.append(f"{r['处置意见']}{int(r['合计'])}家（{words}）")
    if not parts:
        return ""
    total = int(summary["合计"].sum())
    s = f"低效企业处置台账共{total}家：" + "；".join(parts) + "。"
    if int(summary["未更新"].sum()) == total:
        s += "台账本期尚未更新任何进展。"
    return s


METHOD_NAMES = {k: v for k, v in registry.SCORING_METHODS.items() if k}   # one set of names (registry)


def settings_table(settings: dict) -> pd.DataFrame:
    """The scoring settings in use, in words (so every report says how it scored)."""
    names = {k: v[0] for k, v in INDICATORS.items()}
    rule = {"minmax": "得分 = 权重 × [20 + 80 × (本值 − 最小值) / (最大值 − 最小值)] / 100（旌德县）",
            "benchmark": f"得分 = 权重 × min(本值 / 基准值, {settings['benchmark_cap']})，基准值默认取组内平均"}
    method = {k: f"{METHOD_NAMES[k]}：{v}" for k, v in rule.items()}
    rows = [
        ("评分方法", METHOD_NAMES[settings["method"]], method[settings["method"]]),
        ("规上企业权重", "，".join(f"{names[k]} {w}" for k, w in settings["weights"].items()), "一套已公布的市级权重"),
        ("规下企业权重", "，".join(f"{names[k]} {w}" for k, w in settings["small_firm_weights"].items()),
         f"用地 ≥ {settings['small_firm_min_mu']} 亩的规下企业参评"),
        ("分档", classes.RULES[settings.get("class_rule", "quota")], classes.rule_words({**DEFAULT_SETTINGS, **settings})),
        ("缺数据的指标", "按组内平均分计" if settings.get("missing_points") == "group_average" else "按最低分计",
         "台州黄岩按组内平均分计；默认按最低分计"),
        ("租赁厂房折算", f"{settings['leased_m2_per_mu']:g} 平方米 = 1 亩", "河北无统一规定，可在设置中修改"),
        ("不定等级", "、".join(settings["exempt_flags"]), "参与评价，不定等级"),
    ]
    return pd.DataFrame(rows, columns=["项目", "设置", "说明"])


def tax_per_mu_distribution(result: pd.DataFrame, group: str = "规上") -> tuple[pd.Series, float]:
    """亩均税收 of the firms in one evaluation group and its median (for the distribution chart)."""
    values = result.loc[result["评价组"] == group, "亩均税收"].dropna()
    return values, float(values.median()) if len(values) else float("nan")


def ranked_extremes(result: pd.DataFrame, n: int = 5, group: str = "规上") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` best and ``n`` worst graded firms of one evaluation group, in a narrow table for the page
    (企业名称, 等级, 总分, 排名, 亩均税收 万元/亩); the full detail of every firm is in ``tables.xlsx``."""
    graded = result[(result["评价组"] == group) & result["排名"].notna()]
    graded = graded.assign(_r=graded["排名"].astype(float)).sort_values(["_r", "企业代码"], kind="stable")
    cols = {"企业名称": "企业名称", "等级": "等级", "总分": "总分", "排名": "排名", "亩均税收": "亩均税收（万元/亩）"}
    table = graded[list(cols)].rename(columns=cols)
    table["排名"] = table["排名"].astype(int)
    best = table.head(n).reset_index(drop=True)
    worst = table.tail(n).iloc[::-1].reset_index(drop=True) if len(table) > n else table.iloc[0:0]
    return best, worst


CLASSES = ("A", "B", "C", "D", "不定等级")


def class_list(result: pd.DataFrame, grade: str) -> pd.DataFrame:
    """Every firm of one class, best first (the list a zone publishes for 公示): 企业名称, 评价组, 总分,
    排名 within its group, 亩均税收, 用地 and the note."""
    if grade not in CLASSES:
        raise ValueError(f"等级应为 {'、'.join(CLASSES)}，收到 {grade!r} / unknown class")
    firms = result[result["等级"] == grade]
    firms = firms.assign(_g=(firms["评价组"] != "规上").astype(int), _r=firms["排名"].astype(float))
    firms = firms.sort_values(["_g", "_r", "企业代码"], kind="stable")
    cols = {"企业名称": "企业名称", "评价组": "评价组", "总分": "总分", "排名": "组内排名", "亩均税收": "亩均税收（万元/亩）",
            "用地亩": "用地（亩）", "说明": "说明"}
    table = firms[list(cols)].rename(columns=cols).reset_index(drop=True)
    table["组内排名"] = table["组内排名"].astype("Int64")
    return table


def class_sentence(table: pd.DataFrame, grade: str) -> str:
    """One line above a class list: how many firms, by group, and their land."""
    from .units import fmt_value

    name = f"{grade}类" if grade != "不定等级" else "不定等级"
    if table.empty:
        return f"本期没有{name}企业。"
    groups = table["评价组"].value_counts()
    parts = "、".join(f"{g}{int(groups[g])}家" for g in ("规上", "规下") if g in groups)
    return f"{name}企业共{len(table)}家（{parts}），合计用地{fmt_value(float(table['用地（亩）'].sum()), '亩', 1)}。"


def class_pages(res) -> list[tuple[str, str, dict]]:
    """The fan-out of the class list page: one output per class that has firms, as
    (output suffix, title words, parameters)."""
    result = res["efficiency"]
    if result is None:
        return []
    present = set(result["等级"])
    return [(grade if grade != "不定等级" else "exempt", f"{grade}类" if grade != "不定等级" else grade, {"grade": grade})
            for grade in CLASSES if grade in present]


def with_units(table: pd.DataFrame) -> pd.DataFrame:
    """Column headers with their units (亩均税收 → 亩均税收（万元/亩）, 用地亩 → 用地（亩）) for a reader."""
    names = {"用地亩": "用地（亩）", **{name: f"{name}（{unit}）" for name, unit in INDICATORS.values() if unit != "%"}}
    return table.rename(columns=names)
