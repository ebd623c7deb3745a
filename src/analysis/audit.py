"""口径核查: check the targets catalogue against itself (METHODS.md §1, §2, §4, §5).

Each finding carries a severity, the figures, the arithmetic and a plain Chinese explanation:

* error   — two statements that cannot both hold under one 口径 (e.g. a 2024 base implied by a
            2025 target that is far below a 2024 figure stated elsewhere);
* warning — an implied count that is not a whole number, denominators that disagree, a cost
            cap that differs from the budget: worth asking the authors about;
* info    — a check that passed, or context a reader should have.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

from . import budget, growth, land, units
from .catalogue import Catalogue

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Finding:
    severity: str
    check: str
    subject: str
    arithmetic: str
    explanation: str
    figures: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _rounding_interval(pct: float) -> tuple[float, float]:
    """A percentage printed as 13 or 18.6 stands for anything that rounds to it."""
    decimals = len(f"{pct:g}".split(".")[1]) if "." in f"{pct:g}" else 0
    half = 0.5 * 10 ** (-decimals)
    return (pct - half) / 100, (pct + half) / 100


def _pct_text(fraction: float) -> str:
    return f"{fraction * 100:.6g}%"


def check_bases(cat: Catalogue) -> list[Finding]:
    """Every target with a growth rate: the implied base; counts must be whole within rounding."""
    out = []
    for ind in cat.indicators:
        if ind.kind != "target" or ind.value is None or ind.growth is None:
            continue
        base = float(growth.implied_base(ind.value, ind.growth))
        lo, hi = _rounding_interval(ind.growth_pct)
        b_hi, b_lo = ind.value / (1 + lo), ind.value / (1 + hi)   # base range the rounded % allows
        arith = (f"{units.fmt_doc(ind.value)} ÷ (1 + {ind.growth_pct:g}%) = {base:.4g}{ind.unit}；"
                 f"增幅按四舍五入理解为 {_pct_text(lo)}–{_pct_text(hi)}，基期区间 {b_lo:.4g}–{b_hi:.4g}")
        figures = {"目标": ind.value, "增幅%": ind.growth_pct, "隐含基期": round(base, 6), "单位": ind.unit}
        if ind.unit in ("家", "个"):
            whole = [n for n in range(math.ceil(b_lo - 1e-9), math.floor(b_hi + 1e-9) + 1)]
            if ind.increment is not None:
                stated = ind.value - ind.increment
                figures["按新增倒推基期"] = stated
                ok = b_lo - 1e-9 <= stated <= b_hi + 1e-9
                out.append(Finding(
                    "info" if ok else "warning", "增幅与新增数是否一致", ind.name,
                    arith + f"；{units.fmt_doc(ind.value)} − 新增{units.fmt_doc(ind.increment)} = {units.fmt_doc(stated)}",
                    (f"按新增数倒推的基期 {stated:g}{ind.unit} 在增幅允许的区间内，两种说法一致。" if ok else
                     f"按新增数倒推的基期 {stated:g}{ind.unit} 与按增幅倒推的 {base:.2f}{ind.unit} 不一致。"),
                    figures))
            elif not whole:
                out.append(Finding(
                    "warning", "隐含基期不是整数", ind.name, arith,
                    f"{ind.name}是计数指标，但按“{ind.quote}”倒推的2024年基期约为 {base:.2f}{ind.unit}，"
                    "在增幅的四舍五入范围内也找不到整数，说明增幅或目标数有一处是约数或口径不同，需向起草部门核实。",
                    figures))
            else:
                out.append(Finding("info", "隐含基期", ind.name, arith,
                                   f"倒推的2024年基期为 {whole[0]}{ind.unit}（整数），与增幅一致。", figures))
        else:
            out.append(Finding("info", "隐含基期", ind.name, arith,
                               f"按文件增幅倒推，2024年{ind.name}约为 {base:.4g}{ind.unit}，"
                               f"2025年需新增约 {ind.value - base:.4g}{ind.unit}。", figures))
    return out


def check_shares(cat: Catalogue) -> list[Finding]:
    """Denominators implied by stated shares, against each other and the document's totals."""
    shares = [i for i in cat.indicators if i.share is not None and i.value is not None]
    out = []
    totals = {i.id: float(growth.implied_total(i.value, i.share)) for i in shares}
    for i in shares:
        out.append(Finding("info", "隐含分母", i.name,
                           f"{units.fmt_doc(i.value)}{i.unit} ÷ {i.share_pct:g}% = {totals[i.id]:.4g}{i.unit}",
                           f"“{i.share_of}”按此占比应为 {totals[i.id]:.4g}{i.unit}。",
                           {"产值": i.value, "占比%": i.share_pct, "隐含分母": round(totals[i.id], 6)}))
    if len(shares) >= 2:
        vals = sorted(totals.values())
        if vals[-1] - vals[0] > 0.01:
            names = "、".join(f"{i.name}{totals[i.id]:.4g}{i.unit}" for i in shares)
            out.append(Finding(
                "warning", "同一分母数字不同", shares[0].share_of or "规上企业累计产值",
                " ≠ ".join(f"{totals[i.id]:.4g}" for i in shares),
                f"两个占比目标指向同一个“{shares[0].share_of}”，倒推出的数却不同（{names}），"
                "至少有一个占比或产值是约数，或两者的统计范围不同。", {i.id: round(totals[i.id], 6) for i in shares}))
    for other_id in ("industrial_output", "revenue"):
        try:
            other = cat.get(other_id)
        except KeyError:
            continue
        for i in shares:
            if abs(totals[i.id] - other.value) > 0.5:
                out.append(Finding(
                    "warning", "隐含分母与总量目标不符", f"{i.name} / {other.name}",
                    f"{totals[i.id]:.4g}{i.unit} vs {other.name} {units.fmt_doc(other.value)}{other.unit}"
                    f"（按后者计占比 {i.value / other.value:.1%}）",
                    f"{i.name}目标隐含的“{i.share_of}”为 {totals[i.id]:.4g}{i.unit}，而同一文件的{other.name}目标是 "
                    f"{units.fmt_doc(other.value)}{other.unit}。若以{other.name}为分母，占比将是 {i.value / other.value:.1%}"
                    f"而非 {i.share_pct:g}%。报告中须写明所用分母。",
                    {"隐含分母": round(totals[i.id], 6), other.name: other.value}))
    return out


