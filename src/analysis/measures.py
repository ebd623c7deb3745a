"""差别化 measures of the 亩均 round: the schedule, its check, and what each firm pays.

A schedule (``measures`` in scoring.yaml, default :data:`DEFAULT_MEASURES`) lists the measure, the class, the
years in the class it applies from and to, the amount and its unit, and its source with a status
(``verified``, or ``unverified``: published elsewhere and not confirmed for Hebei).  An amount in 元/千瓦时 is
charged on the ledger's 年用电量, one in 元/立方米 on 年用气量; 元/千瓦时 × 万千瓦时 = 万元.  Measures sharing an
``exclusive`` group are not added up: only the highest applies, and for electricity the firm's other
surcharges (差别电价, 惩罚性电价, 阶梯电价; the ledger's 其他电价加价) compete with it, so the 亩均 measure costs
the firm only what it adds above them (鲁发改价格〔2022〕56号).
"""
from __future__ import annotations

import math

import pandas as pd

from . import units, validation
from .classes import GRADES
from .errors import InputError

_SHANDONG = "鲁发改价格〔2022〕56号（山东，D类企业差别电价）"
DEFAULT_MEASURES = [
    {"name": "差别电价加价", "class": "D", "min_years": 1, "max_years": 1, "amount": 0.05, "unit": "元/千瓦时",
     "exclusive": "电价加价", "source": _SHANDONG, "status": "unverified"},
    {"name": "差别电价加价", "class": "D", "min_years": 2, "max_years": 2, "amount": 0.10, "unit": "元/千瓦时",
     "exclusive": "电价加价", "source": _SHANDONG, "status": "unverified"},
    {"name": "差别电价加价", "class": "D", "min_years": 3, "amount": 0.15, "unit": "元/千瓦时",
     "exclusive": "电价加价", "source": _SHANDONG, "status": "unverified"},
    {"name": "管道天然气加价", "class": "D", "min_years": 1, "max_years": 1, "amount": 1.0, "unit": "元/立方米",
     "source": "青岛市亩均效益评价差别化政策（D类企业首年）", "status": "unverified"},
    {"name": "用地、用能指标、信贷和评优优先保障", "class": "A", "min_years": 1,
     "source": "各地亩均论英雄差别化政策的通行做法", "status": "unverified"},
]
MEASURE_KEYS = ("name", "class", "min_years", "max_years", "amount", "unit", "exclusive", "source", "status")
BASIS = {"power_price": ("power", "年用电量", "万千瓦时"), "gas_price": ("gas", "年用气量", "万立方米")}
STATUS_WORDS = {"verified": "已核实", "unverified": "外地做法，河北未核实"}


def measures_in(settings: dict) -> list[dict]:
    """The schedule in force: the settings' ``measures`` (``[]`` is no measures), or the published default when
    the key is not set."""
    given = settings.get("measures")
    return DEFAULT_MEASURES if given is None else given


