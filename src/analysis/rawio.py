"""Reading the tables people provide, row by row with their real locations.

Every reader of ``data/raw`` goes through :func:`records`, so encodings, title rows, header
checks, formula cells, percent-formatted cells, blank handling and the row numbers in error
messages are the same everywhere.  Row numbers are the sheet's (or the text file's) own line
numbers, so "第 5 行" is the row the analyst sees in Excel.

What is read:

* ``.csv`` / ``.txt`` / ``.tsv``: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
  "Unicode 文本", tab-separated) or GB18030 (a superset of GBK); comma, tab or semicolon;
* ``.xlsx`` / ``.xlsm``: through openpyxl, cell by cell: a cell formatted as percent carries its
  ``%`` (Excel stores 13% as 0.13); a formula without a cached value or with an error value
  (``#DIV/0!``) is refused with the cells named; a password-protected or damaged workbook is
  refused with what to do;
* ``.ods`` (LibreOffice / WPS "OpenDocument 表格"): its XML read with the standard library, with
  the same rules (a ``percentage`` cell carries its ``%``, dates are dates, formulas need values).
  pandas' odf engine would drop the percentage type, which is the meaning of the cell.

What is refused by name, with what to do: ``.xls``, ``.et``, ``.numbers``, ``.xlsb`` and anything
else (see :data:`UNSUPPORTED`).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import InputError
from .units import dimension, normalize_text

PREFERRED_SHEET = "月度数据"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
ODS_SUFFIXES = (".ods",)
UNSUPPORTED = {
    ".xls": "旧版 Excel 97-2003 格式（.xls）",
    ".et": "WPS 表格格式（.et）",
    ".numbers": "Numbers 表格",
    ".xlsb": "Excel 二进制工作簿（.xlsb）",
}
SAVE_AS = "请在 Excel / WPS / LibreOffice 中打开后“另存为” .xlsx（Excel 工作簿）或 .csv"
HEADER_SEARCH_ROWS = 10   # a header may sit under up to 9 title / note rows
MAX_TEXT_BYTES = 200 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # compound file: .xls, or an encrypted .xlsx


@dataclass
class Grid:
    """A sheet as rows of cells, with the sheet's row number of each row (1-based).

    ``others`` holds the top rows of the workbook's other visible sheets, so that a second sheet
    that also looks like data (10月 and 9月 in one workbook) is refused rather than ignored."""
    path: Path
    sheet: str | None
    rows: list[tuple[int, list]]
    others: dict | None = None
    filled: dict | None = None     # (row, column index) → merged range (A3:A4) whose top-left value it took
    wide: list | None = None       # merged ranges spanning columns: (first row, last row, range)


MERGED = "\0merged"     # key of a record's cells: {column: range} of the values filled in from a merged range


def _has_merges(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return any(name.startswith("xl/worksheets/") and name.endswith(".xml") and b"<mergeCell " in z.read(name)
                   for name in z.namelist())


def _fill_merges(path: Path, sheet: str, rows: list) -> tuple[dict, list]:
    """A merged range reads as blanks below its top-left cell.  A range down one column (责任单位 over the
    rows of three projects) gives every row the top-left value, and each filled cell is remembered; a range
    across columns is returned, for the reader to refuse where it lies in the data."""
    wb = open_workbook(path, data_only=True, read_only=False)
    try:
        ranges = list(wb[sheet].merged_cells.ranges)
    finally:
        wb.close()
    at = {n: cells for n, cells in rows}
    filled, wide = {}, []
    for rng in ranges:
        if rng.min_col != rng.max_col:
            wide.append((rng.min_row, rng.max_row, rng.coord))
            continue
        j = rng.min_col - 1
        top = at.get(rng.min_row)
        value = top[j] if top is not None and j < len(top) else None
        for r in range(rng.min_row + 1, rng.max_row + 1):
            cells = at.get(r)
            if cells is None:
                continue
            cells.extend([None] * (j + 1 - len(cells)))
            cells[j] = value
            filled[(r, j)] = filled[(rng.min_row, j)] = rng.coord
    return filled, wide


def decode_text(path: Path, raw: bytes) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else GB18030; anything else is a clear InputError."""
    if not raw.strip():
        raise InputError(path, problem="文件为空 / empty file", expected="第一行为表头，其后每行一条记录")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    elif raw.startswith(codecs.BOM_UTF8):
        candidates = ("utf-8-sig",)
    elif raw.count(b"\x00") > len(raw) // 4:  # UTF-16 without a BOM
        candidates = ("utf-16-le", "utf-16-be")
    else:
        candidates = ("utf-8", "gb18030")
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
        if enc in ("utf-8", "gb18030", "utf-8-sig"):       # readable, but with a NUL byte in it
            line = text[:text.index("\x00")].count("\n") + 1
            raise InputError(path, row=line, problem="文件中有空字符（NUL，\\x00），多半是从其他系统复制时带入 / NUL byte",
                             expected="删除该字符后重新保存（在 Excel 中打开后另存为 CSV 即可）")
    raise InputError(path, problem="无法识别文件编码 / unknown text encoding",
                     expected="UTF-8、GBK/GB18030 或 UTF-16（Excel“Unicode 文本”）编码的 CSV")


