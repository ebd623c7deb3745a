"""晋位升级: the zone's standing among the zones it is rated against, under an evaluation scheme kept as a file.

* **The scheme** (``standing/scheme.yaml``, checked by :func:`load_scheme`): groups of indicators with weights
  (indicator weights add up to their group's, groups to 100), each indicator's direction (``higher`` or
  ``lower`` is better), its normalisation, and where the zone's own value comes from (``own``: a figure the
  build already computes, e.g. ``tax_per_mu:value`` or ``industrial_output:growth``, never typed twice);
  deductions (points per counted item), vetoes (a zone with one is not rated that year), classes by rank share,
  consequence rules (a zone in the bottom N in K of the last Y years is on the 摘牌 watch); its source and status.
* **Normalisation** per indicator over the zones rated (:func:`normalise`), for "higher is better":
  ``efficacy`` (功效系数法) 60 + 40 × (x − min)/(max − min); ``minmax`` 100 × (x − min)/(max − min);
  ``ratio_best`` 100 × x / max; ``ratio_benchmark`` 100 × min(x / benchmark, cap).  "Lower is better" mirrors
  them (min and max swap; the ratios become best / x).  Equal values all score the top.  An indicator's points
  are weight × score / 100; the total is their sum less the deductions.
* **The peer table** (ledger ``peers``: 年度, 开发区, 指标, 数值): one row per zone, year and indicator (or
  deduction or veto item, counted).  The zone itself is ``本区``; its ``own`` indicators come from the build.
* **A rank band**: a peer value left blank is unknown, never guessed.  The zone's best rank sets every unknown
  to the worst value seen for that indicator, its worst rank to the best value seen; both are reported.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from . import units, validation
from .errors import InputError
from .validation import Column, Quality, Spec

SELF = "本区"
DERIVED_OWN = ("tax_per_mu", "hightech_share")   # headline figures besides the monthly indicators
METHODS = {"efficacy": "功效系数法", "minmax": "极差法", "ratio_best": "与最优值之比", "ratio_benchmark": "与标杆值之比"}
DIRECTIONS = {"higher": "越高越好", "lower": "越低越好"}
STATUSES = {"published": "已公开", "partial": "部分公开，其余由本区设定", "office": "本区自定", "demo": "示例方案"}
SCHEME_KEYS = ("name", "source", "status", "note", "groups", "deductions", "vetoes", "classes", "consequences")

PEERS = Spec("开发区对标数据", (
    Column("年度", "year", "number", "", required=True, nonblank=True, min=2000, max=2100, whole=True),
    Column("开发区", "zone", required=True, nonblank=True),
    Column("指标", "item", required=True, nonblank=True),
    Column("数值", "value"),
    Column("来源", "source"),
), key=("year", "zone", "item"))


# ---------------------------------------------------------------- the scheme
def _num(path, where, value, lo=None, hi=None) -> float:
    n = validation.as_number(value)
    if n is None or isinstance(value, bool) or (lo is not None and n < lo) or (hi is not None and n > hi):
        rng = f"{'' if lo is None else f'≥ {lo:g}'}{'' if hi is None else f' 且 ≤ {hi:g}'}"
        raise InputError(path, column=where, problem="取值无效", value=value, expected=f"数值 {rng}".strip())
    return float(n)


def _whole(path, where, value) -> int:
    n = _num(path, where, value, 1)
    if n != int(n):
        raise InputError(path, column=where, problem="应为整数", value=value, expected="≥ 1 的整数")
    return int(n)


def _text(path, where, value, expected) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, column=where, problem="缺少此项或不是文字", value=value, expected=expected)
    return value.strip()


def load_scheme(path: Path) -> dict:
    """A scheme file read and checked; errors name the group, the indicator and the field."""
    raw = validation.load_yaml(path, "考核方案文件")
    if not isinstance(raw, dict):
        raise InputError(path, problem="考核方案应为键值对", expected="、".join(SCHEME_KEYS))
    unknown = sorted(set(map(str, raw)) - set(SCHEME_KEYS))
    if unknown:
        raise InputError(path, column=unknown[0], problem="未知设置项", expected="、".join(SCHEME_KEYS))
    s = {"name": _text(path, "name", raw.get("name"), "方案名称"),
         "source": _text(path, "source", raw.get("source"), "出处，如 商务部 2021 年国家级经开区综合发展水平考核评价办法"),
         "status": raw.get("status"), "note": str(raw.get("note") or "")}
    if s["status"] not in STATUSES:
        raise InputError(path, column="status", problem="状态无效", value=s["status"], expected=" / ".join(STATUSES))
    groups = raw.get("groups")
    if not isinstance(groups, list) or not groups:
        raise InputError(path, column="groups", problem="应为指标组列表", expected="- {name: 经济发展, weight: 40, indicators: […]}")
    s["groups"], ids, total = [], set(), 0.0
    for g_no, g in enumerate(groups, start=1):
        gw = f"groups 第{g_no}组"
        if not isinstance(g, dict):
            raise InputError(path, column=gw, problem="应为键值对", expected="name、weight、indicators")
        name = _text(path, f"{gw}.name", g.get("name"), "组名")
        if g.get("weight") is None:
            raise InputError(path, column=f"{gw}.weight", problem=f"“{name}”的权重未填（未公开的部分须由本区填写）",
                             expected="该组权重，各组合计 100")
        weight = _num(path, f"{gw}.weight", g.get("weight"), 0, 100)
        items, sub = [], 0.0
        for i_no, ind in enumerate(g.get("indicators") or [], start=1):
            where = f"{gw}.indicators 第{i_no}项"
            if not isinstance(ind, dict):
                raise InputError(path, column=where, problem="应为键值对", expected="id、name、weight、method …")
            item = {"id": _text(path, f"{where}.id", ind.get("id"), "指标代码，如 tax_per_mu"),
                    "name": _text(path, f"{where}.name", ind.get("name"), "指标名称"),
                    "unit": ind.get("unit") or "", "group": name,
                    "direction": ind.get("direction", "higher"), "method": ind.get("method", "efficacy"),
                    "own": str(ind.get("own") or ""), "benchmark": ind.get("benchmark"), "cap": ind.get("cap", 1.2)}
            if not isinstance(item["unit"], str):
                raise InputError(path, column=f"{where}.unit", problem="单位应为文字", value=item["unit"], expected="如 万元/亩 或 %")
            if item["own"]:
                ident, _, field = item["own"].partition(":")
                if not ident or field not in ("value", "growth"):
                    raise InputError(path, column=f"{where}.own", problem="本区数值来源写法不对", value=item["own"],
                                     expected="<指标代码>:value（本年累计）或 <指标代码>:growth（同比增速），如 tax_per_mu:value")
            if item["id"] in ids:
                raise InputError(path, column=f"{where}.id", problem="指标代码重复", value=item["id"], expected="每个指标一个代码")
            ids.add(item["id"])
            if ind.get("weight") is None:
                raise InputError(path, column=f"{where}.weight", problem=f"“{item['name']}”的权重未填", expected="该指标权重")
            item["weight"] = _num(path, f"{where}.weight", ind.get("weight"), 0, 100)
            if item["direction"] not in DIRECTIONS:
                raise InputError(path, column=f"{where}.direction", problem="方向无效", value=item["direction"],
                                 expected="higher（越高越好）或 lower（越低越好）")
            if item["method"] not in METHODS:
                raise InputError(path, column=f"{where}.method", problem="未知的标准化方法", value=item["method"],
                                 expected=" / ".join(f"{k}（{v}）" for k, v in METHODS.items()))
            if item["method"] == "ratio_benchmark":
                item["benchmark"] = _num(path, f"{where}.benchmark", item["benchmark"], 0)
                if not item["benchmark"] > 0:
                    raise InputError(path, column=f"{where}.benchmark", problem="标杆值应大于0", value=item["benchmark"],
                                     expected="> 0")
            item["cap"] = _num(path, f"{where}.cap", item["cap"], 1, 10)
            if item["own"] and ":" not in item["own"]:
                raise InputError(path, column=f"{where}.own", problem="本区数值来源写法不对", value=item["own"],
                                 expected="<指标代码>:value 或 <指标代码>:growth，如 tax_per_mu:value")
            sub += item["weight"]
            items.append(item)
        if not items:
            raise InputError(path, column=f"{gw}.indicators", problem=f"“{name}”没有指标", expected="至少一个指标")
        if abs(sub - weight) > 1e-6:
            raise InputError(path, column=f"{gw}.indicators", problem=f"“{name}”各指标权重合计 {sub:g}，应等于该组权重 {weight:g}",
                             expected=f"指标权重合计 {weight:g}")
        total += weight
        s["groups"].append({"name": name, "weight": weight, "indicators": items})
    if abs(total - 100) > 1e-6:
        raise InputError(path, column="groups", problem=f"各组权重合计 {total:g}，应为 100", expected="各组权重合计 100")
    s["deductions"] = []
    for d_no, d in enumerate(raw.get("deductions") or [], start=1):
        where = f"deductions 第{d_no}项"
        if not isinstance(d, dict):
            raise InputError(path, column=where, problem="应为键值对", expected="id、name、points")
        item = {"id": _text(path, f"{where}.id", d.get("id"), "扣分项代码"), "name": _text(path, f"{where}.name", d.get("name"), "名称"),
                "points": _num(path, f"{where}.points", d.get("points"), 0, 100)}
        if item["id"] in ids:
            raise InputError(path, column=f"{where}.id", problem="代码与指标重复", value=item["id"], expected="另起代码")
        ids.add(item["id"])
        s["deductions"].append(item)
    s["vetoes"] = []
    for v_no, v in enumerate(raw.get("vetoes") or [], start=1):
        where = f"vetoes 第{v_no}项"
        if not isinstance(v, dict):
            raise InputError(path, column=where, problem="应为键值对", expected="id、name")
        item = {"id": _text(path, f"{where}.id", v.get("id"), "否决项代码"), "name": _text(path, f"{where}.name", v.get("name"), "名称")}
        if item["id"] in ids:
            raise InputError(path, column=f"{where}.id", problem="代码与指标重复", value=item["id"], expected="另起代码")
        ids.add(item["id"])
        s["vetoes"].append(item)
    classes = raw.get("classes") or {"A": 0.3, "B": 0.8}
    if not isinstance(classes, dict) or not classes or not all(isinstance(k, str) for k in classes):
        raise InputError(path, column="classes", problem="应为“等级: 累计比例”", value=classes, expected="A: 0.3, B: 0.8（其余为C）")
    shares = [(k, _num(path, f"classes.{k}", v, 0, 1)) for k, v in classes.items()]
    values = [v for _, v in shares]
    if any(b <= a for a, b in zip(values, values[1:])):
        raise InputError(path, column="classes", problem="累计比例应逐级增大（相同则有一档为空）", value=classes,
                         expected="A: 0.3, B: 0.8")
    s["classes"] = shares
    letters = [k for k, _ in shares]
    s["rest_class"] = (chr(ord(max(letters)) + 1) if all(len(k) == 1 and "A" <= k < "Z" for k in letters)
                       else "其他")
    s["consequences"] = []
    for c_no, c in enumerate(raw.get("consequences") or [], start=1):
        where = f"consequences 第{c_no}项"
        if not isinstance(c, dict):
            raise InputError(path, column=where, problem="应为键值对", expected="name、bottom、times、years")
        item = {"name": _text(path, f"{where}.name", c.get("name"), "后果，如 摘牌"),
                "bottom": _whole(path, f"{where}.bottom", c.get("bottom")),
                "times": _whole(path, f"{where}.times", c.get("times", 1)),
                "years": _whole(path, f"{where}.years", c.get("years", 1))}
        if item["times"] > item["years"]:
            raise InputError(path, column=f"{where}.times", problem="次数不能多于年数", value=item["times"],
                             expected=f"≤ {item['years']}")
        s["consequences"].append(item)
    return s


def indicators(scheme: dict) -> list[dict]:
    return [i for g in scheme["groups"] for i in g["indicators"]]


# ---------------------------------------------------------------- the peer table
def read_peers(path: Path, quality: Quality | None = None) -> pd.DataFrame:
    """The peer table: a blank 数值 is unknown (kept as NaN); a typed value is read as a number (units are
    checked against the scheme's when the table is joined to it)."""
    table = validation.read(path, PEERS)
    values, unit_of = [], []
    for rec in table.to_dict("records"):
        raw = rec["value"]
        try:
            q = units.parse_quantity(raw)
        except units.UnitError as e:
            raise InputError(path, row=rec["_row"], column="数值", value=raw, problem=str(e).split(" / ")[0],
                             expected="数值，可带指标单位；不知道就留空") from None
        values.append(float("nan") if q is None else q.value)
        unit_of.append("" if q is None else q.unit)
    table["value"], table["unit"] = values, unit_of
    table["year"] = table["year"].astype(int)
    return table.rename(columns={"_row": "行号"})


def check_peers(path: Path, peers: pd.DataFrame, scheme: dict | None, year: int | None = None,
                quality: Quality | None = None) -> None:
    """The peer table against the scheme, each refusal naming the row: an item the scheme lacks, one item given
    twice (by id and by name), a unit other than the indicator's, a value of 0 or less under a ratio method, a
    count of deductions or vetoes that is not a whole number ≥ 0; for ``year``, 本区's value of every indicator
    the build does not compute.  A warning when an indicator has no peer value that year (the band cannot open)."""
    if scheme is None:
        return
    by_id = {i["id"]: i for i in indicators(scheme)}
    names = {i["name"]: i["id"] for i in indicators(scheme)}
    counted = {*(d["id"] for d in scheme["deductions"]), *(v["id"] for v in scheme["vetoes"])}
    seen: dict[tuple, int] = {}
    for rec in peers.to_dict("records"):
        row = int(rec["行号"])
        item = names.get(rec["item"], rec["item"])
        if item not in by_id and item not in counted:
            raise InputError(path, row=row, column="指标", value=rec["item"], problem="不是考核方案中的指标或扣分项",
                             expected="、".join(sorted({*by_id, *counted})))
        key = (int(rec["year"]), rec["zone"], item)
        if key in seen:
            raise InputError(path, row=row, column="指标", value=rec["item"], problem=f"与第 {seen[key]} 行是同一年、同一开发区的同一指标",
                             expected="每个开发区每年每个指标一行")
        seen[key] = row
        value, unit = rec["value"], rec.get("unit") or ""
        if unit and item in by_id and units.normalize_text(unit) != units.normalize_text(by_id[item]["unit"]):
            raise InputError(path, row=row, column="数值", value=unit, problem="单位与考核方案不符",
                             expected=f"{by_id[item]['unit'] or '不带单位'}")
        if value != value:
            continue
        if item in by_id and by_id[item]["method"].startswith("ratio") and value <= 0:
            raise InputError(path, row=row, column="数值", value=value, problem="比值法（与最优值或标杆值之比）要求数值大于0",
                             expected="> 0 的数值，或在方案中改用 efficacy / minmax")
        if item in counted and (value < 0 or value != int(value)):
            raise InputError(path, row=row, column="数值", value=value, problem="扣分项或否决项应填发生次数",
                             expected="≥ 0 的整数")
    if year is None:
        return
    this = peers[peers["year"] == year].assign(item=lambda t: t["item"].map(lambda x: names.get(x, x)))
    for ind in indicators(scheme):
        rows = this[this["item"] == ind["id"]]
        mine = rows[rows["zone"] == SELF]["value"]
        if not ind["own"] and not (len(mine) and mine.notna().all()):
            raise InputError(path, column="指标", value=ind["id"], problem=f"对标表没有本区{year}年的“{ind['name']}”",
                             expected="填写本区数值（开发区列写 本区）")
        if quality is not None and not rows[rows["zone"] != SELF]["value"].notna().any():
            quality.warn(path, f"{year}年“{ind['name']}”没有其他开发区的数值：该项各区按同分计，排位区间可能偏窄")
        if quality is not None:
            _outliers(path, rows, ind, year, quality)


def _outliers(path, rows: pd.DataFrame, ind: dict, year: int, quality: Quality) -> None:
    """A value ten times the median of the zones' values, or a tenth of it (a unit typed wrong: 元 for 万元),
    is warned with its row; only for indicators measured on a positive scale."""
    values = rows["value"].dropna()
    if len(values) < 3 or (values <= 0).any():
        return
    median = float(values.median())
    for rec in rows[rows["value"].notna()].to_dict("records"):
        v = rec["value"]
        if v > 10 * median or v < median / 10:
            quality.warn(path, f"{rec['zone']} {year}年“{ind['name']}”为 {v:g}，与各区中位数 {median:.4g} 相差10倍以上，请核实单位",
                         row=int(rec["行号"]), column="数值")


def check_own(path: Path, scheme: dict | None, known: set[str]) -> None:
    """Every ``own`` figure names an indicator the build computes."""
    for ind in indicators(scheme) if scheme else ():
        ident = ind["own"].partition(":")[0]
        if ind["own"] and ident not in known:
            raise InputError(path, column="own", value=ind["own"], problem=f"“{ind['name']}”的本区数值来源不是本期计算的指标",
                             expected="、".join(sorted(known)))


def own_value(spec: str, headline: pd.DataFrame | None, kpi: pd.DataFrame | None) -> float | None:
    """The zone's own figure named by ``<id>:value`` (本年累计) or ``<id>:growth`` (同比增速), from the build;
    growth rates and shares in % (20.9, as the peer table types them)."""
    ident, _, field = spec.partition(":")
    column = {"value": "本年累计", "growth": "同比增速"}.get(field)
    for table in (headline, kpi):
        if table is not None and column and ident in set(table["id"]):
            v = table.loc[table["id"] == ident, column].iloc[0]
            if v is None or v != v:
                return None
            unit = str(table.loc[table["id"] == ident, "单位"].iloc[0]) if "单位" in table else ""
            return float(v) * 100 if field == "growth" or unit == "%" else float(v)   # shares and growth in %
    return None


def matrix(scheme: dict, peers: pd.DataFrame, year: int, headline=None, kpi=None, quality: Quality | None = None,
           path=None, use_own: bool = True) -> pd.DataFrame:
    """Zones × items for one year (indicator values, deduction counts, veto marks), the zone's own figures
    filled from the build (``use_own``; an earlier year takes the typed 本区 values); an indicator neither the
    table nor the build gives is an error."""
    names = {i["name"]: i["id"] for i in indicators(scheme)}
    rows = peers[peers["year"] == year]
    m = rows.assign(item=rows["item"].map(lambda x: names.get(x, x))).pivot_table(
        index="zone", columns="item", values="value", aggfunc="first", dropna=False)
    if SELF not in m.index:
        m.loc[SELF] = np.nan
    for ind in indicators(scheme):
        if ind["id"] not in m.columns:
            m[ind["id"]] = np.nan
        if ind["own"] and use_own:
            mine = own_value(ind["own"], headline, kpi)
            typed = m.at[SELF, ind["id"]]
            if mine is None:
                raise InputError(path, column="own", value=ind["own"], problem=f"“{ind['name']}”的本区数值在本期结果中找不到",
                                 expected="本期有数据的指标，如 tax_per_mu:value")
            if typed == typed and quality is not None and not math.isclose(typed, mine, rel_tol=0.005):
                quality.warn(path, f"本区“{ind['name']}”对标表填 {typed:g}，本期计算为 {mine:g}：按本期计算值")
            m.at[SELF, ind["id"]] = mine
        elif m[ind["id"]].isna().all():
            raise InputError(path, column="指标", value=ind["id"], problem=f"考核方案的“{ind['name']}”在对标表和本期结果中都没有数值",
                             expected="在对标表中填写，或在方案中用 own 指定本区计算值")
        if m.at[SELF, ind["id"]] != m.at[SELF, ind["id"]]:
            raise InputError(path, column="指标", value=ind["id"], problem=f"对标表没有本区的“{ind['name']}”",
                             expected="填写本区数值（开发区列写 本区）")
    for item in [*scheme["deductions"], *scheme["vetoes"]]:
        if item["id"] not in m.columns:
            m[item["id"]] = 0.0
        m[item["id"]] = m[item["id"]].fillna(0.0)
    return m


# ---------------------------------------------------------------- scoring
def normalise(x: np.ndarray, ind: dict, basis: np.ndarray | None = None) -> np.ndarray:
    """Each zone's score (0–100 scale) on one indicator; NaN stays NaN.  The scale (min, max, best) is taken
    over ``basis`` (the zones rated) when given, else over ``x``."""
    v = x.astype(float)
    ref = v if basis is None else basis.astype(float)
    known = ref[~np.isnan(ref)]
    if not len(known):
        return v
    lo, hi = known.min(), known.max()
    lower = ind["direction"] == "lower"
    method = ind["method"]
    if method in ("efficacy", "minmax"):
        base, span = (60.0, 40.0) if method == "efficacy" else (0.0, 100.0)
        if hi == lo:
            return np.where(np.isnan(v), np.nan, base + span)
        frac = (hi - v) / (hi - lo) if lower else (v - lo) / (hi - lo)
        return base + span * frac
    if method == "ratio_best":
        best = lo if lower else hi
        if best <= 0:
            return np.where(np.isnan(v), np.nan, 100.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return 100 * (best / v if lower else v / best)
    b = ind["benchmark"]
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100 * np.minimum((b / v) if lower else (v / b), ind["cap"])


def score(scheme: dict, m: pd.DataFrame) -> pd.DataFrame:
    """Points per indicator, deductions, total, rank and class for every zone of the matrix (unknown values
    must be filled first).  A vetoed zone gets no rank or class."""
    out = pd.DataFrame(index=m.index)
    total = pd.Series(0.0, index=m.index)
    vetoed = pd.Series(False, index=m.index)
    for v in scheme["vetoes"]:
        vetoed |= m[v["id"]].astype(float) > 0
    for ind in indicators(scheme):           # the scale is that of the zones rated: a vetoed zone sets no min or max
        values = m[ind["id"]].to_numpy()
        pts = ind["weight"] * normalise(values, ind, values[~vetoed.to_numpy()]) / 100
        out[ind["id"]] = pts
        total += pts
    ded = pd.Series(0.0, index=m.index)
    for d in scheme["deductions"]:
        ded += m[d["id"]].astype(float) * d["points"]
    out["扣分"] = ded
    out["总分"] = total - ded
    out["否决"] = vetoed
    rated = out.loc[~vetoed, "总分"]
    rank = rated.rank(method="min", ascending=False)
    out["排名"] = rank.reindex(out.index)
    n = len(rated)
    cls = pd.Series("", index=out.index, dtype=object)
    for zone, r in rank.items():
        cls[zone] = next((k for k, share in scheme["classes"] if r <= math.floor(n * share + 0.5)), scheme["rest_class"])
    cls[vetoed] = "取消评级"
    out["等级"] = cls
    return out


def fill(m: pd.DataFrame, scheme: dict, favourable: bool) -> pd.DataFrame:
    """The matrix with every unknown peer value set to the worst (``favourable`` to the zone) or the best
    value seen for that indicator."""
    f = m.copy()
    for ind in indicators(scheme):
        col = f[ind["id"]]
        lo, hi = col.min(), col.max()
        worst, best = (hi, lo) if ind["direction"] == "lower" else (lo, hi)
        f[ind["id"]] = col.fillna(worst if favourable else best)
    return f


def standing(scheme: dict, m: pd.DataFrame) -> dict:
    """The zone's score, rank band and class under the scheme, and the table of every zone (at the band's
    best case for unknowns, which is exact when nothing is unknown)."""
    best = score(scheme, fill(m, scheme, True))
    worst = score(scheme, fill(m, scheme, False))
    unknown = int(m[[i["id"] for i in indicators(scheme)]].drop(index=SELF).isna().sum().sum())
    return {"best": best, "worst": worst, "unknown": unknown, "n": int((~best["否决"]).sum()),
            "rank": (_int(best.at[SELF, "排名"]), _int(worst.at[SELF, "排名"])),
            "class": (best.at[SELF, "等级"], worst.at[SELF, "等级"]), "vetoed": bool(best.at[SELF, "否决"])}


def _int(v):
    return None if v != v else int(v)


def rank_words(st: dict) -> str:
    """The zone's standing in one sentence, as a band when peers' values are unknown."""
    if st["vetoed"]:
        return "本区因否决事项本年度取消评级。"
    lo, hi = st["rank"]
    c1, c2 = st["class"]
    where = f"第{lo}名" if lo == hi else f"第{lo}至{hi}名"
    cls = f"{c1}类" if c1 == c2 else f"{c1}类至{c2}类"
    s = f"按考核方案测算，本区在{st['n']}个参评开发区中排{where}，{cls}"
    if st["unknown"]:
        s += f"（对标表有{st['unknown']}项数值未知，按最有利和最不利两种情况给出区间，不作估计）"
    return s + "。"


def boards(scheme: dict, m: pd.DataFrame) -> pd.DataFrame:
    """Each indicator: the zone's value, its percentile among the zones with a value (100 = best), and long or
    short board (top third / bottom third)."""
    rows = []
    for ind in indicators(scheme):
        col = m[ind["id"]].dropna()
        mine = m.at[SELF, ind["id"]]
        better = (col < mine).sum() if ind["direction"] == "higher" else (col > mine).sum()
        level = (col == mine).sum() - 1                       # a tie counts half: all equal is the middle
        pct = 100.0 * (better + level / 2) / (len(col) - 1) if len(col) > 1 else float("nan")
        board = ("无对标数值" if pct != pct else "长板" if pct >= 200 / 3 else "短板" if pct < 100 / 3 else "居中")
        rows.append({"指标组": ind["group"], "指标": ind["name"], "单位": ind["unit"], "本区数值": mine,
                     "有数值的开发区数（含本区）": len(col), "本区百分位": pct, "判断": board,
                     "数据来源": "本期计算" if ind["own"] else "对标表"})
    return pd.DataFrame(rows)


def marginal(scheme: dict, m: pd.DataFrame, step: float = 0.01) -> pd.DataFrame:
    """Places gained (and points) if the zone's value of one indicator were better by ``step`` (1%), every
    other value unchanged; at the band's best case for unknowns."""
    base = fill(m, scheme, True)
    now = score(scheme, base)
    rows = []
    for ind in indicators(scheme):
        trial = base.copy()
        v = trial.at[SELF, ind["id"]]
        trial.at[SELF, ind["id"]] = v * (1 + step) if ind["direction"] == "higher" else v * (1 - step)
        if v == 0:
            trial.at[SELF, ind["id"]] = step if ind["direction"] == "higher" else -step
        after = score(scheme, trial)
        rows.append({"指标": ind["name"], "提高1%（相对）后总分变化": after.at[SELF, "总分"] - now.at[SELF, "总分"],
                     "名次变化": _int(now.at[SELF, "排名"]) - _int(after.at[SELF, "排名"]) if not now.at[SELF, "否决"] else 0})
    return pd.DataFrame(rows).sort_values(["名次变化", "提高1%（相对）后总分变化"], ascending=False,
                                          kind="stable").reset_index(drop=True)


def gaps(scheme: dict, st: dict) -> str:
    """Points to the next place up and the margin over the first zone outside the zone's class (继续留A)."""
    t = st["best"]
    if st["vetoed"]:
        return ""
    rated = t[~t["否决"]].sort_values("总分", ascending=False)
    mine = t.at[SELF, "总分"]
    r = int(t.at[SELF, "排名"])
    parts = []
    above = rated[rated["总分"] > mine]
    if len(above):
        parts.append(f"比前一名少{above['总分'].min() - mine:.2f}分")
    cls = t.at[SELF, "等级"]
    outside = rated[(rated["等级"] != cls) & (rated["排名"] > r)]
    if len(outside):
        parts.append(f"领先{cls}类之外的最高分{mine - outside['总分'].max():.2f}分（保持{cls}类的余量）")
        w = st["worst"]
        if st["unknown"] and w.at[SELF, "等级"] == cls and not w.at[SELF, "否决"]:
            w_rated = w[~w["否决"]]
            w_out = w_rated[(w_rated["等级"] != cls) & (w_rated["排名"] > w.at[SELF, "排名"])]
            if len(w_out):
                parts.append(f"按对标表未知数值最不利的情况，余量为{w.at[SELF, '总分'] - w_out['总分'].max():.2f}分")
    return ("本区" + "，".join(parts) + "。") if parts else ""


def watch(scheme: dict, peers: pd.DataFrame, year: int, own_m: pd.DataFrame) -> list[str]:
    """The consequence rules over the years on record: how often the zone was in the bottom N of the last
    Y years, and whether the rule is met (e.g. 摘牌 after two bottom-3 finishes in three years)."""
    out = []
    years = sorted({int(y) for y in peers["year"]} | {year})
    ranks: dict[int, tuple[int, int]] = {}
    for y in years:
        m = own_m if y == year else _year_matrix(scheme, peers, y)
        if m is None:
            continue
        st = standing(scheme, m)
        if not st["vetoed"]:
            ranks[y] = (st["rank"][1], st["n"])      # the worst case counts for a watch
    missing = [y for y in years if y not in ranks and y > year - max((c["years"] for c in scheme["consequences"]), default=1)]
    for c in scheme["consequences"]:
        if any(n <= c["bottom"] for _, n in ranks.values()):
            out.append(f"{c['name']}（近{c['years']}年内{c['times']}次列后{c['bottom']}名）：参评开发区不超过{c['bottom']}个的年份"
                       "无法判断，请补充对标数据。")
            continue
        window = [y for y in years if year - c["years"] < y <= year and y in ranks]
        hits = [y for y in window if ranks[y][0] > ranks[y][1] - c["bottom"]]
        if len(hits) >= c["times"]:
            state = f"已触发：本区列后{c['bottom']}名的年份为{'、'.join(map(str, hits))}"
        elif hits:
            state = (f"尚未触发：近{c['years']}年内{len(hits)}次（{'、'.join(map(str, hits))}年），"
                     f"再有{c['times'] - len(hits)}次即触发")
        else:
            state = "未触及"
        out.append(f"{c['name']}（近{c['years']}年内{c['times']}次列后{c['bottom']}名）：{state}。")
    if missing and scheme["consequences"]:
        out.append(f"{'、'.join(map(str, missing))}年对标数据不全（本区或方案指标缺数），未计入上述判断。")
    return out


def _year_matrix(scheme, peers, year):
    rows = peers[peers["year"] == year]
    if rows.empty or SELF not in set(rows["zone"]):
        return None
    try:
        return matrix(scheme, peers, year, use_own=False)
    except InputError:
        return None


def zone_table(scheme: dict, m: pd.DataFrame) -> pd.DataFrame:
    """Every zone's group points, deductions, total, rank and class (unknown peer values at the zone's best
    case, marked), best first: the table of the standing page, its 红黑榜 and the workbook."""
    st = standing(scheme, m)
    t = st["best"]
    out = pd.DataFrame(index=t.index)
    for g in scheme["groups"]:
        out[g["name"]] = t[[i["id"] for i in g["indicators"]]].sum(axis=1)
    out["扣分"] = t["扣分"]
    out["总分"] = t["总分"]
    out["排名"] = t["排名"].astype("Int64")
    out["等级"] = t["等级"]
    ids = [i["id"] for i in indicators(scheme)]
    missing = m[ids].isna().sum(axis=1)
    out["说明"] = ["本区" if z == SELF else (f"{int(k)}项数值未知（按对本区最有利的情况计）" if k else "")
                 for z, k in zip(out.index, missing)]
    out = out.rename_axis("开发区").reset_index()
    out = out.assign(_r=out["排名"].astype(float)).sort_values(["_r", "开发区"], kind="stable", na_position="last")
    return out.drop(columns="_r").reset_index(drop=True)


def red_black(table: pd.DataFrame, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """红榜 and 黑榜: the top and bottom ``n`` rated zones by total (fewer when the zones are few, so that no
    zone is on both)."""
    rated = table[table["排名"].notna()]
    n = min(n, len(rated) // 2)
    cols = ["开发区", "总分", "排名", "等级"]
    return rated.head(n)[cols].reset_index(drop=True), rated.tail(n).iloc[::-1][cols].reset_index(drop=True)


def red_black_sentence(table: pd.DataFrame) -> str:
    """红榜 and 黑榜 in one line, saying how many each holds."""
    red, black = red_black(table)
    if red.empty:
        return "参评开发区太少，不列红黑榜。"
    n = len(red)
    return (f"红榜（总分前{n}名）：{'、'.join(red['开发区'])}；黑榜（总分后{n}名）：{'、'.join(black['开发区'])}。")


def scheme_words(scheme: dict) -> str:
    """What the scheme is and which of its parts are the office's own settings."""
    groups = "、".join(f"{g['name']}{g['weight']:g}分" for g in scheme["groups"])
    s = (f"考核方案：{scheme['name']}（{STATUSES[scheme['status']]}；出处：{scheme['source']}）。"
         f"指标组及权重：{groups}。")
    if scheme["status"] != "published":
        s += "方案中未公开的部分（权重、标准化方法、等级比例）为本区自行设定，排位为测算，不代表省级考核结果。"
    if scheme.get("note"):
        s += scheme["note"]
    return s



def own_conflicts(scheme: dict, peers: pd.DataFrame, year: int, headline=None, kpi=None) -> list[str]:
    """本区 values typed in the peer table for figures the build computes, where they differ by more than
    0.5%: the page says which value it used."""
    names = {i["name"]: i["id"] for i in indicators(scheme)}
    rows = peers[(peers["year"] == year) & (peers["zone"] == SELF)]
    typed = {names.get(r["item"], r["item"]): r["value"] for r in rows.to_dict("records")}
    out = []
    for ind in indicators(scheme):
        t = typed.get(ind["id"])
        mine = own_value(ind["own"], headline, kpi) if ind["own"] else None
        if mine is not None and t is not None and t == t and not math.isclose(t, mine, rel_tol=0.005):
            out.append(f"本区“{ind['name']}”对标表填{t:g}，本期计算为{mine:.4g}：按本期计算值")
    return out
