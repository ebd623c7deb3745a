"""Import 项目支出绩效目标表 and 绩效自评表 as finance offices publish them (Word and Excel) into the
catalogue's ``budget_projects`` form (METHODS §4).

``analysis import-targets FILE.docx|FILE.xlsx …`` writes ``data/raw/targets/<year>.projects.yaml``, which
:func:`analysis.catalogue.load_catalogue` reads beside ``<year>.yaml``.

What is read, in every table of a Word file and every sheet of a workbook:

* merged cells (the value of the merged range in each of its cells), and 一级/二级指标 labels printed only
  on the first row of their group (carried down);
* the project's 项目名称 and 项目编码 (a label cell and the value to its right);
* the 预算数 block in either layout: labels with the value to their right (``年度资金总额 | 350``), or a
  header row (年初预算数 | 全年预算数 | 全年执行数 …) over value rows labelled 年度资金总额 / 财政资金 /
  其他资金;
* 资金支出计划: month labels (3月, 6月底 …) over percentages, or ``3月底前支出30%`` in one cell;
* the indicator table under its header row (一级指标 | 二级指标 | 三级指标 | 指标值 or 年度指标值 …), with the
  separate-cell layouts: an operator column (指标性质 / 计算符号: ≥ ≤ =), a 度量单位 column, an 指标方向性
  column (正向 → ≥, 反向 → ≤) and a 定量/定性 column; 实际完成值, 分值 and 得分 of a 自评表 are kept;
* several projects in one file (each table or sheet, or a new 项目名称 within one).

Nothing is guessed: every cell that cannot be read (an 指标值 the parser does not recognise, a row
without a 三级指标, a project without a 预算数) is reported with its file, table and row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import budget, rawio, units
from .errors import InputError
from .units import normalize_text


@dataclass
class Grid:
    name: str                   # "表2" (Word) or the sheet name
    rows: list[list[str]]       # cell text, merged ranges filled
    merged: dict = field(default_factory=dict)   # (row, column) filled from the row above → the merged range


@dataclass
class Imported:
    projects: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- reading the files into grids
def _text(v) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD, invisible characters removed."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return str(rawio.clean_text(v)).strip()


def xlsx_grids(path: Path) -> list[Grid]:
    """Every sheet, read as the other inputs are (:func:`analysis.rawio.cell_value`: a percent cell shows
    its %, a unit in the number format is kept, a format that rescales the number is refused), with each
    merged range's value in all of its cells."""
    wb = rawio.open_workbook(path, data_only=True, read_only=False)
    grids = []
    for ws in wb.worksheets:
        try:
            rows = [[_text(rawio.cell_value(c)) for c in row] for row in ws.iter_rows()]
        except rawio.CustomFormat as e:
            raise InputError(path, sheet=ws.title, problem=f"单元格使用了改变数值大小或单位的自定义格式（{e}）"
                             " / custom number format changes the value",
                             expected="把这些单元格设为“常规”或“数值”格式") from None
        merged = {}
        for rng in ws.merged_cells.ranges:
            value = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(rows) else ""
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                        rows[r - 1][c - 1] = value
                        if r > rng.min_row:
                            merged[(r - 1, c - 1)] = rng.coord
        grids.append(Grid(ws.title, rows, merged))
    return grids


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the old binary Office container (also an encrypted .docx)


def docx_problem(path: Path) -> str:
    """Why a .docx would not open, in words a clerk can act on (python-docx only says PackageNotFoundError)."""
    try:
        head = Path(path).read_bytes()[:8]
    except OSError as e:
        return f"无法读取（{e.strerror or e}）"
    if not head:
        return "文件是空的（0 字节），请重新保存或重新下载"
    if head == OLE_MAGIC:
        return "文件设置了打开密码，或是旧版 .doc 格式：请在 Word 中去掉密码（文件 → 信息 → 保护文档）或另存为 .docx 后再导入"
    if not head.startswith(b"PK"):
        return "不是 Word 文档（内容不是 .docx 格式，可能只是改了扩展名）"
    return "文件已损坏或不完整，请在 Word 中打开并重新保存"