def check_same_quantity(cat: Catalogue) -> list[Finding]:
    """The same quantity stated for 2024 in two places with figures that cannot both hold."""
    out = []
    pairs = [
        ("above_scale_firms", "above_scale_firms_assessed_2024", "base"),
        ("revenue", "revenue_ytd_2024_11", "base"),
        ("revenue", "revenue_expected", "target"),
    ]
    for target_id, other_id, how in pairs:
        try:
            t, o = cat.get(target_id), cat.get(other_id)
        except KeyError:
            continue
        if how == "base":
            base = float(growth.implied_base(t.value, t.growth)) if t.increment is None else t.value - t.increment
            if o.value > base * 1.05:
                out.append(Finding(
                    "error", "同一指标前后数字矛盾", t.name,
                    f"2025年目标 {units.fmt_doc(t.value)}{t.unit} 隐含2024年基期 {base:.4g}{t.unit}；"
                    f"同一文件又称“{o.quote}”（{units.fmt_doc(o.value)}{o.unit}）",
                    f"按经济指标一段，2024年{t.name}约为 {base:.4g}{t.unit}；但“{o.section}”一段给出的2024年数字是 "
                    f"{units.fmt_doc(o.value)}{o.unit}，已经超过2025年的目标 {units.fmt_doc(t.value)}{t.unit}。两处不可能是同一口径"
                    "（可能一处是全部企业、一处是对上考核或在地统计的规上企业），月度报告必须选定一个口径并写明。",
                    {"目标": t.value, "隐含基期": round(base, 6), o.name: o.value}))
        else:
            if o.value > t.value * 1.05:
                out.append(Finding(
                    "warning", "同一年度两个不同数字", t.name,
                    f"目标 {units.fmt_doc(t.value)}{t.unit} vs “{o.quote}”",
                    f"经济指标一段的{t.name}目标为 {units.fmt_doc(t.value)}{t.unit}，而“{o.section}”一段称预计突破 "
                    f"{units.fmt_doc(o.value)}{o.unit}，相差 {o.value - t.value:g}{t.unit}，口径应不同。",
                    {"目标": t.value, o.name: o.value}))
    return out