def check_measures(path, s: dict) -> None:
    """Every measure of the schedule well formed; errors name the item and its field."""
    items = s["measures"]
    if items is None:
        return
    if not isinstance(items, list):
        raise InputError(path, column="measures", problem="应为措施列表", value=items,
                         expected="- {name: 差别电价加价, class: D, min_years: 1, amount: 0.05, unit: 元/千瓦时, "
                                  "source: …, status: unverified}")
    for i, m in enumerate(items, start=1):
        where = f"measures 第{i}项"
        if not isinstance(m, dict):
            raise InputError(path, column=where, problem="应为键值对", value=m, expected="、".join(MEASURE_KEYS))
        unknown = sorted(set(map(str, m)) - set(MEASURE_KEYS))
        if unknown:
            raise InputError(path, column=f"{where}.{unknown[0]}", problem="未知字段", expected="、".join(MEASURE_KEYS))
        for key in ("name", "class", "source", "status"):
            if not str(m.get(key) or "").strip():
                raise InputError(path, column=f"{where}.{key}", problem="缺少此项", expected=_EXPECT[key])
        if m["class"] not in GRADES:
            raise InputError(path, column=f"{where}.class", problem="等级无效", value=m["class"], expected="A / B / C / D")
        if m["status"] not in STATUS_WORDS:
            raise InputError(path, column=f"{where}.status", problem="状态无效", value=m["status"],
                             expected="verified（已核实）或 unverified（外地做法，河北未核实）")
        m["min_years"] = _whole(path, f"{where}.min_years", m.get("min_years", 1), 1)
        if m.get("max_years") is not None:
            m["max_years"] = _whole(path, f"{where}.max_years", m["max_years"], m["min_years"])
        if m.get("amount") is not None:
            number = validation.as_number(m["amount"])
            if number is None or isinstance(m["amount"], bool) or not number >= 0:
                raise InputError(path, column=f"{where}.amount", problem="金额无效", value=m["amount"], expected="≥ 0 的数值")
            m["amount"] = float(number)
            if not str(m.get("unit") or "").strip():
                raise InputError(path, column=f"{where}.unit", problem="有金额但没有单位", expected="元/千瓦时 或 元/立方米")
            if units.dimension(str(m["unit"])) not in BASIS:
                raise InputError(path, column=f"{where}.unit", problem="单位无法测算", value=m["unit"],
                                 expected="元/千瓦时（按年用电量）或 元/立方米（按年用气量）")
        elif m.get("unit"):
            raise InputError(path, column=f"{where}.amount", problem="有单位但没有金额", value=m["unit"], expected="≥ 0 的数值")
        if m.get("exclusive") is not None and not isinstance(m["exclusive"], str):
            raise InputError(path, column=f"{where}.exclusive", problem="应为一个组名（文字）", value=m["exclusive"],
                             expected="如 电价加价：同组的措施只按最高的执行")
    groups: dict[str, set] = {}
    for m in items:
        if m.get("exclusive") and m.get("amount") is not None:
            groups.setdefault(m["exclusive"], set()).add(units.dimension(str(m["unit"])))
    for group, kinds in groups.items():
        if len(kinds) > 1:
            raise InputError(path, column="measures", problem=f"“{group}”组内的措施计价单位不同（电价与气价不能比高低）",
                             expected="同组的措施用同一计价单位：都是 元/千瓦时 或都是 元/立方米")


_EXPECT = {"name": "措施名称，如 差别电价加价", "class": "A / B / C / D", "source": "出处，如 鲁发改价格〔2022〕56号",
           "status": "verified 或 unverified"}


def _whole(path, where, value, lo) -> int:
    number = validation.as_number(value)
    if number is None or isinstance(value, bool) or number != int(number) or number < lo:
        raise InputError(path, column=where, problem="年数无效", value=value, expected=f"≥ {lo} 的整数")
    return int(number)


def applies(m: dict, grade: str, years: int) -> bool:
    return m["class"] == grade and m["min_years"] <= years and (m.get("max_years") is None or years <= m["max_years"])


def years_words(m: dict) -> str:
    lo, hi = m["min_years"], m.get("max_years")
    if hi is None:
        return f"连续{lo}年及以上" if lo > 1 else "各年"
    return f"连续第{lo}年" if lo == hi else f"连续第{lo}–{hi}年"


def schedule_table(settings: dict) -> pd.DataFrame:
    """The schedule in words, with each measure's source and status (the page and the cards show it)."""
    rows = []
    for m in measures_in(settings):
        amount = f"{m['amount']:g}{m['unit']}" if m.get("amount") is not None else "—"
        rows.append({"等级": f"{m['class']}类", "适用年数": years_words(m), "措施": m["name"], "标准": amount,
                     "只按最高执行": m.get("exclusive") or "—", "出处": m["source"], "状态": STATUS_WORDS[m["status"]]})
    return pd.DataFrame(rows, columns=["等级", "适用年数", "措施", "标准", "只按最高执行", "出处", "状态"])


def firm_measures(grade: str, years: int, settings: dict) -> list[dict]:
    """The measures that apply to a class after ``years`` in a row in it."""
    return [m for m in measures_in(settings) if applies(m, grade, years)]