def docx_grids(path: Path) -> list[Grid]:
    try:
        import docx
    except ImportError:
        raise InputError(path, problem="读取 Word 文件需要 python-docx（运行 make setup 安装）/ python-docx missing") from None
    try:
        doc = docx.Document(str(path))
    except Exception:  # noqa: BLE001
        raise InputError(path, problem=f"无法打开 Word 文件：{docx_problem(path)} / cannot open document",
                         expected="Word 2007 及以上的 .docx 文件（.doc 请先另存为 .docx）") from None
    grids = []
    for n, table in enumerate(doc.tables, start=1):
        rows = []
        for row in table.rows:
            rows.append([c.text.strip() for c in row.cells])   # a merged cell repeats across its columns
        merged = _fill_vertical_merges(table, rows)
        grids.append(Grid(f"表{n}", rows, merged))
    return grids


def _fill_vertical_merges(table, rows: list[list[str]]) -> None:
    """Word's vertically merged cells (``w:vMerge``) hold their text in the first row only: filled down,
    and each filled cell returned with the rows of its merge."""
    from docx.oxml.ns import qn

    merged = {}
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            vm = cell._tc.tcPr.find(qn("w:vMerge")) if cell._tc.tcPr is not None else None
            if vm is not None and vm.get(qn("w:val")) in (None, "continue") and r > 0 and not rows[r][c]:
                rows[r][c] = rows[r - 1][c]
                start = merged.get((r - 1, c), (r, r))[0] if (r - 1, c) in merged else r
                merged[(r, c)] = (start, r + 1)
    return {k: f"第 {a}–{b} 行" for k, (a, b) in merged.items()}


def grids(path: Path) -> list[Grid]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_grids(path)
    if suffix in (".xlsx", ".xlsm"):
        return xlsx_grids(path)
    raise InputError(path, problem=f"不支持的文件类型 {suffix or '（无扩展名）'} / unsupported file type",
                     expected=".docx 或 .xlsx（.doc / .xls 请先另存为新格式）")


# ---------------------------------------------------------------- finding things in a grid
def _key(s: str) -> str:
    return rawio.loose_name(normalize_text(s))


HEADERS = {  # column role → header words (normalised, without brackets), most specific first
    "level1": ("一级指标",), "level2": ("二级指标",), "level3": ("三级指标", "指标名称", "绩效指标"),
    "operator": ("指标性质", "计算符号", "符号", "比较符"), "unit": ("度量单位", "计量单位", "单位"),
    "direction": ("指标方向性", "指标方向", "方向"), "quality": ("指标类型", "定量定性", "定性定量"),
    "value": ("年度指标值", "指标值", "目标值", "年度目标值", "预期目标值"),
    "actual": ("实际完成值", "全年实际值", "实际值", "完成值"),
    "points": ("分值", "权重"), "score": ("得分",), "reason": ("偏差原因分析及改进措施", "偏差原因"),
}
BUDGET_LABELS = {"年初预算数": "budget", "全年预算数": "full_year_budget", "全年执行数": "executed",
                 "年度资金总额": "total", "资金总额": "total", "项目总预算": "total", "财政资金": "fiscal_funds",
                 "财政拨款": "fiscal_funds", "本年财政拨款": "fiscal_funds", "当年财政拨款": "fiscal_funds",
                 "其他资金": "other_funds", "上年结转资金": "carried_over"}
OPERATOR_CELLS = {"≥": "≥", ">=": "≥", "≧": "≥", "大于等于": "≥", "≤": "≤", "<=": "≤", "≦": "≤", "小于等于": "≤",
                  ">": ">", "大于": ">", "<": "<", "小于": "<", "=": "=", "等于": "=", "＝": "="}
DIRECTIONS = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤"}


def _header_map(row: list[str]) -> dict[str, int] | None:
    """The indicator table's header: column of each role, or None when the row is not one."""
    keys = [_key(c) for c in row]
    found: dict[str, int] = {}
    for exact in (True, False):          # 三级指标 before the alias 绩效指标; 指标值 before 指标值设定依据
        for role, words in HEADERS.items():
            if role in found:
                continue
            for w in words:
                j = next((j for j, k in enumerate(keys) if j not in found.values() and
                          (k == w if exact else role in ("value", "actual", "reason") and k.startswith(w))), None)
                if j is not None:
                    found[role] = j
                    break
    if "level3" in found and "value" in found:
        return found
    return None


