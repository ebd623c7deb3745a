"""Class rules of the 亩均效益综合评价: how ranked totals become A/B/C/D, and the exceptions.

Each rule is a setting of ``scoring.yaml`` (checked in ``efficiency``), with where it was published:

* ``quota`` (default): classes by rank within the group.  The last rank of a class is its cumulative share
  of the n graded firms, rounded half up (25/70/95%, METHODS §2), or per class by ``class_rounding``: a
  quota "A ≤ 20%" is ``A: floor``, "D ≥ 5%" is ``D: ceil`` (the D count is rounded, the rest is C).  Per-class
  quotas (昌乐 20/55/20/5) are ``class_quotas`` and must total 100%.
* ``two_stage`` (安阳 2019): A is the top ``A.share`` of all firms, picked among the top ``A.pool`` by total
  on the points of ``A.by`` (亩均税收 + 研发强度); C is the bottom ``C.share``, picked among the bottom
  ``C.pool`` on the points of ``C.by`` (the energy and emission items); the rest are B.  No D.
* ``thresholds``: a fixed 总分 line per class (A ≥ 85, B ≥ 70, C ≥ 55, else D).

Then the exceptions, in this order: a 一票否决 flag (昌乐: safety, environmental or food accident, missed
节能减排 target) caps the firm at C; a protected flag (new firm, 小升规, transition years) lifts a D to C unless
the firm is vetoed.  Every firm gets a 定级依据 sentence saying which rule made its class.

Ranks: 1 = best; tied totals share the better rank (``method="min"``), and a class is decided by rank, so
tied firms always share a class.
"""
from __future__ import annotations

import math

import pandas as pd

GRADES = ("A", "B", "C", "D")          # the classes a graded firm can be in, best first
RULES = {"quota": "按排名比例分档", "two_stage": "两段法（安阳）", "thresholds": "按分数线分档"}
ROUNDING = {"half_up": "四舍五入", "floor": "向下取整", "ceil": "向上取整"}


def _round(x: float, how: str) -> int:
    x = round(x, 9)                      # 20 × (1 − 0.95) is 1.0000000000000009 in binary, meant 1
    if how == "floor":
        return int(math.floor(x))
    if how == "ceil":
        return int(math.ceil(x))
    return int(math.floor(x + 0.5))


def cutoffs(n: int, shares: dict, rounding: dict | None = None) -> dict:
    """Last rank of A, B and C among ``n`` graded firms, from cumulative ``shares``; ``rounding`` per class
    (A/B/C round their cumulative share; D rounds the count of D firms, n × (1 − C), and C takes the rest)."""
    rounding = rounding or {}
    cut = {k: _round(n * shares[k], rounding.get(k, "half_up")) for k in ("A", "B", "C")}
    if "D" in rounding:
        cut["C"] = n - _round(n * (1 - shares["C"]), rounding["D"])
    cut["B"], cut["C"] = max(cut["B"], cut["A"]), max(cut["C"], cut["B"], cut["A"])
    return cut


def rank_of(totals: pd.Series) -> pd.Series:
    """Rank in the group: 1 = best, ties share the better rank."""
    return totals.rank(method="min", ascending=False).astype(int)


def _quota(totals: pd.Series, s: dict) -> tuple[pd.Series, pd.Series]:
    rank, n = rank_of(totals), len(totals)
    cut = cutoffs(n, s["class_cumulative_shares"], s["class_rounding"])
    cls = rank.map(lambda r: "A" if r <= cut["A"] else "B" if r <= cut["B"] else "C" if r <= cut["C"] else "D")
    span = {"A": (1, cut["A"]), "B": (cut["A"] + 1, cut["B"]), "C": (cut["B"] + 1, cut["C"]), "D": (cut["C"] + 1, n)}
    basis = cls.map(lambda c: f"组内排名第{span[c][0]}–{span[c][1]}名为{c}类（共{n}家）")
    return cls, basis


def _thresholds(totals: pd.Series, s: dict) -> tuple[pd.Series, pd.Series]:
    line = s["class_thresholds"]
    cls = totals.map(lambda t: "A" if t >= line["A"] else "B" if t >= line["B"] else "C" if t >= line["C"] else "D")
    words = {"A": f"总分≥{line['A']:g}分", "B": f"总分≥{line['B']:g}分", "C": f"总分≥{line['C']:g}分",
             "D": f"总分低于{line['C']:g}分"}
    return cls, cls.map(lambda c: f"{words[c]}为{c}类")


def stage_points(points: pd.DataFrame, by: list[str], names: dict) -> pd.Series:
    """The sum of the points a firm earned on the indicators ``by`` (ids), a missing item counting 0."""
    cols = [f"{names[k]}得分" for k in by]
    return points.reindex(columns=cols).fillna(0.0).sum(axis=1)


