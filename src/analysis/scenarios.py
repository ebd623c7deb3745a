"""Scenario engine for planners: what-if files, vectorised evaluation, break-evens, sensitivity.

The model is the document's own arithmetic (METHODS.md §1, §2):

* 2024 bases: 工业总产值, 营收, 税收 = 2025 target / (1 + stated growth);
* 工业总产值 = base × (1 + output_growth); 营收 = base × (1 + revenue_growth);
* 税收 = 营收 × tax_to_revenue (default: the document's 2.736 / 65), or base × (1 + tax_growth)
  when ``tax_growth`` is given; minus the tax of exiting firms, plus re-let land × its 亩均;
* taxed land L = taxed_land_mu (default: implied by +2万元/亩, ≈ 4,411.7 亩) − exited_land_mu
  + relet_mu; 亩均税收 = 税收 / L; its target = 2024 亩均 (base tax / L0) + 2万元/亩;
* 高新技术企业产值 share = hightech_output / denominator; the denominator is the document's
  implied 规上累计产值 (22 / 25% = 88亿) scaled with 工业总产值 (``share_basis: document``), or
  工业总产值 itself (``share_basis: output``); 战略新兴 likewise.

With no assumption changed (the ``baseline`` scenario) every outcome equals its target exactly.
All functions broadcast over numpy arrays, so a grid of 100,000 combinations is one pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import growth, land, units
from .catalogue import Catalogue
from .errors import InputError

# name → (中文, unit shown, lower bound, upper bound)
ASSUMPTIONS = {
    "output_growth": ("工业总产值增速", "%", -0.5, 2.0),
    "revenue_growth": ("规上营收增速", "%", -0.5, 2.0),
    "tax_to_revenue": ("税收占营收比重", "%", 0.0, 0.5),
    "tax_growth": ("税收增速（直接设定）", "%", -0.5, 3.0),
    "taxed_land_mu": ("纳税企业用地", "亩", 1.0, 100000.0),
    "exited_land_mu": ("退出企业用地", "亩", 0.0, 100000.0),
    "exited_tax_wan": ("退出企业税收", "万元", 0.0, 1e6),
    "relet_mu": ("收回后再招商用地", "亩", 0.0, 100000.0),
    "relet_tax_per_mu_wan": ("再招商地块亩均税收", "万元/亩", 0.0, 1000.0),
    "hightech_output": ("高新技术企业产值", "亿元", 0.0, 1000.0),
    "emerging_output": ("战略新兴产业产值", "亿元", 0.0, 1000.0),
    "signed_projects": ("签约项目", "个", 0.0, 1000.0),
    "landing_rate": ("签约项目落地转化率", "%", 0.0, 1.0),
}
CHOICES = {"share_basis": ("document", "output")}
IME_QUOTES = "“”‘’「」『』\"'"


def basis_name(basis: str) -> str:
    """The share basis in words (one vocabulary with the innovation page and the summary)."""
    from .innovation import BASIS_NAMES

    return BASIS_NAMES.get(basis, basis)
OUTCOMES = {  # name → (中文, unit)
    "output": ("工业总产值", "亿元"), "revenue": ("规上营收", "亿元"), "tax": ("税收", "亿元"),
    "land_mu": ("纳税企业用地", "亩"), "tax_per_mu": ("亩均税收", "万元/亩"),
    "hightech_share": ("高新技术企业产值占比", "%"), "emerging_share": ("战略新兴产业产值占比", "%"),
    "hightech_needed": ("达到目标占比需高新产值", "亿元"),
    "landed": ("预计落地项目（按转化率，取整）", "个"),
}


@dataclass
class Model:
    """The document's figures the engine needs, taken from the catalogue once."""
    output_target: float
    output_base: float
    revenue_target: float
    revenue_base: float
    tax_target: float          # 亿元
    tax_base: float
    per_mu_increase: float     # 万元/亩
    implied_land: float        # 亩
    hightech_target: float
    hightech_share: float
    emerging_target: float
    emerging_share: float
    signed_target: float = 6.0      # 签约项目 (个)
    landed_target: float = 5.0      # 落地项目 (个)
    share_basis: str = "document"   # the report settings' basis of the share targets (one basis everywhere)

    @classmethod
    def from_catalogue(cls, cat: Catalogue, share_basis: str = "document") -> Model:
        def ind(i):
            return cat.get(i)

        out, rev, tax = ind("industrial_output"), ind("revenue"), ind("tax")
        inc = ind("tax_per_mu_increase").value
        tax_wan = units.convert(tax.value, tax.unit, "万元")
        return cls(
            output_target=out.value, output_base=float(growth.implied_base(out.value, out.growth)),
            revenue_target=rev.value, revenue_base=float(growth.implied_base(rev.value, rev.growth)),
            tax_target=tax.value, tax_base=float(growth.implied_base(tax.value, tax.growth)),
            per_mu_increase=inc, implied_land=float(land.implied_area_from_increase(tax_wan, tax.growth, inc)),
            hightech_target=ind("hightech_output").value, hightech_share=ind("hightech_output").share,
            emerging_target=ind("emerging_output").value, emerging_share=ind("emerging_output").share,
            signed_target=float(ind("inv_signed").value), landed_target=float(ind("inv_landed").value),
            share_basis=share_basis,
        )

    def defaults(self) -> dict:
        """Assumption values that reproduce the document's targets."""
        return {
            "output_growth": self.output_target / self.output_base - 1,
            "revenue_growth": self.revenue_target / self.revenue_base - 1,
            "tax_to_revenue": self.tax_target / self.revenue_target,
            "tax_growth": np.nan,
            "taxed_land_mu": self.implied_land,
            "exited_land_mu": 0.0, "exited_tax_wan": 0.0, "relet_mu": 0.0,
            "relet_tax_per_mu_wan": np.nan,
            "hightech_output": self.hightech_target, "emerging_output": self.emerging_target,
            "signed_projects": self.signed_target, "landing_rate": self.landed_target / self.signed_target,
            "share_basis": self.share_basis,
        }