def _delimiter(text: str) -> str:
    head = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS + 2] if line.strip()]
    counts = {d: sum(line.count(d) for line in head) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _unclosed_quote(text: str) -> int | None:
    """The line (1-based) where a double quote opens a field that never closes, else None.  A quoted field
    may span lines; one that is still open at the end of the file swallowed everything after it."""
    open_at, inside = None, False
    for n, line in enumerate(text.split("\n"), start=1):
        if line.count('"') % 2:
            inside = not inside
            open_at = n if inside else None
    return open_at if inside else None


def read_text_grid(path: Path) -> Grid:
    raw = Path(path).read_bytes()
    if len(raw) > MAX_TEXT_BYTES:
        raise InputError(path, problem="文件过大 / file too large", expected=f"小于 {MAX_TEXT_BYTES >> 20} MB")
    text = decode_text(path, raw)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = clean_text(text)      # invisible characters out of every cell at once (never CSV syntax)
    unclosed = _unclosed_quote(text)
    if unclosed:
        raise InputError(path, row=unclosed, problem="该行有一个未配对的双引号（\"），其后各行都会被读进同一格 / "
                         "unclosed quote", expected="删除多余的双引号，或把整格内容用一对双引号括起来")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = []
    try:
        # numbered by record, as Excel numbers the rows of a CSV (a quoted cell may span lines)
        for n, row in enumerate(reader, start=1):
            rows.append((n, row))
    except csv.Error as e:
        raise InputError(path, row=len(rows) + 1, problem=f"CSV 格式错误 / malformed CSV: {e}") from None
    return Grid(Path(path), None, rows)


def open_workbook(path: Path, data_only: bool, read_only: bool = True):
    """The workbook, or an InputError saying why not (encrypted, legacy .xls, empty, damaged).
    ``read_only=False`` when merged ranges are needed."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=read_only, data_only=data_only)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as e:
        head = Path(path).read_bytes()[:8]
        if head == OLE_MAGIC:
            raise InputError(path, problem="工作簿设置了打开密码，或其实是旧版 .xls 格式 / encrypted or legacy workbook",
                             expected="取消密码（文件 → 信息 → 保护工作簿）后" + SAVE_AS) from None
        if not head:
            raise InputError(path, problem="文件为空 / empty file", expected=SAVE_AS) from None
        raise InputError(path, problem=f"无法打开 Excel 文件，文件可能已损坏或不完整 / cannot open workbook ({type(e).__name__})",
                         expected="重新导出或从原文件" + SAVE_AS) from None


_QUOTED = re.compile(r'"[^"]*"|\\.|!.|_.|\*.|\[[^\]]*\]')
UNIT_CHARS = set("万亿元亩%％公顷吨人家个")


class CustomFormat(ValueError):
    """A number whose display format changes its size or unit (``0!.0000"万"``, ``0.0,,``)."""


def format_meaning(fmt: str) -> tuple[bool, str]:
    """(is a true percent format, literal text) of an Excel number format's positive section.

    ``0.0%`` is a percent format (Excel stores 13% as 0.13); ``0.0\\%`` and ``0.0"%"`` only print a
    percent sign after the stored number; text in quotes or after ``\\`` / ``!`` is literal."""
    section = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', fmt or "General")[0]
    literal = "".join(m.group(0).strip('"').lstrip("\\!") for m in _QUOTED.finditer(section)
                      if not m.group(0).startswith(("[", "_", "*")))
    bare = _QUOTED.sub("", section)
    return "%" in bare, literal


def cell_value(cell):
    """A cell's value as the reader should see it.

    A number formatted as percent carries its '%' (0.13 shown as 13% → '13%'); one whose format
    prints a unit after the stored number carries that unit (3.5 shown as "3.5%" → '3.5%', 66 shown
    as "66万元" → '66万元'), so it is converted or refused like a typed unit; a format that scales the
    number (``0!.0000"万"`` shows 662800 as 66.2800万; ``0,`` divides by 1000) raises
    :class:`CustomFormat`, since the value shown is not the value stored."""
    v = cell.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return v
    fmt = cell.number_format or "General"
    percent, literal = format_meaning(fmt)
    if percent:
        return f"{v * 100:.12g}%"
    scaling = re.search(r"[0#?][,]+(?![0#?,])", _QUOTED.sub("", fmt.split(";")[0]))
    if scaling or "." in literal:
        raise CustomFormat(fmt)
    unit = normalize_text(literal)
    if unit and dimension(unit) not in ("none", "other"):
        return f"{v:.12g}{unit}"   # shown as "66万元" or "3.5%": the unit it shows is the unit it means
    if UNIT_CHARS & set(unit):
        raise CustomFormat(fmt)
    return v


def read_excel_grid(path: Path) -> Grid:
    values = open_workbook(path, data_only=True)
    try:
        visible = [n for n in values.sheetnames if getattr(values[n], "sheet_state", "visible") == "visible"]
        if not visible:
            raise InputError(path, problem="工作簿没有可见的工作表 / no visible sheet", expected=SAVE_AS)
        sheet = PREFERRED_SHEET if PREFERRED_SHEET in visible else visible[0]
        rows, errors, custom = [], [], []
        for r, row in enumerate(values[sheet].iter_rows(), start=1):
            cells = []
            for cell in row:
                if getattr(cell, "data_type", None) == "e":
                    errors.append(f"{cell.coordinate}={cell.value}")
                try:
                    cells.append(cell_value(cell))
                except CustomFormat as e:
                    custom.append(f"{cell.coordinate}（格式 {e}）")
                    cells.append(None)
            rows.append((r, cells))
        others = {n: [(r, [c.value for c in row]) for r, row in
                      enumerate(values[n].iter_rows(max_row=HEADER_SEARCH_ROWS), start=1)]
                  for n in visible if n != sheet}
    finally:
        values.close()
    if custom:
        raise InputError(path, sheet=sheet, problem="单元格使用了改变数值大小或单位的自定义格式：" + "、".join(custom[:5])
                         + " / custom number format changes the value",
                         expected="把这些单元格设为“常规”或“数值”格式，按列名的单位填写（或直接写 66.28万元 这样的文字）")
    formulas = _formula_cells(path, sheet) if _has_formulas(path) else []
    uncached = [c for c in formulas if _at(rows, c) in (None, "")]
    _refuse_formulas(path, sheet, uncached, errors)
    filled, wide = _fill_merges(path, sheet, rows) if _has_merges(path) else ({}, [])
    return Grid(Path(path), sheet, rows, others, filled, wide)


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the workbook holds a formula element (then the slower second pass runs)."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with z.open(name) as f:
                    tail = b""
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        if any(m in tail + chunk for m in (b"<f>", b"<f ", b":f>", b":f ")):
                            return True
                        tail = chunk[-3:]
    return False


def _formula_cells(path: Path, sheet: str) -> list[str]:
    wb = open_workbook(path, data_only=False)
    try:
        return [c.coordinate for row in wb[sheet].iter_rows() for c in row
                if getattr(c, "data_type", None) == "f"]
    finally:
        wb.close()


def _at(rows, coordinate: str):
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    letters, r = coordinate_from_string(coordinate)
    c = column_index_from_string(letters)
    for n, cells in rows:
        if n == r:
            return cells[c - 1] if c - 1 < len(cells) else None
    return None


ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
MAX_REPEAT = 1000   # trailing empty rows/columns are stored as one element "repeated" 1,048,576 times


def _q(prefix: str, name: str) -> str:
    return f"{{{ODS_NS[prefix]}}}{name}"


def _ods_value(cell):
    """(value, is_formula_without_value, error_text) of one table:table-cell."""
    vtype = cell.get(_q("office", "value-type"))
    formula = cell.get(_q("table", "formula"))
    text = "\n".join("".join(p.itertext()) for p in cell.findall(_q("text", "p")))
    if vtype in ("float", "currency"):
        v = float(cell.get(_q("office", "value")))
        return (int(v) if v.is_integer() else v), False, None
    if vtype == "percentage":
        return f"{float(cell.get(_q('office', 'value'))) * 100:.12g}%", False, None
    if vtype == "date":
        raw = cell.get(_q("office", "date-value"))
        try:
            return dt.datetime.fromisoformat(raw), False, None
        except ValueError:
            return raw, False, None
    if vtype == "boolean":
        return cell.get(_q("office", "boolean-value")) == "true", False, None
    if formula and (vtype is None or cell.get("{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
                                                "value-type") == "error" or text.startswith(("#", "Err:"))):
        return None, vtype is None, (text or None) if vtype is not None else None
    return (text if vtype or text else None), False, None


def read_ods_grid(path: Path) -> Grid:
    """An OpenDocument spreadsheet's first sheet (or 月度数据) as a Grid, cell types respected."""
    import xml.etree.ElementTree as ET
    from openpyxl.utils import get_column_letter

    try:
        with zipfile.ZipFile(path) as z:
            root = ET.fromstring(z.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError):
        raise InputError(path, problem="无法打开 .ods 文件，文件可能已损坏或设置了密码 / cannot open spreadsheet",
                         expected="在 LibreOffice / WPS 中打开后" + SAVE_AS) from None
    sheets = root.findall(f".//{_q('table', 'table')}")
    if not sheets:
        raise InputError(path, problem="文件中没有工作表 / no sheet", expected=SAVE_AS)
    names = [t.get(_q("table", "name")) for t in sheets]
    sheet = PREFERRED_SHEET if PREFERRED_SHEET in names else names[0]
    table = sheets[names.index(sheet)]
    rows, uncached, errors, r = [], [], [], 0
    for row in table.iter(_q("table", "table-row")):
        cells = []
        for cell in row:
            if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                continue
            value, no_value, err = _ods_value(cell)
            for _ in range(min(int(cell.get(_q("table", "number-columns-repeated"), "1")), MAX_REPEAT)):
                cells.append(value)
                if no_value or err:
                    where = f"{get_column_letter(len(cells))}{r + 1}"
                    (uncached if no_value else errors).append(where if no_value else f"{where}={err}")
        while cells and cells[-1] is None:   # trailing empty cells (often 16,000 of them)
            cells.pop()
        repeat = min(int(row.get(_q("table", "number-rows-repeated"), "1")), MAX_REPEAT)
        for _ in range(repeat):
            r += 1
            rows.append((r, list(cells)))
    _refuse_formulas(path, sheet, uncached, errors)
    return Grid(Path(path), sheet, rows)


def _refuse_formulas(path, sheet, uncached, errors) -> None:
    if uncached or errors:
        shown = "、".join((uncached + errors)[:8]) + (" 等" if len(uncached) + len(errors) > 8 else "")
        what = ("公式没有计算结果（文件由程序生成或关闭了自动计算）" if uncached else "公式计算出错")
        raise InputError(path, sheet=sheet, problem=f"{what}：{shown} / formula cells without a usable value",
                         expected="在 Excel、WPS 或 LibreOffice 中打开该文件，确认公式已计算（按 F9）后保存；"
                                  "或把这些单元格改为数值（复制 → 选择性粘贴 → 数值）")


def read_grid(path: Path) -> Grid:
    """Any supported table file as a :class:`Grid` (invisible characters removed from text cells);
    unsupported formats are refused by name."""
    grid = _read_grid(path)
    if grid.sheet is not None or grid.others:      # a text file's cells were cleaned as one text
        grid.rows = [(n, [clean_text(v) for v in cells]) for n, cells in grid.rows]
    if grid.others:
        grid.others = {k: [(n, [clean_text(v) for v in c]) for n, c in rows] for k, rows in grid.others.items()}
    return grid


def _read_grid(path: Path) -> Grid:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(path, problem="找不到文件 / file not found")
    if suffix in TEXT_SUFFIXES:
        return read_text_grid(path)
    if suffix in EXCEL_SUFFIXES:
        return read_excel_grid(path)
    if suffix in ODS_SUFFIXES:
        return read_ods_grid(path)
    what = UNSUPPORTED.get(suffix, f"“{suffix or '无扩展名'}”格式")
    raise InputError(path, problem=f"不能读取{what} / unsupported file type", expected=SAVE_AS)


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean_text(v):
    """A string cell without zero-width characters and soft hyphens (pasted from web pages and chat
    tools, they would make ``DEMO008`` and ``DEMO008\\u200b`` two different firms)."""
    return v.translate(INVISIBLE) if isinstance(v, str) else v


def _column_name(j: int, grid: "Grid") -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(j + 1) if grid.sheet is not None else f"第{j + 1}个字段"


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "") or (isinstance(v, float) and v != v)