def _amount(s: str, factor: float = 1.0) -> float | None:
    """A 预算数 cell in 万元: a typed unit is converted (3.5亿元, 3500000元); a bare number is in the unit
    of its label or block (``factor``: 1/10000 under （元））; None for anything that is not money."""
    try:
        q = units.parse_quantity(s)
        if q is None:
            return None
        return units.convert(q.value, q.unit, "万元") if q.unit else q.value * factor
    except units.UnitError:
        return None


ROW_LABELS = {"项目名称", "项目编码", "项目代码", "项目编号", "主管部门", "实施单位", "预算单位", "项目负责人", "联系电话",
              "项目类别", "项目属性", "项目期限", *BUDGET_LABELS}


def _right(row: list[str], j: int) -> str:
    """The value right of the label in cell ``j``: skip the label's own merged copies and empty cells,
    but stop at the next label (a blank 项目编码 is blank, not the 主管部门 printed after it)."""
    label = row[j]
    for c in row[j + 1:]:
        if not c or c == label:
            continue
        return "" if _key(c) in ROW_LABELS else c
    return ""


def _budget_label(key: str) -> tuple[str | None, float]:
    """A 预算数 label and the factor into 万元 of the unit written in it (年度资金总额（元） → total, 1/10000)."""
    k = key.removeprefix("其中")
    for suffix, factor in (("万元", 1.0), ("元", 1 / 10000)):
        if k.endswith(suffix) and k[: -len(suffix)] in BUDGET_LABELS:
            return BUDGET_LABELS[k[: -len(suffix)]], factor
    return BUDGET_LABELS.get(k), 1.0


def _budget_cells(rows: list[list[str]], i: int, info: dict) -> None:
    """预算数 figures in row ``i``: a labelled number to the right, or a header row over value rows.  Figures
    are in 万元: a block headed 项目资金（元）, or a label with （元）, is converted."""
    row = rows[i]
    keys = [_key(c) for c in row]
    block = 1 / 10000 if any(re.fullmatch(r"(项目资金|资金|预算)(情况)?元", k) for k in keys) else info.get("_factor", 1.0)
    info["_factor"] = block
    labelled = {j: _budget_label(k) for j, k in enumerate(keys)}
    columns = {j: lab for j, lab in labelled.items() if lab[0]}
    header_like = len({r for r, _ in columns.values()} & {"budget", "full_year_budget", "executed"}) >= 2
    if header_like:      # 年初预算数 | 全年预算数 | 全年执行数 over rows labelled 年度资金总额 / 财政资金 …
        for below in rows[i + 1:i + 6]:
            label = next((_budget_label(_key(c))[0] for c in below[:2] if _budget_label(_key(c))[0]), None)
            if label is None:
                break
            for j, (role, factor) in columns.items():
                v = _amount(below[j], factor * block) if j < len(below) else None
                if v is None:
                    continue
                if label == "total":
                    info.setdefault(role, v)
                elif role in ("budget", "full_year_budget") and label in ("fiscal_funds", "other_funds"):
                    info.setdefault(label, v)
        return
    for j, (role, factor) in labelled.items():
        if role:
            text = _right(row, j)
            v = _amount(text, factor * block)
            if v is not None:
                info.setdefault(role, v)
            elif text and re.search(r"\d", text):
                info.setdefault("_unread", []).append(f"{row[j]}“{text[:30]}”")


_MONTH = re.compile(r"(\d{1,2})月(?:底|末|份)?(?:前)?")