def evaluate(model: Model, **assumptions) -> pd.DataFrame:
    """Outcomes for one scenario or, with array values, for every row of a grid (broadcast).

    Returns one row per combination: the assumptions, the outcomes, each target met or not
    and the margin (outcome − target).
    """
    a = {**model.defaults(), **assumptions}
    unknown = set(assumptions) - set(ASSUMPTIONS) - set(CHOICES)
    if unknown:
        raise KeyError(f"未知假设 {', '.join(sorted(unknown))} / unknown assumption")
    arr = {k: np.asarray(v, dtype=float) for k, v in a.items() if k != "share_basis"}
    shape = np.broadcast_shapes(*(v.shape for v in arr.values()))
    arr = {k: np.broadcast_to(v, shape).astype(float) for k, v in arr.items()}
    output = model.output_base * (1 + arr["output_growth"])
    revenue = model.revenue_base * (1 + arr["revenue_growth"])
    tax_direct = model.tax_base * (1 + arr["tax_growth"])
    tax_core = np.where(np.isnan(arr["tax_growth"]), revenue * arr["tax_to_revenue"], tax_direct)  # 亿元
    land0 = arr["taxed_land_mu"]
    pm_2024 = model.tax_base * 1e4 / land0
    pm_target = pm_2024 + model.per_mu_increase
    relet_pm = np.where(np.isnan(arr["relet_tax_per_mu_wan"]), model.tax_target * 1e4 / land0,
                        arr["relet_tax_per_mu_wan"])
    tax_wan = tax_core * 1e4 - arr["exited_tax_wan"] + arr["relet_mu"] * relet_pm
    land_mu = land0 - arr["exited_land_mu"] + arr["relet_mu"]
    tax_per_mu = land.per_mu(tax_wan, land_mu)
    if a["share_basis"] == "output":
        den_ht = den_em = output
    else:
        scale = output / model.output_target
        den_ht = model.hightech_target / model.hightech_share * scale
        den_em = model.emerging_target / model.emerging_share * scale
    ht_share = arr["hightech_output"] / den_ht
    em_share = arr["emerging_output"] / den_em
    out = pd.DataFrame({k: v.ravel() for k, v in arr.items() if k in assumptions})
    res = {
        "output": output, "revenue": revenue, "tax": tax_wan / 1e4, "land_mu": land_mu, "tax_per_mu": tax_per_mu,
        "tax_per_mu_target": pm_target, "hightech_share": ht_share, "emerging_share": em_share,
        "hightech_needed": model.hightech_share * den_ht,
        # 签约 × 转化率, whole projects (a fraction of a project does not land): 6 × 5/6 = 5
        "landed": np.floor(arr["signed_projects"] * arr["landing_rate"] + 1e-9),
    }
    for k, v in res.items():
        out[k] = np.broadcast_to(v, shape).ravel()
    targets = {"output": model.output_target, "revenue": model.revenue_target, "tax": model.tax_target,
               "tax_per_mu": out["tax_per_mu_target"], "hightech_share": model.hightech_share,
               "emerging_share": model.emerging_share, "landed": model.landed_target}
    tol = 1e-9
    for k, t in targets.items():
        out[f"{k}_margin"] = out[k] - t
        out[f"{k}_met"] = out[f"{k}_margin"] >= -tol * np.maximum(1, np.abs(t))
    out["all_met"] = np.logical_and.reduce([out[f"{k}_met"] for k in targets])
    return out


