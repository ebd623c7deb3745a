"""Build a period's reports: prepare data, run notebooks with papermill, export HTML with nbconvert.

* Parameters are checked against each notebook's ``parameters`` cell before anything runs:
  an undeclared name or a value of the wrong type is a ParameterError.
* Executed notebooks are normalised (no timestamps, fixed cell ids) so rebuilding with the
  same inputs gives byte-identical files.
* HTML is one self-contained file per notebook: no code, no prompts, images inline, no
  network resources, printable.
* Output is assembled in a temporary folder and swapped in whole; a failed build leaves the
  previous ``reports/<period>/`` untouched.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import nbformat

from . import __version__, paths, sources
from . import parameters
from . import scenarios as scenarios_mod
from .errors import AnalysisError, BuildError, ParameterError

TYPE_NAMES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
              "list": (list, tuple), "dict": (dict,)}


@dataclass
class Page:
    name: str   # notebook stem, e.g. 10_growth
    title: str
    html: str


def list_notebooks(root: Path | None = None) -> list[Path]:
    return sorted(p for p in paths.notebooks_dir(root).glob("*.ipynb") if not p.name.startswith("."))


def notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "未命名简报"


def declared_parameters(path: Path) -> dict:
    """Names and inferred types of the notebook's ``parameters`` cell (papermill's inspection)."""
    import papermill as pm

    nb = nbformat.read(path, as_version=4)
    if not any("parameters" in c.metadata.get("tags", []) for c in nb.cells):
        raise ParameterError(f"笔记本 {path.name} 没有标记为 parameters 的单元格 / no parameters cell")
    return pm.inspect_notebook(str(path))


def check_parameters(path: Path, params: dict) -> None:
    """Refuse names the notebook does not declare and values of the wrong type (before running)."""
    declared = declared_parameters(path)
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise ParameterError(
            f"笔记本 {path.name} 没有声明参数 {', '.join(unknown)}；可用参数：{', '.join(sorted(declared))}"
            f" / undeclared parameter(s): {', '.join(unknown)}")
    for name, value in params.items():
        tname = (declared[name].get("inferred_type_name") or "None").strip()
        allowed = TYPE_NAMES.get(tname)
        if allowed is None:
            continue  # declared without a type: anything goes
        if isinstance(value, bool) and bool not in allowed:
            ok = False
        else:
            ok = isinstance(value, allowed)
        if not ok:
            raise ParameterError(
                f"笔记本 {path.name} 的参数 {name} 应为 {tname} 类型，收到 {type(value).__name__}：{value!r}"
                f" / parameter {name} must be {tname}")


def normalise(nb) -> None:
    """Strip what changes from run to run: timings, papermill paths, random cell ids."""
    pm_meta = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": pm_meta.get("parameters", {})}
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
        elif not re.fullmatch(r"[a-zA-Z0-9-_]{1,64}", cell.get("id", "") or ""):
            cell["id"] = f"cell-{i:03d}"


def check_outputs(nb, name: str) -> None:
    """A build fails on any stderr output (warnings such as a missing glyph) or error output."""
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                raise BuildError(f"笔记本 {name} 输出了警告，已停止构建 / notebook wrote to stderr:\n{out.get('text')}")
            if out.get("output_type") == "error":
                raise BuildError(f"笔记本 {name} 执行出错 / error: {out.get('ename')}: {out.get('evalue')}")


def failed_dir(root: Path | None = None) -> Path:
    """Where a notebook that failed is kept for inspection (outside ``reports/``, git-ignored)."""
    return (Path(root) if root else paths.project_root()) / "build" / "failed"


def keep_failed(out_path: Path, name: str, root: Path | None) -> Path | None:
    """Copy the executed notebook that failed to ``build/failed/`` so it can be opened at the failing cell.

    Never raises: if it cannot be kept, the original error is still the one reported."""
    if not out_path.exists():
        return None
    dest = failed_dir(root) / name
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out_path, dest)
    except OSError:
        return None
    return dest


def execute(path: Path, out_path: Path, params: dict, cwd: Path | None = None,
            root: Path | None = None, label: str = "") -> nbformat.NotebookNode:
    """Run one notebook with papermill; on failure keep it in ``build/failed/<label>/`` and say where."""
    import os

    import papermill as pm

    check_parameters(path, params)
    os.environ["ANALYSIS_BUILD"] = "1"  # the kernel inherits it: the page shell shows the demo banner
    kept_name = f"{label}/{path.name}" if label else path.name
    try:
        pm.execute_notebook(str(path), str(out_path), parameters=params, cwd=str(cwd or path.parent),
                            kernel_name="python3", progress_bar=False, log_output=False,
                            extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except pm.PapermillExecutionError as e:
        kept = keep_failed(out_path, kept_name, root)
        where = f"；出错的笔记本已保存到 {kept}，打开后搜索“Execution using papermill encountered an exception”可定位" \
            if kept else ""
        raise BuildError(f"笔记本 {path.name} 执行失败（第 {e.exec_count} 个单元格）/ notebook failed: "
                         f"{e.ename}: {_first_line(e.evalue)}{where}") from None
    nb = nbformat.read(out_path, as_version=4)
    normalise(nb)
    nbformat.write(nb, out_path)
    try:
        check_outputs(nb, path.name)
    except BuildError as e:
        kept = keep_failed(out_path, kept_name, root)
        raise BuildError(f"{e}" + (f"\n出错的笔记本已保存到 {kept}" if kept else "")) from None
    return nb


def _first_line(text: str) -> str:
    """Papermill's evalue may carry a whole InputError: keep it, but only its first line."""
    return str(text).strip().splitlines()[0] if str(text).strip() else ""


