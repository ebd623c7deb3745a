"""Build a period's reports: prepare data, compute the result tables once, run the notebooks with
papermill, export the pages with nbconvert, write the Excel tables and the 月报 (HTML and PDF).

Where things are: running notebooks in :mod:`analysis.execute`, pages and indexes in
:mod:`analysis.pages` (templates in ``analysis/templates``), the 月报 in :mod:`analysis.publish`, the
result tables in :mod:`analysis.results`, the workbook in :mod:`analysis.tables`.

Output is assembled in a temporary folder and swapped in whole; a failed build leaves the previous
``reports/<period>/`` untouched.
"""
from __future__ import annotations

import contextlib
import html
import json
import shutil
from pathlib import Path
from urllib.parse import quote

from . import parameters, paths, registry, sources
from . import scenarios as scenarios_mod
from .errors import AnalysisError, BuildError
from .execute import (check_parameters, declared_parameters, execute, list_notebooks,  # noqa: F401
                      notebook_title, plan_parameters)
from .pages import Page, write_reports_index

SUMMARY = "00_summary"


def page_order(pages: list[Page]) -> list[Page]:
    """The 领导摘要 first, then the briefings by name."""
    return sorted(pages, key=lambda p: (p.name != SUMMARY, p.name))


NEEDS = {"20_land_efficiency": ("parcels",), "50_budget": ("spending", "indicator_actuals")}
def preflight(bundle, run_params: dict) -> None:
    """Parameters checked against the data before any notebook runs (:func:`parameters.check_with_data`,
    the check a notebook run in JupyterLab makes too)."""
    for nb, values in run_params.items():
        parameters.check_with_data(nb.name, values, bundle)


def _prepared(root: Path, period: str, generated: str) -> bool:
    """The processed folder was made from the same raw files, code and library versions (skip prepare)."""
    from . import incremental

    folder = paths.processed_dir(root) / period
    m = incremental.previous(folder)
    files = m.get("processed_files") or {}
    return bool(m) and bool(files) and incremental.intact(folder, {"files": files}, files) \
        and m.get("raw_fingerprint") == sources.raw_fingerprint(root) \
        and m.get("code") == incremental.source_hash() and m.get("versions") == sources.library_versions() \
        and m.get("environment") == incremental.environment_key() \
        and m.get("generated") == generated


