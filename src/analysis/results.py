"""A period's result tables, computed once with the build's parameters and read by everything else.

The build calls :func:`compute_all` after ``sources.prepare``: each table below is computed with the
parameters the build injects and saved under ``data/processed/<period>/results/`` with a key (the
processed inputs, settings, versions and the values of the parameters that table depends on).  The
notebooks, the 领导摘要, the 月报 and ``tables.xlsx`` then read the saved tables, so a figure shown in
two places is one computation.

A notebook opened in JupyterLab with other parameter values gets a key that does not match: its
tables are computed afresh for its own values (never a stale or foreign result), and
:meth:`Results.official` tells the page whether it shows the official figures.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
from pathlib import Path

import pandas as pd

from . import parameters
from . import incremental
from .sources import Bundle

WEIGHTS = parameters.SUM_TO_100
KPI = ("time_method", "tolerance_pp")
SCORING = WEIGHTS + ("narrow_miss_pct", "qualitative_bands", "achieved_full")
DEPENDS = {  # table → the build parameters it depends on
    "kpi": KPI, "kpi_previous": KPI, "headline": KPI + ("taxed_land_mu",), "outlook": KPI + ("taxed_land_mu",),
    "targets": (),
    "share": KPI, "credentials": KPI,
    "efficiency_published": ("scoring_method",), "efficiency": ("scoring_method",), "efficiency_classes": ("scoring_method",),
    "class_history": ("scoring_method",), "class_movement": ("scoring_method",), "measure_costs": ("scoring_method",),
    "measure_summary": ("scoring_method",), "objection_log": (), "round_final": ("scoring_method",),
    "round_changes": ("scoring_method",),
    "standing_zones": KPI + ("taxed_land_mu",), "standing_boards": KPI + ("taxed_land_mu",),
    "standing_marginal": KPI + ("taxed_land_mu",),
    "parcels_category": (), "parcels_means": (), "land_recovery": KPI, "low_efficiency": (), "low_efficiency_summary": (),
    "budget_monitor": ("warn_pp",), "self_assessment": SCORING, "self_assessment_detail": SCORING,
    "audit": (),
    "projects_funnel": KPI, "projects_events": (), "projects_big": KPI, "projects_key": (),
    "projects_ageing": ("stale_days",), "projects_financing": (), "projects_rag": (), "onboarding_summary": KPI,
    "onboarding_list": (),
    "finance_summary": (),
    "supervision": (), "supervision_proposed": KPI + ("stale_days",),
}
OFFICIAL = {k: v for d in parameters.DEFAULTS.values() for k, v in d.items()}   # one value per name


def _kpi_for(b: Bundle, v: dict, period: str):
    from .headline import warnings
    from .progress import kpi_table

    kpi = kpi_table(b.catalogue, b.tables["actuals"], period, method=v["time_method"], tolerance_pp=v["tolerance_pp"])
    kpi["预警"] = warnings(kpi, b.manifest["settings"]["report"])   # the summary's 绿/黄/红 rule, on every row
    return kpi


def _kpi(b: Bundle, v: dict, r: Results):
    return _kpi_for(b, v, b.period)


def _kpi_previous(b: Bundle, v: dict, r: Results):
    from .headline import previous_period

    prev = previous_period(b.period)
    act = b.tables["actuals"]
    if prev is None or not (act["period"].astype(str) == prev).any():
        return None
    return _kpi_for(b, v, prev)


def _headline(b: Bundle, v: dict, r: Results):
    from .headline import headline_table

    return headline_table(r["kpi"], r["kpi_previous"], b.catalogue, b.manifest["settings"]["report"],
                          taxed_land_mu=v["taxed_land_mu"], period=b.period, tolerance_pp=v["tolerance_pp"])


def _outlook(b: Bundle, v: dict, r: Results):
    from .headline import outlook

    return outlook(r["headline"], r["kpi"])


def _targets(b: Bundle, v: dict, r: Results):
    from .targets import targets_overview

    return targets_overview(b.catalogue)


def _share(b: Bundle, v: dict, r: Results):
    from .innovation import share_progress

    return share_progress(r["kpi"], b.catalogue, b.period, basis=b.manifest["settings"]["report"]["share_basis"])


def _credentials(b: Bundle, v: dict, r: Results):
    from .innovation import credentials

    return credentials(b.catalogue, r["kpi"])


def _scoring_settings(b: Bundle, v: dict) -> dict:
    settings = dict(b.manifest["settings"]["scoring"])
    if v["scoring_method"]:
        settings["method"] = v["scoring_method"]
    return settings


def _efficiency_published(b: Bundle, v: dict, r: Results):
    """The round as scored from the ledger: the result the 公示 publishes."""
    from .efficiency import evaluate

    if "enterprises" not in b.tables:
        return None
    return evaluate(b.tables["enterprises"], _scoring_settings(b, v))


def _efficiency(b: Bundle, v: dict, r: Results):
    """The round's result in force: once the 领导小组 has approved it (round.yaml), the result rescored with
    the accepted in-time corrections; before that, the result as published."""
    if r["efficiency_published"] is None:
        return None
    approved = bool((b.manifest["settings"].get("round") or {}).get("approval_reference"))
    return r["round_final"] if approved else r["efficiency_published"]


def _efficiency_classes(b: Bundle, v: dict, r: Results):
    from .efficiency import class_summary

    res = r["efficiency"]
    return None if res is None else class_summary(res)


def _round_year(b: Bundle) -> int:
    """This 亩均 round's year: the report year (its earlier rounds are in the history ledger)."""
    from .period import Period

    return Period.parse(b.period).year


