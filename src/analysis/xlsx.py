"""Excel output that leadership can forward: formatted sheets, byte-identical on rebuild.

The result tables are written with XlsxWriter (:func:`write_tables`), whose zip entries carry a fixed
date; the creation time is pinned.  Templates for clerks are made with openpyxl (data validation,
protection) and saved with :func:`save_workbook`, which pins the times openpyxl stamps into
docProps/core.xml and every zip entry.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def save_workbook(wb, path: Path) -> None:
    """Save with fixed metadata times and zip timestamps (reproducible bytes)."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "zone-analysis"
    wb.properties.lastModifiedBy = "zone-analysis"
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).write_bytes(stable_zip(buf.getvalue()))


def clerk_template(output, *, sheet: str, headers, prompts: dict, rows=(), choices: dict | None = None,
                   widths: dict | None = None, width: float = 12, instructions=(), notes_width: float = 100,
                   filled_rows: int = 500, **printing) -> Path:
    """An .xlsx a clerk fills in: the header (bold, shaded), ``rows`` ready to fill, on every column a
    dropdown of its ``choices`` (when they fit Excel's 255-character list) or else a prompt, the header
    row frozen, a 填表说明 sheet of ``instructions``, both printed as :func:`print_setup` (``printing``),
    saved with fixed times (:func:`save_workbook`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    fill = PatternFill("solid", fgColor="DCE6F0")
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for j, header in enumerate(headers, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = (widths or {}).get(header, width)
        listed = tuple((choices or {}).get(header) or ())
        prompt = prompts.get(header, "可选。")[:255]
        if listed and len(",".join(listed)) < 250:
            dv = DataValidation(type="list", formula1='"' + ",".join(listed) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="不是可选值", error="请从下拉列表中选择",
                                showInputMessage=True, promptTitle=header[:32], prompt=prompt)
        else:
            dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=header[:32], prompt=prompt)
        dv.add(f"{letter}2:{letter}{filled_rows}")
        ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    notes = wb.create_sheet("填表说明")
    for line in instructions:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = notes_width
    print_setup(ws, **printing)
    print_setup(notes, None)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, output)
    return output


def print_setup(ws, title_rows: str | None = "1:1", *, pages_wide: int = 1, a3: bool = False,
                title_cols: str | None = None) -> None:
    """An openpyxl template sheet printed as a clerk expects: landscape (A4, or A3), ``pages_wide`` pages
    wide and as many down as it needs, the header row (and ``title_cols``) repeated on every page, the
    text of every used cell wrapped."""
    from openpyxl.styles import Alignment

    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if a3 else ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = pages_wide, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                old = cell.alignment
                cell.alignment = Alignment(horizontal=old.horizontal, vertical="top", wrap_text=True)


def stable_zip(raw: bytes) -> bytes:
    """An Office file (xlsx, docx) re-zipped with fixed entry times and the save time in core.xml pinned
    (openpyxl and python-docx stamp the clock there even with properties set): the same content gives
    the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _pin_core_times(data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    return out.getvalue()


def _pin_core_times(data: bytes) -> bytes:
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>",
                  data)


EXCEL_ROWS = 1_048_576   # rows in an Excel sheet; a longer table goes to a CSV beside the workbook
CELL_CHARS = 32_767      # characters in an Excel cell
CUT_NOTE = "…［超过 Excel 单元格 32,767 字的上限，以下已截断，全文见网页］"