def find_header(grid: Grid, required, expected_header) -> tuple[int, list[str]]:
    """Index into ``grid.rows`` of the header row: the first of the top rows holding every
    required column (title rows such as “2025年1-11月主要经济指标” above it are skipped)."""
    best = None
    for i, (n, cells) in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        header = canonical_header(cells, expected_header)
        if all(col in header for col in required):
            return i, header
        hits = sum(col in header for col in required)
        if hits and (best is None or hits > best[0]):
            best = (hits, n, header)
    if best is None:
        first = next(((n, c) for n, c in grid.rows if any(not _blank(v) for v in c)), None)
        if first is None:
            raise InputError(grid.path, sheet=grid.sheet, problem="表格为空 / no rows",
                             expected="表头：" + "、".join(expected_header))
        n, header = first[0], [normalize_text(c) for c in first[1] if not _blank(c)]
        raise InputError(grid.path, sheet=grid.sheet, row=n, problem="找不到表头 / header not found",
                         value="、".join(header[:6]), expected="表头：" + "、".join(expected_header))
    _, n, header = best
    missing = [c for c in required if c not in header]
    near = _near(missing[0], [h for h in header if h and h not in expected_header])
    hint = f"（表头中有“{near}”，如是同一列，请改为“{missing[0]}”）" if near else ""
    raise InputError(grid.path, sheet=grid.sheet, row=n, column=missing[0], problem="缺少列 / missing column" + hint,
                     expected="表头：" + "、".join(expected_header))