def export_body(nb) -> str:
    """The notebook as an HTML fragment: outputs and narrative only (nbconvert, basic template)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, anchor_link_text="")
    body, _ = exporter.from_notebook_node(nb)
    return body


CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Micro Hei",SimHei,sans-serif;
 max-width:1000px;margin:0 auto;padding:24px 32px;color:#1d2733;line-height:1.65;font-size:15px}
h1{color:#1f4e79;border-bottom:3px solid #1f4e79;padding-bottom:6px;font-size:26px}
h2{color:#1f4e79;margin-top:28px;font-size:20px} h3{font-size:17px}
table{border-collapse:collapse;margin:10px 0 18px;font-size:12.5px;width:auto}
.jp-RenderedHTMLCommon,.output_html{overflow-x:auto}
th,td{border:1px solid #c8d3de;padding:4px 8px;text-align:right;vertical-align:top}
th{background:#dce6f0;text-align:center;white-space:nowrap} td.text,th.text{text-align:left}
th.long{white-space:normal;min-width:3em}
td.text{min-width:5em}
tbody tr:nth-child(even){background:#f6f8fa}
img{max-width:100%;height:auto;display:block;margin:8px auto}
.quality-note{background:#eef4fb;border:1px solid #9bb7d4;padding:6px 12px;font-size:13px;margin-bottom:12px}
.demo-banner{background:#fff3cd;border:2px solid #e0a800;color:#7a5200;padding:10px 14px;font-weight:bold;
 font-size:16px;margin-bottom:14px}
.provenance{margin-top:40px;border-top:1px solid #c8d3de;padding-top:8px;font-size:11px;color:#5b6875}
.provenance code{font-size:11px} .nav{font-size:13px;margin-bottom:8px}
.jp-RenderedHTMLCommon p,.text_cell_render p{margin:6px 0}
.anchor-link{display:none}
@page{size:A4;margin:14mm}
@media print{body{max-width:none;padding:0;font-size:11px}.nav{display:none}
 h2{page-break-after:avoid} tr,img{page-break-inside:avoid}
 table{font-size:9px;width:100%} th{white-space:normal} td.text{min-width:0}
 .jp-RenderedHTMLCommon,.output_html{overflow:visible}}
"""


def demo_banner(manifest: dict) -> str:
    parts = "、".join(manifest.get("demo_parts") or ["部分数据"])
    return (f'<div class="demo-banner">⚠ 示例数据：本期简报中的{html.escape(parts)}为合成的演示数据，'
            '不代表真实统计结果，不得作为正式数据引用（直接摘自绩效目标文件的目标数字除外）。</div>')


def provenance_html(manifest: dict, params: dict) -> str:
    rows = "".join(f"<li><code>{html.escape(i['path'])}</code> sha256 <code>{i['sha256'][:16]}</code></li>"
                   for i in manifest.get("inputs", []))
    vers = "，".join(f"{k} {v}" for k, v in manifest.get("versions", {}).items())
    ptxt = html.escape(json.dumps(params, ensure_ascii=False, sort_keys=True))
    return (f'<div class="provenance"><b>数据与版本说明</b>：由 zone-analysis {__version__} 生成；'
            f"数据来源：{html.escape(manifest.get('data_source', ''))}；参数 <code>{ptxt}</code>；"
            f"软件版本：{html.escape(vers)}。<br>输入文件：<ul>{rows}</ul></div>")


def quality_note(manifest: dict | None) -> str:
    """A line at the top of every page when this build accepted data-quality warnings."""
    n = len((manifest or {}).get("quality") or [])
    if not n:
        return ""
    return (f'<div class="quality-note">本期输入数据有 {n} 条数据质量提示（已核实或不影响计算的疑点），'
            '详见简报目录页“数据质量”一节。</div>')