def _two_stage(totals: pd.Series, points: pd.DataFrame, codes: pd.Series, s: dict, names: dict):
    """安阳 2019: A among the top pool by the A items' points, C among the bottom pool by the C items'."""
    rule, n = s["two_stage"], len(totals)
    rank = rank_of(totals)
    cls = pd.Series("B", index=totals.index, dtype=object)
    basis = pd.Series("", index=totals.index, dtype=object)
    a, c = rule["A"], rule["C"]
    a_names, c_names = "、".join(names[k] for k in a["by"]), "、".join(names[k] for k in c["by"])
    top = rank[rank <= _round(n * a["pool"], "half_up")].index
    order = pd.DataFrame({"p": stage_points(points.loc[top], a["by"], names), "t": totals[top], "k": codes[top]})
    picked_a = order.sort_values(["p", "t", "k"], ascending=[False, False, True]).index[:_round(n * a["share"], "half_up")]
    cls[picked_a] = "A"
    basis[picked_a] = f"两段法：总分前{a['pool']:.0%}的企业中，按{a_names}得分取全部企业的前{a['share']:.0%}为A类"
    bottom = [i for i in rank[rank > n - _round(n * c["pool"], "half_up")].index if i not in set(picked_a)]
    order = pd.DataFrame({"p": stage_points(points.loc[bottom], c["by"], names), "t": totals[bottom], "k": codes[bottom]})
    picked_c = order.sort_values(["p", "t", "k"], ascending=[True, True, True]).index[:_round(n * c["share"], "half_up")]
    cls[picked_c] = "C"
    basis[picked_c] = f"两段法：总分后{c['pool']:.0%}的企业中，按{c_names}得分取全部企业的后{c['share']:.0%}为C类"
    rest = basis == ""
    basis[rest] = "两段法：未入选A类、C类的为B类"
    return cls, basis


def flag_hit(words: list[str], listed: list[str]) -> str:
    """The first of a firm's flags that is in ``listed`` ('' if none)."""
    return next((w for w in words if w in listed), "")


def assign(totals: pd.Series, points: pd.DataFrame, codes: pd.Series, flags: pd.Series, s: dict,
           names: dict) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Rank, class and 定级依据 for the graded firms of one group.

    ``totals`` is the 总分 (加减分 included), ``points`` the per-indicator points (columns ``<名称>得分``),
    ``flags`` each firm's flag words, ``names`` indicator id → Chinese name."""
    rank = rank_of(totals)
    if s["class_rule"] == "two_stage":
        cls, basis = _two_stage(totals, points, codes, s, names)
    elif s["class_rule"] == "thresholds":
        cls, basis = _thresholds(totals, s)
    else:
        cls, basis = _quota(totals, s)
    for i in totals.index:
        veto = flag_hit(flags[i], s["veto_flags"])
        if veto and cls[i] in ("A", "B"):
            basis[i] = f"一票否决（{veto}）：按得分为{cls[i]}类，最高定为C类"
            cls[i] = "C"
        elif not veto and cls[i] == "D":
            kept = flag_hit(flags[i], s["protected_flags"])
            if kept:
                basis[i] = f"保护期企业（{kept}）：按得分为D类，不列D类，定为C类"
                cls[i] = "C"
    return rank, cls, basis


def rule_words(s: dict) -> str:
    """The class rule in force, in one sentence (the page, the cards and the settings table say it)."""
    if s["class_rule"] == "thresholds":
        t = s["class_thresholds"]
        text = f"按分数线分档：总分≥{t['A']:g}分为A类，≥{t['B']:g}分为B类，≥{t['C']:g}分为C类，其余为D类"
    elif s["class_rule"] == "two_stage":
        a, c = s["two_stage"]["A"], s["two_stage"]["C"]
        text = (f"两段法（安阳）：总分前{a['pool']:.0%}中按指定指标得分取全部企业的前{a['share']:.0%}为A类，"
                f"总分后{c['pool']:.0%}中按指定指标得分取后{c['share']:.0%}为C类，其余为B类")
    else:
        sh, rd = s["class_cumulative_shares"], s["class_rounding"]
        how = "；".join(f"{k}类人数{ROUNDING[v]}" for k, v in rd.items()) or "人数四舍五入"
        text = (f"按组内总分排名，前{sh['A']:.0%}为A类，至{sh['B']:.0%}为B类，至{sh['C']:.0%}为C类，其余为D类"
                f"（{how}；同分同名次，归入较高档）")
    extra = []
    if s["veto_flags"]:
        extra.append(f"有{'、'.join(s['veto_flags'])}的企业一票否决，最高定为C类")
    if s["protected_flags"]:
        extra.append(f"{'、'.join(s['protected_flags'])}企业不列D类（一票否决的除外）")
    return text + ("。" + "；".join(extra) if extra else "") + "。"
