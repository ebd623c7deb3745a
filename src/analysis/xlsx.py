"""Excel output that leadership can forward: formatted sheets, byte-identical on rebuild.

openpyxl stamps the save time into docProps/core.xml and every zip entry; both are fixed
here so the same tables give the same file.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

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
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            # openpyxl writes the save time into core.xml even with properties set; pin it
            if info.filename == "docProps/core.xml":
                data = _pin_core_times(data)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, data)
    Path(path).write_bytes(out.getvalue())


def _pin_core_times(data: bytes) -> bytes:
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>",
                  data)


def write_tables(sheets: dict[str, tuple[pd.DataFrame, dict]], path: Path, notice: str | None = None,
                 title: str | None = None) -> None:
    """Write DataFrames as formatted, printable sheets.

    ``sheets`` maps a sheet name to (frame, formats) where formats maps a column to an Excel number
    format such as ``'0.0%'`` or ``'#,##0.00'``, or to a list of formats, one per row (counts whole
    and money with two decimals in one column).  A float column without a format gets ``#,##0.00``.
    ``title`` (unit, period, source) and ``notice`` (the 示例数据 warning) go above the header of every
    sheet; the notice also into the printed page header.  Header bold, frozen and repeated on every
    printed page; wide sheets print landscape; every sheet fits one page wide; long text wraps.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, (df, formats) in sheets.items():
        ws = wb.create_sheet(name[:31])
        if notice:
            ws.append([notice])
            ws.cell(row=1, column=1).font = Font(bold=True, color="7A5200")
            ws.cell(row=1, column=1).fill = PatternFill("solid", fgColor="FFF3CD")
            ws.oddHeader.center.text = notice[:250]
        if title:
            ws.append([f"{name}　{title}"])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        header_row = ws.max_row + 1 if (notice or title) else 1
        ws.append([str(c) for c in df.columns])
        # rows by number (ws.max_row and ws[row] rescan the whole sheet: quadratic on a large ledger)
        for row, rec in enumerate(df.itertuples(index=False), start=header_row + 1):
            values = [_cell(v) for v in rec]
            ws.append(values)
            for col, v in enumerate(values, start=1):
                if isinstance(v, str) and v.startswith(FORMULA_START):
                    make_inert(ws.cell(row=row, column=col))
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DCE6F0")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        total_width = 0
        for j, col in enumerate(df.columns, start=1):
            letter = get_column_letter(j)
            fmt = formats.get(col)
            if fmt is None and pd.api.types.is_float_dtype(df[col]):
                fmt = "#,##0.00"
            per_row = fmt if isinstance(fmt, list) else [fmt] * len(df)
            text = df[col].dtype == object
            for row, f in zip(ws.iter_rows(min_row=header_row + 1, min_col=j, max_col=j), per_row):
                if f:
                    row[0].number_format = f
                if text:
                    row[0].alignment = Alignment(wrap_text=True, vertical="top")
            width = max([_display_width(str(col))] + [_display_width(_shown(v, f)) for v, f in zip(df[col], per_row)])
            width = min(40 if text else 18, max(8, width + 2))
            ws.column_dimensions[letter].width = width
            total_width += width
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if total_width > 100 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    save_workbook(wb, path)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def make_inert(cell) -> None:
    """Text from the inputs stays text (OWASP formula injection): a string that Excel would take as a
    formula (``=HYPERLINK(…)``, ``+cmd|…``, ``@SUM(…)``) is stored as a string with the quote prefix."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def _cell(v):
    """A value openpyxl can write: missing values (NaN, pd.NA, None) become empty cells."""
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    return v


def _shown(v, fmt) -> str:
    if _cell(v) is None:
        return ""
    if isinstance(v, float) and fmt and "%" in fmt:
        return f"{v * 100:.1f}%"
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def _display_width(s: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)