def build(period: str | None = None, root: Path | None = None, notebooks: list[str] | None = None,
          params: dict | None = None, *, jobs: int | None = 1, scheduler: str | None = None,
          force: bool = False, progress=None, runner=None) -> Path:
    """Build ``reports/<period>/``: every notebook (or the named ones) run, exported and indexed.

    Incremental: a page whose key (:mod:`analysis.incremental`) is unchanged is reused, and so are the
    workbook and the 月报; ``force`` rebuilds everything.  Pages run on the executor chosen by ``jobs``
    and ``scheduler`` (:mod:`analysis.runners`); all failures are collected and reported together.
    ``progress(kind, name, text)`` hears 运行中 / 完成 / 跳过 / 失败 for each page.

    Nothing under ``reports/`` changes unless the whole period report was built; the scenario
    comparison page is built afterwards in its own staging folder, so its failure never throws
    away a good period report (it is reported as a BuildError that says so).
    """
    from . import config, incremental, results, runners

    say = progress or (lambda kind, name, text="": None)
    root = Path(root or paths.project_root()).resolve()
    with sources.build_lock(root), contextlib.ExitStack() as stack:
        cfg = config.load(root, period, params, notebooks)     # everything checked before anything runs
        period, params, edits = cfg.period, cfg.user, cfg.edits
        # the whole report's key, taken before anything is read and written last, once all of it was made
        # (a new report folder comes without one; a failed build leaves the previous report and its key)
        whole = None if cfg.partial else incremental.build_key(root, period, params, cfg.generated)
        runner = runner or runners.runner_for(jobs, scheduler)
        if force or not _prepared(root, period, cfg.generated):
            if hasattr(runner, "warm"):   # pages will likely run: workers start while the data is prepared
                runner.warm(len(cfg.notebooks), str(paths.notebooks_dir(root)))
                stack.callback(runner.close)
            sources.prepare(period, root, generated=cfg.generated)
        bundle = sources.load(period, paths.processed_dir(root), lab=False)
        sources.require_period(bundle.data_dir, period)
        preflight(bundle, cfg.run)
        for nb_path in cfg.notebooks:
            sources.require_tables(bundle, NEEDS.get(nb_path.stem, ()))
        # the result tables, once, with the build's parameters: pages, 月报 and workbook all read them
        res = results.Results(bundle, cfg.values).compute_all()
        res.save()

        out_root = paths.reports_dir(root)
        dest = out_root / period
        old = {} if force else incremental.previous(dest)
        values = {k: v for k, v in sorted(cfg.values.items()) if k not in ("period", "data_dir")}
        # every output of every page (a fan-out page has one per parameter set), keyed each on its own
        outputs = {nb: registry.outputs_of(registry.page_for(nb.stem), res) for nb in cfg.every}
        keys = {name: incremental.page_key(nb, {**values, **extra}, bundle.data_dir, bundle.manifest)
                for nb, outs in outputs.items() for name, _, extra in outs}
        chosen = {nb.stem for nb in cfg.notebooks}
        nav = f'<div class="nav"><a href="index.html">← {period} 简报目录</a></div>'
        log, reuse, tasks, dropped = [], [], [], []
        for nb, name, words, extra in ((nb, *out) for nb, outs in outputs.items() for out in outs):
            same = incremental.reusable(dest, name, keys[name], old)
            if nb.stem not in chosen:
                if same:
                    reuse.append(name)
                    log.append(f"保留 {name}：未选择重新生成，输入与参数未变")
                elif (dest / f"{name}.html").exists():
                    dropped.append(name)
                    log.append(f"移除 {name}：未选择重新生成，但输入、参数或代码已变化")
                continue
            if same:
                reuse.append(name)
                say("skip", name, "未变化，跳过")
                log.append(f"跳过 {name}：未变化")
                continue
            why = "--force" if force else ("首次生成" if name not in old.get("page_keys", {})
                                           else "输入、参数或代码有变化")
            log.append(f"运行 {name}：{why}")
            tasks.append(runners.Task(name, str(nb), "", {**cfg.run[nb], **extra}, str(root), period, nav,
                                      bundle.manifest, words=words))
        out_key = incremental.outputs_key({n: keys[n] for n in sorted(set(reuse) | {t.name for t in tasks})},
                                          res.keys(), bundle.manifest)
        manifest = {**bundle.manifest, "parameters": params, "configuration": cfg.record(),
                    "dropped_pages": dropped, "notebook_edits": edits,
                    "page_keys": {n: keys[n] for n in sorted(set(reuse) | {t.name for t in tasks})},
                    "outputs_key": out_key}
        scenario_files = scenarios_mod.scenario_files(paths.raw_dir(root) / "scenarios")
        # the comparison page runs beside the 月报's PDF (its kernel on the core the PDF leaves idle)
        comparison = _Beside(build_scenarios, scenario_files, root, locked=True, force=force) \
            if scenario_files else None
        unchanged = not tasks and not dropped and old.get("outputs_key") == out_key and bool(old.get("files")) and \
            incremental.intact(dest, old, old["files"]) and not incremental.strays(dest, old) and \
            (whole is None or incremental.sealed(dest))
        # the 月报 is made only from every page that belongs in it and its inputs allow (a partial --notebook
        # build of a new or changed period would otherwise publish a 月报 without its 领导摘要)
        monthly_names = {name for nb, outs in outputs.items() if registry.page_for(nb.stem).monthly
                         and set(registry.page_for(nb.stem).needs) <= set(bundle.tables) for name, _, _ in outs}
        missing = sorted(monthly_names - set(reuse) - {t.name for t in tasks})
        if missing:
            say("info", "", f"月报未生成：{'、'.join(missing)} 未重新生成，月报会不完整；运行完整构建（不加 --notebook）"
                            "后生成 / the 月报 needs every page")
            log.append(f"未生成月报：缺少 {'、'.join(missing)}")
        try:
            _write_period(unchanged, dest, tasks, reuse, old, out_key, res, bundle, cfg, manifest, log, period,
                          scenario_files, runner, say, comparison, with_monthly=not missing)
        finally:
            failure = comparison.result() if comparison else None
        write_reports_index(out_root)
        if failure is not None:
            raise BuildError(f"{period} 简报已生成（{dest / 'index.html'}），但情景比较页生成失败，"
                             f"保留上一版情景比较页 / scenario page failed: {failure}")
        if whole:
            (dest / incremental.KEY_FILE).write_text(incremental.seal(whole, dest), encoding="utf-8")
    return dest