def write_tables(sheets: dict[str, tuple[pd.DataFrame, dict]], path: Path, notice: str | None = None,
                 title: str | None = None) -> list[Path]:
    """Write DataFrames as formatted, printable sheets (XlsxWriter, row by row: a 100,000-firm ledger
    writes in seconds and in constant memory).

    ``sheets`` maps a sheet name to (frame, formats) where formats maps a column to an Excel number
    format such as ``'0.0%'`` or ``'#,##0.00'``, or to a list of formats, one per row (counts whole
    and money with two decimals in one column).  A float column without a format gets ``#,##0.00``.
    ``title`` (unit, period, source) and ``notice`` (the 示例数据 warning) go above the header of every
    sheet; the notice also into the printed page header.  Header bold, frozen and repeated on every
    printed page; wide sheets print landscape; every sheet fits one page wide; long text wraps.  Text
    that Excel would take as a formula is written as text with the quote prefix.  A table longer than
    a sheet holds is written to ``<workbook>-<sheet>.csv`` beside it and the sheet says so; returns
    those CSV files.
    """
    import xlsxwriter

    path = Path(path)
    spilled = []
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False,
                                         "tmpdir": str(path.parent)})
    wb.set_properties({"created": FIXED_TIME, "author": "zone-analysis"})
    styles: dict[tuple, object] = {}

    def style(**props):
        key = tuple(sorted(props.items()))
        if key not in styles:
            styles[key] = wb.add_format(props)
        return styles[key]

    for name, (df, formats) in sheets.items():
        ws = wb.add_worksheet(name[:31])
        column_styles, per_row, widths = [], {}, []
        for j, col in enumerate(df.columns):
            fmt = formats.get(col)
            if fmt is None and pd.api.types.is_float_dtype(df[col]):
                fmt = "#,##0.00"
            text = df[col].dtype == object or pd.api.types.is_string_dtype(df[col])
            props = {"num_format": fmt} if isinstance(fmt, str) else {}
            if text:
                props.update(text_wrap=True, valign="top")
            column_styles.append(props)
            if isinstance(fmt, list):
                per_row[j] = fmt
            widths.append(min(40 if text else 18, max(8, column_width(df[col], fmt) + 2)))
        if sum(widths) > A3_WIDTH:          # too wide even for A3: text columns wrap sooner (rows grow instead)
            widths = [min(w, NARROW_TEXT) if props.get("text_wrap") else w for w, props in zip(widths, column_styles)]
        for j, (width, props) in enumerate(zip(widths, column_styles)):
            ws.set_column(j, j, width, style(**props) if props else None)
        total_width = sum(widths)

        row = 0
        if notice:
            _banner(ws, row, notice, style(bold=True, font_color="#7A5200", bg_color="#FFF3CD", **WRAP), df, total_width)
            ws.set_header("&C" + notice[:250].replace("&", "&&"))
            row += 1
        if title:
            _banner(ws, row, f"{name}　{title}", style(bold=True, **WRAP), df, total_width)
            row += 1
        header_row = row
        if len(df) > EXCEL_ROWS - header_row - 1:
            csv = path.with_name(f"{path.stem}-{name}.csv")
            df.to_csv(csv, index=False, encoding="utf-8-sig")
            spilled.append(csv)
            _banner(ws, row, f"本表共 {len(df):,} 行，超过 Excel 单表行数上限，完整明细见同一目录下的 {csv.name}",
                    style(bold=True, **WRAP), df, total_width)
            continue
        head = style(bold=True, bg_color="#DCE6F0", align="center", valign="vcenter", text_wrap=True)
        for j, col in enumerate(df.columns):
            ws.write_string(header_row, j, str(col), head)
        ws.set_row(header_row, 15 * max([1] + [math.ceil(display_width(str(c)) / max(w - 1, 1))
                                               for c, w in zip(df.columns, widths)]))
        wrapped = [j for j, props in enumerate(column_styles) if props.get("text_wrap")]
        for i, rec in enumerate(df.itertuples(index=False, name=None)):
            r = header_row + 1 + i
            # a wrapped cell needs its row tall enough, or LibreOffice and print overprint the lines below
            lines = max([1] + [math.ceil(display_width(rec[j]) / max(widths[j] - 1, 1)) for j in wrapped
                               if isinstance(rec[j], str)])
            if lines > 1:
                ws.set_row(r, 15 * min(lines, 20))
            for j, v in enumerate(rec):
                if v is None or v is pd.NA or v != v:      # missing values (NaN, NA, NaT) stay empty
                    continue
                cell = style(**{**column_styles[j], "num_format": per_row[j][i]}) if j in per_row and per_row[j][i] \
                    else None
                if isinstance(v, str):
                    if len(v) > CELL_CHARS:             # Excel keeps 32,767 characters; say so, never cut silently
                        v = v[:CELL_CHARS - len(CUT_NOTE)] + CUT_NOTE
                    if v.startswith(FORMULA_START):        # text stays text (OWASP formula injection)
                        ws.write_string(r, j, v, style(**column_styles[j], quote_prefix=True))
                    else:
                        ws.write_string(r, j, v, cell)
                elif isinstance(v, (bool, np.bool_)):
                    ws.write_boolean(r, j, bool(v), cell)
                elif isinstance(v, (int, float, np.integer, np.floating)):
                    ws.write_number(r, j, v, cell)
                elif isinstance(v, (dt.date, dt.datetime)):
                    ws.write_datetime(r, j, v, cell or style(**column_styles[j], num_format="yyyy-mm-dd"))
                else:
                    ws.write_string(r, j, str(v), cell)
        ws.freeze_panes(header_row + 1, 0)
        ws.repeat_rows(header_row)
        # one page wide at 7 pt or more: A4 portrait, A4 landscape, else A3 landscape (see A4_WIDTH)
        ws.set_paper(8 if total_width > A4_WIDTH else 9)
        ws.set_landscape() if total_width > 100 else ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_footer("&C第 &P 页，共 &N 页")
    wb.close()
    return spilled


WRAP = {"text_wrap": True, "valign": "top"}
# Printed one page wide, a sheet's type shrinks with its width (in Excel's character units): measured through
# LibreOffice, about 8.8 pt at 170 on A4 landscape and 6.6 pt at 196; 7.4 pt at 246 on A3 landscape.
A4_WIDTH = 170       # wider sheets print on A3 landscape
A3_WIDTH = 240       # wider still: text columns are narrowed to NARROW_TEXT and wrap
NARROW_TEXT = 22


def _banner(ws, row: int, text: str, fmt, df: pd.DataFrame, total_width: float) -> None:
    """A line above a table, wrapped within the table's width (text spilling to the right would make
    the printed page shrink to fit it)."""
    ws.set_row(row, 15 * max(1, math.ceil(display_width(text) / max(total_width, 8))))
    if len(df.columns) > 1:
        ws.merge_range(row, 0, row, len(df.columns) - 1, text, fmt)
    else:
        ws.write_string(row, 0, text, fmt)


def column_width(col: pd.Series, fmt) -> int:
    """The display width (a CJK character counts two) of the widest cell as shown with ``fmt``: whole
    columns at once, so a 100,000-row column costs milliseconds."""
    if isinstance(fmt, list):                               # per-row formats: small tables only
        return max([display_width(str(col.name))] + [display_width(_shown(v, f)) for v, f in zip(col, fmt)])
    values = col.dropna()
    widths = [display_width(str(col.name))]
    if len(values) and pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        widths += [display_width(_shown(v, fmt)) for v in (values.min(), values.max())]   # widest at an end
    elif len(values):
        shown = values.astype(str)
        widths.append(int((shown.str.len() + shown.str.count("[\u2e81-\U0010ffff]")).max()))
    return max(widths)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _shown(v, fmt) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and fmt and "%" in fmt:
        return f"{v * 100:.1f}%"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def display_width(s: str) -> int:
    """Width in half-em units (Excel's character units): a Chinese character or full-width sign is 2."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
