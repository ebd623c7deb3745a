"""Project budget performance (METHODS.md §4): 指标值 parsing, spending vs schedule, 绩效自评 scoring.

* ``parse_value`` reads the 指标值 strings of 项目绩效目标表 into a :class:`Target`
  (operator, number, unit) or a qualitative or deadline target, and reports — never guesses —
  anything else (``kind == "unrecognised"``).
* ``spending_status`` compares cumulative spend with the 资金支出计划 checkpoints.
* ``score_project`` scores a project's 自评表 from actual values and grades.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .units import normalize_text

# ---------------------------------------------------------------- 指标值 parsing
OPERATORS = {  # symbol forms → canonical operator
    "≥": "≥", "≧": "≥", ">=": "≥", "=>": "≥", "⩾": "≥",
    "≤": "≤", "≦": "≤", "<=": "≤", "=<": "≤", "‹=": "≤", "⩽": "≤",
    ">": ">", "<": "<", "‹": "<", "›": ">",
    "=": "=", "﹦": "=", "═": "=", "==": "=",
}
PREFIX_WORDS = [  # longest first
    ("大于等于", "≥"), ("大于或等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("不小于", "≥"), ("至少", "≥"),
    ("达到", "≥"), ("超过", ">"), ("高于", ">"), ("大于", ">"), ("多于", ">"),
    ("小于等于", "≤"), ("小于或等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("不大于", "≤"),
    ("控制在", "≤"), ("低于", "<"), ("小于", "<"), ("少于", "<"), ("等于", "="),
]
SUFFIX_WORDS = [("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤")]
BUDGET_CAP = ("不超预算", "不超过预算", "控制在预算内", "控制在预算以内", "预算内", "不超出预算", "在预算范围内")
QUALITATIVE_WORDS = ("有效", "显著", "持续", "明显", "提升", "提高", "改善", "促进", "合规", "及时", "良好", "满意",
                     "完善", "便利", "达标", "到位", "保障", "增强", "优化", "规范", "稳定", "是", "否", "高效",
                     "加强", "推动", "符合", "完成", "正常", "安全", "积极", "较好", "好",
                     # verdicts written in the 实际完成值 column, and grading scales
                     "达成", "达到", "通过", "优", "良", "中", "差", "高", "低", "长期", "严格", "执行", "基本", "效果",
                     "准确", "落实", "按时", "按期", "健全", "无", "实现", "开展", "增加", "减少", "降低", "长远",
                     "安排", "应保尽保", "控制", "参照")
# verdicts in an actual column and the grade they stand for (METHODS §4: 达成 scores full points by default)
VERDICTS = (("未达成", "未达成"), ("未完成", "未达成"), ("未达到", "未达成"), ("未通过", "未达成"),
            ("部分达成", "部分达成"), ("基本达成", "部分达成"), ("基本达到", "部分达成"), ("基本完成", "部分达成"),
            ("达成", "达成"), ("达到", "达成"), ("完成", "达成"), ("通过", "达成"), ("实现", "达成"))

# ---------------------------------------------------------------- units of 指标值, with their dimension
_COUNT = ("个", "家", "人", "人次", "次", "项", "户", "户次", "头", "只", "株", "粒", "起", "单", "部", "套", "件", "台",
          "台次", "辆", "场", "场次", "篇", "所", "条", "处", "座", "份", "类", "批", "期", "名", "册", "本", "张", "块",
          "棵", "匹", "艘", "架", "架次", "道", "门", "间", "栋", "幢", "眼", "口", "宗", "例", "封", "趟", "把", "根",
          "笔", "站", "盏", "组", "片", "支", "位", "车次", "班次", "批次", "个次", "节", "课时", "学时", "床", "孔", "枚",
          "对", "副", "顶", "只次", "羽", "尾", "窝", "箱", "袋", "瓶", "盒", "包", "吨次", "单位", "村", "镇", "乡",
          "种", "台套", "台（套）", "台(套)", "品种", "家次", "人年")
UNIT_DIMENSIONS = {
    **{u: "money" for u in ("元", "万元", "亿元", "千元", "百万元", "万", "亿")},
    **{u: "area" for u in ("亩", "万亩", "平方米", "万平方米", "平方公里", "平方千米", "公顷", "万公顷", "㎡", "平米",
                           "m2", "m²")},
    **{u: "percent" for u in ("%", "百分比", "‰")},
    **{u: "time" for u in ("年", "月", "个月", "天", "日", "工作日", "个工作日", "小时", "分钟", "周", "季度", "秒",
                           "年度")},
    **{u: "length" for u in ("米", "m", "M", "厘米", "cm", "公里", "km", "千米", "毫米", "mm", "延米", "万米")},
    **{u: "weight" for u in ("公斤", "千克", "kg", "吨", "万吨", "克", "g", "斤", "万斤", "千吨")},
    **{u: "volume" for u in ("立方米", "万立方米", "m3", "m³", "方", "万方", "升", "L", "立方")},
    **{u: "count" for u in _COUNT},
}
KNOWN_UNITS = tuple(UNIT_DIMENSIONS)
_TRADITIONAL = str.maketrans(  # traditional forms seen in published tables (萬元, 達成預期指標 …)
    "萬億個畝噸頭隻項戶場臺輛頃裏間處條門筆張塊棟樓層車時週對達預標實際質數規範優與為務證滿設執嚴關業應發產經濟"
    "環綠續響蓋計劃顯積極們學區縣鄉鎮員資費費營運維護養檢驗調查覆蓋率點盡",
    "万亿个亩吨头只项户场台辆顷里间处条门笔张块栋楼层车时周对达预标实际质数规范优与为务证满设执严关业应发产经济"
    "环绿续响盖计划显积极们学区县乡镇员资费费营运维护养检验调查覆盖率点尽")


def unit_dimension(unit: str) -> str:
    """The dimension of a 指标值 unit: money, area, percent, time, length, weight, volume, count, rate
    (X/Y such as 元/人*月 or 人/次), ``none`` without a unit, ``unknown`` for a unit not in the vocabulary.
    A 万/亿/千 prefix scales a count, area, length, weight or volume (万粒, 万亩, 万立方米)."""
    u = unit.translate(_TRADITIONAL).strip()
    if not u:
        return "none"
    if u in UNIT_DIMENSIONS:
        return UNIT_DIMENSIONS[u]
    if re.fullmatch(r"[/每][^/每]+", u):         # /株, 每亩: per one of something known (the money unit unwritten)
        return "rate" if unit_dimension(u[1:]) not in ("unknown", "none") else "unknown"
    if "/" in u or "每" in u:
        parts = [p for p in re.split(r"[/每]", u) if p]
        if len(parts) >= 2 and all(unit_dimension(re.sub(r"[*×·.]", "", p)) != "unknown" or
                                   all(unit_dimension(q) != "unknown" for q in re.split(r"[*×·.]", p) if q)
                                   for p in parts):
            return "rate"
        return "unknown"
    for prefix in ("万", "亿", "千", "百", "十"):
        if u.startswith(prefix) and UNIT_DIMENSIONS.get(u[1:]) in ("count", "area", "length", "weight", "volume"):
            return UNIT_DIMENSIONS[u[1:]]
    return "unknown"


@dataclass(frozen=True)
class Target:
    text: str                 # the 指标值 as written
    kind: str                 # quantitative | qualitative | budget_cap | deadline | unrecognised
    op: str | None = None     # ≥ ≤ > < =
    value: float | None = None
    unit: str = ""
    deadline: str | None = None   # "YYYY-MM", "YYYY-MM-DD" or "MM" (a month of the budget year)
    note: str = ""
    dimension: str = ""       # quantitative: unit_dimension(unit)

    @property
    def direction(self) -> str | None:
        """higher for ≥/>, lower for ≤/<, None for = (decided by the indicator's 二级指标)."""
        return {"≥": "higher", ">": "higher", "≤": "lower", "<": "lower"}.get(self.op or "")

    def record(self) -> dict:
        """What ``analysis parse-values`` prints for one value."""
        return {"text": self.text, "kind": self.kind, "operator": self.op, "number": self.value,
                "unit": self.unit or None, "dimension": self.dimension or None, "deadline": self.deadline,
                "note": self.note or None}


def _norm(text: str) -> str:
    """units.normalize_text (NFKC: ＜ → <, full-width digits …), no white space, no trailing punctuation."""
    return re.sub(r"\s+", "", normalize_text(text)).rstrip("。；;，,")


def _plain(text) -> str:
    """:func:`_norm` with traditional characters simplified: how values and verdicts are compared."""
    return _norm(text).translate(_TRADITIONAL)


_NUM = r"(\d+(?:\.\d+)?)"
_NAME_UNIT = re.compile(r"[(（]([^()（）]{1,8})[)）]\s*$")
# a unit in a name template: 苗木成活率(≥**%), 受益人口数≥**人 — the operator and the unit of the value
_NAME_TEMPLATE = re.compile(r"([≥≤<>=]|>=|<=)?\s*\*+\s*([^()（）*\s]{1,10}?)\s*[)）]?\s*$")


def _operator(s: str) -> tuple[str | None, str]:
    for sym in sorted(OPERATORS, key=len, reverse=True):
        if s.startswith(sym):
            return OPERATORS[sym], s[len(sym):]
    for word, o in PREFIX_WORDS:
        if s.startswith(word):
            return o, s[len(word):]
    return None, s


def parse_value(text, *, indicator: str = "", level2: str = "", date_cell: bool = False,
                year: int | str | None = None) -> Target:
    """Read one 指标值.  Examples: ``≥12次``, ``100%``, ``≤350万``, ``≥22.36平方公里``, ``不低于95%``,
    ``95%以上``, ``≤ 1000 万元``, ``＞90%``, ``≥2元/人*月``, ``50万粒``, ``12月底前``, ``2023年底``,
    ``2023.07-2024.01``, ``有效促进``, ``达成预期指标``, ``不超预算``.  Anything else comes back as
    ``unrecognised`` with the reason.

    ``indicator`` (the 三级指标) gives the unit when only the name carries it (``农田面积(亩)``);
    ``level2`` (the 二级指标): a bare five-digit number is an Excel date serial only in a 时效 row or
    when the cell was typed as a date (``date_cell``) — ``30000`` 亩 is not a date in 1982.
    A number with a unit outside the vocabulary still gives the number, with the unit named as unknown.
    ``year`` (the budget year) completes a deadline that names only a month (``12月底前`` → ``2025-12``).
    """
    raw = "" if text is None else str(text)
    s = _plain(raw)
    if not s:
        return Target(raw, "unrecognised", note="指标值为空")
    if re.search(r"\d\s+\d", unicodedata.normalize("NFKC", raw)):
        return Target(raw, "unrecognised", note="数字之间有空格，可能是两个数，请核对")
    if any(unicodedata.numeric(ch, None) is not None and not ("0" <= ch <= "9" or "０" <= ch <= "９")
           and unicodedata.category(ch) == "No" for ch in raw):
        return Target(raw, "unrecognised", note="含上标、下标或带圈数字，无法确定数值")
    if any(w in s for w in BUDGET_CAP):
        if re.search(r"\d", s):
            return Target(raw, "unrecognised", note="“预算内”之外还有数字，请拆分或核对")
        return Target(raw, "budget_cap", op="≤", unit="预算", note="支出不超过预算")
    timely = level2.startswith("时效") or date_cell
    dl = _deadline(s, timely)
    if dl is not None:
        if len(dl) == 2 and year is not None:
            return Target(raw, "deadline", deadline=f"{int(year)}-{dl}", note=f"时限（年份取预算年度 {int(year)}）")
        return Target(raw, "deadline", deadline=dl, note="时限" if len(dl) > 2 else "时限（只写了月份，年份为预算年度）")
    year = re.fullmatch(r"((?:19|20)\d{2})(?:年度?|\.(0?[1-9]|1[0-2]))", s)
    if year:   # 2025年, 2025.12: a year or a month, not a quantity of 2025 年 or the number 2025.12
        if timely:
            return Target(raw, "deadline", deadline=f"{year.group(1)}-{int(year.group(2) or 12):02d}", note="时限")
        return Target(raw, "unrecognised", note="像是年份或年月，不是数量；时效指标请写成“2025年12月底前”")
    if "*" in s and not re.search(r"\d", s.replace("*", "")):
        return Target(raw, "unrecognised", note="指标值未填写具体数值（以 * 号占位）")
    op, rest = _operator(s)
    for word, o in SUFFIX_WORDS:
        if rest.endswith(word) and re.search(r"\d", rest):
            if op is not None and op != o:
                return Target(raw, "unrecognised", note=f"前后运算符矛盾（{op} 与 {word}）")
            op, rest = o, rest[: -len(word)]
            break
    m = re.fullmatch(_NUM + r"(.*)", rest)
    per = re.fullmatch(r"(每[^\d]{1,4})" + _NUM, rest)       # 每亩300: the unit written before the number
    if per and unit_dimension(per.group(1)) == "rate":
        return Target(raw, "quantitative", op=op or "=", value=float(per.group(2)), unit=per.group(1),
                      dimension="rate", note="单位写在数值前")
    if m:
        unit = m.group(2)
        if re.match(r"\D{0,6}?[-—~～至到]+\d", unit):
            return Target(raw, "unrecognised", note="区间值：请拆成“≥下限”和“≤上限”两个指标")
        if re.search(r"\d", unit) and unit not in UNIT_DIMENSIONS:
            return Target(raw, "unrecognised", note=f"数值后还有数字（{unit}），无法确定单位")
        if re.search(r"[底前后]", unit):
            return Target(raw, "unrecognised", note=f"像是时限但月份或日期无效（{raw.strip()[:20]}）")
        if not math.isfinite(float(m.group(1))):
            return Target(raw, "unrecognised", note="数值过大")
        if unit == "百分比":
            unit = "%"
        note = ""
        name = normalize_text(indicator or "").translate(_TRADITIONAL)
        if not unit and (u := _NAME_TEMPLATE.search(name)) and unit_dimension(u.group(2).replace("·", "*")) != "unknown":
            unit, note = u.group(2).replace("·", "*"), f"单位取自指标名称（{u.group(0).strip('()（）')}）"
            if op is None and u.group(1):
                op, note = OPERATORS[u.group(1)], note + "，运算符同"
        elif not unit and (u := _NAME_UNIT.search(name)) and unit_dimension(u.group(1)) not in ("unknown",):
            unit, note = u.group(1), f"单位取自指标名称（{u.group(1)}）"
        dim = unit_dimension(unit)
        if dim == "unknown":
            note = f"未知单位：{unit}（数值照录，单位请核对）"
        return Target(raw, "quantitative", op=op or "=", value=float(m.group(1)), unit=unit, note=note, dimension=dim)
    if re.search(r"\d", s):
        return Target(raw, "unrecognised", note="含数字但不是“运算符+数值+单位”的形式")
    if any(w in s for w in QUALITATIVE_WORDS):
        return Target(raw, "qualitative", note="定性指标")
    return Target(raw, "unrecognised", note="既不是数值也不含常见定性用语")


def _deadline(s: str, timely: bool = False) -> str | None:
    """'12月底前' → '12'; '2023年底' → '2023-12'; '2021年1月-12月' and '2020年1月--2020年11月' → their end;
    '2023.07-2024.01' → '2024-01'; '2025年6月30日前' → '2025-06-30'; in a 时效 row (``timely``) an Excel
    serial (``44561`` or ``=44561``) → 'YYYY-MM'."""
    m = re.fullmatch(r"=?(\d{5})", s)
    if m and timely:  # Excel serial date (days since 1899-12-30)
        n = int(m.group(1))
        if 20000 < n < 80000:
            d = dt.date(1899, 12, 30) + dt.timedelta(days=n)
            return f"{d.year}-{d.month:02d}"
    m = re.fullmatch(r"(\d{4})年(?:\d{1,2}月)?[-—~～至到]+(?:(\d{4})年)?(\d{1,2})月(?:底|末)?(?:前)?", s)
    if m and 1 <= int(m.group(3)) <= 12:
        return f"{m.group(2) or m.group(1)}-{int(m.group(3)):02d}"
    m = re.fullmatch(r"(\d{4})[.\-/年](\d{1,2})月?[-—~～至到]+(\d{4})[.\-/年](\d{1,2})月?(?:底|末)?", s)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(4)) <= 12:
        return f"{m.group(3)}-{int(m.group(4)):02d}"
    m = re.fullmatch(r"(\d{4})[.\-/](\d{1,2})[.\-/](\d{1,2})[-—~～至到]+(?:(\d{4})[.\-/])?(\d{1,2})[.\-/](\d{1,2})", s)
    if m:                                          # 2021.1.1-12.31: a period of days, ending on its last day
        return _iso(m.group(4) or m.group(1), m.group(5), m.group(6))
    m = re.fullmatch(r"(\d{4})[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?(?:前|以前|之前)?(?:完成|到位|支付|发放)?", s)
    if m:
        return _iso(m.group(1), m.group(2), m.group(3))
    m = re.fullmatch(r"(\d{4})年(?:底|末|年底)(?:前)?(?:完成|到位)?", s)
    if m:
        return f"{m.group(1)}-12"
    m = re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末|份)?(?:前|以前|之前)?(?:完成|到位|支付|发放)?", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}" if m.group(1) else f"{int(m.group(2)):02d}"
    return None