def _class_history(b: Bundle, v: dict, r: Results):
    from .rounds import class_history

    res = r["efficiency"]
    return None if res is None else class_history(res, b.tables.get("class_history"), _round_year(b))


def _class_movement(b: Bundle, v: dict, r: Results):
    from .rounds import movement

    res = r["efficiency"]
    return None if res is None else movement(res, b.tables.get("class_history"), _round_year(b))


def _measure_costs(b: Bundle, v: dict, r: Results):
    from .measures import costs

    res = r["efficiency"]
    return None if res is None else costs(res, b.tables["enterprises"], r["class_history"], _scoring_settings(b, v))


def _measure_summary(b: Bundle, v: dict, r: Results):
    from .measures import cost_summary

    cost = r["measure_costs"]
    return None if cost is None else cost_summary(cost)


def _round_settings(b: Bundle) -> dict:
    from .publicity import load_round

    return b.manifest["settings"].get("round") or load_round(None)


def _objections(b: Bundle):
    t = b.tables.get("objections")
    if t is not None:
        t = t.assign(value=pd.to_numeric(t["value"], errors="coerce"))   # kept as text in the processed table
    return t


def _objection_log(b: Bundle, v: dict, r: Results):
    from .publicity import log

    return None if "enterprises" not in b.tables else log(_objections(b), _round_settings(b))


def _rescored(b: Bundle, v: dict, r: Results):
    from .publicity import rescore

    return rescore(b.tables["enterprises"], r["objection_log"], _objections(b), _scoring_settings(b, v))


def _round_final(b: Bundle, v: dict, r: Results):
    return None if r["efficiency_published"] is None else _rescored(b, v, r)[0]


def _round_changes(b: Bundle, v: dict, r: Results):
    from .publicity import changes

    if r["efficiency_published"] is None:
        return None
    _, applied = _rescored(b, v, r)
    return changes(r["efficiency_published"], r["round_final"], applied)


def _standing_inputs(b: Bundle, r: Results):
    """(scheme, this year's zones × items matrix, the peer table) or None without a scheme and peer table."""
    from .standing import matrix

    scheme = b.manifest["settings"].get("standing")
    peers = b.tables.get("peers")
    if not scheme or peers is None:
        return None
    peers = peers.assign(value=pd.to_numeric(peers["value"], errors="coerce"), year=peers["year"].astype(int))
    return scheme, matrix(scheme, peers, _round_year(b), r["headline"], r["kpi"]), peers


def _standing_zones(b: Bundle, v: dict, r: Results):
    from .standing import zone_table

    got = _standing_inputs(b, r)
    return None if got is None else zone_table(got[0], got[1])


def _standing_boards(b: Bundle, v: dict, r: Results):
    from .standing import boards

    got = _standing_inputs(b, r)
    return None if got is None else boards(got[0], got[1])