def loose_name(name: str) -> str:
    """A name without brackets, spaces and colons (``营业收入（万元）`` → ``营业收入万元``)."""
    return re.sub(r"[（）()【】\[\]\s:：]", "", name)


def canonical_header(cells, expected_header) -> list[str]:
    """A header row as column names: NFKC-normalised, and a name that differs from an expected one
    only by brackets or spaces (``营业收入（万元）`` for ``营业收入万元``, ``官方增速（%）``) taken as it."""
    loose = {loose_name(e): e for e in expected_header}
    out = []
    for c in cells:
        h = normalize_text(c) if not _blank(c) else ""
        out.append(h if not h or h in expected_header else loose.get(loose_name(h), h))
    return out


def _near(name: str, candidates) -> str | None:
    import difflib

    for c in candidates:
        if name in c or c in name:
            return c
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def records(path: Path, required, expected_header) -> tuple[str | None, list[str], Iterator[tuple[int, dict]]]:
    """Check the required columns; return (sheet, columns, rows) where rows yields (row number, cells)
    for every non-blank row below the header.

    ``expected_header`` (the full header) goes into the error message for a missing column.
    A column named twice is an error (which of the two would be meant cannot be known).
    """
    grid = read_grid(path)
    idx, header = find_header(grid, required, expected_header)
    header_row = grid.rows[idx][0]
    for name, top in (grid.others or {}).items():
        try:
            find_header(Grid(grid.path, name, top), required, expected_header)
        except InputError:
            continue
        raise InputError(grid.path, sheet=name, problem=f"工作簿中有多个数据工作表（{grid.sheet}、{name}），"
                         "无法确定用哪一个 / several data sheets",
                         expected=f"把要读取的工作表命名为“{PREFERRED_SHEET}”，或每个文件只留一个数据工作表")
    seen = set()
    for col in header:
        if col and col in seen:
            raise InputError(grid.path, sheet=grid.sheet, row=header_row, column=col,
                             problem="列名重复 / duplicate column", expected="每个列名只出现一次")
        seen.add(col)
    columns = [c for c in header if c]
    for col in columns:
        if col not in expected_header:
            near = _near(col, [e for e in expected_header if e not in columns])
            if near:
                raise InputError(grid.path, sheet=grid.sheet, row=header_row, column=col,
                                 problem=f"列名不是可识别的列名，是否指“{near}”？/ unrecognised column name",
                                 expected="使用模板中的列名：" + "、".join(expected_header))
    named = [(j, col) for j, col in enumerate(header) if col]
    width = len(header)
    unnamed = [j for j, col in enumerate(header) if not col]
    for first, last, rng in grid.wide or ():
        if last > header_row:
            raise InputError(grid.path, sheet=grid.sheet, row=max(first, header_row + 1),
                             problem=f"数据区有跨列合并的单元格 {rng}，无法判断数值属于哪一列 / merged across columns",
                             expected="取消合并（开始 → 合并后居中 → 取消合并），每个单元格分别填写")
    filled = grid.filled or {}
    for (r, j), rng in sorted(filled.items()):
        top = int(re.match(r"[A-Z]+(\d+)", rng).group(1))
        if top <= header_row < r:
            raise InputError(grid.path, sheet=grid.sheet, row=header_row, column=_column_name(j, grid),
                             problem=f"表头单元格与下面的数据行合并（{rng}），合并部分会被当作数据 / header merged into data",
                             expected="表头只占一行：取消合并，第一条数据写在表头的下一行")

    def rows():
        for n, cells in grid.rows[idx + 1:]:
            if all(_blank(v) for v in cells):
                continue
            extra = [(j, cells[j]) for j in [*unnamed, *range(width, len(cells))]
                     if j < len(cells) and not _blank(cells[j])]
            if grid.sheet is None and len(cells) > len(header) and not extra:
                raise InputError(grid.path, row=n, problem=f"本行有 {len(cells)} 个字段，表头只有 {len(header)} 个"
                                 " / more fields than the header",
                                 expected="数字中的千位分隔逗号要加引号（\"1,234\"）或去掉；或删除多余的逗号")
            if extra:
                j, v = extra[0]
                raise InputError(grid.path, sheet=grid.sheet, row=n, column=_column_name(j, grid),
                                 problem="该列没有表头却有内容（表头单元格为空、被合并，或多了逗号）/ value outside the header",
                                 value=v, expected=f"在第 {header_row} 行给该列写上列名，或删除这些内容")
            out = {}
            for j, col in named:
                v = cells[j] if j < len(cells) else ""
                if _blank(v):
                    v = ""
                elif isinstance(v, str):
                    v = v.strip()
                elif isinstance(v, dt.datetime) and v.time() == dt.time(0):
                    v = v.date()
                out[col] = v
            merged = {col: filled[(n, j)] for j, col in named if (n, j) in filled}
            if merged:
                out[MERGED] = merged
            yield n, out

    return grid.sheet, columns, rows()