class _Beside:
    """A call run in a thread beside the build's own work; ``result()`` waits and gives its AnalysisError
    (or None).  Any other exception is re-raised there, so nothing is lost."""

    def __init__(self, fn, *args, **kwargs):
        import threading

        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args, kwargs), daemon=True)
        self._started = False

    def _run(self, fn, args, kwargs):
        try:
            fn(*args, **kwargs)
        except BaseException as e:  # noqa: BLE001 - handed to result() in the build's thread
            self._error = e

    def start(self):
        if not self._started:
            self._started = True
            self._thread.start()

    def result(self):
        if not self._started:
            return None
        self._thread.join()
        if self._error is None or isinstance(self._error, AnalysisError):
            return self._error
        raise self._error


def _write_period(unchanged, dest, tasks, reuse, old, out_key, res, bundle, cfg, manifest, log, period,
                  scenario_files, runner, say, comparison, with_monthly=True):
    """Run the pages that must run and assemble ``reports/<period>/`` in a staging folder."""
    from . import incremental, publish
    from . import pages as pages_mod
    from . import tables as tables_mod

    if unchanged:
        say("info", "", "全部页面未变化，报告保持不变")
        if comparison:
            comparison.start()
    else:
        with sources.staged(dest) as tmp, contextlib.ExitStack() as stack:
            published = (*incremental.PUBLISHED, *(c.name for c in dest.glob("tables-*.csv")))
            keep = with_monthly and old.get("outputs_key") == out_key and incremental.intact(dest, old, published)
            # the workbook needs only the result tables: it is written while the pages run
            workbook = None if keep else _Beside(tables_mod.write_workbook, res, tmp / "tables.xlsx")
            if not keep:                      # the firms' cards, like the workbook, from the result tables alone
                from . import cards

                (tmp / cards.FILE).write_text(cards.document(res), encoding="utf-8")
                (tmp / cards.PUBLICITY_FILE).write_text(cards.publicity_document(res), encoding="utf-8")
                cards.write_lists(res, tmp / cards.LISTS_FILE)
                from . import word

                word.feedback_form(res, tmp / "意见反馈表.docx")
            if workbook:
                workbook.start()
            # on a parallel build the PDF gets a process of its own (the comparison page runs beside it)
            pdf = None if keep or getattr(runner, "name", "serial") == "serial" else publish.PdfProcess()
            if pdf:
                stack.callback(pdf.close)
            try:
                outcomes = _run_pages(tasks, tmp, runner, say)
            finally:
                if workbook and (error := workbook.result()):
                    raise error
            failed = [o for o in outcomes if o.error]
            if failed:
                raise BuildError("以下页面生成失败，报告未更改 / pages failed:\n"
                                 + "\n".join(f"- {o.name}：{o.error}" for o in failed))
            if comparison:
                comparison.start()
            page_list = []
            for name in reuse:
                for suffix in (".html", ".ipynb"):
                    shutil.copyfile(dest / f"{name}{suffix}", tmp / f"{name}{suffix}")
                title = next((e["title"] for e in old.get("notebooks", []) if e["name"] == name), name)
                page_list.append(Page(name, title, (tmp / f"{name}.html").read_text(encoding="utf-8")))
            for o in outcomes:
                (tmp / f"{o.name}.html").write_text(o.html, encoding="utf-8")
                page_list.append(Page(o.name, o.title, o.html))
            page_list = page_order(page_list)
            if keep:
                for f in published:
                    shutil.copyfile(dest / f, tmp / f)
                log.append("保留 tables.xlsx 与月报：未变化")
            elif with_monthly:
                from . import word

                monthly = [p for p in page_list if registry.page_for(registry.stem_of(p.name)).monthly]
                publish.publish(period, monthly, bundle.manifest, {p.stem: v for p, v in cfg.every.items()},
                                tmp, pdf)
                word.write_docx(res, tmp / "月报.docx")
                log.append("生成 tables.xlsx 与月报（网页、PDF、Word）")
            else:
                log.append("生成 tables.xlsx；月报未生成（页面不全）")
            manifest["notebooks"] = [{"name": p.name, "title": p.title} for p in page_list]
            (tmp / "index.html").write_text(pages_mod.period_index(period, page_list, bundle.manifest,
                                                                   bool(scenario_files), (tmp / "月报.html").exists(),
                                                                   res["efficiency"] is not None),
                                            encoding="utf-8")
            (tmp / "build.log").write_text("\n".join(log) + "\n", encoding="utf-8")
            # the manifest last, with the hash of every file beside it: a file reused later is checked first
            manifest["files"] = incremental.files_record(tmp)
            (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2,
                                                          sort_keys=True) + "\n", encoding="utf-8")


