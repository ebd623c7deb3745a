"""Running notebooks: parameters checked before anything runs, papermill execution, normalised output.

* Parameters are checked against each notebook's ``parameters`` cell: an undeclared name or a value of
  the wrong type is a ParameterError, and every parameter is injected from ``analysis.parameters``
  unless the user gave it, so what someone saved in a notebook never reaches an official report.
* Executed notebooks are normalised (no timestamps, fixed cell ids) so rebuilding with the same inputs
  gives byte-identical files; any stderr or error output fails the build, and the failed notebook is
  kept in ``build/failed/`` for inspection.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import parameters, paths
from .errors import BuildError, ParameterError

TYPE_NAMES = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,),
              "list": (list, tuple), "dict": (dict,)}


def list_notebooks(root: Path | None = None) -> list[Path]:
    return sorted(p for p in paths.notebooks_dir(root).glob("*.ipynb") if not p.name.startswith("."))


def notebook_title(nb) -> str:  # nb: an nbformat NotebookNode
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "未命名简报"


def declared_parameters(path: Path) -> dict:
    """Names, types, defaults and help of the notebook's ``parameters`` cell, as papermill's
    ``inspect_notebook`` gives them (a test keeps the two equal), read with ``json`` and ``ast``: the
    notebook is not loaded through nbformat, whose schema checks cost seconds at import, so a build with
    nothing to run stays fast."""
    import ast
    import json

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cell = next((c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        raise ParameterError(f"笔记本 {Path(path).name} 没有标记为 parameters 的单元格 / no parameters cell")
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    lines = source.splitlines()
    out = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, kind = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, kind = node.targets[0].id, "None"
        else:
            continue
        line = lines[node.lineno - 1]
        comment = line.split("#", 1)[1].strip() if "#" in line[node.value.end_col_offset:] else ""
        out[name] = {"name": name, "inferred_type_name": kind, "default": ast.get_source_segment(source, node.value),
                     "help": comment}
    return out


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
            root: Path | None = None, label: str = "", warm_next: bool = False):
    """Run one notebook with papermill; on failure keep it in ``build/failed/<label>/`` and say where.

    The notebook runs in the process's spare kernel when there is one for its folder
    (:mod:`analysis.kernels`), else in a new kernel; with ``warm_next`` a spare for the next page is
    started as soon as this one has run."""
    import os

    import nbformat
    import papermill as pm

    from . import kernels

    check_parameters(path, params)
    os.environ["ANALYSIS_BUILD"] = "1"  # the kernel inherits it: the page shell shows the demo banner
    kept_name = f"{label}/{path.name}" if label else path.name
    folder = Path(cwd or path.parent)
    km = kernels.take(folder)
    try:
        # saved once at the end, not after every cell (papermill's default re-writes it per cell)
        pm.execute_notebook(str(path), str(out_path), parameters=params, cwd=str(folder),
                            kernel_name=kernels.KERNEL_NAME, progress_bar=False, log_output=False,
                            request_save_on_cell_execute=False, extra_arguments=list(kernels.KERNEL_ARGS),
                            **({"km": km} if km is not None else {}))
    except pm.PapermillExecutionError as e:
        kept = keep_failed(out_path, kept_name, root)
        where = f"；出错的笔记本已保存到 {kept}，打开后搜索“Execution using papermill encountered an exception”可定位" \
            if kept else ""
        raise BuildError(f"笔记本 {path.name} 执行失败（第 {e.exec_count} 个单元格）/ notebook failed: "
                         f"{e.ename}: {_first_line(e.evalue)}{where}") from None
    finally:
        kernels.shutdown(km)
        if warm_next:
            kernels.start(folder)
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