def _iso(year, month, day) -> str | None:
    """YYYY-MM-DD, or None for a day that does not exist (2025-02-30)."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def indicator_target(ind: dict, year: int | str | None = None) -> Target:
    """An indicator's 指标值 read with its row, the one way every page, table and score reads it: the
    三级指标 name (a unit given only there, ``灌溉面积(亩)``), the 二级指标 (a five-digit serial is a date
    only in a 时效 row) and the budget ``year`` (``12月底前``)."""
    return parse_value(ind["value"], indicator=ind.get("level3", ""), level2=ind.get("level2", ""), year=year)


def full_year_budget(project: dict) -> float:
    """全年预算数: the adjusted full-year budget when the table gives one, else the 年初预算数 (METHODS §4).
    执行率, the spending schedule and a 不超预算 target are all measured against it."""
    value = project.get("full_year_budget")
    return float(value) if value is not None else float(project["budget"])


KIND_NAMES = {"quantitative": "定量", "qualitative": "定性", "budget_cap": "预算上限", "deadline": "时限",
              "unrecognised": "未识别"}


def parse_table(indicators: list[dict], year: int | str | None = None) -> pd.DataFrame:
    """Every indicator of a project table with its parsed target (one row each)."""
    rows = []
    for ind in indicators:
        t = indicator_target(ind, year)
        rows.append({"一级指标": ind["level1"], "二级指标": ind["level2"], "三级指标": ind["level3"],
                     "指标值": ind["value"], "类型": t.kind, "运算符": t.op or "", "数值": t.value,
                     "单位": t.unit, "时限": t.deadline or "", "说明": t.note})
    return pd.DataFrame(rows, columns=["一级指标", "二级指标", "三级指标", "指标值", "类型", "运算符", "数值", "单位", "时限",
                                       "说明"])


def project_table(projects: list[dict], year: int | str | None = None) -> pd.DataFrame:
    """The 项目绩效目标表 as one long table: per project its 预算数 rows (年初预算数, 全年预算数 when given,
    财政资金, 其他资金) and every indicator with its parsed value — what ``analysis targets`` prints."""
    rows = []
    for p in projects:
        base = {"项目编码": p["code"], "项目名称": p["name"]}
        for key, label in (("budget", "年初预算数"), ("full_year_budget", "全年预算数"), ("fiscal_funds", "财政资金"),
                           ("other_funds", "其他资金")):
            if p.get(key) is not None:
                rows.append({**base, "一级指标": "预算数", "三级指标": label, "指标值": f"{float(p[key]):.2f}",
                             "类型": "预算数", "数值": float(p[key]), "单位": p.get("unit", "万元"), "量纲": "money",
                             "出处": p.get("section", "")})
        for ind in p["indicators"]:
            t = indicator_target(ind, year)
            rows.append({**base, "一级指标": ind["level1"], "二级指标": ind["level2"], "三级指标": ind["level3"],
                         "指标值": ind["value"], "类型": KIND_NAMES[t.kind], "运算符": t.op or "", "数值": t.value,
                         "单位": t.unit, "量纲": t.dimension, "时限": t.deadline or "", "说明": t.note,
                         "出处": p.get("section", "")})
    cols = ["项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "指标值", "类型", "运算符", "数值", "单位", "量纲",
            "时限", "说明", "出处"]
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------- spending vs schedule
def schedule_share(schedule_pct: dict, month: int) -> float:
    """Share of the budget planned by the end of ``month``: linear between checkpoints (0 at month 0)."""
    points = sorted((int(k), float(v) / 100) for k, v in schedule_pct.items())
    prev_m, prev_v = 0, 0.0
    for m, v in points:
        if month <= m:
            return prev_v + (v - prev_v) * (month - prev_m) / (m - prev_m)
        prev_m, prev_v = m, v
    return prev_v


def spending_status(budget: float, schedule_pct: dict, spent: float, month: int, *,
                    warn_pp: float = 5.0) -> dict:
    """执行率 and position against the 资金支出计划 at the end of ``month`` (METHODS §4).

    last checkpoint passed: its share and 偏差 = 执行率 − share (个百分点), 达标 or 未达节点;
    next checkpoint: its month and share, the 万元 still to spend to meet it, and 预警 when the
    执行率 is more than ``warn_pp`` points below the straight-line schedule on the way there.
    """
    rate = spent / budget if budget > 0 else math.nan
    points = sorted((int(k), float(v) / 100) for k, v in schedule_pct.items())
    passed = [(m, v) for m, v in points if m <= month]
    upcoming = [(m, v) for m, v in points if m > month]
    out = {"全年预算数": budget, "累计支出": spent, "执行率": rate, "计划进度": schedule_share(schedule_pct, month)}
    if passed:
        m, v = passed[-1]
        out.update({"最近节点": f"{m}月底", "节点要求": v, "节点偏差": (rate - v) * 100,
                    "节点状态": "达标" if rate >= v - 1e-9 else "未达节点"})
    else:
        out.update({"最近节点": "", "节点要求": math.nan, "节点偏差": math.nan, "节点状态": "尚无节点"})
    if upcoming:
        m, v = upcoming[0]
        out.update({"下一节点": f"{m}月底", "下一节点要求": v, "距下一节点还需支出": max(v * budget - spent, 0.0)})
        behind = (out["计划进度"] - rate) * 100
        out["预警"] = (f"预警：执行率低于计划进度{behind:.1f}个百分点，{m}月底前还需支出"
                     f"{out['距下一节点还需支出']:.2f}万元") if behind > warn_pp else ""
    else:
        out.update({"下一节点": "", "下一节点要求": math.nan, "距下一节点还需支出": 0.0, "预警": ""})
    return out


# ---------------------------------------------------------------- 绩效自评 scoring
DEFAULT_WEIGHTS = {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}


def bands_from(text: str = "80-60") -> dict:
    """The qualitative bands from the setting: '80-60' (100–80 / 80–60 / 60–0%, the common rule) or
    '80-50' (100–80 / 80–50 / 50–0%, as some offices print it)."""
    hi, lo = (int(x) / 100 for x in text.split("-"))
    return {"达成": (hi, 1.0), "部分达成": (lo, hi), "未达成": (0.0, lo)}


# qualitative bands (share of the points): 达成 100–80%, 部分达成 80–60%, 未达成 60–0%; 部分达成 and 未达成 score
# the band midpoint.  达成 scores full points by default, as in every published 自评表 examined (METHODS §4,
# revised); ``achieved_full=False`` gives it its band midpoint instead.
DEFAULT_BANDS = bands_from("80-60")


def rule_settings(narrow_miss_pct: float = 0.0, qualitative_bands: str = "80-60", achieved_full: bool = True) -> list[str]:
    """What the page says about scoring settings that differ from the common rule (none by default)."""
    b = bands_from(qualitative_bands)
    out = []
    if narrow_miss_pct > 0:
        out.append(f"本期按设置：定量指标差距在 {narrow_miss_pct:g}% 以内的，不扣分（部分单位的做法）。")
    if b != DEFAULT_BANDS:
        out.append(f"本期按设置：定性指标“部分达成”档为 {b['部分达成'][1]:.0%}–{b['部分达成'][0]:.0%}，"
                   f"“未达成”档为 {b['未达成'][1]:.0%}–0%。")
    if not achieved_full:
        out.append(f"本期按设置：定性指标评为“达成”的取达成档中值（{sum(b['达成']) / 2:.0%}），不计满分。")
    return out


GRADES = [(90, "优"), (80, "良"), (60, "中"), (0, "差")]


def weight_set(budget_weight: float = 10, output_weight: float = 50, outcome_weight: float = 30,
               satisfaction_weight: float = 10) -> dict:
    """The 自评 weights by 一级指标 from the build's parameters (METHODS §4: 10 / 50 / 30 / 10)."""
    return {"预算执行率": budget_weight, "产出指标": output_weight, "效益指标": outcome_weight,
            "满意度指标": satisfaction_weight}