def _standing_marginal(b: Bundle, v: dict, r: Results):
    from .standing import marginal

    got = _standing_inputs(b, r)
    return None if got is None else marginal(got[0], got[1])


def _parcels_category(b: Bundle, v: dict, r: Results):
    from .land import category_summary

    return category_summary(b.tables["parcels"], b.period) if "parcels" in b.tables else None


def _land_recovery(b: Bundle, v: dict, r: Results):
    """收回盘活闲置土地 against its target, by the build's 序时进度 rule (as on 00_briefing)."""
    from .land import recovery_progress

    if "parcels" not in b.tables:
        return None
    return recovery_progress(b.tables["parcels"], b.catalogue.get("land_recovery_target").value, b.period,
                             v["time_method"], v["tolerance_pp"])


def _parcels_means(b: Bundle, v: dict, r: Results):
    from .land import means_summary

    return means_summary(b.tables["parcels"], b.period) if "parcels" in b.tables else None


def _low_efficiency(b: Bundle, v: dict, r: Results):
    return b.tables.get("low_efficiency_status")


def _low_efficiency_summary(b: Bundle, v: dict, r: Results):
    from .efficiency import low_efficiency_summary

    status = b.tables.get("low_efficiency_status")
    return None if status is None else low_efficiency_summary(status)


def _budget_monitor(b: Bundle, v: dict, r: Results):
    from .budget import monitor

    if "spending" not in b.tables:
        return None
    return monitor(b.catalogue.budget_projects, b.tables["spending"], b.period, warn_pp=v["warn_pp"])


def _assessment(b: Bundle, v: dict):
    from .budget import self_assessment, weight_set

    if "spending" not in b.tables or "indicator_actuals" not in b.tables:
        return None
    from .budget import bands_from

    return self_assessment(b.catalogue.budget_projects, b.tables["spending"], b.tables["indicator_actuals"],
                           b.period, weight_set(**{k: v[k] for k in WEIGHTS}), narrow_miss=v["narrow_miss_pct"] / 100,
                           bands=bands_from(v["qualitative_bands"]), achieved_full=v["achieved_full"])


def _self_assessment(b: Bundle, v: dict, r: Results):
    got = _assessment(b, v)
    return None if got is None else got[0]


def _self_assessment_detail(b: Bundle, v: dict, r: Results):
    got = _assessment(b, v)
    if got is None:
        return None
    return pd.concat([t.assign(项目名称=name) for name, t in got[1].items()], ignore_index=True)


def _audit(b: Bundle, v: dict, r: Results):
    from .audit import findings_table, run

    return findings_table(run(b.catalogue))


# 招商与项目建设 tables: (the ledger each needs, or None for the monthly table alone; how it is computed)
PROJECT_TABLES = {
    "projects_funnel": (None, lambda p, b, v, r: p.funnel_table(r["kpi"], b.catalogue)),
    "projects_events": ("projects", lambda p, b, v, r: p.month_events(b.tables["projects"], b.period)),
    "projects_big": ("projects", lambda p, b, v, r: p.big_projects(b.tables["projects"], r["kpi"], b.catalogue,
                                                                   b.period)),
    "projects_key": ("projects", lambda p, b, v, r: p.key_projects(b.tables["projects"], b.catalogue, b.period)),
    "projects_ageing": ("projects", lambda p, b, v, r: p.ageing(b.tables["projects"], b.period, v["stale_days"])),
    "projects_financing": ("projects", lambda p, b, v, r: p.financing(b.tables["projects"], b.catalogue)),
    "projects_rag": ("projects", lambda p, b, v, r: p.project_rag(b.tables["projects"], b.period,
                                                                  b.manifest["settings"]["report"]["project_rules"])),
    "onboarding_summary": ("onboarding", lambda p, b, v, r: p.onboarding_summary(b.tables["onboarding"], r["kpi"],
                                                                                 b.catalogue, b.period)),
    "onboarding_list": ("onboarding", lambda p, b, v, r: p.onboarding_list(b.tables["onboarding"], b.period)),
    "finance_summary": ("finance", lambda p, b, v, r: p.finance_summary(b.tables["finance"], b.catalogue, b.period)),
}