def _schedule(rows: list[list[str]], i: int) -> dict[str, float]:
    """资金支出计划 from row ``i`` on: ``3月底前支出30%`` in cells, or month labels over percentages."""
    out: dict[str, float] = {}
    for cell in rows[i]:
        for m in re.finditer(r"(\d{1,2})月(?:底|末)?(?:前)?[^0-9%]{0,8}?(\d+(?:\.\d+)?)%", normalize_text(cell)):
            out[f"{int(m.group(1)):02d}"] = float(m.group(2))
    if out or i + 1 >= len(rows):
        return out
    labels = {j: int(m.group(1)) for j, c in enumerate(rows[i]) if (m := _MONTH.fullmatch(_key(c)))}
    for j, month in labels.items():
        cell = normalize_text(rows[i + 1][j]) if j < len(rows[i + 1]) else ""
        m = re.fullmatch(r"(\d+(?:\.\d+)?)%?", cell)
        if m:
            out[f"{month:02d}"] = float(m.group(1))
    return out


def _assemble(cells: dict[str, str]) -> str:
    """One 指标值 from the separate-cell layouts: operator (or 正向/反向) + value + unit, unless the value
    cell already carries them."""
    value = cells.get("value", "")
    if not value:
        return ""
    norm = normalize_text(value)
    op = OPERATOR_CELLS.get(normalize_text(cells.get("operator", "")).strip(), "")
    if not op:
        op = DIRECTIONS.get(normalize_text(cells.get("direction", "")).strip(), "")
    numeric = re.fullmatch(r"\d+(?:\.\d+)?", norm) is not None
    unit = cells.get("unit", "").strip()
    if unit in ("/", "-", "—", "无"):
        unit = ""
    text = value
    if numeric and unit:
        text = value + ("%" if unit in ("%", "百分比") else unit)
    if op and re.match(r"\d", normalize_text(text)):
        text = op + text
    return text


LEVEL1_WORDS = ("产出", "效益", "满意度", "成本", "效果", "决策", "过程", "项目管理", "管理", "履职", "预算执行", "社会效益",
                "经济效益", "生态效益", "可持续")


def _short(text: str, n: int = 40) -> str:
    text = str(text).replace("\n", " ")
    return text if len(text) <= n else text[:n] + "…"