def grade(total: float) -> str:
    """优 90–100, 良 80–89, 中 60–79, 差 < 60 (METHODS §4); no total (nothing scored) → 无法评分."""
    if total is None or total != total:
        return "无法评分"
    for floor, name in GRADES:
        if total >= floor:
            return name
    return "差"


def indicator_weights(indicators: pd.DataFrame, weights: dict) -> pd.Series:
    """Points per 三级指标: each 一级指标's weight split equally among its indicators.

    No 满意度 indicator → its weight moves to 效益; indicators marked 不适用 are dropped and the
    remaining 一级 weights rescaled so that, with 预算执行率, the total stays 100 (METHODS §4).
    """
    w = {k: float(v) for k, v in weights.items()}
    applicable = indicators[~indicators["不适用"]]
    present = set(applicable["一级指标"])
    if "满意度指标" not in present and "满意度指标" in w:
        w["效益指标"] = w.get("效益指标", 0) + w.pop("满意度指标")
    level_total = sum(v for k, v in w.items() if k in present)
    budget_w = w.get("预算执行率", 0)
    scale = (100 - budget_w) / level_total if level_total else 0
    counts = applicable.groupby("一级指标").size()
    out = pd.Series(0.0, index=indicators.index)
    for idx, row in applicable.iterrows():
        out[idx] = w.get(row["一级指标"], 0) * scale / counts[row["一级指标"]]
    return out