def _run_pages(tasks, tmp: Path, runner, say):
    """Run the pages that must run, on the chosen executor, reporting each as it starts and ends."""
    from dataclasses import replace

    if not tasks:
        return []
    tasks = [replace(t, out_path=str(tmp / f"{t.name}.ipynb")) for t in tasks]

    def done(o):
        if o.error:
            say("fail", o.name, o.error.splitlines()[0])
        else:
            say("done", o.name, f"{o.seconds:.1f} 秒")

    return runner.run(tasks, on_start=lambda n: say("run", n, "运行中"), on_done=done)


def build_all(root: Path | None = None, *, params: dict | None = None, jobs: int | None = None,
              scheduler: str | None = None, force: bool = False, progress=None, runner=None) -> list[Path]:
    """``analysis build --all``: every period with data (and the scenario page), pages run on one
    executor for the whole run (a Dask cluster is started once).  Every period is attempted; the
    failures are reported together at the end."""
    from . import runners

    root = Path(root or paths.project_root()).resolve()
    say = progress or (lambda kind, name, text="": None)
    own = runner is None
    runner = runner or runners.runner_for(jobs, scheduler, dask=True)
    built, failed = [], []
    try:
        if hasattr(runner, "open"):
            runner.open()
        for period in sources.periods_with_data(root):
            say("info", "", f"期间 {period}")
            try:
                built.append(build(period, root, params=params, force=force, progress=progress, runner=runner))
            except AnalysisError as e:
                failed.append(f"{period}：{e}")
                say("fail", period, str(e).splitlines()[0])
    finally:
        if own and hasattr(runner, "close"):
            runner.close()
    if failed:
        raise BuildError("以下期间生成失败 / periods failed:\n" + "\n".join(f"- {f}" for f in failed))
    return built