def read_grid(grid: Grid, source: str, out: Imported) -> None:
    """The projects in one grid (a Word table or a sheet)."""
    project: dict | None = None
    header: dict[str, int] | None = None
    level1 = level2 = ""
    rows = grid.rows

    def finish():
        if project is not None:
            _close(project, out, f"{source} {grid.name}")

    for i, row in enumerate(rows):
        if not any(row):
            continue
        keys = [_key(c) for c in row]
        if "项目名称" in keys:
            name = _right(row, keys.index("项目名称"))
            if project is None or (project.get("name") and name and (name != project["name"] or project["indicators"])):
                finish()
                project = {"name": "", "indicators": [], "_rows": {}}
                header, level1, level2 = None, "", ""
            project["name"] = name
            project["_rows"]["name"] = i + 1
        if project is None:
            project = {"name": "", "indicators": [], "_rows": {}}
        for label in ("项目编码", "项目代码", "项目编号"):
            if label in keys and not project.get("code"):
                project["code"] = _right(row, keys.index(label))
        if header is None and any(_budget_label(k)[0] or re.fullmatch(r"(项目资金|资金|预算)(情况)?元", k) for k in keys):
            _budget_cells(rows, i, project.setdefault("_budget", {}))
        if any(k.startswith("资金支出计划") for k in keys) and header is None:
            project["schedule_pct"] = _schedule(rows, i) or project.get("schedule_pct", {})
        found = _header_map(row)
        if found:
            header, level1, level2 = found, "", ""
            continue
        if header is None:
            continue
        if keys[0].startswith(("总分", "合计", "评价结论", "总体评价", "说明")) or "项目名称" in keys:
            header = None
            continue
        cells = {role: (row[j].strip() if j < len(row) else "") for role, j in header.items()}
        where = f"{source} {grid.name} 第 {i + 1} 行"
        filled = {c for c in row if c.strip()}
        if len(filled) == 1 and len([c for c in row if c.strip()]) > 2:     # one text merged across the row
            out.problems.append(f"{where}：整行为说明文字“{_short(next(iter(filled)))}”，未作为指标导入")
            continue
        if cells.get("level1"):
            if cells["level1"] != level1:
                level2 = ""                      # a new 一级指标 starts its own 二级 groups
            level1 = cells["level1"]
        if cells.get("level2"):
            level2 = cells["level2"]
        if not cells.get("level3") and not cells.get("value"):
            continue
        if not _key(level1).startswith(LEVEL1_WORDS):
            out.problems.append(f"{where}：一级指标“{_short(level1)}”不是产出、效益、满意度、成本等指标类别，"
                                "该行未导入（说明或签字行？）")
            continue
        if not cells.get("level3"):
            out.problems.append(f"{where}：有指标值“{_short(cells['value'])}”但没有三级指标名称，未导入")
            continue
        shared = next((grid.merged[(i, j)] for role, j in header.items() if role in ("value", "operator", "unit")
                       and (i, j) in grid.merged), None)
        if shared and (i, header["level3"]) not in grid.merged:     # a new indicator under the one above's value
            out.problems.append(f"{where}：三级指标“{cells['level3']}”的指标值单元格与上一行合并（{shared}），"
                                "无法确定本指标的指标值，未导入（请取消合并、分别填写）")
            continue
        op_cell = normalize_text(cells.get("operator", "")).strip()
        if op_cell and op_cell not in OPERATOR_CELLS and op_cell not in DIRECTIONS and op_cell not in ("/", "-", "—"):
            out.problems.append(f"{where}：指标性质“{_short(op_cell)}”无法识别（应为 ≥ ≤ = > < 之一），指标值按原样导入")
        text = _assemble(cells)
        if not text:
            out.problems.append(f"{where}：三级指标“{cells['level3']}”没有指标值，未导入")
            continue
        if not level1 or not level2:
            out.problems.append(f"{where}：三级指标“{cells['level3']}”缺少一级或二级指标，未导入")
            continue
        t = budget.parse_value(text, indicator=cells["level3"], level2=level2)
        if t.kind == "unrecognised":
            out.problems.append(f"{where}：指标值“{_short(text)}”无法识别（{t.note}），已照录，评分时需人工核对")
        ind = {"level1": level1, "level2": level2, "level3": cells["level3"], "value": text,
               "source": f"{grid.name} 第 {i + 1} 行"}
        for role in ("actual", "points", "score"):
            if cells.get(role):
                ind[role] = cells[role]
        project["indicators"].append(ind)
    finish()


def _close(project: dict, out: Imported, where: str) -> None:
    if not project["indicators"] and not project.get("name"):
        return
    b = project.pop("_budget", {})
    rows = project.pop("_rows", {})
    if not project.get("name"):
        out.problems.append(f"{where}：有 {len(project['indicators'])} 个指标但找不到项目名称，未导入")
        return
    if not project["indicators"]:
        out.problems.append(f"{where}：项目“{project['name']}”（第 {rows.get('name', '?')} 行）没有可读的绩效指标，未导入")
        return
    budget_value = b.get("budget", b.get("total"))
    if budget_value is None:
        unread = "；无法读取：" + "、".join(b["_unread"]) + "（应为万元数值，或在标签中注明“（元）”）" \
            if b.get("_unread") else ""
        out.problems.append(f"{where}：项目“{project['name']}”找不到预算数（年初预算数或年度资金总额）{unread}，未导入")
        return
    if budget_value < 0 or any(b.get(k, 0) < 0 for k in ("full_year_budget", "fiscal_funds", "other_funds")):
        out.problems.append(f"{where}：项目“{project['name']}”的预算数为负数，未导入")
        return
    code = project.get("code") or ""
    if not code:
        out.problems.append(f"{where}：项目“{project['name']}”没有项目编码，以项目名称作编码")
    schedule = project.get("schedule_pct") or {}
    values = [schedule[k] for k in sorted(schedule)]
    if schedule and (any(not 1 <= int(k) <= 12 for k in schedule) or any(not 0 <= v <= 100 for v in values)
                     or values != sorted(values)):
        out.problems.append(f"{where}：项目“{project['name']}”的资金支出计划 {dict(sorted(schedule.items()))} 不是"
                            "1–12月、0–100%、逐节点不减的累计比例（金额或分段比例请换算为累计百分比），已忽略")
        schedule = {}
    if not schedule:
        out.problems.append(f"{where}：项目“{project['name']}”没有资金支出计划，按年底支出 100% 处理")
    record = {"code": code or project["name"], "name": project["name"], "unit": "万元", "budget": budget_value}
    if b.get("full_year_budget") is not None and b["full_year_budget"] != budget_value:
        record["full_year_budget"] = b["full_year_budget"]
    record["fiscal_funds"] = b.get("fiscal_funds")
    record["other_funds"] = b.get("other_funds")
    record["schedule_pct"] = {k: schedule[k] for k in sorted(schedule)} or {"12": 100}
    record["section"] = where
    record["indicators"] = project["indicators"]
    out.projects.append(record)