def check_parts(cat: Catalogue) -> list[Finding]:
    """Parts against stated totals: named lists, 入统 pipeline, 低效企业, 五未 sites, 技改再贷款."""
    out = []

    def val(i):
        return cat.get(i).value

    def add(ok, subject, arith, good, bad, figures, severity="error"):
        out.append(Finding("info" if ok else severity, "分项与合计", subject, arith, good if ok else bad, figures))

    firms = cat.lists.get("low_efficiency_firms", {}).get("items", [])
    n_exit = sum(f["disposition"] == "清退" for f in firms)
    n_fix = sum(f["disposition"] == "整改提升" for f in firms)
    add(n_exit == val("low_efficiency_exit") and n_fix == val("low_efficiency_rectify")
        and n_exit + n_fix == val("low_efficiency_firms_2024") == len(firms),
        "低效企业", f"清退 {n_exit} + 整改提升 {n_fix} = {n_exit + n_fix}；文件称 19 家，名单 {len(firms)} 家",
        "清退5家与整改提升14家合计19家，与名单一致。", "低效企业的分项与合计或名单不一致。",
        {"清退": n_exit, "整改提升": n_fix, "名单": len(firms)})
    done, ready, eligible = val("onboarded_2024"), val("onboarding_ready_2024"), val("onboarding_eligible_2024")
    add(done + ready == eligible, "2024年入统企业", f"已入统 {done:g} + 已达条件 {ready:g} = {done + ready:g}；符合条件 {eligible:g}",
        "已入统与已达条件企业之和等于符合入统条件企业数。", "已入统与已达条件企业之和不等于符合条件企业数。",
        {"已入统": done, "已达条件": ready, "符合条件": eligible})
    sub, prep = val("onboarding_submitted_2024"), val("onboarding_preparing_2024")
    add(sub + prep == ready, "2024年待入统企业", f"已上报 {sub:g} + 准备中 {prep:g} = {sub + prep:g}；已达条件 {ready:g}",
        "已上报与准备材料的企业之和等于已达条件企业数。", "已上报与准备材料的企业之和不等于已达条件企业数。",
        {"已上报": sub, "准备中": prep, "已达条件": ready})
    task = val("onboarding_task_2024")
    if done < task:
        out.append(Finding("info", "任务完成情况", "2024年规上企业入统",
                           f"已入统 {done:g} 家 < 入统任务 {task:g} 家；加上待2025年1月入统的 {ready:g} 家为 {done + ready:g} 家",
                           "2024年入统任务10家，当年实际入统6家，另有6家达到条件、待次年入统；解读“新增6家”目标时应注意这部分结转。",
                           {"任务": task, "已入统": done, "待入统": ready}))
    for list_id, ind_id in (("onboarded_2024", "onboarded_2024"), ("onboarding_ready_2024", "onboarding_ready_2024"),
                            ("onboarding_pool", "onboarding_pool")):
        items = cat.lists.get(list_id, {}).get("items", [])
        add(len(items) == val(ind_id), f"名单人数：{cat.get(ind_id).name}", f"名单 {len(items)} 家；文件称 {val(ind_id):g} 家",
            "名单家数与文件所称一致。", "名单家数与文件所称不一致。", {"名单": len(items), "文件": val(ind_id)})
    sites = cat.lists.get("land_recovery_sites", {}).get("items", [])
    total = sum(s["area"] for s in sites)
    target = val("land_recovery_target")
    parts = " + ".join(f"{s_['area']:g}" for s_ in sites)
    add(total >= target, "“五未”土地重点地块", f"{parts} = {total:g} 亩；目标 {target:g}余亩",
        f"六处重点地块约 {total:g} 亩，与“200余亩”相符。", f"六处重点地块合计 {total:g} 亩，少于目标 {target:g} 亩。",
        {"地块合计": total, "目标": target}, severity="warning")
    add(val("relending_approved_projects") <= val("relending_projects")
        and val("relending_approved_investment") <= val("relending_investment")
        and val("relending_loan_demand") <= val("relending_approved_investment"),
        "工业技改再贷款", f"通过审核 {val('relending_approved_projects'):g}/{val('relending_projects'):g} 个；"
        f"投资 {val('relending_approved_investment'):g}/{val('relending_investment'):g} 亿元；"
        f"贷款需求 {val('relending_loan_demand'):g} ≤ {val('relending_approved_investment'):g} 亿元",
        "通过审核的项目数、投资额均不超过总数，贷款需求不超过投资额。", "技改再贷款的分项超过了总量。",
        {"项目": val("relending_projects"), "通过": val("relending_approved_projects")})
    bonds = val("special_bond_new_infra") + val("special_bond_smart_park")
    out.append(Finding("info", "分项与合计", "政府专项债项目",
                       f"{val('special_bond_new_infra'):g} + {val('special_bond_smart_park'):g} = {bonds:g} 亿元（2个项目）",
                       f"文件未给出专项债项目合计，两个项目总投资合计 {bonds:g} 亿元。", {"合计亿元": bonds}))
    return out


