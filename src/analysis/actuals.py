"""Monthly actuals: the Excel template, and reading it back from .xlsx or .csv.

One row per indicator and period, year-to-date as Chinese statistics report them
(本年1-N月累计 and 上年同期累计).  CSV may be UTF-8, UTF-8 with BOM or GBK.
Values may carry units (97.01亿元, 9,701万元), full-width digits or %; they are converted
to the catalogue's unit.  Anything that cannot be read unambiguously is an InputError
naming the file, sheet, row and column.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths, rawio, units
from .catalogue import Catalogue
from .errors import InputError
from .growth import parse_period

COLUMNS = {  # header in the file → internal name
    "指标代码": "id",
    "指标名称": "name",
    "单位": "unit",
    "期间": "period",
    "本年累计": "ytd",
    "上年同期累计": "ytd_last",
    "上年全年": "last_full",
    "官方增速%": "official_growth_pct",
    "备注": "note",
}
REQUIRED = ("期间", "本年累计")
VALUE_COLUMNS = ("本年累计", "上年同期累计", "上年全年")
SUFFIXES = (".csv", ".xlsx")
SHEET = rawio.PREFERRED_SHEET


@dataclass
class Actuals:
    frame: pd.DataFrame   # id, period, ytd, ytd_last, last_full, official_growth, note, source
    files: list[Path]
    demo: bool


def actuals_dirs(root: Path) -> tuple[Path, Path]:
    raw = paths.raw_dir(root)
    return raw / "actuals", raw / "demo" / "actuals"


def data_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".")))


def collect(root: Path, cat: Catalogue) -> Actuals:
    """Read every real actuals file; fall back to the demo files when there are none."""
    real_dir, demo_dir = actuals_dirs(root)
    files, demo = data_files(real_dir), False
    if not files:
        files, demo = data_files(demo_dir), True
    frames = [read_file(f, cat) for f in files]
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    check_duplicates(frame)
    frame = frame.sort_values(["period", "id"], kind="stable").reset_index(drop=True)
    return Actuals(frame=frame, files=files, demo=demo)


def empty_frame() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("ytd", "ytd_last", "last_full", "official_growth")
                                      else "object")
                         for c in ("id", "period", "ytd", "ytd_last", "last_full", "official_growth",
                                   "note", "source")})


def read_file(path: Path, cat: Catalogue) -> pd.DataFrame:
    """Read one actuals file into the internal long form, converting units to the catalogue's."""
    sheet, columns, rows_in = rawio.records(path, REQUIRED, COLUMNS)
    if "指标代码" not in columns and "指标名称" not in columns:
        raise InputError(path, sheet=sheet, row=1, column="指标代码", problem="缺少列 / missing column",
                         expected="指标代码 或 指标名称")
    by_id = {i.id: i for i in cat.monthly()}
    by_name = {i.name: i for i in cat.monthly()}
    rows = []
    for n, cells in rows_in:
        where = dict(path=path, sheet=sheet, row=n)
        code = str(cells.get("指标代码", "")).strip()
        name = str(cells.get("指标名称", "")).strip()
        ind = by_id.get(code) if code else by_name.get(name)
        if ind is None:
            raise InputError(**where, column="指标代码" if code else "指标名称",
                             problem="不是按月跟踪的指标 / unknown indicator", value=code or name,
                             expected="模板中的指标代码，如 " + "、".join(list(by_id)[:4]) + " …")
        period = cells.get("期间", "")
        if hasattr(period, "strftime"):
            period = period.strftime("%Y-%m")
        period = units.normalize_text(period)
        try:
            parse_period(period)
        except ValueError:
            raise InputError(**where, column="期间", problem="期间格式错误 / bad period", value=period,
                             expected="YYYY-MM，如 2025-06") from None
        out = {"id": ind.id, "period": period}
        unit = ind.unit
        for col in VALUE_COLUMNS:
            try:
                out[COLUMNS[col]] = units.parse_in_unit(cells.get(col, ""), unit)
            except units.UnitError as e:
                raise InputError(**where, column=col, problem=str(e), value=cells.get(col),
                                 expected=f"数值，单位 {unit}（可写 97.01、97.01亿元、9,701万元）") from None
        try:
            g = units.parse_in_unit(cells.get("官方增速%", ""), "%")
        except units.UnitError as e:
            raise InputError(**where, column="官方增速%", problem=str(e), value=cells.get("官方增速%"),
                             expected="百分数，如 12.5 或 12.5%") from None
        out["official_growth"] = None if g is None else g / 100
        out["note"] = str(cells.get("备注", "")).strip()
        out["source"] = f"{path.name}:{n}"
        rows.append(out)
    if not rows:
        return empty_frame()
    return pd.DataFrame(rows)


def check_duplicates(frame: pd.DataFrame) -> None:
    dup = frame[frame.duplicated(["id", "period"], keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        places = "、".join(dup[(dup.id == first.id) & (dup.period == first.period)].source)
        raise InputError(None, problem=f"同一指标同一期间出现多次：{first.id} {first.period}（{places}）"
                         " / duplicate indicator and period", expected="每个指标每个期间只填一行")


def latest_period(frame: pd.DataFrame) -> str | None:
    """The latest period with at least one reported 本年累计."""
    have = frame.dropna(subset=["ytd"])
    return None if have.empty else str(have.period.max())


def write_template(cat: Catalogue, period: str, output: Path) -> Path:
    """An .xlsx to fill: one row per monthly indicator with its unit, header frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    parse_period(period)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header = list(COLUMNS)
    ws.append(header)
    for ind in cat.monthly():
        ws.append([ind.id, ind.name, ind.unit, period, None, None, None, None, None])
    fill = PatternFill("solid", fgColor="DCE6F0")
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center")
    for col, width in zip("ABCDEFGHI", (30, 30, 10, 10, 14, 14, 14, 12, 30)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("填表说明")
    for line in (
        ["填表说明"],
        ["1. 每行一个指标，填写截至该月的本年累计（1-N月累计）和上年同期累计；按月跟踪的存量指标（如规上企业数量、在建项目）填月末数。"],
        ["2. 单位以“单位”列为准；也可带单位填写，如 97.01亿元、9,701万元，系统会自动换算。"],
        ["3. 上年全年：可选，用于按上年季节规律推算全年。官方增速%：可选，统计局公布的同口径增速。"],
        ["4. 不要修改“指标代码”和“期间”；未填报的单元格留空。"],
        ["5. 保存后放入 data/raw/actuals/，运行 make reports PERIOD=" + period + "。"],
    ):
        notes.append(line)
    notes.column_dimensions["A"].width = 110
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    from .xlsx import save_workbook

    save_workbook(wb, output)
    return output
