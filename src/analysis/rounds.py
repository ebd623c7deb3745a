"""The 亩均效益评价 round over the years: class history, movement, 差别化 measures and what a firm needs.

* **History.** Earlier rounds' results are a ledger (``enterprises/class_history``: 年度, 企业代码, 企业名称,
  等级), one row per firm and year, checked like every ledger; a year must be earlier than this round's.
  :func:`class_history` puts each firm's class by year beside this year's, with the change and the years in
  a row in its class; :func:`movement` counts last year's class against this year's.
* **Measures** are in :mod:`analysis.measures`.
* **The next class.** :func:`next_class` gives the points a graded firm lacks for the next better class and
  the extra 税收 that would close the gap on its own, other firms unchanged.

"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from . import units, validation
from .classes import GRADES, cutoffs
from .efficiency import points_array
from .errors import InputError
from .validation import Column, Quality, Spec

ORDER = {g: i for i, g in enumerate(GRADES)}
HISTORY_GRADES = (*GRADES, "不定等级", "不参评")

HISTORY = Spec("历年评价结果", (
    Column("年度", "year", "number", "", required=True, nonblank=True, min=2000, max=2100, whole=True),
    Column("企业代码", "code", "code", required=True, nonblank=True),
    Column("企业名称", "name"),
    Column("等级", "grade", "choice", required=True, nonblank=True, choices=HISTORY_GRADES),
), key=("year", "code"))

# ---------------------------------------------------------------- history ledger
def read_history(path: Path, year: str, quality: Quality | None = None) -> pd.DataFrame:
    """Earlier rounds' classes, one row per (年度, 企业代码); a year not before this round's is refused."""
    table = validation.read(path, HISTORY)
    for rec in table[table["year"] >= int(year)].to_dict("records"):
        raise InputError(path, row=rec["_row"], column="年度", problem=f"历年结果的年度应早于本轮（{year}年）",
                         value=int(rec["year"]), expected=f"{int(year) - 1} 或更早")
    table["year"] = table["year"].astype(int)
    return table.drop(columns="_row")


def _grade_of(history: pd.DataFrame | None) -> dict[tuple[int, str], str]:
    if history is None or history.empty:
        return {}
    return {(int(y), str(c)): g for y, c, g in zip(history["year"], history["code"], history["grade"])}


def streak(code: str, grade: str, year: int, past: dict[tuple[int, str], str]) -> int:
    """Years in a row in ``grade`` up to and including ``year`` (a year with no record ends the run)."""
    if grade not in GRADES:
        return 0
    n, y = 1, year - 1
    while past.get((y, code)) == grade:
        n, y = n + 1, y - 1
    return n


def change_words(before: str | None, now: str) -> str:
    if now not in GRADES:
        return "—"
    if before is None:
        return "首次参评"
    if before not in GRADES:
        return f"上年{before}"
    d = ORDER[before] - ORDER[now]
    return "升级" if d > 0 else "降级" if d < 0 else "持平"


def class_history(result: pd.DataFrame, history: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Each firm of this round: its class in every earlier year on record, this year's, last year's class,
    the change and the years in a row in its class (D firms' run drives the 差别电价 schedule)."""
    past = _grade_of(history)
    years = sorted({y for y, _ in past})
    rows = []
    for code, name, grade in zip(result["企业代码"], result["企业名称"], result["等级"]):
        now = grade or "不参评"
        row = {"企业代码": code, "企业名称": name}
        for y in years:
            row[f"{y}年"] = past.get((y, code), "—")
        row[f"{year}年（本轮）"] = now
        before = past.get((year - 1, code))
        row["上年等级"] = before or "—"
        row["变动"] = change_words(before, now)
        row["连续同级年数"] = streak(code, now, year, past)
        rows.append(row)
    return pd.DataFrame(rows)