def grid(model: Model, **ranges) -> pd.DataFrame:
    """Every combination of the given assumption values (each a sequence), evaluated in one pass."""
    names = list(ranges)
    mesh = np.meshgrid(*[np.asarray(ranges[n], dtype=float) for n in names], indexing="ij")
    return evaluate(model, **{n: m.ravel() for n, m in zip(names, mesh)})


def break_even(model: Model, assumption: str, outcome: str, base: dict | None = None, *,
               lo: float, hi: float, tol: float = 1e-12, points: int = 1001) -> float:
    """The value of ``assumption`` at which ``outcome`` just meets its target.

    The margin must change sign between ``lo`` and ``hi``; otherwise NaN (no break-even there).
    Vectorised: the margin is evaluated on a grid of ``points`` values in one call, the first sign
    change brackets the answer, and the bracket is refined the same way until it is narrower than
    ``tol`` (a few engine calls instead of a bisection's hundreds; fast enough to follow a slider).
    Examples: revenue_growth for tax; exited_land_mu for tax_per_mu; hightech_output for hightech_share.
    """
    base = {k: v for k, v in dict(base or {}).items() if k != assumption}

    def margins(xs):
        return evaluate(model, **{**base, assumption: xs})[f"{outcome}_margin"].to_numpy(dtype=float)

    ends = margins(np.array([lo, hi], dtype=float))
    if np.isnan(ends).any() or ends[0] * ends[1] > 0:
        return float("nan")
    if ends[0] == 0:
        return float(lo)
    for _ in range(12):
        xs = np.linspace(lo, hi, points)
        m = margins(xs)
        sign = np.sign(m)
        hit = np.flatnonzero(sign == 0)
        change = np.flatnonzero(sign[:-1] * sign[1:] < 0)
        first = min([i for i in (hit[:1].tolist() + change[:1].tolist())], default=None)
        if first is None:
            return float("nan")
        if sign[first] == 0:
            return float(xs[first])
        lo, hi = xs[first], xs[first + 1]
        if hi - lo < tol * (1 + abs(lo)):
            break
    # the last step linearly: exact for the engine's linear margins, within the bracket otherwise
    m_lo, m_hi = margins(np.array([lo, hi]))
    return float(lo - m_lo * (hi - lo) / (m_hi - m_lo)) if m_hi != m_lo else float((lo + hi) / 2)