def verdict_grade(text) -> str:
    """The grade a verdict written in the 实际完成值 column stands for (达成预期指标 → 达成, 基本达到 →
    部分达成, 未完成 → 未达成); '' when the text is not one."""
    s = _plain("" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text))
    if not s or re.search(r"\d", s):
        return ""
    return next((g for word, g in VERDICTS if word in s), "")


def same_as_target(target: Target, actual) -> str:
    """'达成' when a qualitative actual repeats its target word for word (是 / 是, 显著提升 / 显著提升)."""
    if target.kind != "qualitative" or actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return ""
    return "达成" if _plain(str(actual)) == _plain(target.text) else ""


def score_indicator(target: Target, actual, grade_word: str, weight: float, level2: str,
                    bands: dict = DEFAULT_BANDS, far_ratio: float = 1.5,
                    achieved_full: bool = True, narrow_miss: float = 0.0) -> tuple[float, str]:
    """Points for one indicator and a note (METHODS §4).

    quantitative, higher (≥, >, or = outside 成本指标): met → full; else weight × actual / target.
    lower (≤, <, or = in 成本指标): met → full; else weight × target / actual.  Never above weight.
    A miss within ``narrow_miss`` (a share, e.g. 0.02 for 2%) scores full points when an office's rule
    says so (default 0: every shortfall is docked).
    Far exceeded (ratio ≥ ``far_ratio``): full points, flagged "目标可能偏低".
    qualitative and unparsed: the grade decides: 达成 → full points (``achieved_full``, the default) or
    its band midpoint; 部分达成 / 未达成 → band midpoint; a percentage such as 85% → that share.
    """
    from .units import parse_quantity

    if target.kind in ("quantitative", "budget_cap") and target.value is not None and actual is not None \
            and not (isinstance(actual, float) and math.isnan(actual)):
        a, t = float(actual), float(target.value)
        direction = target.direction or ("lower" if level2.startswith("成本") else "higher")
        if direction == "higher":
            met = a > t if target.op == ">" else a >= t
            ratio = a / t if t > 0 else (1.0 if met else 0.0)
        else:
            met = a < t if target.op == "<" else a <= t
            ratio = t / a if a > 0 else 1.0
        if met:
            note = "目标可能偏低，建议复核" if (direction == "higher" and ratio >= far_ratio) or \
                (direction == "lower" and t > 0 and a > 0 and t / a >= far_ratio) else "达成"
            return weight, note
        if narrow_miss > 0 and ratio >= 1 - narrow_miss - 1e-12:
            return weight, f"小幅未达成（差距在 {narrow_miss:.0%} 以内），按设置不扣分"
        return weight * min(ratio, 1.0), f"未达成，按{'实际/目标' if direction == 'higher' else '目标/实际'}比例得分"
    g = str(grade_word or "").strip()
    if g == "达成" and achieved_full:
        return weight, "定性评价：达成（满分）"
    if g in bands:
        lo, hi = bands[g]
        return weight * (lo + hi) / 2, f"定性评价：{g}"
    if g:
        q = parse_quantity(g) if re.fullmatch(r"\d+(\.\d+)?%", _norm(g)) else None
        if q is not None:   # a share of the points, always written with % (85%); bare 0.85 or 1 is refused
            return weight * min(max(q.value / 100, 0.0), 1.0), f"定性评价：按{g}计分"
        return math.nan, f"评价等级“{g}”无法识别（比例须写成 85% 这样的形式）"
    return math.nan, "缺少实际完成值或评价等级"