def _projects(name: str):
    """A table of :mod:`analysis.projects`, or None when its ledger is absent."""
    ledger, func = PROJECT_TABLES[name]

    def compute(b: Bundle, v: dict, r: Results):
        from . import projects

        return None if ledger is not None and ledger not in b.tables else func(projects, b, v, r)
    return compute


def _supervision(b: Bundle, v: dict, r: Results):
    from .supervision import track

    return track(b.tables["supervision"], b.period) if "supervision" in b.tables else None


def _supervision_proposed(b: Bundle, v: dict, r: Results):
    """What the build proposes for the 督办 list: lagging indicators (黄/红) and projects held too long."""
    from .supervision import proposals

    return proposals(r["kpi"], r["projects_ageing"], r["supervision"], b.manifest["settings"]["report"]["responsible"],
                     r["projects_rag"])


COMPUTE = {
    "kpi": _kpi, "kpi_previous": _kpi_previous, "headline": _headline, "outlook": _outlook, "targets": _targets, "share": _share,
    "credentials": _credentials, "efficiency_published": _efficiency_published, "efficiency": _efficiency,
    "efficiency_classes": _efficiency_classes,
    "class_history": _class_history, "class_movement": _class_movement, "measure_costs": _measure_costs,
    "measure_summary": _measure_summary, "objection_log": _objection_log, "round_final": _round_final,
    "round_changes": _round_changes, "standing_zones": _standing_zones, "standing_boards": _standing_boards,
    "standing_marginal": _standing_marginal,
    "parcels_category": _parcels_category, "parcels_means": _parcels_means, "land_recovery": _land_recovery,
    "low_efficiency": _low_efficiency,
    "low_efficiency_summary": _low_efficiency_summary, "budget_monitor": _budget_monitor,
    "self_assessment": _self_assessment, "self_assessment_detail": _self_assessment_detail, "audit": _audit,
    **{name: _projects(name) for name in PROJECT_TABLES},
    "supervision": _supervision, "supervision_proposed": _supervision_proposed,
}
assert set(COMPUTE) == set(DEPENDS)