def sensitivity(model: Model, base: dict, swings: dict, outcome: str) -> pd.DataFrame:
    """One-at-a-time: each assumption moved to its low and high value, the rest at ``base``.

    ``swings`` maps an assumption to (low, high).  Returns rows sorted by the width of the swing
    (the tornado chart order): 假设, 低值, 高值, 低值结果, 高值结果, 基准结果, 影响幅度.
    """
    ref = float(evaluate(model, **base)[outcome].iloc[0])
    rows = []
    for name, (low, high) in swings.items():
        res = evaluate(model, **{**base, name: np.array([low, high])})[outcome].to_numpy()
        rows.append({"假设": ASSUMPTIONS[name][0], "id": name, "低值": low, "高值": high,
                     "低值结果": res[0], "高值结果": res[1], "基准结果": ref, "影响幅度": abs(res[1] - res[0])})
    return pd.DataFrame(rows).sort_values("影响幅度", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- scenario files
@dataclass
class Scenario:
    name: str
    description: str
    assumptions: dict = field(default_factory=dict)
    path: Path | None = None


def parse_assumption(path, key, value):
    """A value from a scenario file: numbers, or text such as '15%' or '200亩', checked against its range."""
    if key in CHOICES:
        if value not in CHOICES[key]:
            raise InputError(path, column=key, problem=f"取值 {value!r} 无效", expected=" / ".join(CHOICES[key]))
        return value
    if key not in ASSUMPTIONS:
        raise InputError(path, column=key, problem="未知假设 / unknown assumption",
                         expected="、".join(list(ASSUMPTIONS) + list(CHOICES)))
    label, unit, lo, hi = ASSUMPTIONS[key]
    if isinstance(value, str):
        value = value.strip().strip(IME_QUOTES).strip()   # “15%” typed with a Chinese input method
    if isinstance(value, bool) or value is None:
        raise InputError(path, column=key, problem="应为数值", value=value, expected=f"数值（{unit}）")
    try:
        q = units.parse_quantity(value)
    except ValueError:
        raise InputError(path, column=key, problem="无法识别的数值", value=value, expected=f"数值（{unit}）") from None
    if q is None or q.value != q.value:
        raise InputError(path, column=key, problem="应为数值，不能为空 / must be a number", value=value,
                         expected=f"数值（{unit}）；不改的假设请删去这一行")
    number = q.value
    if unit == "%":
        # '15%' → 0.15; a bare number is a fraction (0.15) as in the engine
        number = q.value / 100 if q.unit in ("%", "％") else q.value
        if not q.unit and abs(q.value) > 1 and lo <= q.value <= hi:   # 2 is 200%: allowed, but rarely meant
            raise InputError(path, column=key, value=value,
                             problem=f"{label}：输入 {q.value:g} 按 {q.value:.0%} 理解（不带 % 的数按小数读），含义不明确",
                             expected=f"如指 {q.value:g}% 请写 {q.value:g}%，如确为 {q.value:.0%} 请写 {q.value:.0%}")
    elif q.unit and q.unit != unit:
        try:
            number = units.convert(q.value, q.unit, unit)
        except units.UnitError:
            raise InputError(path, column=key, problem=f"单位应为 {unit}", value=value) from None
    if not (lo <= number <= hi):
        shown = f"{lo:.0%}–{hi:.0%}" if unit == "%" else f"{lo:g}–{hi:g}{unit}"
        problem = f"{label}应在 {shown} 之间"
        if unit == "%" and not q.unit:     # a bare number is a fraction: 15 is 1500%, not 15%
            problem += f"：输入 {q.value:g} 按 {q.value:.0%} 理解（不带 % 的数按小数读）"
            if lo <= q.value / 100 <= hi:
                problem += f"，如指 {q.value:g}% 请写 {q.value:g}%"
        raise InputError(path, column=key, problem=problem, value=value)
    return float(number)


def load_scenario(path) -> Scenario:
    """Read and validate one scenario YAML (name, description, assumptions)."""
    path = Path(path)
    from .validation import load_yaml

    raw = load_yaml(path, "情景文件") or {}
    if not isinstance(raw, dict):
        raise InputError(path, problem="情景文件应为键值对", expected="name, description, assumptions")
    extra = set(raw) - {"name", "description", "assumptions"}
    if extra:
        raise InputError(path, column=sorted(extra)[0], problem="未知字段 / unknown key",
                         expected="name, description, assumptions")
    if not raw.get("name"):
        raise InputError(path, column="name", problem="缺少情景名称 / missing name")
    for key in ("name", "description"):
        if key in raw and raw[key] is not None and not isinstance(raw[key], (str, int, float)):
            raise InputError(path, column=key, problem="应为一段文字 / must be text", expected="如 name: 营收增长15%")
    assumptions = raw.get("assumptions") or {}
    if not isinstance(assumptions, dict):
        raise InputError(path, column="assumptions", problem="应为键值对")
    parsed = {k: parse_assumption(path, k, v) for k, v in assumptions.items()}
    if parsed.get("tax_growth") is not None and "tax_to_revenue" in parsed:
        raise InputError(path, column="tax_growth", problem="tax_growth 与 tax_to_revenue 只能设一个")
    return Scenario(name=str(raw["name"]), description=str(raw.get("description", "")), assumptions=parsed,
                    path=path)


def check_feasible(model: Model, assumptions: dict, path=None) -> None:
    """A scenario whose land or tax would be zero or negative is refused (亩均 would be meaningless)."""
    r = evaluate(model, **assumptions).iloc[0]
    land0 = assumptions.get("taxed_land_mu", model.implied_land)
    if not r["land_mu"] > 0:
        raise InputError(path, column="exited_land_mu", problem=f"退出用地后纳税企业用地为 {r['land_mu']:,.1f} 亩（不大于0）",
                         expected=f"退出企业用地小于纳税企业用地（{land0:,.1f} 亩）")
    if not r["tax"] > 0:
        raise InputError(path, column="exited_tax_wan", problem=f"退出企业税收后税收为 {r['tax']:,.3f} 亿元（不大于0）",
                         expected="退出企业税收小于情景的税收")


BASELINE_NAME = "基准（文件目标）"


def against_baseline(chosen: Scenario) -> list[Scenario]:
    """What a scenario page compares: the document's own targets and the chosen scenario; the chosen one
    alone when it changes no assumption (it then is the baseline, shown once)."""
    if not chosen.assumptions:
        return [chosen]
    return [Scenario(BASELINE_NAME, "", {}), chosen]


RESERVED_LABELS = ("指标", "单位", "目标", "假设", "文件口径（默认）")


def labels(scenarios: list[Scenario]) -> list[str]:
    """Column labels for scenarios shown side by side: their names, made unique and kept apart from the
    table's own columns (a scenario named 目标 or 单位, or two files with one name, hide nothing)."""
    used: set[str] = set(RESERVED_LABELS)
    out = []
    for s in scenarios:
        base = str(s.name).strip() or "未命名情景"
        label = f"情景：{base}" if base in RESERVED_LABELS else base
        n = 2
        while label in used or label.endswith("·达标"):
            label = f"{base}（{n}）"
            n += 1
        used.add(label)
        out.append(label)
    return out


def outcome_table(model: Model, scenarios: list[Scenario]) -> pd.DataFrame:
    """Side by side: one column per scenario, rows for each outcome, its target and whether it is met."""
    targets = {"output": model.output_target, "revenue": model.revenue_target, "tax": model.tax_target,
               "landed": model.landed_target}
    rows = []
    results = [evaluate(model, **s.assumptions).iloc[0] for s in scenarios]
    for key in ("output", "revenue", "tax", "land_mu", "tax_per_mu", "hightech_share", "emerging_share",
                "hightech_needed", "landed"):
        label, unit = OUTCOMES[key]
        row = {"指标": label, "单位": unit}
        if key in targets:
            row["目标"] = targets[key]
        elif key == "tax_per_mu":
            row["目标"] = results[0]["tax_per_mu_target"]
        elif key in ("hightech_share", "emerging_share"):
            row["目标"] = model.hightech_share if key == "hightech_share" else model.emerging_share
        else:
            row["目标"] = np.nan
        for name, r in zip(labels(scenarios), results):
            row[name] = r[key]
            if f"{key}_met" in r:
                row[f"{name}·达标"] = "达标" if r[f"{key}_met"] else "未达标"
        rows.append(row)
    return pd.DataFrame(rows)


def assumption_table(model: Model, scenarios: list[Scenario]) -> pd.DataFrame:
    """Assumptions side by side (defaults shown where a scenario leaves one unchanged)."""
    d = model.defaults()
    rows = []
    for key, (label, unit, _, _) in ASSUMPTIONS.items():
        row = {"假设": label, "单位": unit, "文件口径（默认）": d[key]}
        for name, s in zip(labels(scenarios), scenarios):
            row[name] = s.assumptions.get(key, d[key])
        rows.append(row)
    row = {"假设": "占比分母口径", "单位": "", "文件口径（默认）": "document"}
    for name, s in zip(labels(scenarios), scenarios):
        row[name] = s.assumptions.get("share_basis", "document")
    rows.append(row)
    return pd.DataFrame(rows)


def sensitivity_display(sens: pd.DataFrame, result_unit: str = "万元/亩") -> pd.DataFrame:
    """The sensitivity table for a reader: each low/high value in its assumption's unit (15.0%, 300亩),
    results with the unit in the header."""
    def value(v, unit):
        return units.fmt_pct(v) if unit == "%" else f"{v:,.1f}{unit}"

    unit_of = [ASSUMPTIONS[i][1] for i in sens["id"]]
    return pd.DataFrame({
        "假设": sens["假设"],
        "低值": [value(v, u) for v, u in zip(sens["低值"], unit_of)],
        "高值": [value(v, u) for v, u in zip(sens["高值"], unit_of)],
        f"低值结果（{result_unit}）": [f"{v:+.2f}" for v in sens["低值结果"]],
        f"高值结果（{result_unit}）": [f"{v:+.2f}" for v in sens["高值结果"]],
        f"影响幅度（{result_unit}）": [f"{v:.2f}" for v in sens["影响幅度"]],
    })


DEFAULT_SWINGS = {
    "revenue_growth": (0.10, 0.30), "output_growth": (0.10, 0.30), "tax_to_revenue": (0.035, 0.05),
    "exited_land_mu": (0.0, 300.0), "relet_mu": (0.0, 200.0), "taxed_land_mu": (3500.0, 5500.0),
}


def break_evens(model: Model, base: dict) -> pd.DataFrame:
    """The break-evens planners ask for, each as a value and a sentence."""
    rows = []

    def add(question, assumption, outcome, lo, hi, fmt, floor_answers=False):
        # "how much must go" questions: met already at the floor (0亩 exited) means the answer is the floor
        if floor_answers and float(evaluate(model, **{**base, assumption: lo})[f"{outcome}_margin"].iloc[0]) >= 0:
            rows.append({"问题": question, "假设": ASSUMPTIONS[assumption][0], "临界值": lo,
                         "说明": f"当前假设下已达标，无需退出（{lo:g}亩）"})
            return
        v = break_even(model, assumption, outcome, base, lo=lo, hi=hi)
        rows.append({"问题": question, "假设": ASSUMPTIONS[assumption][0], "临界值": v,
                     "说明": "在搜索范围内无解" if np.isnan(v) else fmt(v)})

    add("营收增速多少时税收刚好达到目标", "revenue_growth", "tax", -0.5, 2.0,
        lambda v: f"规上营收增速 {v:.2%}（营收 {model.revenue_base * (1 + v):.2f}亿元）")
    add("税收占营收比重多少时税收达标", "tax_to_revenue", "tax", 0.0, 0.5, lambda v: f"税收/营收 = {v:.3%}")
    add("退出多少亩低效用地时亩均税收达标", "exited_land_mu", "tax_per_mu", 0.0,
        float(base.get("taxed_land_mu", model.implied_land)) * 0.99, lambda v: f"腾出 {v:,.1f} 亩", floor_answers=True)
    add("高新技术企业产值多少时占比达到25%", "hightech_output", "hightech_share", 0.0, 1000.0,
        lambda v: f"高新技术企业产值 {v:.2f}亿元")
    return pd.DataFrame(rows)



SUFFIXES = (".yaml", ".yml")


def check_files(model: Model, files) -> tuple[list[Path], list[str]]:
    """Every scenario file read and checked (:func:`load_scenario`, :func:`check_feasible`): the good ones,
    and one message per bad one (all of them, not only the first)."""
    good, problems = [], []
    for f in files:
        try:
            check_feasible(model, load_scenario(f).assumptions, f)
        except InputError as e:
            problems.append(str(e))
        else:
            good.append(Path(f))
    return good, problems


def refuse_bad_files(model: Model, files) -> list[Path]:
    """The files, or one InputError naming every bad one."""
    good, problems = check_files(model, files)
    if problems:
        raise InputError(None, problem=f"{len(problems)} 个情景文件有错误（月度简报不受影响）/ bad scenario files：\n"
                         + "\n".join(f"- {p}" for p in problems), expected="改正或移走这些文件后再生成情景比较页")
    return good


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files in a folder (``.yaml`` and ``.yml``), sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$")))


def load_all(files: list, folder) -> list[Scenario]:
    """The scenarios to compare: the given files, or (opened in JupyterLab with none given) every file
    in ``folder``; none at all is an InputError, not an empty page."""
    files = list(files) or scenario_files(folder)
    if not files:
        raise InputError(folder, problem="没有情景文件 / no scenario files",
                         expected="在 data/raw/scenarios/ 中放入 .yaml 情景文件")
    return baseline_first([load_scenario(f) for f in files])


def baseline_first(chosen: list[Scenario]) -> list[Scenario]:
    """The scenarios in the order a reader compares them: the baseline (the file ``baseline.yaml``, or a
    scenario that assumes nothing, i.e. the document itself) first, the others in their given order."""
    def is_base(sc: Scenario) -> bool:
        return (sc.path is not None and Path(sc.path).stem == "baseline") or not sc.assumptions
    return [sc for sc in chosen if is_base(sc)] + [sc for sc in chosen if not is_base(sc)]


COLUMNS_PER_TABLE = 4   # scenarios side by side in one table: more are split, so a table fits 1280 px and A4


def in_groups(chosen: list[Scenario], size: int = COLUMNS_PER_TABLE) -> list[tuple[str, list[Scenario]]]:
    """The scenarios in groups of ``size`` for side-by-side tables, each with its caption (情景1–4，共17个);
    one group, with no caption, when they all fit."""
    if len(chosen) <= size:
        return [("", list(chosen))]
    out = []
    for i in range(0, len(chosen), size):
        part = chosen[i:i + size]
        span = f"{i + 1}" if len(part) == 1 else f"{i + 1}–{i + len(part)}"
        out.append((f"情景{span}（共{len(chosen)}个）", part))
    return out


def resolve(scenario: str, data_dir: Path) -> Path:
    """A scenario given by name (a file in the processed ``scenarios/`` folder) or by a path to a YAML."""
    if scenario.endswith(SUFFIXES):
        return Path(scenario)
    folder = Path(data_dir) / "scenarios"
    for suffix in SUFFIXES:
        if (folder / f"{scenario}{suffix}").exists():
            return folder / f"{scenario}{suffix}"
    return folder / f"{scenario}.yaml"


def check_overrides(overrides: dict, path=None) -> dict:
    """Overrides typed by a planner (parameter ``overrides``), parsed and range-checked like a file's;
    errors name the assumption, not a file the planner never touched."""
    if not isinstance(overrides, dict):
        raise InputError(path, problem="overrides 应为键值对", value=overrides,
                         expected='{"revenue_growth": "15%", "relet_mu": 200}')
    parsed = {k: parse_assumption(path, k, v) for k, v in overrides.items()}
    if parsed.get("tax_growth") is not None and "tax_to_revenue" in parsed:
        raise InputError(path, column="tax_growth", problem="tax_growth 与 tax_to_revenue 只能设一个")
    return parsed


def with_overrides(scenario: Scenario, overrides: dict) -> Scenario:
    """The scenario with assumptions replaced by ``overrides`` (validated like a file's).

    Setting tax_growth (or tax_to_revenue) in the overrides replaces the other from the file: the
    two are alternative ways of giving 税收, and the planner's latest choice wins, said in the name."""
    parsed = check_overrides(overrides)
    base = dict(scenario.assumptions)
    if "tax_growth" in parsed:
        base.pop("tax_to_revenue", None)
    if "tax_to_revenue" in parsed:
        base.pop("tax_growth", None)
    name = scenario.name + ("（已修改）" if parsed else "")
    description = scenario.description
    if parsed:   # the file's description no longer describes what is computed: say what changed
        changed = "、".join(f"{ASSUMPTIONS[k][0] if k in ASSUMPTIONS else k} = {v}" for k, v in overrides.items())
        description = f"在“{scenario.name}”基础上修改：{changed}。（原说明：{scenario.description}）"
    return Scenario(name=name, description=description, assumptions={**base, **parsed},
                    path=scenario.path)


def scenario_sentences(model: Model, scenario: Scenario) -> list[str]:
    """Plain Chinese on what the scenario means for each target."""
    r = evaluate(model, **scenario.assumptions).iloc[0]
    met = {True: "达标", False: "未达标"}
    out = [
        f"税收 {r['tax']:.3f}亿元，目标 {model.tax_target:g}亿元，{met[bool(r['tax_met'])]}"
        f"（{r['tax_margin']:+.3f}亿元）。",
        f"亩均税收 {r['tax_per_mu']:.2f}万元/亩（用地 {r['land_mu']:,.1f}亩），目标 {r['tax_per_mu_target']:.2f}万元/亩"
        f"（2024年加2万元），{met[bool(r['tax_per_mu_met'])]}。",
        f"高新技术企业产值占比 {r['hightech_share']:.1%}，目标 {model.hightech_share:.0%}，"
        f"{met[bool(r['hightech_share_met'])]}；要达到目标需高新产值 {r['hightech_needed']:.2f}亿元。",
        f"工业总产值 {r['output']:.2f}亿元、规上营收 {r['revenue']:.2f}亿元"
        f"（目标 {model.output_target:g}亿元、{model.revenue_target:g}亿元）。",
    ]
    return out