def score_project(project: dict, actuals: pd.DataFrame, spent: float, *, weights: dict | None = None,
                  bands: dict | None = None, year_end: bool = False,
                  narrow_miss: float = 0.0, achieved_full: bool = True,
                  year: int | str | None = None) -> tuple[pd.DataFrame, dict]:
    """The 自评表 of one project.

    预算执行率 = 全年执行数 ÷ 全年预算数: the adjusted full-year budget (``full_year_budget``) when the
    project carries one, else its 年初预算数 (``budget``).  A project whose 年度资金总额 is 0 and that spent
    nothing scores 0 on 预算执行率, with a note.  A verdict written as the actual (达成预期指标, 完成,
    基本达到) grades the indicator when no 评价等级 is given; an actual that repeats the target's operator
    (``≥90%``) is read as its number.  A 时效 target is met when the date written as the actual
    (``2025年11月``, ``2025-11-20``) is not after it (compared to the month when either gives only a month).

    A 成本指标 left blank is 未填报 during the year (spending to date says nothing about the year's cost);
    at year end (``year_end``) the full-year spending from the budget ledger is its actual.

    ``actuals``: rows with 三级指标, 实际完成值, 评价等级, 不适用 (bool), 偏差原因.
    Returns (indicator table, summary with 预算执行率 points, total and grade).
    """
    weights = weights or DEFAULT_WEIGHTS
    bands = bands or DEFAULT_BANDS
    table = parse_table(project["indicators"], year)
    act = actuals.set_index("三级指标") if len(actuals) else pd.DataFrame()

    def get(name, col, default=None):
        if name in act.index and col in act.columns:
            v = act.loc[name, col]
            return default if v is None or (isinstance(v, float) and math.isnan(v)) else v
        return default

    table["实际完成值"] = [get(n, "实际完成值") for n in table["三级指标"]]
    table["评价等级"] = [get(n, "评价等级", "") for n in table["三级指标"]]
    table["不适用"] = [bool(get(n, "不适用", False)) for n in table["三级指标"]]
    table["偏差原因"] = [get(n, "偏差原因", "") for n in table["三级指标"]]
    table["分值"] = indicator_weights(table, weights)
    scores, notes = [], []
    for ind, row in zip(project["indicators"], table.to_dict("records")):
        if row["不适用"]:
            scores.append(np.nan)
            notes.append("不适用，权重已重新分配")
            continue
        target = indicator_target(ind, year)
        if target.kind == "budget_cap":
            target = Target(target.text, "budget_cap", op="≤", value=full_year_budget(project), unit="万元")
        given = str(row["评价等级"] or "").strip()
        # a 成本指标 left blank: 未填报 during the year; at year end the full-year spending is its actual
        from_spending = ind["level2"].startswith("成本") and _blank(row["实际完成值"]) and not given
        if from_spending and not year_end:
            scores.append(np.nan)
            notes.append("未填报（成本指标年中不以累计支出代替，请填报实际完成值）")
            continue
        s, note = score_actual(target, spent if from_spending else row["实际完成值"], given, row["分值"],
                               row["二级指标"], bands=bands, narrow_miss=narrow_miss, achieved_full=achieved_full,
                               year=year)
        if from_spending:
            note += "（成本取自预算执行数据的全年执行数）"
        scores.append(s)
        notes.append(note)
    table["得分"] = scores
    table["评分说明"] = notes
    initial, budget = float(project["budget"]), full_year_budget(project)
    rate = spent / budget if budget > 0 else math.nan
    budget_points = weights.get("预算执行率", 10) * min(rate, 1.0) if not math.isnan(rate) else math.nan
    budget_note = ""
    if budget == 0 and spent == 0:
        budget_points, budget_note = 0.0, "年度资金总额为 0（全年预算数、全年执行数均为 0）：预算执行率得 0 分"
    total = budget_points + table["得分"].sum(min_count=1)
    missing = int(table["得分"].isna().sum() - table["不适用"].sum())
    summary = {"项目名称": project["name"], "项目编码": project["code"], "年初预算数": initial,
               "全年预算数": budget, "全年执行数": spent, "执行率": rate,
               "预算执行率分值": weights.get("预算执行率", 10), "预算执行率得分": budget_points,
               "预算执行率说明": budget_note,
               "总分": total if missing == 0 else math.nan,
               "等级": grade(total) if missing == 0 else "（待补齐）", "缺少评分的指标数": missing,
               "已评指标得分": total, "已评指标分值": (weights.get("预算执行率", 10)
                                                 + table.loc[table["得分"].notna(), "分值"].sum())}
    return table, summary


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == ""


