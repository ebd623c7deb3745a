"""Build parameters: the official defaults of every notebook and the rules every value must pass.

The official build never depends on what someone saved in a notebook: it injects every parameter,
taking each from :data:`DEFAULTS` unless given with ``-p``, so a planner's what-if left in a
parameters cell cannot reach ``reports/``.  :func:`saved_edits` names such notebooks, and a test keeps
each notebook's parameters cell equal to these defaults.

Rules, all checked before anything runs: names that cannot be set (:data:`RESERVED`), numeric ranges
(:data:`RANGES`), allowed words (:data:`CHOICES`), scenario overrides parsed like scenario files,
and the 自评 weights totalling 100.
"""
from __future__ import annotations

import ast
import math
from pathlib import Path

from .errors import InputError, ParameterError

from . import registry

# all derived from registry.PAGES: a parameter is declared once, with its type, default, range or choices
DEFAULTS = {page.name: page.defaults for page in registry.PAGES}   # stem → parameter → official value
RESERVED = registry.RESERVED
RANGES = {name: p.range for name, p in registry.PARAMS.items() if p.range}         # inclusive
CHOICES = {name: p.choices for name, p in registry.PARAMS.items() if p.choices}
UNITS = {name: p.unit for name, p in registry.PARAMS.items() if p.unit and p.unit != "%"}
SUM_TO_100 = ("budget_weight", "output_weight", "outcome_weight", "satisfaction_weight")


def check_values(params: dict) -> None:
    """Reserved names, numeric ranges, allowed words and scenario overrides, checked before anything runs."""
    from . import scenarios

    for name, value in params.items():
        if name in RESERVED:
            raise ParameterError(f"参数 {name} 不能用 -p 设置：{RESERVED[name]} / {name} is reserved")
        if name in RANGES and isinstance(value, (int, float)) and not isinstance(value, bool):
            lo, hi = RANGES[name]
            if not (math.isfinite(value) and lo <= value <= hi):
                raise ParameterError(f"参数 {name} 超出允许范围 {lo:g}–{hi:g}，收到 {value!r}"
                                     f" / {name} must be between {lo:g} and {hi:g}")
        if name in CHOICES and value not in CHOICES[name]:
            shown = " / ".join(c or "（空，使用设置文件）" for c in CHOICES[name])
            raise ParameterError(f"参数 {name} 的取值 {value!r} 无效，可选：{shown} / invalid value for {name}")
        if name == "overrides" and isinstance(value, dict):
            try:
                scenarios.check_overrides(value)
            except InputError as e:
                raise as_parameter_error("参数 overrides 无效", e) from None


def as_parameter_error(what: str, e: InputError) -> ParameterError:
    """An input problem found while checking a parameter, said as a parameter error (exit 2):
    the problem, the assumption it concerns and what is expected, without a file the user never named."""
    column = f"（{e.column}）" if e.column else ""
    expected = f"；{e.expected}" if e.expected else ""
    return ParameterError(f"{what}：{e.problem}{column}{expected}")


def check_with_data(notebook: str, values: dict, bundle) -> None:
    """Parameters checked against the period's data, by the build before any notebook runs and by a
    notebook in JupyterLab as it loads: a scenario with its overrides must leave positive land and tax
    (5000亩 of exited land gave 亩均税收 nan and 用地 −588.3亩); the land page's taxed land must exceed the
    land of exiting firms."""
    from . import land, scenarios

    if "scenario" in values and "overrides" in values:
        try:
            base = scenarios.load_scenario(scenarios.resolve(values["scenario"], bundle.data_dir))
            chosen = scenarios.with_overrides(base, values["overrides"] or {})
            scenarios.check_feasible(scenarios.Model.from_catalogue(bundle.catalogue), chosen.assumptions)
        except InputError as e:
            raise as_parameter_error(f"笔记本 {notebook} 的情景参数无效", e) from None
    if "taxed_land_mu" in values:
        try:
            land.zone_per_mu(bundle.catalogue, bundle.tables.get("enterprises"),
                             bundle.manifest["settings"]["scoring"], taxed_land_mu=values["taxed_land_mu"],
                             exit_from_ledger=values.get("exit_from_ledger", True),
                             relet_mu=values.get("relet_mu", 0.0), relet_tax_per_mu=values.get("relet_tax_per_mu", 0.0))
        except (ValueError, ParameterError) as e:
            raise ParameterError(f"笔记本 {notebook} 的参数 taxed_land_mu={values['taxed_land_mu']:g} 不可用：{e}") from None