def movement(result: pd.DataFrame, history: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """How many firms moved from each class last year (rows) to each class this year (columns)."""
    past = _grade_of(history)
    before = result["企业代码"].map(lambda c: past.get((year - 1, c), "上年未参评"))
    now = result["等级"].replace("", "不参评")
    rows = [*GRADES, "不定等级", "不参评", "上年未参评"]
    cols = [*GRADES, "不定等级", "不参评"]
    t = pd.crosstab(before, now).reindex(index=rows, columns=cols, fill_value=0)
    t = t.loc[t.sum(axis=1) > 0]
    t["合计"] = t.sum(axis=1)
    return t.rename_axis(None, axis=1).rename_axis("上年等级").reset_index()


def movement_sentence(hist: pd.DataFrame, year: int) -> str:
    """One line: how many firms went up, down or stayed, and the firms in D for three years or more."""
    graded = hist[hist[f"{year}年（本轮）"].isin(GRADES)]
    counts = graded["变动"].value_counts()
    parts = [f"{w}{int(counts[w])}家" for w in ("升级", "持平", "降级", "首次参评") if w in counts]
    long_d = graded[(graded[f"{year}年（本轮）"] == "D") & (graded["连续同级年数"] >= 3)]
    s = f"与上年相比，参评定级企业中{'、'.join(parts)}。" if parts else "没有上年评价结果可比。"
    if len(long_d):
        s += f"连续3年及以上为D类的企业{len(long_d)}家，按差别化措施执行最高一档。"
    return s


# ---------------------------------------------------------------- the next class
def next_class(firm: pd.Series, result: pd.DataFrame, settings: dict) -> str:
    """The points a graded firm lacks for the next better class (at today's standings), and the extra 税收
    that would get it there on its own: the least 亩均税收 at which the firm's group, rescored on that item
    with every other value unchanged, puts it in the class.  '' when there is no better class to reach by the
    rule (A, the two-stage rule) or the firm is not graded; a vetoed C firm is told it stays at C."""
    s = settings
    grade, group = firm["等级"], firm["评价组"]
    if grade not in ("B", "C", "D") or s["class_rule"] == "two_stage" or pd.isna(firm.get("排名")):
        return ""
    target = GRADES[ORDER[grade] - 1]
    if "一票否决" in str(firm.get("定级依据", "")):
        return "因一票否决，本轮最高为C类。" if grade == "C" else ""
    peers = result[result["评价组"] == group]
    ranked = peers.index[peers["排名"].notna() & (peers.index != firm.name)]
    others = peers.loc[ranked, "总分"].sort_values(ascending=False).to_numpy()
    if s["class_rule"] == "thresholds":
        line, last = float(s["class_thresholds"][target]), None
        need = line
    else:
        last = cutoffs(len(ranked) + 1, s["class_cumulative_shares"], s["class_rounding"])[target]
        if last < 1 or last > len(others):
            return ""
        need = float(others[last - 1])          # to rank within the class, reach its last member's total
    gap = need - float(firm["总分"])
    if gap <= 0:
        return ""
    text = f"距{target}类还差{gap:.2f}分"
    weights = s["weights"] if group == "规上" else s["small_firm_weights"]
    w, land, v = weights.get("tax_per_mu"), firm.get("用地亩"), firm.get("亩均税收")
    if not w or not land or land != land or v is None or v != v:
        return text + "。"
    label = "亩均税收"
    values = peers[label].to_numpy(dtype=float)
    rest = (peers["总分"] - peers[f"{label}得分"].fillna(0.0)).to_numpy(dtype=float)
    me = peers.index.get_loc(firm.name)
    rivals = peers.index.isin(ranked)

    def reached(x: float) -> bool:
        trial = values.copy()
        trial[me] = x
        totals = rest + points_array(trial, w, s["method"], s["benchmarks"].get("tax_per_mu"), s["benchmark_cap"])
        own = totals[me]
        if last is None:
            return bool(own >= line - 1e-9)
        return 1 + int((totals[rivals] > own + 1e-9).sum()) <= last

    top = max(float(peers[label].max()), float(v)) * 5          # five times the group's best is out of reach
    if not reached(top):
        return text + "，仅靠增加税收难以弥补，需同时提高其他指标。"
    lo, hi = float(v), top
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if reached(mid) else (mid, hi)
    digits = units.digits_for((hi - float(v)) * land, "万元")
    extra = math.ceil((hi - float(v)) * land * 10 ** digits - 1e-9) / 10 ** digits   # rounded up: enough to get there
    shown = units.fmt_value(extra, "万元", digits)
    return text + f"；其他指标和其他企业不变时，年税收约需增加{shown}。"


def exceptions(result: pd.DataFrame) -> pd.DataFrame:
    """The firms whose class a rule other than the ranking decided (一票否决, 保护期) or whose total carries
    加减分, with the reason: the list the 领导小组 looks at before approving the round."""
    why = result["定级依据"].fillna("")
    adjust = result["加减分"].fillna(0.0) if "加减分" in result else pd.Series(0.0, index=result.index)
    pick = why.str.startswith(("一票否决", "保护期")) | adjust.ne(0)
    t = result.loc[pick, ["企业名称", "评价组", "总分", "加减分", "等级", "定级依据"]].copy()
    reasons = result.loc[pick, "加减分原因"] if "加减分原因" in result else pd.Series("", index=t.index)
    for i in t.index:
        a = t.at[i, "加减分"]
        if a == a and a:
            words = f"{'加' if a > 0 else '减'}{abs(a):g}分（{reasons[i]}）" if reasons[i] else f"加减分{a:+g}分"
            t.at[i, "定级依据"] = f"{words}；{t.at[i, '定级依据']}"
    return t.reset_index(drop=True)


def watch_list(hist: pd.DataFrame, year: int) -> pd.DataFrame:
    """Firms in D this round or a class lower than last year's, D first and the longest run first."""
    now = f"{year}年（本轮）"
    pick = hist[(hist[now] == "D") | (hist["变动"] == "降级")]
    pick = pick.assign(_d=(pick[now] != "D").astype(int)).sort_values(["_d", "连续同级年数", "企业代码"],
                                                                       ascending=[True, False, True], kind="stable")
    return pick.drop(columns=["_d", "企业代码"]).reset_index(drop=True)