def quality_section(manifest: dict) -> str:
    """The 数据质量 section of the period index: every warning accepted in this build, with file and row."""
    found = manifest.get("quality") or []
    if not found:
        return "<h2>数据质量</h2><p>本期输入数据未发现需要提示的疑点。</p>"
    rows = "".join(
        "<tr>" + "".join(f'<td class="text">{html.escape(str(v))}</td>' for v in (
            f["file"], f"第 {f['row']} 行" if f.get("row") else "—", f.get("column") or "—", f["message"]))
        + "</tr>" for f in found)
    return ("<h2>数据质量</h2><p>以下疑点未阻止本期简报生成，但请数据填报人核实：</p>"
            '<table><thead><tr><th class="text">文件</th><th class="text">行</th><th class="text">列</th>'
            f'<th class="text">提示</th></tr></thead><tbody>{rows}</tbody></table>')


def page(title: str, body: str, manifest: dict | None, params: dict | None = None, nav: str = "",
         note: bool = True) -> str:
    """A self-contained HTML page; ``note`` adds the one-line data-quality notice (not on the index,
    which carries the 数据质量 section itself)."""
    demo = manifest is not None and manifest.get("demo")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{html.escape(title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n{nav}"
            f"{demo_banner(manifest) if demo else ''}{quality_note(manifest) if note else ''}\n{body}\n"
            f"{provenance_html(manifest, params or {}) if manifest else ''}\n</body>\n</html>\n")


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
            except ValueError as e:
                raise ParameterError(f"笔记本 {nb.name} 的参数 taxed_land_mu={values['taxed_land_mu']:g} 不可用：{e}") from None


def plan_parameters(nb_paths: list[Path], period: str, params: dict,
                    edits: dict | None = None) -> dict[Path, dict]:
    """The parameters each notebook gets, all checked before anything runs.

    Every declared parameter is injected: the build's period and data folder, then the official
    default (``parameters.DEFAULTS``) unless the user gave it, so a value saved in a notebook's
    parameters cell never reaches an official report (``edits`` collects such saved values by notebook).
    A user parameter that no selected notebook declares is a ParameterError, and so is a value of the
    wrong type for any of them, a reserved name (period, data_dir), a number out of its range or a
    word not among the choices.
    """
    parameters.check_values(params)
    declared = {nb: declared_parameters(nb) for nb in nb_paths}
    unknown = sorted(k for k in params if not any(k in d for d in declared.values()))
    if unknown:
        available = sorted({k for d in declared.values() for k in d} - set(parameters.RESERVED))
        raise ParameterError(f"所选笔记本都没有声明参数 {', '.join(unknown)}；可用参数：{', '.join(available)}"
                             f" / undeclared parameter(s): {', '.join(unknown)}")
    plan = {}
    for nb in nb_paths:
        fixed = {k: v for k, v in {"period": period, "data_dir": "../data/processed"}.items() if k in declared[nb]}
        p = {**fixed, **parameters.official(nb.stem, declared[nb], params)}
        check_parameters(nb, p)
        parameters.check_together(nb, p)
        saved = parameters.saved_edits(nb.stem, declared[nb])
        if saved and edits is not None:
            edits[nb.stem] = saved
        plan[nb] = p
    return plan


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
    from . import tables as tables_mod

    root = Path(root or paths.project_root()).resolve()
    with sources.build_lock(root):
        params = dict(params or {})
        parameters.check_values(params)
        period = period or default_period(root)
        sources.require_target_year(period, root)
        nb_paths = list_notebooks(root)
        if notebooks:
            wanted = set(notebooks)
            nb_paths = [p for p in nb_paths if p.stem in wanted or p.name in wanted]
            missing = wanted - {p.stem for p in nb_paths} - {p.name for p in nb_paths}
            if missing:
                raise ParameterError(f"找不到笔记本：{', '.join(sorted(missing))} / no such notebook")
        # every notebook's parameters checked before any runs
        edits: dict = {}
        run_params = plan_parameters(nb_paths, period, params, edits)
        sources.prepare(period, root)
        bundle = sources.load(period, paths.processed_dir(root))
        sources.require_period(bundle.data_dir, period)
        preflight(bundle, run_params)

        for nb_path in nb_paths:
            sources.require_tables(bundle, NEEDS.get(nb_path.stem, ()))

        out_root = paths.reports_dir(root)
        dest = out_root / period
        kept, dropped = (reusable_pages(dest, bundle.manifest, params, {p.stem for p in nb_paths})
                         if notebooks else ([], []))
        with sources.staged(dest) as tmp:
            pages = []
            for entry in kept:   # a partial build keeps the other pages made from the same inputs
                for suffix in (".html", ".ipynb"):
                    shutil.copyfile(dest / f"{entry['name']}{suffix}", tmp / f"{entry['name']}{suffix}")
                pages.append(Page(entry["name"], entry["title"], ""))
            for nb_path in nb_paths:
                nb = execute(nb_path, tmp / nb_path.name, run_params[nb_path], root=root, label=period)
                title = notebook_title(nb)
                nav = f'<div class="nav"><a href="index.html">← {period} 简报目录</a></div>'
                text = page(title, export_body(nb), bundle.manifest, run_params[nb_path], nav)
                (tmp / f"{nb_path.stem}.html").write_text(text, encoding="utf-8")
                pages.append(Page(nb_path.stem, title, text))
            pages.sort(key=lambda p: p.name)
            values = {k: v for p in run_params.values() for k, v in p.items()}
            tables_mod.write_workbook(bundle, tmp / "tables.xlsx", values)
            manifest = {**bundle.manifest, "parameters": params,
                        "notebooks": [{"name": p.name, "title": p.title} for p in pages],
                        "dropped_pages": dropped, "notebook_edits": edits}
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                                               + "\n", encoding="utf-8")
            scenario_files = scenarios_mod.scenario_files(paths.raw_dir(root) / "scenarios")
            (tmp / "index.html").write_text(period_index(period, pages, bundle.manifest, bool(scenario_files)),
                                            encoding="utf-8")
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


    root = Path(root or paths.project_root()).resolve()
    if not locked:
        with sources.build_lock(root):
            return build_scenarios(files, root, output, with_notebooks, period, locked=True)
    files = [Path(f).resolve() for f in files]
    from .catalogue import load_catalogue

    loaded = [scenarios_mod.load_scenario(f) for f in files]  # every file valid before anything runs
    model = scenarios_mod.Model.from_catalogue(load_catalogue(paths.targets_file(root)))
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
        params = {"scenario_files": [f"inputs/{n}" for n in names], "catalogue_file": "inputs/targets.yaml"}
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
                (tmp / f"{stem}.html").write_text(page(notebook_title(one), export_body(one), bundle.manifest, p, nav),
                                                  encoding="utf-8")
                links.append(f'<li><a href="{html.escape(quote(stem), quote=True)}.html">{html.escape(sc.name)}</a></li>')
        body = export_body(nb)
        if links:
            body += f"<h2>各情景详细测算</h2><ul>{''.join(links)}</ul>"
        nav = '<div class="nav"><a href="../index.html">← 简报总目录</a></div>'
        (tmp / "index.html").write_text(page("情景比较", body, manifest, params, nav), encoding="utf-8")
    return dest