def score_actual(target: Target, actual, grade_word: str, weight: float, level2: str, *,
                 bands: dict = DEFAULT_BANDS, narrow_miss: float = 0.0, achieved_full: bool = True,
                 year: int | str | None = None) -> tuple[float, str]:
    """One indicator's points from what its row says, the one rule for the 自评 page and for checking a
    published 自评表: a 时效 target against the date written as the actual; a number (in the target's unit,
    converted, or refused when it is of another kind); else the grade given (评价等级), the verdict written
    as the actual (达成预期指标 …) or an actual that repeats a qualitative target word for word."""
    grade_word = str(grade_word or "").strip()
    if target.kind == "deadline" and not grade_word and not verdict_grade(actual) and not _blank(actual):
        return score_deadline(target, actual, weight, bands, year)
    try:
        value = _to_float(actual, target.unit)
    except ValueError as e:  # a unit that does not fit the target is never scored as if it did
        return math.nan, f"无法评分：{e}"
    grade_word = grade_word or verdict_grade(actual) or same_as_target(target, actual)
    return score_indicator(target, value, grade_word, weight, level2, bands, achieved_full=achieved_full,
                           narrow_miss=narrow_miss)


def score_published(ind: dict, year: int | str | None = None, **rules) -> tuple[float, str]:
    """An indicator of a published 自评表 (``points`` 分值 and ``actual`` 实际完成值 as printed) scored by
    the package's rules: what ``analysis import-targets`` compares with the table's own 得分."""
    return score_actual(indicator_target(ind, year), ind.get("actual"), "", float(ind["points"]),
                        ind.get("level2", ""), year=year, **rules)


def actual_date(value, year: int | str | None = None) -> str | None:
    """The date an actual states (a date cell, ``2025年11月``, ``2025-11-20``, ``11月底``) as YYYY-MM or
    YYYY-MM-DD; None when it states none."""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if _blank(value):
        return None
    s = _plain(str(value))
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", s):     # 2025-11 (2025-11-20 and the rest: _deadline)
        return s
    d = _deadline(s, timely=True)
    if d is not None and len(d) == 2:
        d = f"{int(year)}-{d}" if year is not None else None
    return d


def score_deadline(target: Target, actual, weight: float, bands: dict = DEFAULT_BANDS,
                   year: int | str | None = None) -> tuple[float, str]:
    """A 时效 indicator: full points when the actual date is not after the deadline; a date after it is
    未达成 (its band midpoint).  When either date gives only a month, months are compared.  An actual
    that states no date, or a deadline without a year, is not scored (said)."""
    deadline = target.deadline
    if deadline and len(deadline) == 2 and year is not None:
        deadline = f"{int(year)}-{deadline}"
    done = actual_date(actual, year)
    if done is None:
        return math.nan, f"实际完成值“{actual}”不是可比较的日期（应写成 2025年11月 或 2025-11-20）"
    if not deadline or len(deadline) == 2:
        return math.nan, "时限只写了月份且不知年份，无法比较"
    n = min(len(deadline), len(done))
    if done[:n] <= deadline[:n]:
        return weight, f"按时完成（{done}，时限 {deadline}）"
    lo, hi = bands["未达成"]
    return weight * (lo + hi) / 2, f"未按时完成（{done}，晚于时限 {deadline}）：按未达成档计分"


