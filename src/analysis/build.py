"""Build a period's reports: prepare data, compute the result tables once, run the notebooks with
papermill, export the pages with nbconvert, write the Excel tables and the 月报 (HTML and PDF).

Where things are: running notebooks in :mod:`analysis.execute`, pages and indexes in
:mod:`analysis.pages` (templates in ``analysis/templates``), the 月报 in :mod:`analysis.publish`, the
result tables in :mod:`analysis.results`, the workbook in :mod:`analysis.tables`.

Output is assembled in a temporary folder and swapped in whole; a failed build leaves the previous
``reports/<period>/`` untouched.
"""
from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from urllib.parse import quote

from . import parameters, paths, sources
from . import scenarios as scenarios_mod
from .errors import AnalysisError, BuildError, ParameterError
from .execute import (check_parameters, declared_parameters, execute, list_notebooks,  # noqa: F401
                      notebook_title, plan_parameters)
from .pages import Page, write_reports_index

SUMMARY = "00_summary"


def page_order(pages: list[Page]) -> list[Page]:
    """The 领导摘要 first, then the briefings by name."""
    return sorted(pages, key=lambda p: (p.name != SUMMARY, p.name))


NEEDS = {"20_land_efficiency": ("parcels",), "50_budget": ("spending", "indicator_actuals")}
def preflight(bundle, run_params: dict) -> None:
    """Parameters checked against the data before any notebook runs: a scenario with its overrides must
    leave positive land and tax; the land page's taxed land must exceed the land of exiting firms."""
    from . import land
    from .errors import InputError

    for nb, values in run_params.items():
        if "scenario" in values and "overrides" in values:
            try:
                base = scenarios_mod.load_scenario(scenarios_mod.resolve(values["scenario"], bundle.data_dir))
                chosen = scenarios_mod.with_overrides(base, values["overrides"] or {})
                scenarios_mod.check_feasible(scenarios_mod.Model.from_catalogue(bundle.catalogue), chosen.assumptions)
            except InputError as e:
                raise parameters.as_parameter_error(f"笔记本 {nb.name} 的情景参数无效", e) from None
        if "taxed_land_mu" in values:
            try:
                land.zone_per_mu(bundle.catalogue, bundle.tables.get("enterprises"),
                                 bundle.manifest["settings"]["scoring"], taxed_land_mu=values["taxed_land_mu"],
                                 exit_from_ledger=values.get("exit_from_ledger", True),
                                 relet_mu=values.get("relet_mu", 0.0), relet_tax_per_mu=values.get("relet_tax_per_mu", 0.0))
            except (ValueError, ParameterError) as e:
                raise ParameterError(f"笔记本 {nb.name} 的参数 taxed_land_mu={values['taxed_land_mu']:g} 不可用：{e}") from None


def reusable_pages(dest: Path, manifest: dict, params: dict, rebuilt: set[str]) -> tuple[list[dict], list[str]]:
    """For a build of some notebooks only: the other pages of the existing report that may stay (made
    from the same inputs, settings, versions and parameters), and the names of those that may not."""
    try:
        old = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [], []
    others = [e for e in old.get("notebooks", []) if e["name"] not in rebuilt]
    same = all(old.get(k) == manifest.get(k) for k in ("inputs", "settings", "versions", "demo")) \
        and old.get("parameters", {}) == params
    present = [e for e in others if (dest / f"{e['name']}.html").exists() and (dest / f"{e['name']}.ipynb").exists()]
    if same:
        return present, []
    return [], [e["name"] for e in others]


def default_period(root: Path | None = None) -> str:
    """The latest month of the targets' year with data (real actuals if any exist, else the demo files)."""
    from . import actuals
    from .catalogue import load_catalogue
    from .errors import InputError

    root = Path(root or paths.project_root())
    year = paths.targets_file(root).stem
    act = actuals.collect(root, load_catalogue(paths.targets_file(root)))
    period = actuals.latest_period(act.frame[act.frame["period"].astype(str).str.startswith(year)])
    if period is None:
        raise InputError(None, problem=f"没有 {year} 年的任何月度数据 / no monthly data for {year}",
                         expected="把月度数据放入 data/raw/actuals/，或用 --period 指定期间")
    return period