def check_budgets(cat: Catalogue) -> list[Finding]:
    """Each project table: budget vs its own cost indicator, funds, spending schedule, parse of every 指标值."""
    out = []
    for p in cat.budget_projects:
        b = float(p["budget"])
        if p.get("fiscal_funds") is not None and abs(float(p["fiscal_funds"]) - b) > 1e-9:
            out.append(Finding("error", "预算与资金来源", p["name"], f"预算数 {b:.2f} ≠ 财政资金 {p['fiscal_funds']:.2f}",
                               "预算数与财政资金不一致，且无其他资金。", {"预算数": b}))
        for ind in p["indicators"]:
            t = budget.indicator_target(ind)
            if t.kind == "unrecognised":
                out.append(Finding("warning", "指标值无法识别", f"{p['name']}·{ind['level3']}", ind["value"],
                                   f"指标值“{ind['value']}”无法识别（{t.note}），自评时需人工评分。", {}))
            if ind["level2"].startswith("成本") and t.kind == "quantitative" and t.unit in ("万", "万元"):
                if abs(t.value - b) < 1e-9:
                    out.append(Finding("info", "预算与成本指标", p["name"], f"成本指标 {ind['value']} = 预算 {b:.2f}万元",
                                       "成本指标与预算数一致。", {"预算数": b, "成本上限": t.value}))
                else:
                    out.append(Finding(
                        "warning", "预算与成本指标不一致", p["name"],
                        f"预算数 {b:.2f}万元；成本指标 {ind['value']}（相差 {b - t.value:+.2f}万元）",
                        f"同一张绩效目标表中，预算数为 {b:.2f}万元，成本指标却是“{ind['value']}”。若按预算全额支出，"
                        "成本指标将不达标；应确认是笔误还是有意留出余额。", {"预算数": b, "成本上限": t.value}))
        sched = sorted((int(k), float(v)) for k, v in p["schedule_pct"].items())
        ok = all(a[1] <= b_[1] for a, b_ in zip(sched, sched[1:])) and sched[-1] == (12, 100.0)
        out.append(Finding("info" if ok else "error", "资金支出计划", p["name"],
                           "，".join(f"{m}月底{v:g}%" for m, v in sched),
                           "支出计划逐期递增，12月底达到100%。" if ok else "支出计划不递增或年底未达到100%。",
                           {"计划": dict(sched)}))
    return out