def period_index(period: str, pages: list[Page], manifest: dict, scenarios: bool = False) -> str:
    items = "".join(f'<li><a href="{p.name}.html">{html.escape(p.title)}</a></li>' for p in pages)
    if scenarios:
        items += '<li><a href="../scenarios/index.html">情景比较（全部情景文件）</a></li>'
    body = (f"<h1>魏县经济开发区 {period} 绩效目标简报</h1><ul>{items}</ul>"
            '<p>表格下载：<a href="tables.xlsx">tables.xlsx</a>（Excel，各简报主要表格）</p>'
            f"{quality_section(manifest)}"
            '<p class="nav"><a href="../index.html">← 全部期间</a></p>')
    return page(f"{period} 简报目录", body, manifest, {"period": period}, note=False)


def write_reports_index(out_root: Path) -> Path:
    """reports/index.html listing every period built (newest first)."""
    rows = []
    for d in sorted((p for p in out_root.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}", p.name)),
                    reverse=True):
        mf = d / "manifest.json"
        if not mf.exists():
            continue
        m = json.loads(mf.read_text(encoding="utf-8"))
        tag = "（示例数据）" if m.get("demo") else ""
        links = "，".join(f'<a href="{d.name}/{n["name"]}.html">{html.escape(n["title"])}</a>'
                         for n in m.get("notebooks", []))
        rows.append(f'<li><a href="{d.name}/index.html"><b>{d.name}</b></a>{tag}：{links}</li>')
    extra = ""
    if (out_root / "scenarios" / "index.html").exists():
        extra = '<p><a href="scenarios/index.html">情景比较</a></p>'
    body = f"<h1>魏县经济开发区绩效目标简报</h1><ul>{''.join(rows)}</ul>{extra}"
    target = out_root / "index.html"
    target.write_text(page("简报总目录", body, None), encoding="utf-8")
    return target