def import_files(files: list[Path]) -> Imported:
    out = Imported()
    for f in files:
        f = Path(f)
        if not f.exists():
            raise InputError(f, problem="文件不存在 / file not found")
        for g in grids(f):
            read_grid(g, f.name, out)
    codes = [p["code"] for p in out.projects]
    for c in sorted({c for c in codes if codes.count(c) > 1}):
        places = "、".join(p["section"] for p in out.projects if p["code"] == c)
        out.problems.append(f"项目编码 {c} 出现 {codes.count(c)} 次（{places}）：只保留第一个")
    seen, unique = set(), []
    for p in out.projects:
        if p["code"] not in seen:
            seen.add(p["code"])
            unique.append(p)
    out.projects = unique
    return out


def check_scores(imported: Imported, year: int | str | None = None) -> list[str]:
    """A 自评表's printed 得分 beside the package's score of the same row (its own 分值 and 实际完成值,
    METHODS §4 rules): one line per project, and one per differing indicator.  A difference is not an
    error: offices dock or spare points at their discretion, and the line says which way."""
    import math

    lines = []
    for p in imported.projects:
        rows = [i for i in p["indicators"] if i.get("score") not in (None, "") and i.get("points") not in (None, "")]
        if not rows:
            continue
        differ = []
        for ind in rows:
            try:
                printed, points = float(units.normalize_text(ind["score"])), float(units.normalize_text(ind["points"]))
            except ValueError:
                differ.append(f"“{ind['level3']}”的分值或得分不是数字（{ind['points']} / {ind['score']}），未复核")
                continue
            mine, note = budget.score_published({**ind, "points": points}, year)
            if math.isnan(mine):
                differ.append(f"“{ind['level3']}”表中得分 {printed:g}，按规则无法评分（{note}）")
            elif not math.isclose(mine, printed, abs_tol=0.01):
                differ.append(f"“{ind['level3']}”表中得分 {printed:g}，按规则 {round(mine, 2):g}（{note}）")
        same = len(rows) - len(differ)
        lines.append(f"{p['name']}：{len(rows)} 个指标中 {same} 个与表中得分一致"
                     + ("" if not differ else "；不一致的（可能是单位自行酌情加减分，请核对）："))
        lines += [f"    {d}" for d in differ]
    return lines


def drop_known(imported: Imported, codes: set[str]) -> None:
    """Leave out projects whose 项目编码 the targets file already holds (said, not silently)."""
    def norm(code) -> str:
        return re.sub(r"\s", "", normalize_text(str(code))).upper()

    known = {norm(c) for c in codes}
    keep = []
    for p in imported.projects:
        if norm(p["code"]) in known:
            imported.problems.append(f"{p['section']}：项目编码 {p['code']}（{p['name']}）已在目标文件中，未重复导入")
        else:
            keep.append(p)
    imported.projects = keep


def write_yaml(imported: Imported, path: Path, sources: list[Path]) -> Path:
    import yaml

    header = ("# 由 analysis import-targets 从以下文件导入（请核对后再用于正式报告）：\n"
              + "".join(f"#   {Path(s).name}\n" for s in sources))
    body = yaml.safe_dump({"budget_projects": imported.projects}, allow_unicode=True, sort_keys=False, width=120)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(header + body, encoding="utf-8")
    return Path(path)
