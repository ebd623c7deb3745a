"""亩均 (per-mu) measures and 五未 land progress (METHODS.md §2, §3).

Money in 万元, land in 亩 (see analysis.units).
"""
from __future__ import annotations

import pandas as pd

from .growth import _arr, _out, implied_base, ratio
from .period import Period


def per_mu(value_wan, area_mu):
    """亩均 = 数值(万元) / 用地面积(亩); NaN where the area is 0, negative or missing (METHODS §2)."""
    return ratio(value_wan, area_mu)


def implied_area_from_increase(target_wan, growth, per_mu_increase_wan):
    """Taxed land implied by a tax target, its growth and a 亩均 increase, area unchanged.

    Δ税收 = 目标 − 目标/(1+g); with area L fixed, Δ税收 / L = Δ亩均, so L = Δ税收 / Δ亩均
    (METHODS §2: 2.736亿, +47.6%, +2万元/亩 → ≈ 4,412 亩).
    """
    delta = _arr(target_wan) - _arr(implied_base(target_wan, growth))
    return _out(ratio(delta, _arr(per_mu_increase_wan)), target_wan)


def per_mu_steps(tax_target_wan: float, growth: float, per_mu_increase_wan: float, *,
                 area_mu: float | None = None, exited_mu: float = 0.0, exited_tax_wan: float = 0.0,
                 relet_mu: float = 0.0, relet_tax_per_mu_wan: float | None = None) -> pd.DataFrame:
    """Zone 亩均税收 step by step (METHODS §2): the document's logic, then firms leaving, then land re-let.

    L0 = the taxed land (``area_mu`` if the user supplies it, else implied from the +2万元/亩 target);
    2024: 税收 T0 = T/(1+g) on L0.  2025 目标: T on L0.  Firms exiting take ``exited_mu`` of land and
    ``exited_tax_wan`` of tax with them.  Re-let land adds ``relet_mu`` at ``relet_tax_per_mu_wan``
    (default: the 2025 target 亩均).  Each row: 情形, 税收万元, 用地亩, 亩均税收, 较2024增加.
    """
    base_tax = float(implied_base(tax_target_wan, growth))
    implied = float(implied_area_from_increase(tax_target_wan, growth, per_mu_increase_wan))
    area0 = float(area_mu) if area_mu else implied
    pm_2024 = base_tax / area0
    pm_target = tax_target_wan / area0
    relet_pm = pm_target if relet_tax_per_mu_wan is None else float(relet_tax_per_mu_wan)
    steps = [
        ("2024年（倒推基期）", base_tax, area0),
        ("2025年目标，用地不变", float(tax_target_wan), area0),
    ]
    t1, l1 = tax_target_wan - exited_tax_wan, area0 - exited_mu
    if l1 <= 0:   # a parameter problem (taxed_land_mu too small for the exits), said as one
        from .errors import ParameterError

        raise ParameterError(f"退出企业用地 {exited_mu:,.1f} 亩不小于纳税企业用地 {area0:,.1f} 亩，剩余用地为负；"
                             "纳税企业用地（taxed_land_mu）应大于退出企业用地 / exited land exceeds the taxed land")
    if exited_mu or exited_tax_wan:
        steps.append((f"低效企业退出（腾出{exited_mu:g}亩）", t1, l1))
    if relet_mu:
        steps.append((f"再招商利用{relet_mu:g}亩（亩均{relet_pm:.2f}万元）", t1 + relet_mu * relet_pm, l1 + relet_mu))
    df = pd.DataFrame(steps, columns=["情形", "税收万元", "用地亩"])
    df["亩均税收"] = per_mu(df["税收万元"], df["用地亩"])
    df["较2024增加"] = df["亩均税收"] - pm_2024
    df.attrs["area_source"] = "用户提供" if area_mu else "由目标倒推"
    df.attrs["implied_area"] = implied
    return df