def _to_float(value, unit: str):
    """Actual values as typed: 13, '13次', '96%', '340万', '3.5亿元' → a number in the target's unit.

    Text that is not a number (完成, 达成预期) gives None: it is graded by 评价等级.  A number with a
    unit that cannot be converted into the target's (``5亿元`` for a ``%`` target) raises ValueError:
    it is never scored as if the unit were right.
    """
    from .units import UnitError, convert

    if _blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    _, number_text = _operator(_plain(value))   # an actual that repeats the target: ≥90%
    if unit.startswith("每") and number_text.startswith(unit):         # 每亩300, as the target was written
        number_text = number_text[len(unit):]
    m = re.fullmatch(r"([+-]?\d+(?:\.\d+)?)(.*)", number_text)
    if not m:
        return None  # words, graded by 评价等级 or by the verdict they state
    number, typed = float(m.group(1)), m.group(2)
    if not typed or typed == unit or {typed, unit} <= {"万", "万元"}:
        return number
    if _deadline(number_text) is not None or re.fullmatch(r"(?:19|20)\d{2}年.*", number_text):
        raise ValueError(f"{value!r} 像是日期，不是数量（指标值的单位是 {unit or '无'}）/ a date, not a quantity")
    if not unit:
        return number      # the target names no unit: the actual's unit is taken as written
    try:
        return convert(number, typed, "万元" if unit == "万" else unit)
    except UnitError:
        raise ValueError(f"单位不符：{value!r} 的单位是 {typed}，指标值的单位是 {unit} / unit mismatch") from None


# ---------------------------------------------------------------- inputs (data/raw/budget)
SPENDING_COLUMNS = ("项目编码", "期间", "累计支出万元")
INDICATOR_COLUMNS = ("项目编码", "三级指标", "实际完成值", "评价等级", "不适用", "偏差原因")


def _specs():
    from .validation import Column, Spec

    spending = Spec("预算执行数据", (
        Column("项目编码", "code", "code", required=True, nonblank=True),
        Column("期间", "period", "period", required=True, nonblank=True),
        Column("累计支出万元", "spent", "number", "万元", required=True, nonblank=True, min=0, max=1e8),
    ), key=("code", "period"))
    indicators = Spec("绩效指标完成值", (
        Column("项目编码", "code", "code", required=True, nonblank=True),
        Column("三级指标", "三级指标", required=True, nonblank=True),
        Column("实际完成值", "实际完成值"),
        Column("评价等级", "评价等级"),
        Column("不适用", "不适用", "bool", words={"不适用": True, "适用": False}, blank=False),
        Column("偏差原因", "偏差原因"),
    ), key=("code", "三级指标"))
    return spending, indicators


def spending_spec():
    return _specs()[0]


def indicator_spec():
    return _specs()[1]


def read_spending(path, projects: list[dict], quality=None, period: str | None = None) -> pd.DataFrame:
    """Cumulative spend per project and month: code, period, spent (万元).

    Checks codes, periods and that a cumulative figure never falls; amounts typed with a unit
    (``1.2亿元``, ``35000元``) are converted to 万元; spending above the project's budget is a warning.
    """
    from pathlib import Path

    from .errors import InputError
    from .validation import Quality, read

    path = Path(path)
    quality = quality if quality is not None else Quality()
    budgets = {p["code"]: full_year_budget(p) for p in projects}
    out = read(path, _specs()[0])
    for rec in out.to_dict("records"):
        if rec["code"] not in budgets:
            raise InputError(path, row=rec["_row"], column="项目编码", problem="不是绩效目标表中的项目", value=rec["code"],
                             expected="、".join(sorted(budgets)))
        if rec["spent"] > budgets[rec["code"]] + 1e-9:
            quality.warn(path, f"项目 {rec['code']} 到 {rec['period']} 累计支出 {rec['spent']:,.2f}万元，"
                               f"超过预算 {budgets[rec['code']]:,.2f}万元", row=rec["_row"], column="累计支出万元")
    out = out.sort_values(["code", "period"], kind="stable")
    for code, g in out.groupby("code"):
        same_year = g["period"].str.slice(0, 4) == g["period"].str.slice(0, 4).shift()
        drops = g[(g["spent"].diff() < -1e-9) & same_year]
        if len(drops):
            raise InputError(path, row=int(drops["_row"].iloc[0]), column="累计支出万元",
                             problem=f"累计支出比上月减少（项目 {code}）", value=float(drops["spent"].iloc[0]),
                             expected="同一年内累计数逐月不减")
    if period:
        this_year = out[(out["period"].str.slice(0, 4) == period[:4]) & (out["period"] <= period)]
        for p in projects:
            if p["code"] not in set(this_year["code"]):
                quality.warn(path, f"项目 {p['code']}（{p['name']}）没有 {period[:4]} 年截至 {period} 的支出记录，"
                                   "本期执行率按 0 计")
    return out.drop(columns="_row").reset_index(drop=True)