def check_together(path: Path, values: dict) -> None:
    """Rules across parameters: the 自评 weights (预算执行率 + 产出 + 效益 + 满意度) total 100."""
    if all(k in values for k in SUM_TO_100):
        total = sum(float(values[k]) for k in SUM_TO_100)
        if abs(total - 100) > 1e-9:
            shown = " + ".join(f"{k}={values[k]:g}" for k in SUM_TO_100)
            raise ParameterError(f"笔记本 {path.name} 的自评权重合计应为 100：{shown} = {total:g}"
                                 " / weights must total 100")


def cell_values(declared: dict) -> dict:
    """The values written in a notebook's parameters cell (papermill's inspection of it)."""
    out = {}
    for name, info in declared.items():
        try:
            out[name] = ast.literal_eval(info.get("default") or "None")
        except (ValueError, SyntaxError):
            out[name] = info.get("default")
    return out


def official(stem: str, declared: dict, params: dict) -> dict:
    """What the official build injects: every declared parameter, from DEFAULTS unless given."""
    base = {k: v for k, v in DEFAULTS.get(stem, {}).items() if k in declared}
    return {**base, **{k: v for k, v in params.items() if k in declared}}


def saved_edits(stem: str, declared: dict) -> dict:
    """Parameters whose value in the notebook's cell differs from the official default (a saved what-if)."""
    saved = cell_values(declared)
    return {k: saved[k] for k, v in DEFAULTS.get(stem, {}).items() if k in saved and saved[k] != v}


def misspelt(stem: str, namespace: dict) -> None:
    """A value set in the notebook under a name close to one of the page's parameters (``perod``,
    ``relet_muu``) is a slip that would otherwise run the default silently: a ParameterError naming both."""
    import difflib
    import types

    kinds = {"period": str, "data_dir": str, **{k: type(v) for k, v in DEFAULTS.get(stem, {}).items()}}
    declared = list(kinds)
    for name, value in namespace.items():
        if name.startswith("_") or name in kinds or name in ("In", "Out") or \
                not isinstance(value, (str, int, float, bool, dict, list)) or isinstance(value, types.ModuleType):
            continue
        near = difflib.get_close_matches(name, declared, n=1, cutoff=0.8)
        want = kinds[near[0]] if near else None
        if near and (isinstance(value, want) or (want is float and isinstance(value, int))):
            raise ParameterError(f"未知参数 {name}（是否为 {near[0]}？）：本页的参数为 {'、'.join(declared)} / "
                                 f"unknown parameter {name}")


def validate(stem: str, namespace: dict) -> None:
    """What a notebook calls right after its parameters cell (in JupyterLab as in a build): every
    parameter of ``stem`` checked by the same rules as ``-p`` (type, range, allowed words, overrides,
    the weights' total), and the period by the build's rules.  A problem is one short Chinese
    ParameterError naming the parameter and its valid values (rendered without a traceback)."""
    from . import growth, paths, sources

    misspelt(stem, namespace)
    period = namespace.get("period")
    try:
        growth.parse_period(period)
    except (ValueError, TypeError):
        raise ParameterError(f"参数 period 应为 YYYY-MM（如 2025-06），收到 {period!r} / period must be YYYY-MM") from None
    values = {}
    for name, default in DEFAULTS.get(stem, {}).items():
        value = namespace.get(name, default)
        want = type(default)
        ok = isinstance(value, bool) if want is bool else (
            isinstance(value, (int, float)) and not isinstance(value, bool) if want is float else isinstance(value, want))
        if not ok:
            kind = {bool: "True 或 False", float: "数值", str: "文字", dict: "字典，如 {\"revenue_growth\": \"15%\"}"}[want]
            unit = f"（单位：{UNITS[name]}，只填数字）" if name in UNITS else ""
            rng = f"，范围 {RANGES[name][0]:g}–{RANGES[name][1]:g}" if name in RANGES else ""
            raise ParameterError(f"参数 {name} 应为{kind}{unit}{rng}，收到 {value!r} / {name} must be {want.__name__}")
        values[name] = value
    check_values(values)
    check_together(Path(f"{stem}.ipynb"), values)
    root = paths.project_root()
    sources.require_target_year(period, root)
