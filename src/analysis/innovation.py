"""高新技术企业产值 and 战略新兴产业产值 shares, and innovation credentials (METHODS.md §1, §5).

The document states 高新技术企业产值 22亿元 = 25% and 战略新兴产业产值 6.9亿元 = 8% of
"规上企业累计产值".  The implied denominators (88亿, 86.25亿) differ from each other and from
the document's own 工业总产值 70亿元: the basis is kept explicit in every table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import growth
from .catalogue import Catalogue

SHARE_TARGETS = ("hightech_output", "emerging_output")
COMPARE_WITH = ("industrial_output", "revenue")
# (2024 new, 2024 cumulative, 2025 target, monthly id) for each credential in the document
CREDENTIALS = [
    ("高新技术企业", "hightech_firms_new_2024", "hightech_firms_total_2024", "hightech_firms_new"),
    ("省级专精特新企业", "specialised_firms_new_2024", "specialised_firms_total_2024", "specialised_firms_new"),
    ("河北省创新型中小企业", "innovative_sme_new_2024", "innovative_sme_total_2024", None),
    ("集群“领跑者”企业", "cluster_leaders_new_2024", "cluster_leaders_total_2024", "cluster_leaders_new"),
    ("“单项冠军”企业", "champions_new_2024", "champions_total_2024", "champions_new"),
    ("国家科技型中小企业", None, "tech_sme_2024", None),
    ("小巨人企业（申报）", None, None, "little_giants_applied"),
    ("省级孵化器", None, None, "incubators_new"),
]


def share_denominators(cat: Catalogue) -> pd.DataFrame:
    """For each share target: 产值, 占比, implied 规上累计产值 = 产值 / 占比, and its gap to 工业总产值 and 营收."""
    rows = []
    for sid in SHARE_TARGETS:
        ind = cat.get(sid)
        total = float(growth.implied_total(ind.value, ind.share))
        row = {"指标": ind.name, "目标产值亿元": ind.value, "目标占比": ind.share, "占比口径": ind.share_of,
               "隐含规上累计产值亿元": total}
        for cid in COMPARE_WITH:
            other = cat.get(cid)
            row[f"较{other.name}多亿元"] = total - other.value
            row[f"按{other.name}计占比"] = ind.value / other.value
        rows.append(row)
    return pd.DataFrame(rows)


BASIS_NAMES = {"output": "工业总产值", "document": "文件隐含规上累计产值"}


def basis_scale(cat: Catalogue, basis: str, share_id: str) -> tuple[float, str]:
    """How a share's denominator follows 工业总产值 on a basis (the report settings' ``share_basis``):
    ``output`` → 工业总产值 itself (1.0); ``document`` → the document's implied 规上累计产值
    (产值 ÷ 占比: 22 ÷ 25% = 88亿) scaled with 工业总产值 (88 ÷ 70)."""
    if basis == "output":
        return 1.0, BASIS_NAMES[basis]
    if basis == "document":
        ind = cat.get(share_id)
        return float(growth.implied_total(ind.value, ind.share)) / cat.get("industrial_output").value, BASIS_NAMES[basis]
    raise ValueError(f"未知占比口径 {basis!r} / unknown share basis")


def share_progress(kpi: pd.DataFrame, cat: Catalogue, period: str, *, basis: str = "output") -> pd.DataFrame:
    """Share to date and the output still needed for the target share.

    Denominator on ``basis`` (see :func:`basis_scale`): 工业总产值's YTD, or the document's implied
    规上累计产值 moving with it; projected to the full year with the KPI table's seasonal (else
    run-rate) projection.  按占比全年需达 = 目标占比 × 分母全年预测; 还需 = that − 本年累计 (not below 0);
    月均 = 还需 / (12 − the period's month).
    """
    month = growth.parse_period(period)[1]
    k = kpi.set_index("id")
    out = k.loc["industrial_output"]
    out_full = out["全年预测_按季节"] if not np.isnan(out["全年预测_按季节"]) else out["全年预测_按进度"]
    rows = []
    for sid in SHARE_TARGETS:
        r, ind = k.loc[sid], cat.get(sid)
        scale, den_name = basis_scale(cat, basis, sid)
        den_ytd, den_full = float(out["本年累计"]) * scale, out_full * scale
        need_full = ind.share * den_full
        left = max(need_full - r["本年累计"], 0.0) if not np.isnan(r["本年累计"]) else np.nan
        rows.append({"id": sid, "指标": ind.name, "本年累计亿元": r["本年累计"], "分母": den_name,
                     "分母本年累计亿元": den_ytd,
                     "当前占比": r["本年累计"] / den_ytd if den_ytd > 0 else np.nan,
                     "目标占比": ind.share, "分母全年预测亿元": den_full,
                     "按占比全年需达亿元": need_full, "绝对目标亿元": ind.value,
                     "按占比还需亿元": left,
                     "按绝对目标还需亿元": (max(ind.value - r["本年累计"], 0.0)
                                    if not np.isnan(r["本年累计"]) else np.nan),
                     "剩余月均需完成亿元": left / (12 - month) if month < 12 else np.nan})
    return pd.DataFrame(rows)


def credentials(cat: Catalogue, kpi: pd.DataFrame | None = None) -> pd.DataFrame:
    """2024 new and cumulative counts, the 2025 target and (with actuals) 2025 to date."""
    k = kpi.set_index("id") if kpi is not None else None

    def val(i):
        return cat.get(i).value if i else np.nan

    rows = []
    for label, new24, tot24, target_id in CREDENTIALS:
        done = np.nan
        if target_id and k is not None and target_id in k.index:
            done = k.loc[target_id, "本年累计"]
        target = val(target_id)
        rows.append({"类别": label, "2024年新增": val(new24), "2024年累计": val(tot24), "2025年目标": target,
                     "2025年已完成": done,
                     "完成情况": ("" if np.isnan(target) or np.isnan(done)
                              else "已完成" if done >= target else f"还差{target - done:g}家")})
    return pd.DataFrame(rows)


def share_sentences(share: pd.DataFrame) -> list[str]:
    """Chinese sentences on each share: where it stands and what the rest of the year needs."""
    from . import units

    out = []
    for r in share.to_dict("records"):
        s = (f"{r['指标']}本年累计{units.fmt_value(r['本年累计亿元'], '亿元')}，占{r['分母']}的"
             f"{units.fmt_pct(r['当前占比'])}（目标{units.fmt_pct(r['目标占比'], 0)}）")
        if r["按占比还需亿元"] > 0:
            s += (f"；按{r['分母']}全年预测{units.fmt_value(r['分母全年预测亿元'], '亿元')}计，全年需达"
                  f"{units.fmt_value(r['按占比全年需达亿元'], '亿元')}，还需{units.fmt_value(r['按占比还需亿元'], '亿元')}")
            if r["剩余月均需完成亿元"] == r["剩余月均需完成亿元"]:
                s += f"，剩余月份月均{units.fmt_value(r['剩余月均需完成亿元'], '亿元')}"
        else:
            s += "，按当前预测已可达到目标占比"
        if r["按绝对目标还需亿元"] > 0:
            s += f"；若按绝对目标{units.fmt_doc(r['绝对目标亿元'], '亿元')}计，还需{units.fmt_value(r['按绝对目标还需亿元'], '亿元')}"
        out.append(s + "。")
    return out