def _canonical(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else str(value)
    return json.loads(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


class Results:
    """The result tables of one bundle for one set of parameter values (missing names take the
    official defaults).  Tables are computed lazily, or read from ``data/processed/<period>/results``
    when they were saved there for the same key."""

    def __init__(self, bundle: Bundle, values: dict | None = None):
        self.bundle = bundle
        self._cache: dict[str, object] = {}
        self.folder = Path(bundle.data_dir) / "results" if bundle.data_dir is not None else None
        self._saved = None
        # a name the caller does not give takes the value the build used (else the official default),
        # so a page that does not declare, say, time_method still shows the build's figures
        built = self._index().get("values", {})
        self.values = {**OFFICIAL, **{k: v for k, v in built.items() if k in OFFICIAL},
                       **{k: v for k, v in (values or {}).items() if k in OFFICIAL}}

    def key(self, name: str) -> str:
        m = self.bundle.manifest
        basis = {"inputs": m.get("inputs"), "settings": m.get("settings"), "versions": m.get("versions"),
                 "code": incremental.source_hash(), "period": self.bundle.period, "table": name,
                 "values": {p: _canonical(self.values[p]) for p in DEPENDS[name]}}
        return hashlib.sha256(json.dumps(basis, sort_keys=True, ensure_ascii=False, default=str)
                              .encode("utf-8")).hexdigest()

    def keys(self) -> dict:
        """Every table's key (the 月报 and workbook key is made of them)."""
        return {n: self.key(n) for n in COMPUTE}

    def _index(self) -> dict:
        if self._saved is None:
            try:
                self._saved = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError):
                self._saved = {}
        return self._saved

    def __getitem__(self, name: str):
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str):
        if self.folder is not None and self._index().get("keys", {}).get(name) == self.key(name):
            try:
                with open(self.folder / f"{name}.pkl", "rb") as f:
                    return pickle.load(f)
            except (OSError, pickle.UnpicklingError, EOFError):
                pass   # a damaged cache only costs time
        return COMPUTE[name](self.bundle, self.values, self)

    def standing(self):
        """(scheme, matrix, peer table) for the standing page, or None without a scheme and peer table."""
        return _standing_inputs(self.bundle, self)

    @property
    def round_year(self) -> int:
        """This 亩均 round's year (the report year)."""
        return _round_year(self.bundle)

    def scoring_settings(self) -> dict:
        """The 亩均 scoring settings these results were computed with (the file's, or scoring_method's)."""
        return _scoring_settings(self.bundle, self.values)

    page = None                 # the registry page (set by for_page)
    page_values: dict = {}      # and the values its parameters took

    def trial_notes(self) -> list[str]:
        """Why this page's figures are not the published report's, in words (empty: they are).

        For a page loaded with :func:`for_page`: each shown parameter whose value differs from the
        published report's (its recorded build parameters over the registry defaults), and input data
        changed since that report was built.  Decided from the parameters and the published report alone,
        never from whether saved result tables happen to exist.  In a build, a page is the published one."""
        if os.environ.get("ANALYSIS_BUILD"):
            return []
        if self.page is None:
            return [] if self.official() else ["参数与正式简报不同"]
        published = _published_manifest(self.bundle)
        built = published.get("parameters") or {}
        notes = []
        for p in self.page.params:
            if not p.shown or p.name not in self.page_values:
                continue
            mine, theirs = self.page_values[p.name], built.get(p.name, p.default)
            if _canonical(mine) != _canonical(theirs):
                notes.append(f"{p.label}为{_words(p, mine)}（正式简报为{_words(p, theirs)}）")
        changed = _changed_inputs(published, self.bundle.manifest, self.page.scenarios) if published else []
        if changed:
            shown = "、".join(changed[:3]) + ("等" if len(changed) > 3 else "")
            notes.append(f"正式简报生成后输入数据已有改动（{shown}），本页按最新数据计算")
        return notes

    def official(self, names=None) -> bool:
        """False when a build saved results and a named table (default: those read so far) differs from
        the saved one: the page shows a what-if, not the published figures."""
        keys = self._index().get("keys")
        if not keys:
            return True
        return all(keys.get(n) == self.key(n) for n in (names if names is not None else self._cache))

    def compute_all(self) -> Results:
        for name in COMPUTE:
            self[name]
        return self

    def save(self) -> None:
        """Write every table and the index of keys (each file replaced atomically)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        index = {"keys": {}, "values": {k: _canonical(v) for k, v in sorted(self.values.items())
                                        if any(k in d for d in DEPENDS.values())}}
        for name in COMPUTE:
            tmp = self.folder / f".{name}.pkl.tmp"
            with open(tmp, "wb") as f:
                pickle.dump(self[name], f, protocol=4)
            os.replace(tmp, self.folder / f"{name}.pkl")
            index["keys"][name] = self.key(name)
        tmp = self.folder / ".index.json.tmp"
        tmp.write_text(json.dumps(index, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.folder / "index.json")
        self._saved = index


def _published_manifest(bundle: Bundle) -> dict:
    """The manifest of the published ``reports/<period>/`` (empty when there is none)."""
    from . import paths

    if bundle.root is None:
        return {}
    try:
        return json.loads((paths.reports_dir(bundle.root) / bundle.period / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _changed_inputs(published: dict, manifest: dict, scenarios: bool) -> list[str]:
    """The input files (by name) whose content differs between the published report and these data; the
    planners' scenario files count only for a page that reads them."""
    from . import paths

    def record(m):
        items = m.get("inputs", []) if scenarios else paths.data_inputs(m)
        return {i["path"]: i.get("sha256") for i in items if isinstance(i, dict) and "path" in i}

    old, new = record(published), record(manifest)
    return sorted(Path(p).name for p in set(old) | set(new) if old.get(p) != new.get(p))


def _words(param, value) -> str:
    """A parameter's value as a reader says it: its words, else the number with its unit."""
    if param.words and not isinstance(value, (dict, list)) and value in param.words:
        return f"“{param.words[value]}”"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return f"{value:g}{param.unit}"
    if isinstance(value, dict):         # the scenario overrides, by their Chinese names
        from .scenarios import ASSUMPTIONS

        return "“" + "；".join(f"{ASSUMPTIONS[k][0] if k in ASSUMPTIONS else k} = {v}" for k, v in value.items()) + "”" \
            if value else "（无）"
    return f"“{value}”" if value != "" else "（空）"