FIVE_UNUSED = ("供而未用", "用而未建", "建而未全", "全而未投", "投而未效")
DISPOSAL_MEANS = ("收回", "转让", "招商盘活", "整改")
PARCEL_COLUMNS = {"地块编号": "parcel", "地块名称": "name", "持有主体": "holder", "面积亩": "area_mu",
                  "类别": "category", "计划处置亩": "planned_mu", "已处置亩": "disposed_mu",
                  "处置日期": "date", "处置方式": "means", "备注": "note"}


def _parcel_spec():
    from .validation import Column, Spec

    return Spec("五未地块台账", (
        Column("地块编号", "parcel", "code", required=True, nonblank=True),
        Column("地块名称", "name"),
        Column("持有主体", "holder"),
        Column("面积亩", "area_mu", "number", "亩", required=True, nonblank=True, min=0, max=1e6),
        Column("类别", "category", "choice", required=True, nonblank=True, choices=FIVE_UNUSED),
        Column("计划处置亩", "planned_mu", "number", "亩", min=0, max=1e6, blank=0.0),
        Column("已处置亩", "disposed_mu", "number", "亩", required=True, min=0, max=1e6, blank=0.0),
        Column("处置日期", "date", "date"),
        Column("处置方式", "means", "choice", choices=DISPOSAL_MEANS),
        Column("备注", "note"),
    ), key=("parcel",))


def read_parcels(path, period: str | None = None, quality=None) -> pd.DataFrame:
    """Read the 五未 parcel ledger through the validation layer (areas in 亩: 3公顷 → 45 亩).

    Disposed area ≤ parcel area; a disposal needs a means and a real date (2025-02-30 is refused);
    a date after ``period`` is a warning (the parcel counts from that month on, not in this report).
    """
    from pathlib import Path

    from .errors import InputError
    from .validation import Quality, read

    path = Path(path)
    quality = quality if quality is not None else Quality()
    rows = []
    for rec in read(path, _parcel_spec()).to_dict("records"):
        n = rec.pop("_row")
        if rec["disposed_mu"] > rec["area_mu"] + 1e-9:
            raise InputError(path, row=n, column="已处置亩", problem="已处置面积大于地块面积",
                             value=rec["disposed_mu"], expected=f"≤ {rec['area_mu']:g}")
        if rec["planned_mu"] > rec["area_mu"] + 1e-9:
            quality.warn(path, f"地块 {rec['parcel']} 计划处置 {rec['planned_mu']:g} 亩，大于地块面积 {rec['area_mu']:g} 亩",
                         row=n, column="计划处置亩")
        if rec["disposed_mu"] > 0:
            if not rec["means"]:
                raise InputError(path, row=n, column="处置方式", problem="已处置的地块缺少处置方式",
                                 expected="、".join(DISPOSAL_MEANS))
            if not rec["date"]:
                raise InputError(path, row=n, column="处置日期", problem="已处置的地块缺少处置日期",
                                 expected="YYYY-MM-DD 或 YYYY-MM")
            if period and rec["date"][:7] > period:
                quality.warn(path, f"地块 {rec['parcel']} 的处置日期 {rec['date']} 晚于报告期 {period}，本期不计入",
                             row=n, column="处置日期")
        elif rec["date"]:
            quality.warn(path, f"地块 {rec['parcel']} 已处置面积为 0，处置日期未计入", row=n, column="处置日期")
            rec["date"] = ""
        rows.append(rec)
    return pd.DataFrame(rows, columns=list(PARCEL_COLUMNS.values()))


def recovery_by_month(parcels: pd.DataFrame, period: str) -> pd.DataFrame:
    """Disposed 亩 per month of the period's year and the running total, January to the period's month."""
    from .growth import parse_period

    year, through_month = parse_period(period)
    d = parcels[parcels["disposed_mu"] > 0]
    month = d["date"].str.slice(0, 7)
    in_year = d[month.str.startswith(f"{year}-")]
    per = in_year.groupby(in_year["date"].str.slice(5, 7).astype(int))["disposed_mu"].sum()
    months = pd.Index(range(1, through_month + 1), name="月份")
    per = per.reindex(months, fill_value=0.0)
    return pd.DataFrame({"月份": months, "当月处置亩": per.to_numpy(), "累计处置亩": per.cumsum().to_numpy()})


