"""Reading the tables people provide (CSV in UTF-8/UTF-8-BOM/GBK, or xlsx), row by row with locations.

Every reader of ``data/raw`` goes through :func:`records`, so header checks, blank handling and
the row numbers in error messages are the same everywhere (row 1 is the header).
"""
from __future__ import annotations

import math
from io import StringIO
from pathlib import Path
from typing import Iterator

import pandas as pd

from .errors import InputError
from .units import normalize_text

PREFERRED_SHEET = "月度数据"


def read_text_table(path: Path) -> pd.DataFrame:
    """A CSV as strings, decoded as UTF-8 (with or without BOM) or else GB18030 (a superset of GBK)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)


def read_table(path: Path) -> tuple[pd.DataFrame, str | None]:
    """The table and its sheet name (None for CSV); headers NFKC-normalised, blanks as ''."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        df, sheet = read_text_table(path), None
    else:
        try:
            xl = pd.ExcelFile(path, engine="openpyxl")
        except Exception as e:
            raise InputError(path, problem=f"无法打开 Excel 文件 / cannot open workbook: {e}") from None
        sheet = PREFERRED_SHEET if PREFERRED_SHEET in xl.sheet_names else xl.sheet_names[0]
        df = pd.read_excel(xl, sheet_name=sheet, dtype=object)
        df = df.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else v)
    df.columns = [normalize_text(c) for c in df.columns]
    return df, sheet


def records(path: Path, required, expected_header) -> tuple[str | None, list[str], Iterator[tuple[int, dict]]]:
    """Check the required columns; return (sheet, columns, rows) where rows yields (row number, cells)
    for every non-blank row.

    ``expected_header`` (the full header) goes into the error message for a missing column.
    """
    path = Path(path)
    df, sheet = read_table(path)
    for col in required:
        if col not in df.columns:
            raise InputError(path, sheet=sheet, row=1, column=col, problem="缺少列 / missing column",
                             expected="表头：" + "、".join(expected_header))

    def rows():
        for n, rec in enumerate(df.to_dict("records"), start=2):
            cells = {k: ("" if v is None or (isinstance(v, float) and math.isnan(v)) else v) for k, v in rec.items()}
            if all(str(v).strip() == "" for v in cells.values()):
                continue
            yield n, cells

    return sheet, list(df.columns), rows()