def for_page(stem: str, namespace: dict) -> Results:
    """What a notebook calls right after its parameters cell, ``results.for_page("50_budget", globals())``:
    its parameters checked (``parameters.validate``), then its results loaded with every parameter the
    page declares in the registry, so a what-if in any of them is computed, and said to be a 试算."""
    from . import registry

    parameters.validate(stem, namespace)
    page = registry.page_for(stem)
    values = {p.name: namespace[p.name] for p in page.params if p.name in namespace}
    res = load(namespace["period"], namespace.get("data_dir"), page.monthly_data, **values)
    parameters.check_with_data(f"{stem}.ipynb", values, res.bundle)   # as the build checks them
    res.page, res.page_values = page, values
    _watch(namespace, {"period": namespace["period"], "data_dir": namespace.get("data_dir"), **values})
    return res


# ---- a page's cells run with the parameters its set-up used, or not at all -------------------------------
#
# JupyterLab runs cells one at a time: a planner who changes ``period`` and runs only the parameters cell
# and one cell below would see October's figures under June's heading.  Outside a build, an AST
# transformer puts a check in front of every top-level statement of every later cell that is not an
# assignment (so the parameters cell, and a cell that sets a parameter back, always run): the statement
# stops with one line, before any figure is shown, when the parameters are no longer those ``for_page``
# loaded with.  The cell that calls ``for_page`` (the set-up) loads afresh and is not checked.

_WATCHED: dict = {}


def _watch(namespace: dict, used: dict) -> None:
    import copy

    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    ip = get_ipython()
    if ip is None or os.environ.get("ANALYSIS_BUILD"):
        return
    _WATCHED.update(namespace=namespace, used=copy.deepcopy(used))
    if not any(isinstance(t, _Guard) for t in ip.ast_transformers):
        ip.ast_transformers.append(_Guard())


def _loads_page(tree) -> bool:
    import ast

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if (isinstance(f, ast.Attribute) and f.attr == "for_page") or (isinstance(f, ast.Name) and f.id == "for_page"):
                return True
    return False


class _Guard:
    """An IPython AST transformer: ``check_unchanged()`` in front of each top-level statement that is not an
    assignment, in every cell but the one that loads the page."""

    def visit(self, tree):
        import ast

        if not isinstance(tree, ast.Module) or _loads_page(tree):
            return tree
        body = []
        for stmt in tree.body:
            if not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Import, ast.ImportFrom, ast.Pass)):
                body.append(ast.parse("__import__('analysis.results').results.check_unchanged()").body[0])
            body.append(stmt)
        tree.body = body
        return ast.fix_missing_locations(tree)


def changed_parameters(namespace: dict, used: dict) -> list[str]:
    """The parameters whose value in ``namespace`` is no longer the one the page was loaded with, in words."""
    from . import registry

    labels = {p.name: p.label for page in registry.PAGES for p in page.params}
    labels.update(period="期间", data_dir="数据文件夹")
    missing = object()
    out = []
    for name, value in used.items():
        now = namespace.get(name, missing)
        if now is missing or _canonical(now) != _canonical(value):
            shown = "（已删除）" if now is missing else repr(now)
            out.append(f"{labels.get(name, name)} {value!r} → {shown}")
    return out


def check_unchanged() -> None:
    """Raise a one-line ParameterError when the page's parameters changed since it was loaded."""
    if not _WATCHED:
        return
    changed = changed_parameters(_WATCHED["namespace"], _WATCHED["used"])
    if changed:
        raise parameters.ParameterError(
            f"参数已修改（{'；'.join(changed)}），本页数字仍按修改前的参数计算，为免混看不同参数的结果，"
            "本单元格未运行：请重新运行全部单元格（菜单“运行 → 运行全部单元格”）")


def load(period: str, data_dir, require_data: bool = True, **values) -> Results:
    """What a notebook calls: the period's bundle and its results for the notebook's parameter values.
    A period without monthly data is an InputError that says so (one line in JupyterLab), unless the
    page does not use monthly data (``require_data=False``: the targets, the audit, the scenarios)."""
    from .sources import load as load_bundle, require_period

    bundle = load_bundle(period, data_dir)
    if require_data:
        require_period(bundle.data_dir, period, made_here=bundle.made_here)   # a month without data creates nothing
    return Results(bundle, values)