def as_of(parcels: pd.DataFrame, period: str | None) -> pd.DataFrame:
    """The ledger's disposals in the year of ``period`` up to its month (本年已处置, as the monthly
    progress counts them): disposals dated later, or in an earlier year, are left out."""
    if not period or parcels.empty:
        return parcels
    month = parcels["date"].astype(str).str.slice(0, 7)
    outside = (parcels["disposed_mu"] > 0) & ((month > period) | (month.str.slice(0, 4) != period[:4]))
    out = parcels.copy()
    out.loc[outside, "disposed_mu"] = 0.0
    out.loc[outside, ["date", "means"]] = ""
    return out


def category_summary(parcels: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """By 五未 category: parcels, 认定面积, 本年已处置面积, 处置率 = 已处置 / 认定 (METHODS §3),
    counting the disposals of ``period``'s year up to its month (the same 亩 as the monthly progress)."""
    parcels = as_of(parcels, period)
    g = parcels.groupby("category").agg(地块数=("parcel", "count"), 认定面积亩=("area_mu", "sum"),
                                         已处置亩=("disposed_mu", "sum"))
    g = g.reindex(list(FIVE_UNUSED)).fillna(0)
    g["地块数"] = g["地块数"].astype(int)
    g["处置率"] = ratio(g["已处置亩"], g["认定面积亩"])
    total = pd.DataFrame({"地块数": [int(g["地块数"].sum())], "认定面积亩": [g["认定面积亩"].sum()],
                          "已处置亩": [g["已处置亩"].sum()]}, index=["合计"])
    total["处置率"] = ratio(total["已处置亩"], total["认定面积亩"])
    return pd.concat([g, total]).rename_axis("类别").reset_index()


def means_summary(parcels: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """本年 disposed 亩 and parcels by means (收回, 转让, 招商盘活, 整改), up to ``period``'s month."""
    parcels = as_of(parcels, period)
    d = parcels[parcels["disposed_mu"] > 0]
    g = d.groupby("means").agg(地块数=("parcel", "count"), 已处置亩=("disposed_mu", "sum"))
    return g.reindex(list(DISPOSAL_MEANS)).fillna(0).astype({"地块数": int}).rename_axis("处置方式").reset_index()


def recovery_progress(parcels: pd.DataFrame, target_mu: float, period: str, method: str = "months",
                      tolerance_pp: float = 1.0) -> dict:
    """Disposed 亩 in the period's year up to its month against the annual target (docs/methods.md §8),
    judged by the build's 序时进度 ``method`` and ``tolerance_pp``, as every other indicator is."""
    from . import growth

    left = Period.parse(period).months_left
    by_month = recovery_by_month(parcels, period)
    done = float(by_month["累计处置亩"].iloc[-1]) if len(by_month) else 0.0
    comp = float(growth.completion_rate(done, target_mu))
    tp = growth.time_progress(period, method)
    gap = float(growth.progress_gap(comp, tp))
    return {"已处置亩": done, "目标亩": float(target_mu), "完成率": comp, "序时进度": tp, "进度差": gap,
            "状态": growth.progress_status(gap, tolerance_pp), "还需亩": max(float(target_mu) - done, 0.0),
            "剩余月均需亩": (max(float(target_mu) - done, 0.0) / left) if left else float("nan"),
            "按月": by_month}


def named_sites(sites: list[dict]) -> pd.DataFrame:
    """The document's named recovery sites (name, 约 area) with their total."""
    df = pd.DataFrame([{"地块": s["name"], "面积亩": s["area"], "说明": f"{s.get('qualifier', '')}{s['area']}亩"}
                       for s in sites])
    total = pd.DataFrame([{"地块": "合计", "面积亩": df["面积亩"].sum(), "说明": "文件：力争收回盘活200余亩"}])
    return pd.concat([df, total], ignore_index=True)


def area_explanation(steps: pd.DataFrame, exits_from_ledger: bool | None = None) -> str:
    """Chinese text on the land figure behind the table and what the user should supply."""
    from . import units

    area = steps["用地亩"].iloc[0]
    if steps.attrs.get("area_source") == "用户提供":
        head = f"本表使用用户提供的纳税企业用地面积 {units.fmt_value(area, '亩', 1)}。"
    else:
        head = (f"本表的用地面积 {units.fmt_value(area, '亩', 1)} 是**由目标倒推的隐含值**（税收增量 ÷ 2万元/亩），"
                "不是实测数。应以纳税企业的实际用地面积替代：自有土地按土地证面积，"
                "加上租赁厂房按折算系数换算的面积（口径与企业台账一致），不要用园区22.36平方公里的管理面积。")
    pm = steps["亩均税收"]
    tail = (f"2024年亩均税收约 {pm.iloc[0]:.2f} 万元/亩，2025年目标对应 {pm.iloc[1]:.2f} 万元/亩。")
    if len(steps) > 2:
        tail += f"按本表假设，最终亩均税收为 {pm.iloc[-1]:.2f} 万元/亩，较2024年增加 {steps['较2024增加'].iloc[-1]:.2f} 万元/亩。"
    if exits_from_ledger is None:
        exits_from_ledger = steps.attrs.get("exits_from_ledger", False)
    if exits_from_ledger and len(steps) > 2:
        tail += "退出企业的用地和税收取自企业台账中税收低于门槛的企业。"
    return head + tail


def recovery_sentence(prog: dict, period: str) -> str:
    from . import units

    from .growth import parse_period

    s = (f"截至{parse_period(period)[1]}月底，本年已处置“五未”土地 {units.fmt_value(prog['已处置亩'], '亩', 1)}，"
         f"完成目标（{prog['目标亩']:g}亩）的 {units.fmt_pct(prog['完成率'])}，序时进度 {units.fmt_pct(prog['序时进度'])}，"
         f"{prog['状态']}（{units.fmt_pp(prog['进度差'])}）。")
    if prog["还需亩"] > 0 and prog["剩余月均需亩"] == prog["剩余月均需亩"]:
        s += f"还需处置 {prog['还需亩']:.1f} 亩，剩余月份月均 {prog['剩余月均需亩']:.1f} 亩。"
    return s


def zone_per_mu(cat, ledger: pd.DataFrame | None, settings: dict, *, taxed_land_mu: float = 0.0,
                exit_from_ledger: bool = True, relet_mu: float = 0.0,
                relet_tax_per_mu: float = 0.0) -> pd.DataFrame:
    """The zone 亩均税收 table for the briefing: the document's tax target and +2万元/亩, the land the
    user supplies (0 = implied), firms under the 低效 tax line in the ledger leaving (own land and
    tax), and ``relet_mu`` re-let at ``relet_tax_per_mu`` (0 = the target average).  See per_mu_steps."""
    from .efficiency import screen_low_efficiency
    from .units import convert

    tax = cat.get("tax")
    exit_mu = exit_tax = 0.0
    if exit_from_ledger and ledger is not None:
        low = screen_low_efficiency(ledger, settings["low_efficiency_tax_wan"])
        exit_mu, exit_tax = float(low["自有用地亩"].sum()), float(low["税收万元"].fillna(0).sum())
    steps = per_mu_steps(convert(tax.value, tax.unit, "万元"), tax.growth, cat.get("tax_per_mu_increase").value,
                         area_mu=taxed_land_mu or None, exited_mu=exit_mu, exited_tax_wan=exit_tax,
                         relet_mu=relet_mu, relet_tax_per_mu_wan=relet_tax_per_mu or None)
    steps.attrs["exits_from_ledger"] = bool(exit_from_ledger and ledger is not None)
    return steps