def batch(workspaces: list[Path], *, params: dict | None = None, jobs: int | None = None,
          scheduler: str | None = None, force: bool = False, progress=None) -> list[Path]:
    """``analysis batch WS…``: ``build --all`` in each zone's workspace (a folder with its own
    ``data/raw``; the package's notebooks are copied in when it has none), on one executor."""
    from . import runners

    say = progress or (lambda kind, name, text="": None)
    runner = runners.runner_for(jobs, scheduler, dask=True)
    out, failed = [], []
    try:
        if hasattr(runner, "open"):
            runner.open()
        for ws in workspaces:
            ws = Path(ws).resolve()
            if not (ws / "data" / "raw" / "targets").is_dir():
                failed.append(f"{ws}：不是工作区（缺少 data/raw/targets）/ not a workspace")
                continue
            if not (ws / "notebooks").is_dir():
                shutil.copytree(paths.notebooks_dir(paths.project_root()), ws / "notebooks",
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "explore"))
            (ws / "data" / "processed").mkdir(parents=True, exist_ok=True)
            say("info", "", f"工作区 {ws.name}")
            try:
                out += build_all(ws, params=params, force=force, progress=progress, runner=runner)
            except AnalysisError as e:
                failed.append(f"{ws.name}：{e}")
    finally:
        if hasattr(runner, "close"):
            runner.close()
    if failed:
        raise BuildError("以下工作区生成失败 / workspaces failed:\n" + "\n".join(f"- {f}" for f in failed))
    return out


def build_scenarios(files: list[Path], root: Path | None = None, output: Path | None = None,
                    with_notebooks: bool = False, period: str | None = None, locked: bool = False,
                    force: bool = False) -> Path:
    """One comparison page for the given scenario files (``reports/scenarios/`` by default).

    The files and the catalogue are copied into the output's ``inputs/`` so the page records exactly
    what it compared; with ``with_notebooks`` the 60_scenarios notebook also runs once per file.
    """
    from . import config, headline, pages

    root = Path(root or paths.project_root()).resolve()
    if not locked:
        config.check_font_setting()
        with sources.build_lock(root):
            return build_scenarios(files, root, output, with_notebooks, period, locked=True, force=force)
    files = [Path(f).resolve() for f in files]
    from .catalogue import load_catalogue

    cat = load_catalogue(paths.targets_file(root))
    report_file = paths.raw_dir(root) / "report.yaml"
    basis = headline.load_settings(report_file, [i.id for i in cat.monthly()])["share_basis"]
    model = scenarios_mod.Model.from_catalogue(cat, basis)
    scenarios_mod.refuse_bad_files(model, files)            # every bad file named, before anything runs
    loaded = [scenarios_mod.load_scenario(f) for f in files]
    dest = Path(output).resolve() if output else paths.reports_dir(root) / "scenarios"
    key = _scenarios_key(files, root, basis, with_notebooks, period)
    if not force and (dest / "index.html").exists() and _read(dest / ".key") == _scenario_seal(key, dest):
        return dest                      # same files, targets, settings, code and page bytes: it stands
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
            period = period or sources.default_period(root)
            sources.prepare(period, root)
            bundle = sources.load(period, paths.processed_dir(root), lab=False)
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
        (tmp / ".key").write_text(_scenario_seal(key, tmp) + "\n", encoding="utf-8")
    return dest


def _scenario_seal(key: str, folder: Path) -> str:
    """The comparison page's key and the SHA-256 of every file of it (a deleted notebook is made again)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".key")
    return "\n".join([key] + [f"{sources.file_sha256(p)}  {p.relative_to(folder).as_posix()}" for p in files])


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _scenarios_key(files, root: Path, basis: str, with_notebooks: bool, period) -> str:
    """The comparison page's key: the scenario files, the targets, the share basis, the notebooks and code."""
    import hashlib

    from .incremental import source_hash

    h = hashlib.sha256()
    for f in [*files, paths.targets_file(root), paths.notebooks_dir(root) / "scenarios" / "compare.ipynb",
              paths.notebooks_dir(root) / "60_scenarios.ipynb"]:
        h.update(Path(f).name.encode() + b"\0" + (Path(f).read_bytes() if Path(f).exists() else b"") + b"\n")
    h.update(f"{basis}|{with_notebooks}|{period}|{source_hash()}|{sources.library_versions()}".encode())
    return h.hexdigest()