def check_staffing(cat: Catalogue) -> list[Finding]:
    """业务主办 caps (≤3%, ≤15% of 基数) against the numbers set and the 28 people paid."""
    try:
        n3, c3 = cat.get("grade3_officers").value, cat.get("grade3_officer_cap_pct").value
        n4, c4 = cat.get("grade4_officers").value, cat.get("grade4_officer_cap_pct").value
    except KeyError:
        return []
    min_base = max(n3 / (c3 / 100), n4 / (c4 / 100))
    paid = next((budget.indicator_target(i).value for p in cat.budget_projects for i in p["indicators"]
                 if i["level3"] == "绩效发放人数"), None)
    arith = (f"三级 {n3:g} ≤ 基数 × {c3:g}% → 基数 ≥ {n3 / (c3 / 100):.1f}；"
             f"四级 {n4:g} ≤ 基数 × {c4:g}% → 基数 ≥ {n4 / (c4 / 100):.1f}")
    if paid is not None and paid < min_base:
        arith += f"；绩效发放人数 ≥{paid:g}人"
        return [Finding("warning", "比例上限与人数", "业务主办核定数",
                        arith,
                        f"按“不超过基数的{c3:g}%/{c4:g}%”，核定1个三级、6个四级业务主办要求基数至少 {min_base:.0f} 人；"
                        f"绩效工资表的发放人数为“≥{paid:g}人”。若基数就是在编人数，四级业务主办占比为 "
                        f"{n4 / paid:.1%}，超过{c4:g}%上限；文件未写明基数，需核实。",
                        {"最小基数": min_base, "发放人数": paid})]
    return [Finding("info", "比例上限与人数", "业务主办核定数", arith, "核定数与比例上限相符。", {})]


def check_context(cat: Catalogue) -> list[Finding]:
    """Figures a reader might confuse: managed area vs taxed land; 2024 land result vs 2025 target."""
    out = []
    tax = cat.get("tax")
    tax_wan, inc = units.convert(tax.value, tax.unit, "万元"), cat.get("tax_per_mu_increase").value
    area = float(land.implied_area_from_increase(tax_wan, tax.growth, inc))
    managed = units.convert(cat.get("managed_area").value, "平方公里", "亩")
    out.append(Finding("info", "隐含用地面积", "亩均税收",
                       f"({tax_wan:g} − {tax_wan:g} ÷ {1 + tax.growth:g})万元 ÷ {inc:g}万元/亩 = {area:,.1f}亩；"
                       f"管理区域 {cat.get('managed_area').value:g}平方公里 = {managed:,.0f}亩",
                       f"“税收增幅47.6%”与“亩均税收增加2万元”同时成立，意味着纳税企业用地约 {area:,.0f} 亩（用地不变时）。"
                       f"这不是园区 {managed:,.0f} 亩的管理面积；应以企业实际用地核算亩均税收。",
                       {"隐含用地亩": round(area, 3), "管理面积亩": managed}))
    n, inv = cat.get("fixed_investment_projects"), cat.get("fixed_investment")
    out.append(Finding("info", "增幅所指不明", "固投项目与投资额",
                       f"“{inv.quote}”：若增幅指投资额，基期 {inv.value / (1 + inv.growth):.4g}亿元；"
                       f"若指项目数，基期 {n.value / (1 + inv.growth):g}个",
                       "原文一句中同时有项目数和投资额，增幅20%所指不明确；本简报按投资额理解（项目数不计增幅）。",
                       {"项目数": n.value, "投资额": inv.value, "增幅%": inv.growth_pct}))
    r24, t25 = cat.get("land_revitalised_2024").value, cat.get("land_recovery_target").value
    out.append(Finding("info", "目标与上年实绩", "“五未”土地",
                       f"2024年盘活 {r24:g} 亩；2025年目标 {t25:g}余亩",
                       f"2025年收回盘活目标（{t25:g}余亩）低于2024年实绩（{r24:g}亩），可能是剩余闲置地块减少，需在报告中说明。",
                       {"2024": r24, "2025目标": t25}))
    return out


def run(cat: Catalogue) -> list[Finding]:
    """All checks, errors first."""
    findings = (check_same_quantity(cat) + check_bases(cat) + check_shares(cat) + check_parts(cat)
                + check_budgets(cat) + check_staffing(cat) + check_context(cat))
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])


def findings_table(findings: list[Finding]):
    import pandas as pd

    return pd.DataFrame([{"级别": SEVERITY_ZH[f.severity], "核查项": f.check, "对象": f.subject,
                          "算式": f.arithmetic, "说明": f.explanation} for f in findings])
