"""The ``analysis`` command (also ``python -m analysis``).

    analysis build [--period 2025-06] [--notebook 10_growth …] [-p name=value …] [--jobs N] [--force] [--quiet]
    analysis build --all [--jobs N] [--scheduler tcp://HOST:8786]
    analysis batch WORKSPACE … [--jobs N] [--scheduler tcp://HOST:8786]
    analysis template --period 2025-06 [--output PATH]
    analysis template --projects [--output PATH]
    analysis template --supervision [--output PATH]
    analysis validate [--period 2025-06]
    analysis targets [--format csv|json|table]
    analysis import-targets FILE.docx|FILE.xlsx … [--output PATH] [--force]
    analysis parse-values [FILE --column 指标值 [--indicator-column 三级指标] [--level2-column 二级指标]] [--year 2025] < values.txt
    analysis audit [--json]
    analysis scenarios [a.yaml b.yaml …] [--output DIR] [--notebooks]
    analysis demo
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import yaml

from . import paths
from .errors import AnalysisError, InputError, ParameterError


def _period(text: str | None) -> str | None:
    """A --period argument, checked before anything runs (YYYY-MM, 2000–2100)."""
    if text is None:
        return None
    from .period import Period           # not growth: that imports pandas, and the unchanged rebuild needs none

    try:
        year = Period.parse(text).year
    except ValueError as e:
        raise ParameterError(str(e)) from None
    if not 2000 <= year <= 2100:
        raise ParameterError(f"期间年份不合理：{text} / period year out of range")
    return text


def _param(text: str) -> tuple[str, object]:
    if "=" not in text:
        raise ParameterError(f"参数应写成 名称=值，收到 {text!r} / expected name=value")
    name, value = text.split("=", 1)
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        raise ParameterError(f"参数 {name.strip()} 的值无法解析：{value!r} / cannot parse value") from None
    if isinstance(parsed, str):
        try:
            parsed = float(parsed)  # 1e9, which YAML 1.1 reads as text
        except ValueError:
            pass
    return name.strip(), parsed


def _progress(quiet: bool):
    """One line per page: 运行中 / 完成（秒）/ 未变化，跳过 / 失败（原因）; with --quiet only failures."""
    words = {"run": "运行中", "done": "完成", "skip": "未变化，跳过", "fail": "失败"}

    def say(kind, name, text=""):
        if quiet and kind != "fail":
            return
        if kind == "info":
            print(text, flush=True)
        elif kind in ("done", "fail"):
            print(f"  {name}：{words[kind]}（{text}）", flush=True)
        else:
            print(f"  {name}：{words[kind]}", flush=True)

    return say


def cmd_build(args) -> int:
    pairs = [_param(p) for p in args.param or []]
    names = [n for n, _ in pairs]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ParameterError(f"参数 {', '.join(twice)} 给了不止一次，无法确定用哪个值 / parameter given twice")
    params = dict(pairs)
    if args.jobs is not None and args.jobs < 1:
        raise ParameterError(f"--jobs 应为正整数，收到 {args.jobs} / --jobs must be at least 1")
    started = time.perf_counter()
    progress = _progress(args.quiet)

    if args.all:
        from .build import build_all

        if args.period or args.notebook:
            raise ParameterError("--all 不能与 --period 或 --notebook 同时使用 / --all builds every period")
        built = build_all(params=params, jobs=args.jobs, scheduler=args.scheduler, force=args.force,
                          progress=progress)
        print(f"已生成 {len(built)} 个期间 / periods built：{'、'.join(d.name for d in built)}"
              f"（{time.perf_counter() - started:.1f} 秒）")
        return 0
    dest = None
    if not args.force and not args.notebook:     # nothing changed: known from file hashes alone
        from .incremental import unchanged_report

        dest = unchanged_report(paths.project_root(), _period(args.period), params)
        if dest is not None:
            progress("info", "", "输入、参数与代码均未变化，报告保持不变")
    if dest is None:
        from .build import build

        dest = build(_period(args.period), notebooks=args.notebook, params=params, jobs=args.jobs,
                     scheduler=args.scheduler, force=args.force, progress=progress)
    if not args.quiet:
        print(f"合计用时 / total: {time.perf_counter() - started:.1f} 秒")
    print(f"简报已生成 / reports built: {dest / 'index.html'}")
    print(f"全部期间 / all periods: {dest.parent / 'index.html'}")
    report_quality(dest / "manifest.json")
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    for name, saved in sorted((manifest.get("notebook_edits") or {}).items()):
        shown = "，".join(f"{k}={v!r}" for k, v in saved.items())
        print(f"注意 / note: 笔记本 {name} 的参数单元格保存了修改（{shown}），正式构建未采用，按默认值生成；"
              "如需正式采用，请用 -p 指定或写成情景文件", file=sys.stderr)
    dropped = manifest.get("dropped_pages")
    if dropped:
        print(f"注意 / note: 输入数据或参数已变化，未重新生成的页面已移除：{'、'.join(dropped)}；"
              "请运行完整构建（不加 --notebook）以得到一致的全部简报", file=sys.stderr)
    return 0


def cmd_batch(args) -> int:
    from .build import batch

    started = time.perf_counter()
    progress = _progress(args.quiet)
    built = batch([Path(w) for w in args.workspaces], jobs=args.jobs, scheduler=args.scheduler, force=args.force,
                  progress=progress)
    print(f"已生成 {len(built)} 个期间报告 / period reports built（{time.perf_counter() - started:.1f} 秒）")
    return 0


def report_quality(manifest_path: Path) -> None:
    """Print the data-quality warnings this build accepted (they are on the report's index too)."""
    from .text import terminal_text

    found = json.loads(manifest_path.read_text(encoding="utf-8")).get("quality", [])
    if found:
        print(f"数据质量提示 {len(found)} 条 / data-quality warnings（已列入简报目录页“数据质量”一节）：", file=sys.stderr)
        for f in found:
            where = "，".join(x for x in (f["file"], f"第 {f['row']} 行" if f.get("row") else "",
                                           f"列 {f['column']}" if f.get("column") else "") if x)
            print(terminal_text(f"  - {where}：{f['message']}"), file=sys.stderr)


def cmd_template(args) -> int:
    from .actuals import write_template

    if args.projects:
        from . import projects

        out = Path(args.output) if args.output else paths.raw_dir() / "projects" / "projects.xlsx"
        _check_output(out, args.force)
        projects.write_template(_catalogue(), out)
        print(f"项目台账模板已写入 / project ledger template written: {out}")
        return 0
    if args.supervision:
        from . import headline, supervision

        out = Path(args.output) if args.output else paths.raw_dir() / "supervision" / "supervision.xlsx"
        _check_output(out, args.force)
        report = headline.load_settings(paths.raw_dir() / "report.yaml")
        supervision.write_template(out, report["units"])
        print(f"督办事项台账模板已写入 / supervision ledger template written: {out}")
        return 0
    if not args.period:
        raise ParameterError("请用 --period 指定月份（如 --period 2025-06），或用 --projects 生成项目台账模板"
                             " / --period or --projects is required")
    period = _period(args.period)
    out = Path(args.output) if args.output else paths.raw_dir() / "actuals" / f"{period}.xlsx"
    _check_output(out, args.force)
    write_template(_catalogue(), period, out)
    print(f"模板已写入 / template written: {out}")
    return 0


def _catalogue():
    """The targets with the 市下达 figures of the report settings (so the template asks for them too)."""
    from .catalogue import load_catalogue, with_city_targets
    from .headline import load_settings

    cat = load_catalogue(paths.targets_file())
    return with_city_targets(cat, load_settings(paths.raw_dir() / "report.yaml", [i.id for i in cat.monthly()]))


def _check_output(out: Path, force: bool) -> None:
    if out.suffix.lower() != ".xlsx" or out.is_dir():
        raise ParameterError(f"模板是 Excel 工作簿，输出文件名应以 .xlsx 结尾：{out} / output must be an .xlsx file")
    if out.exists() and not force:
        raise ParameterError(f"文件已存在：{out}（加 --force 覆盖）/ file exists, use --force")


def cmd_validate(args) -> int:
    from .sources import build_lock, default_period, prepare, require_period, require_target_year

    with build_lock(paths.project_root()):   # never rewrite processed data under a running build
        period = _period(args.period) or default_period()
        require_target_year(period, paths.project_root())
        new = not (paths.processed_dir() / period).exists()
        dest = prepare(period)
        require_period(dest, period, made_here=new)
    from .text import terminal_text

    report_quality(dest / "manifest.json")
    bad = json.loads((dest / "manifest.json").read_text(encoding="utf-8")).get("scenario_problems") or []
    if bad:
        print(f"月度数据与台账校验通过，但 {len(bad)} 个情景文件有错误（不影响月报，情景比较页不会更新）/ "
              "bad scenario files:", file=sys.stderr)
        for line in bad:
            print(terminal_text(f"  - {line}"), file=sys.stderr)
        return 2
    print(f"数据校验通过 / inputs valid: {dest}")
    return 0


def cmd_targets(args) -> int:
    """The economic targets and the 项目绩效目标表 (预算数 and every indicator with its parsed value).
    csv/json: one table, its first column 表 saying which part a row belongs to."""
    import pandas as pd

    from .budget import project_table
    from .catalogue import load_catalogue

    cat = load_catalogue(paths.targets_file())
    df, projects = cat.table(), project_table(cat.budget_projects, paths.targets_file().stem)
    df["年份"] = df["年份"].astype("Int64")
    if args.format in ("csv", "json"):
        both = pd.concat([df.assign(表="经济目标"), projects.assign(表="项目绩效目标")], ignore_index=True)
        both = both[["表"] + [c for c in both.columns if c != "表"]]
        if args.format == "csv":
            both.to_csv(sys.stdout, index=False, lineterminator="\n")
        else:
            print(both.to_json(orient="records", force_ascii=False, indent=1))
    else:
        with_cols = ["id", "中文名", "数值", "单位", "增幅%", "隐含基期", "占比%", "隐含总量"]
        print(df[with_cols].to_string(index=False))
        print()
        print(projects[["项目名称", "三级指标", "指标值", "类型", "运算符", "数值", "单位"]].to_string(index=False))
    return 0


def cmd_import_targets(args) -> int:
    """Import 项目绩效目标表 / 自评表 (docx, xlsx) into ``data/raw/targets/<year>.projects.yaml``."""
    from . import importer
    from .catalogue import projects_file

    files = [Path(f) for f in args.files]
    out = Path(args.output) if args.output else projects_file(paths.targets_file())
    if out.exists() and not args.force:
        raise ParameterError(f"{out} 已存在；核对后用 --force 覆盖 / exists, use --force to overwrite")
    imported = importer.import_files(files)
    importer.drop_known(imported, _catalogue_codes())
    for line in imported.problems:
        print(f"  - {line}", file=sys.stderr)
    if not imported.projects:
        raise InputError(files[0] if len(files) == 1 else None,
                         problem="没有读到任何项目绩效目标表 / no project table found",
                         expected="含“项目名称”、预算数和“一级指标 / 二级指标 / 三级指标 / 指标值”表头的表格")
    importer.write_yaml(imported, out, files)
    checked = importer.check_scores(imported, paths.targets_file().stem)
    if checked:
        print("自评得分复核（按 METHODS §4 的评分规则重算表中各行）/ published scores rechecked:")
        print("\n".join(f"  {line}" for line in checked))
    n = sum(len(p["indicators"]) for p in imported.projects)
    print(f"已导入 {len(imported.projects)} 个项目、{n} 个指标 / imported: {out}"
          + (f"；{len(imported.problems)} 处需要核对（见上）" if imported.problems else ""))
    return 0


def _catalogue_codes() -> set[str]:
    """The 项目编码 the targets file itself already holds (an imported project may not repeat one)."""
    from .validation import load_yaml

    raw = load_yaml(paths.targets_file(), "目标目录文件")
    return {str(p.get("code")) for p in (raw or {}).get("budget_projects") or [] if isinstance(p, dict)}


def cmd_parse_values(args) -> int:
    """One JSON line per 指标值: from stdin (one value per line) or from a column of an xlsx/CSV file."""
    from .budget import parse_value

    years = paths.target_years()
    year = args.year if args.year is not None else (int(years[-1]) if years else None)
    if year is not None and not 2000 <= year <= 2100:
        raise ParameterError(f"--year 年份不合理：{year} / year out of range")
    if args.file:
        for row, text, context in _value_column(Path(args.file), args.column, args.indicator_column,
                                                args.level2_column):
            rec = parse_value(text, **context, year=year).record()
            print(json.dumps({"row": row, **rec}, ensure_ascii=False))
        return 0
    if args.column or args.indicator_column or args.level2_column:
        raise ParameterError("--column 等选项需要同时给出文件 / --column needs a FILE")
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        if text.strip():
            print(json.dumps(parse_value(text, year=year).record(), ensure_ascii=False))
    return 0


def _value_column(path: Path, column: str | None, indicator: str | None, level2: str | None):
    """(row number, value, context) for each non-blank cell of ``column``; a date-typed Excel cell is
    passed on as a date cell (the only case where a five-digit serial is a date outside 时效 rows)."""
    import datetime as dt

    from . import rawio

    if not column:
        raise ParameterError("读取文件时请用 --column 指定指标值所在列 / --column is required with a FILE")
    wanted = [c for c in (column, indicator, level2) if c]
    _, _, rows = rawio.records(path, wanted, wanted)
    for n, cells in rows:
        v = cells.get(column, "")
        if v in ("", None):
            continue
        date_cell = isinstance(v, (dt.date, dt.datetime))
        text = v.strftime("%Y-%m-%d") if date_cell else (f"{v:g}" if isinstance(v, float) else str(v))
        yield n, text, {"indicator": str(cells.get(indicator, "") or "") if indicator else "",
                        "level2": str(cells.get(level2, "") or "") if level2 else "", "date_cell": date_cell}


def cmd_audit(args) -> int:
    from . import audit
    from .catalogue import load_catalogue

    findings = audit.run(load_catalogue(paths.targets_file()))
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        return 0
    for f in findings:
        print(f"[{audit.SEVERITY_ZH[f.severity]}] {f.check}｜{f.subject}\n    算式：{f.arithmetic}\n    说明：{f.explanation}")
    counts = {k: sum(f.severity == k for f in findings) for k in audit.SEVERITY_ORDER}
    print(f"共 {len(findings)} 条：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")
    return 0


def cmd_scenarios(args) -> int:
    from .build import build_scenarios

    from .scenarios import scenario_files

    files = args.files or scenario_files(paths.raw_dir() / "scenarios")
    if not files:
        raise AnalysisError("没有情景文件 / no scenario files")
    dest = build_scenarios(files, output=args.output, with_notebooks=args.notebooks, period=_period(args.period))
    print(f"情景比较已生成 / comparison built: {dest / 'index.html'}")
    return 0


def cmd_demo(args) -> int:
    from .demo import write_demo

    for path in write_demo(paths.project_root()):
        print(f"示例数据 / demo data: {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="analysis", description="魏县经济开发区 2025 年绩效目标分析与简报")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="生成某月简报 / build a period's reports")
    b.add_argument("--period", help="期间 YYYY-MM，默认为有数据的最新月份")
    b.add_argument("--notebook", action="append", help="只运行指定笔记本（可重复）")
    b.add_argument("-p", "--param", action="append", help="笔记本参数 名称=值（可重复）")
    b.add_argument("--jobs", type=int, default=None,
                   help=f"同时运行的笔记本数，默认为 CPU 核数（本机 {os.cpu_count()}）；1 为逐个运行")
    b.add_argument("--scheduler", default=None,
                   help="在已有的 Dask 集群上运行，如 tcp://HOST:8786（也可设 DASK_SCHEDULER_ADDRESS）")
    b.add_argument("--force", action="store_true", help="忽略缓存，全部重新生成")
    b.add_argument("--quiet", action="store_true", help="只输出错误和结果位置")
    b.add_argument("--all", action="store_true", help="生成所有有数据的期间（默认在本机启动 Dask 集群并行运行）")
    b.set_defaults(func=cmd_build)

    w = sub.add_parser("batch", help="为多个开发区工作区生成全部期间 / build several zone workspaces")
    w.add_argument("workspaces", nargs="+", help="工作区目录（各自含 data/raw）")
    w.add_argument("--jobs", type=int, default=None, help="Dask 本地集群的进程数，默认为 CPU 核数；1 为逐个运行")
    w.add_argument("--scheduler", default=None, help="已有 Dask 集群地址，如 tcp://HOST:8786")
    w.add_argument("--force", action="store_true", help="忽略缓存，全部重新生成")
    w.add_argument("--quiet", action="store_true", help="只输出错误")
    w.set_defaults(func=cmd_batch)

    t = sub.add_parser("template", help="生成月度数据或项目台账填报模板 / write an Excel template")
    t.add_argument("--period")
    t.add_argument("--projects", action="store_true", help="生成项目台账模板（含下拉选项和填表说明）")
    t.add_argument("--supervision", action="store_true", help="生成督办事项台账模板（含下拉选项和填表说明）")
    t.add_argument("--output")
    t.add_argument("--force", action="store_true")
    t.set_defaults(func=cmd_template)

    v = sub.add_parser("validate", help="只校验输入数据 / validate inputs")
    v.add_argument("--period")
    v.set_defaults(func=cmd_validate)

    g = sub.add_parser("targets", help="列出目标目录 / print the targets catalogue")
    g.add_argument("--format", choices=("csv", "json", "table"), default="table")
    g.set_defaults(func=cmd_targets)

    pv = sub.add_parser("parse-values", help="逐条解析指标值，输出 JSON 行 / parse 指标值 strings to JSON lines")
    pv.add_argument("file", nargs="?", help="xlsx 或 CSV 文件；省略时从标准输入逐行读取")
    pv.add_argument("--column", help="指标值所在列的列名")
    pv.add_argument("--indicator-column", help="三级指标名称所在列（单位只写在名称里时取用）")
    pv.add_argument("--level2-column", help="二级指标所在列（时效指标中的五位数按 Excel 日期读取）")
    pv.add_argument("--year", type=int, help="预算年度：只写月份的时限（12月底前）按此年份补全；默认取目标文件的年份")
    pv.set_defaults(func=cmd_parse_values)

    it = sub.add_parser("import-targets", help="导入项目支出绩效目标表或自评表（Word/Excel）/ import project tables")
    it.add_argument("files", nargs="+", help=".docx 或 .xlsx 文件，可一次给多个")
    it.add_argument("--output", help="输出 YAML，默认 data/raw/targets/<年份>.projects.yaml")
    it.add_argument("--force", action="store_true", help="覆盖已有的导入文件")
    it.set_defaults(func=cmd_import_targets)

    a = sub.add_parser("audit", help="目标口径核查 / consistency audit of the catalogue")
    a.add_argument("--json", action="store_true", help="以 JSON 输出")
    a.set_defaults(func=cmd_audit)

    sc = sub.add_parser("scenarios", help="情景比较页 / compare scenario files")
    sc.add_argument("files", nargs="*", help="情景 YAML 文件，默认 data/raw/scenarios/*.yaml")
    sc.add_argument("--output", help="输出目录，默认 reports/scenarios")
    sc.add_argument("--notebooks", action="store_true", help="同时为每个情景运行 60_scenarios 笔记本")
    sc.add_argument("--period", help="运行 60_scenarios 时使用的期间")
    sc.set_defaults(func=cmd_scenarios)

    d = sub.add_parser("demo", help="重新生成示例数据 / regenerate demo data")
    d.set_defaults(func=cmd_demo)

    return p


def log_internal_error() -> Path:
    """Write the traceback of an unexpected error to a log file (never to the user's terminal)."""
    import tempfile
    import traceback

    fd, name = tempfile.mkstemp(prefix="zone-analysis-error-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as f:
        f.write(traceback.format_exc())
    return Path(name)


def _free_space(where) -> str:
    import shutil

    for p in (Path(where), *Path(where).parents):
        try:
            return f"剩余 {shutil.disk_usage(p).free / 2**20:,.0f} MB"
        except OSError:
            continue
    return "剩余空间未知"


def own_code_or_refuse(root: Path | None = None, package: Path | None = None) -> None:
    """A project checkout (its root holds ``src/analysis``) builds with its own code.  A folder copied with
    its ``.venv`` imports the original checkout's package (an editable install points there): every
    build would then run code the folder does not hold, so it is refused, with the fix."""
    import analysis

    root = Path(root or paths.project_root()).resolve()
    package = Path(package or Path(analysis.__file__).parent).resolve()
    own = root / "src" / "analysis"
    if own.is_dir() and package != own.resolve():
        raise AnalysisError(f"本项目（{root}）正在使用另一个文件夹的程序（{package}），多半是连同 .venv 一起复制了项目。"
                            "请在本项目文件夹中运行 make setup 重新安装后再试 / this folder runs another checkout's "
                            "code: run make setup here")


class _ReaderMayLeave:
    """Standard output that outlives its reader: when ``analysis build | head`` stops reading, the rest of
    the output goes to the null device and the command carries on to the end (a build half done because
    nobody read its progress lines would be a lost report with no word said)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text):
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._to_null()
            return len(text)

    def flush(self):
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._to_null()

    def _to_null(self):
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())   # the interpreter's last flush goes there too
            os.close(null)
        except (OSError, ValueError, AttributeError):
            pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv=None) -> int:
    """Exit codes: 0 done; 2 bad input or parameter; 1 anything else (output not writable, a notebook
    failed, an internal defect).  No traceback reaches the terminal: a defect's goes to a log file."""
    stdout = sys.stdout
    sys.stdout = _ReaderMayLeave(stdout)
    try:
        return _main(argv)
    finally:
        sys.stdout = stdout


def _main(argv) -> int:
    args = parser().parse_args(argv)
    try:
        own_code_or_refuse()
        return args.func(args)
    except (InputError, ParameterError) as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 2
    except AnalysisError as e:
        print(f"错误 / error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断，报告未更改 / interrupted, reports unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:            # a pipe other than standard output went away: nothing useful to say
        return 1
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, errno.EDQUOT):   # a write() names no file: name the folder being written
            where = e.filename or paths.project_root()
            free = _free_space(where)
            print(f"错误 / error: 磁盘空间不足，无法写入 {where}（该磁盘{free}；请清理后重试，上一版报告未更改）/ "
                  "disk full", file=sys.stderr)
            return 1
        print(f"错误 / error: 无法读写文件 {e.filename or ''}：{e.strerror or e}（请检查路径和权限）", file=sys.stderr)
        return 1
    except Exception as e:  # a defect in the package: say so plainly, keep the details in a log
        log = log_internal_error()
        print(f"内部错误 / internal error: {type(e).__name__}。这是程序缺陷而不是输入数据的问题，报告未更改；"
              f"详细信息已写入 {log}，请把该文件发给维护人员。", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