def read_indicator_actuals(path, projects: list[dict], year: int | str | None = None) -> pd.DataFrame:
    """Actual values / grades per 三级指标 (for monitoring and 自评); indicator names must match the tables.

    A 实际完成值 typed with a unit must be convertible into its target's unit (``5亿元`` for a ``%``
    target is refused; ``3.5亿元`` for ``≤350万`` is read as 35,000万).
    """
    from pathlib import Path

    from .errors import InputError
    from .validation import read

    path = Path(path)
    inds = {p["code"]: {i["level3"]: i for i in p["indicators"]} for p in projects}
    table = read(path, _specs()[1])
    for rec in table.to_dict("records"):
        code, name, n = rec["code"], rec["三级指标"], rec["_row"]
        if code not in inds:
            raise InputError(path, row=n, column="项目编码", problem="不是绩效目标表中的项目", value=code,
                             expected="、".join(sorted(inds)))
        if name not in inds[code]:
            raise InputError(path, row=n, column="三级指标", problem="该项目没有这个三级指标", value=name,
                             expected="、".join(sorted(inds[code])))
        grade_word = rec["评价等级"]
        share = re.fullmatch(r"(\d+(?:\.\d+)?)%", _norm(grade_word)) if grade_word else None
        if grade_word and grade_word not in DEFAULT_BANDS and not (share and float(share.group(1)) <= 100):
            raise InputError(path, row=n, column="评价等级", problem="无法识别（比例须带 %，且不超过 100%）",
                             value=grade_word, expected="达成 / 部分达成 / 未达成，或得分比例如 85%")
        target = indicator_target(inds[code][name], year)
        if rec["实际完成值"] and target.kind == "deadline" and not verdict_grade(rec["实际完成值"]) \
                and actual_date(rec["实际完成值"], year) is None:
            raise InputError(path, row=n, column="实际完成值", problem="时效指标的实际完成值不是日期",
                             value=rec["实际完成值"], expected=f"完成日期，如 2025年11月 或 2025-11-20（指标值 {target.text}）")
        if rec["实际完成值"] and target.kind == "quantitative":
            try:
                value = _to_float(rec["实际完成值"], target.unit)
            except ValueError as e:
                raise InputError(path, row=n, column="实际完成值", problem=str(e), value=rec["实际完成值"],
                                 expected=f"数值，单位 {target.unit or '同指标值'}（指标值 {target.text}）") from None
            if value is not None and value < 0:
                raise InputError(path, row=n, column="实际完成值", problem="不能为负数 / negative",
                                 value=rec["实际完成值"], expected=f"≥ 0（指标值 {target.text}）")
            bare = re.fullmatch(r"[+-]?\d+(?:\.\d+)?", _norm(rec["实际完成值"]))
            if target.unit == "%" and bare and value is not None and 0 < value <= 1 < (target.value or 0):
                raise InputError(path, row=n, column="实际完成值",
                                 problem=f"{value:g} 没有写 %，而指标值是 {target.text}：是 {value:g}% 还是 {value:.0%}？"
                                 " / percent typed as a fraction?", value=rec["实际完成值"],
                                 expected=f"带 % 写明，如 {value:.0%}")
    return table.drop(columns="_row").reset_index(drop=True)


def spent_at(spending: pd.DataFrame, code: str, period: str) -> float:
    """Cumulative spend of a project at the latest month ≤ period (0 before the first report)."""
    # cumulative spend restarts each budget year: only this year's months count
    g = spending[(spending["code"] == code) & (spending["period"] <= period)
                 & (spending["period"].str.slice(0, 4) == period[:4])]
    return float(g["spent"].iloc[-1]) if len(g) else 0.0


def monitor(projects: list[dict], spending: pd.DataFrame, period: str, warn_pp: float = 5.0) -> pd.DataFrame:
    """One row per project: 执行率 against the schedule at ``period`` (see ``spending_status``)."""
    from .growth import parse_period

    month = parse_period(period)[1]
    rows = []
    for p in projects:
        st = spending_status(full_year_budget(p), p["schedule_pct"], spent_at(spending, p["code"], period), month,
                             warn_pp=warn_pp)
        rows.append({"项目名称": p["name"], **st})
    return pd.DataFrame(rows)


def spending_path(project: dict, spending: pd.DataFrame, period: str) -> pd.DataFrame:
    """Month by month from January to the period's month: actual 执行率 and planned share (for the chart)."""
    from .growth import parse_period

    year, through_month = parse_period(period)
    rows = []
    full = full_year_budget(project)
    for m in range(1, through_month + 1):
        spent = spent_at(spending, project["code"], f"{year}-{m:02d}")
        rows.append({"月份": m, "执行率": spent / full if full > 0 else math.nan,
                     "计划进度": schedule_share(project["schedule_pct"], m)})
    return pd.DataFrame(rows)


def goal_progress(project: dict, ind_actuals: pd.DataFrame) -> float:
    """Average attainment of the quantitative ≥ output indicators that have an actual (capped at 1); NaN if none."""
    acts = ind_actuals[ind_actuals["code"] == project["code"]].set_index("三级指标")
    shares = []
    for ind in project["indicators"]:
        t = indicator_target(ind)
        if t.kind != "quantitative" or ind["level1"] != "产出指标" or ind["level2"].startswith("成本"):
            continue
        if ind["level3"] not in acts.index:
            continue
        try:
            a = _to_float(acts.loc[ind["level3"], "实际完成值"], t.unit)
        except ValueError:
            continue
        if a is None or not t.value:
            continue
        shares.append(min(a / t.value, 1.0))
    return float(np.mean(shares)) if shares else math.nan


def dual_monitor(projects: list[dict], spending: pd.DataFrame, ind_actuals: pd.DataFrame, period: str) -> pd.DataFrame:
    """双监控: goal progress beside spending progress, with a plain reading of the pair."""
    mon = monitor(projects, spending, period).set_index("项目名称")
    rows = []
    for p in projects:
        g = goal_progress(p, ind_actuals)
        r = mon.loc[p["name"]]["执行率"]
        if math.isnan(g):
            reading = "缺少产出指标实际值"
        elif g - r > 0.15:
            reading = "产出进度快于支出：关注资金是否及时支付"
        elif r - g > 0.15:
            reading = "支出快于产出：关注资金使用效益"
        else:
            reading = "产出与支出基本同步"
        rows.append({"项目名称": p["name"], "执行率": r, "计划进度": mon.loc[p["name"]]["计划进度"],
                     "产出指标完成度": g, "判断": reading})
    return pd.DataFrame(rows)


def self_assessment(projects: list[dict], spending: pd.DataFrame, ind_actuals: pd.DataFrame, period: str,
                    weights: dict | None = None, narrow_miss: float = 0.0, bands: dict | None = None,
                    achieved_full: bool = True) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Score every project with what is known at ``period`` (a provisional 自评 before year end).

    Returns (summary per project, {project name: its indicator table}).
    """
    summaries, tables = [], {}
    for p in projects:
        acts = ind_actuals[ind_actuals["code"] == p["code"]] if len(ind_actuals) else ind_actuals
        table, summary = score_project(p, acts, spent_at(spending, p["code"], period), weights=weights,
                                       year_end=period.endswith("-12"), narrow_miss=narrow_miss, bands=bands,
                                       achieved_full=achieved_full, year=period[:4])
        summaries.append(summary)
        tables[p["name"]] = table
    return pd.DataFrame(summaries), tables