def costs(result: pd.DataFrame, ledger: pd.DataFrame, hist: pd.DataFrame, settings: dict) -> pd.DataFrame:
    """Each firm's priced measures this year: per exclusive group the highest rate applies, and for
    electricity the firm's other surcharge competes (only what the 亩均 measure adds above it is its cost).

    Columns: 企业代码, 企业名称, 等级, 连续同级年数, 措施, 标准, 用量, 计价用量单位, 年度加价万元, 说明."""
    by_code = ledger.set_index("code")
    years = dict(zip(hist["企业代码"], hist["连续同级年数"]))
    rows = []
    for code, name, grade in zip(result["企业代码"], result["企业名称"], result["等级"]):
        if grade not in GRADES:
            continue
        n = int(years.get(code, 1))
        groups: dict[str, list[dict]] = {}
        for m in firm_measures(grade, n, settings):
            if m.get("amount") is not None:
                groups.setdefault(m.get("exclusive") or m["name"], []).append(m)
        firm = by_code.loc[code] if code in by_code.index else None
        for ms in groups.values():
            top = max(ms, key=lambda m: m["amount"])
            field, use_name, use_unit = BASIS[units.dimension(top["unit"])]
            use = _num(None if firm is None else firm.get(field))
            # only the highest electricity surcharge is charged (鲁发改价格〔2022〕56号): the firm's other one competes
            other = _num(None if firm is None else firm.get("other_power_surcharge")) if field == "power" else None
            rate, note = top["amount"], ""
            if other:
                added = max(0.0, rate - other)
                note = (f"已执行其他电价加价{other:g}元/千瓦时，只按最高标准执行，" +
                        (f"本措施增加{added:g}元/千瓦时" if added > 0 else "本措施不再增加"))
                rate = added
            if len(ms) > 1:
                note = "；".join(x for x in (f"同组{len(ms)}项只按最高的{top['amount']:g}{top['unit']}执行", note) if x)
            cost = rate * use if use is not None else float("nan")
            if use is None:
                note = "；".join(x for x in (f"未填报{use_name}，无法测算", note) if x)
            rows.append({"企业代码": code, "企业名称": name, "等级": grade, "连续同级年数": n, "措施": top["name"],
                         "标准": f"{top['amount']:g}{top['unit']}", "用量": use, "计价用量单位": use_unit,
                         "年度加价万元": cost, "说明": note})
    cols = ["企业代码", "企业名称", "等级", "连续同级年数", "措施", "标准", "用量", "计价用量单位", "年度加价万元", "说明"]
    return pd.DataFrame(rows, columns=cols)


def _num(v) -> float | None:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    return float(v)


def cost_summary(cost: pd.DataFrame) -> pd.DataFrame:
    """The priced measures by class and measure: firms, firms without the use on record, and the total."""
    if cost.empty:
        return pd.DataFrame(columns=["等级", "措施", "企业数", "未填报用量", "年度加价合计万元"])
    g = cost.groupby(["等级", "措施"], sort=True).agg(企业数=("企业代码", "count"),
                                                    未填报用量=("用量", lambda s: int(s.isna().sum())),
                                                    年度加价合计万元=("年度加价万元", lambda s: float(s.sum(min_count=1))))
    return g.reset_index()



def cost_sentence(cost: pd.DataFrame) -> str:
    """One line on the priced measures: how many firms pay, the zone total and the firms without use data."""
    if cost.empty:
        return "本轮没有按用量计价的差别化措施适用的企业。"
    total = float(cost["年度加价万元"].sum(min_count=1)) if cost["年度加价万元"].notna().any() else 0.0
    paying = int((cost["年度加价万元"] > 0).sum())
    s = (f"按本轮等级和历年等级，{cost['企业代码'].nunique()}家企业适用计价的差别化措施，{paying}家需实际加价，"
         f"测算年度加价合计{units.fmt_value(total, '万元', 2)}（按台账填报的年用量）。")
    missing = int(cost["用量"].isna().sum())
    if missing:
        s += f"另有{missing}项因未填报用量无法测算。"
    return s


def cost_table(cost: pd.DataFrame) -> pd.DataFrame:
    """The priced measures per firm for a reader, the highest cost first."""
    t = cost.sort_values(["年度加价万元", "企业代码"], ascending=[False, True], kind="stable", na_position="last")
    t = t.assign(用量单位=t["计价用量单位"])
    t = t[["企业名称", "等级", "连续同级年数", "措施", "标准", "用量", "用量单位", "年度加价万元", "说明"]]
    return t.rename(columns={"连续同级年数": "连续同级（年）", "年度加价万元": "年度加价（万元）"}).reset_index(drop=True)