def build(period: str | None = None, root: Path | None = None, notebooks: list[str] | None = None,
          params: dict | None = None) -> Path:
    """Build ``reports/<period>/``: every notebook (or the named ones) run, exported and indexed.

    Nothing under ``reports/`` changes unless the whole period report was built; the scenario
    comparison page is built afterwards in its own staging folder, so its failure never throws
    away a good period report (it is reported as a BuildError that says so).
    """
    from . import config
    from . import pages as pages_mod
    from . import publish, results
    from . import tables as tables_mod

    root = Path(root or paths.project_root()).resolve()
    with sources.build_lock(root):
        cfg = config.load(root, period, params, notebooks)     # everything checked before anything runs
        period, params, nb_paths, run_params, edits = cfg.period, cfg.user, list(cfg.notebooks), cfg.run, cfg.edits
        sources.prepare(period, root, generated=cfg.generated)
        bundle = sources.load(period, paths.processed_dir(root))
        sources.require_period(bundle.data_dir, period)
        preflight(bundle, run_params)
        for nb_path in nb_paths:
            sources.require_tables(bundle, NEEDS.get(nb_path.stem, ()))
        # the result tables, once, with the build's parameters: pages, 月报 and workbook all read them
        res = results.Results(bundle, cfg.values).compute_all()
        res.save()

        out_root = paths.reports_dir(root)
        dest = out_root / period
        kept, dropped = (reusable_pages(dest, bundle.manifest, params, {p.stem for p in nb_paths})
                         if cfg.partial else ([], []))
        with sources.staged(dest) as tmp:
            pages = []
            for entry in kept:   # a partial build keeps the other pages made from the same inputs
                for suffix in (".html", ".ipynb"):
                    shutil.copyfile(dest / f"{entry['name']}{suffix}", tmp / f"{entry['name']}{suffix}")
                pages.append(Page(entry["name"], entry["title"],
                                  (tmp / f"{entry['name']}.html").read_text(encoding="utf-8")))
            for nb_path in nb_paths:
                nb = execute(nb_path, tmp / nb_path.name, run_params[nb_path], root=root, label=period)
                title = notebook_title(nb)
                nav = f'<div class="nav"><a href="index.html">← {period} 简报目录</a></div>'
                text = pages_mod.export(nb, title, bundle.manifest, nav)
                (tmp / f"{nb_path.stem}.html").write_text(text, encoding="utf-8")
                pages.append(Page(nb_path.stem, title, text))
            pages = page_order(pages)
            tables_mod.write_workbook(res, tmp / "tables.xlsx")
            publish.publish(period, pages, bundle.manifest, {p.stem: v for p, v in cfg.every.items()}, tmp)
            manifest = {**bundle.manifest, "parameters": params, "configuration": cfg.record(),
                        "notebooks": [{"name": p.name, "title": p.title} for p in pages],
                        "dropped_pages": dropped, "notebook_edits": edits}
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                                               + "\n", encoding="utf-8")
            scenario_files = scenarios_mod.scenario_files(paths.raw_dir(root) / "scenarios")
            (tmp / "index.html").write_text(pages_mod.period_index(period, pages, bundle.manifest,
                                                                   bool(scenario_files)), encoding="utf-8")
        write_reports_index(out_root)
        if scenario_files:
            try:
                build_scenarios(scenario_files, root, locked=True)
            except AnalysisError as e:
                raise BuildError(f"{period} 简报已生成（{dest / 'index.html'}），但情景比较页生成失败，"
                                 f"保留上一版情景比较页 / scenario page failed: {e}") from None
    return dest


def build_scenarios(files: list[Path], root: Path | None = None, output: Path | None = None,
                    with_notebooks: bool = False, period: str | None = None, locked: bool = False) -> Path:
    """One comparison page for the given scenario files (``reports/scenarios/`` by default).

    The files and the catalogue are copied into the output's ``inputs/`` so the page records exactly
    what it compared; with ``with_notebooks`` the 60_scenarios notebook also runs once per file.
    """
    from . import headline, pages

    root = Path(root or paths.project_root()).resolve()
    if not locked:
        with sources.build_lock(root):
            return build_scenarios(files, root, output, with_notebooks, period, locked=True)
    files = [Path(f).resolve() for f in files]
    from .catalogue import load_catalogue

    loaded = [scenarios_mod.load_scenario(f) for f in files]  # every file valid before anything runs
    cat = load_catalogue(paths.targets_file(root))
    report_file = paths.raw_dir(root) / "report.yaml"
    basis = headline.load_settings(report_file, [i.id for i in cat.monthly()])["share_basis"]
    model = scenarios_mod.Model.from_catalogue(cat, basis)
    for f, sc in zip(files, loaded):
        scenarios_mod.check_feasible(model, sc.assumptions, f)
    dest = Path(output).resolve() if output else paths.reports_dir(root) / "scenarios"
    with sources.staged(dest) as tmp:
        (tmp / "inputs").mkdir()
        names: list[str] = []
        for f in files:
            name = f.name if f.name not in names else f"{len(names)}_{f.name}"
            shutil.copyfile(f, tmp / "inputs" / name)
            names.append(name)
        shutil.copyfile(paths.targets_file(root), tmp / "inputs" / "targets.yaml")
        params = {"scenario_files": [f"inputs/{n}" for n in names], "catalogue_file": "inputs/targets.yaml",
                  "share_basis": basis}
        manifest = {"package": "zone-analysis", "demo": False, "data_source": "情景文件与绩效目标文件",
                    "inputs": sources.inputs_record([tmp / "inputs" / n for n in names + ["targets.yaml"]], tmp),
                    "versions": sources.library_versions()}
        compare = paths.notebooks_dir(root) / "scenarios" / "compare.ipynb"
        nb = execute(compare, tmp / "compare.ipynb", params, cwd=tmp, root=root, label="scenarios")
        links = []
        if with_notebooks:
            period = period or default_period(root)
            sources.prepare(period, root)
            bundle = sources.load(period, paths.processed_dir(root))
            single = paths.notebooks_dir(root) / "60_scenarios.ipynb"
            for f, n, sc in zip(files, names, loaded):
                stem = Path(n).stem
                p = {"period": period, "data_dir": "../data/processed",
                     **parameters.official(single.stem, declared_parameters(single), {"scenario": str(f)})}
                one = execute(single, tmp / f"{stem}.ipynb", p, root=root, label="scenarios")
                nav = '<div class="nav"><a href="index.html">← 情景比较</a></div>'
                (tmp / f"{stem}.html").write_text(pages.export(one, notebook_title(one), bundle.manifest, nav),
                                                  encoding="utf-8")
                links.append(f'<li><a href="{html.escape(quote(stem), quote=True)}.html">{html.escape(sc.name)}</a></li>')
        body = pages.body_of(pages.export(nb, "情景比较", manifest))
        if links:
            body += f"<h2>各情景详细测算</h2><ul>{''.join(links)}</ul>"
        nav = '<div class="nav"><a href="../index.html">← 简报总目录</a></div>'
        (tmp / "index.html").write_text(pages.shell("情景比较", body, manifest, nav), encoding="utf-8")
    return dest


