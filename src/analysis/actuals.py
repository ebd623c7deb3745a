"""Monthly actuals: the Excel template, and reading it back from .xlsx or .csv.

One row per indicator and period, year-to-date as Chinese statistics report them
(本年1-N月累计 and 上年同期累计).  CSV may be UTF-8, UTF-8 with BOM or GBK.
Values may carry units (97.01亿元, 9,701万元), full-width digits or %; they are converted
to the catalogue's unit.  Anything that cannot be read unambiguously is an InputError
naming the file, sheet, row and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths, rawio, units, validation
from .catalogue import Catalogue
from .errors import InputError
from .growth import parse_period
from .validation import Quality
from .period import Period

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
SHEET = rawio.PREFERRED_SHEET
CONFIRM_WORDS = ("已核实", "已确认", "核实无误")


@dataclass
class Actuals:
    frame: pd.DataFrame   # id, period, ytd, ytd_last, last_full, official_growth, note, source
    files: list[Path]
    demo: bool


def actuals_dirs(root: Path) -> tuple[Path, Path]:
    raw = paths.raw_dir(root)
    return raw / "actuals", raw / "demo" / "actuals"


def data_files(folder: Path) -> list[Path]:
    """The table files in ``folder``.  A file in a format that cannot be read (.xls, .ods …) or a
    subfolder holding table files is an error, never skipped in silence (the build would otherwise
    fall back to the demo data and say the inputs were valid)."""
    if not folder.is_dir():
        return []
    files = []
    for p in sorted(folder.iterdir()):
        if p.name.startswith(("~$", ".")):
            continue
        if p.is_dir():
            inner = [q.name for q in sorted(p.rglob("*")) if q.is_file() and not q.name.startswith((".", "~$"))]
            if inner:
                raise InputError(p, problem="子文件夹中的月度数据不会被读取 / files in a subfolder are not read",
                                 value="、".join(inner[:3]),
                                 expected=f"把文件直接放在 {folder.name}/ 下，或把不用的文件移出 data/raw/actuals")
            continue
        if p.suffix.lower() in rawio.TEXT_SUFFIXES + rawio.EXCEL_SUFFIXES + rawio.ODS_SUFFIXES:
            files.append(p)
        else:
            what = rawio.UNSUPPORTED.get(p.suffix.lower(), f"“{p.suffix or '无扩展名'}”文件")
            raise InputError(p, problem=f"月度数据文件夹中有不能读取的{what} / unsupported file type",
                             expected=rawio.SAVE_AS + "；其他文件请移出该文件夹")
    return files


def collect(root: Path, cat: Catalogue, quality: Quality | None = None, settings: dict | None = None) -> Actuals:
    """Read every real actuals file; fall back to the demo files when there are none.

    ``sources.prepare`` then takes ledger-carried figures from their ledgers and checks every figure
    against the others and the targets (``plausibility``), whichever input it came from.
    """
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


_FILE_PERIOD = re.compile(r"(?<!\d)(\d{4})[-_.年]?(\d{2})(?!\d)")


def file_period(path: Path) -> str | None:
    """The period a file's name claims (``2025-11.xlsx``, ``2025年11月.csv``, ``202511.csv``), if any."""
    m = _FILE_PERIOD.search(Path(path).stem)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{m.group(2)}"
    return None


def read_file(path: Path, cat: Catalogue) -> pd.DataFrame:
    """Read one actuals file into the internal long form, converting units to the catalogue's.

    Identity is cross-checked: 指标代码 and 指标名称 must name the same indicator, a 单位 cell
    differing from the catalogue's is honoured (bare numbers are in that unit and converted) or
    refused, and a file named for a month (``2025-11.csv``) may hold only that month's rows.
    """
    sheet, columns, rows_in = rawio.records(path, REQUIRED, COLUMNS)
    if "指标代码" not in columns and "指标名称" not in columns:
        raise InputError(path, sheet=sheet, row=1, column="指标代码", problem="缺少列 / missing column",
                         expected="指标代码 或 指标名称")
    by_id = {i.id: i for i in cat.monthly()}
    by_name = {units.normalize_text(i.name): i for i in cat.monthly()}
    claimed = file_period(path)
    rows = []
    for n, cells in rows_in:
        where = dict(path=path, sheet=sheet, row=n)
        code = units.normalize_text(cells.get("指标代码", ""))
        name = units.normalize_text(cells.get("指标名称", ""))
        ind = by_id.get(code) if code else by_name.get(name)
        if ind is None:
            raise InputError(**where, column="指标代码" if code else "指标名称",
                             problem="不是按月跟踪的指标 / unknown indicator", value=code or name,
                             expected="模板中的指标代码，如 " + "、".join(list(by_id)[:4]) + " …")
        if code and name and by_name.get(name) not in (None, ind):
            raise InputError(**where, column="指标名称",
                             problem=f"指标代码 {code} 是“{ind.name}”，与指标名称不符 / code and name disagree",
                             value=name, expected=f"{code} 对应 {ind.name}；请核对这一行是否错位")
        try:
            period = validation.parse_period_cell(cells.get("期间", ""))
        except ValueError as e:
            raise InputError(**where, column="期间", problem=str(e), value=cells.get("期间"),
                             expected="YYYY-MM，如 2025-06") from None
        if period is None:
            raise InputError(**where, column="期间", problem="期间为空 / missing period", expected="YYYY-MM，如 2025-06")
        if claimed and period != claimed:
            raise InputError(**where, column="期间", problem=f"文件名表明是 {claimed} 的数据，但期间为 {period}"
                             " / period disagrees with the file name", value=period,
                             expected=f"{claimed}（或把文件改名为 {period}{path.suffix}）")
        unit = ind.unit
        typed_unit = units.normalize_text(cells.get("单位", ""))
        if typed_unit and typed_unit != units.normalize_text(ind.unit):
            try:
                units.convert(1.0, typed_unit, ind.unit)
            except units.UnitError:
                raise InputError(**where, column="单位", problem=f"单位与指标不符（{ind.name}的单位是 {ind.unit}）",
                                 value=typed_unit, expected=ind.unit) from None
            unit = typed_unit
        count = units.dimension(ind.unit) == "count"
        out = {"id": ind.id, "period": period}
        for col in VALUE_COLUMNS:
            spec = validation.Column(col, col, "number", unit, min=0, whole=count)
            try:
                v = validation.convert_cell(cells.get(col, ""), spec)
            except ValueError as e:
                raise InputError(**where, column=col, problem=str(e), value=cells.get(col),
                                 expected=f"{'整数' if count else '数值'}，单位 {unit}"
                                          "（可写 97.01、97.01亿元、9,701万元；不能为负）") from None
            out[COLUMNS[col]] = None if v is None else (units.convert(v, unit, ind.unit) if unit != ind.unit else v)
        try:
            g = validation.convert_cell(cells.get("官方增速%", ""),
                                        validation.Column("官方增速%", "g", "number", "%", min=-100, max=1000))
        except ValueError as e:
            raise InputError(**where, column="官方增速%", problem=str(e), value=cells.get("官方增速%"),
                             expected="百分数，如 12.5 或 12.5%（−100 到 1000）") from None
        out["official_growth"] = None if g is None else g / 100
        out["note"] = str(cells.get("备注", "")).strip()
        out["source"] = f"{path.name}:{n}"
        rows.append(out)
    if not rows:
        raise InputError(path, sheet=sheet, problem="只有表头，没有任何数据行 / no data rows",
                         expected="每个指标一行；可用 analysis template 生成模板")
    return pd.DataFrame(rows)


def check_duplicates(frame: pd.DataFrame) -> None:
    dup = frame[frame.duplicated(["id", "period"], keep=False)]
    if not dup.empty:
        first = dup.iloc[0]
        places = "、".join(dup[(dup.id == first.id) & (dup.period == first.period)].source)
        raise InputError(None, problem=f"同一指标同一期间出现多次：{first.id} {first.period}（{places}）"
                         " / duplicate indicator and period", expected="每个指标每个期间只填一行")


QUALITY_DEFAULTS = {
    "max_ratio_to_target": 5.0,      # 本年累计 above 5× the annual target: an error unless 备注 says 已核实
    "min_ratio_to_target": 0.001,    # a money 本年累计 under 1/1000 of the target from February on: likewise
    "max_ratio_to_last_month": 5.0,  # 本年累计 above 5× last month's (from March on): likewise
    "growth_gap_pp": 10.0,           # 官方增速 and the growth from the YTD figures differ by more: a warning
}


def load_quality_settings(path: Path | None) -> dict:
    """The plausibility thresholds: defaults, overlaid with ``data/raw/quality.yaml`` if present
    (unknown keys and values that are not positive numbers are errors)."""
    settings = validation.settings_file(path, QUALITY_DEFAULTS, "数据质量设置文件")
    for key, value in settings.items():
        number = validation.as_number(value)
        if number is None or not number > 0 or number == float("inf"):
            raise InputError(path, column=key, problem="应为正数", value=value, expected=f"如 {QUALITY_DEFAULTS[key]:g}")
        settings[key] = float(number)
    return settings


def _confirmed(note: str) -> bool:
    """备注 that starts with 已核实 (or 已确认 / 核实无误): "是否已核实？" or "未核实" is no confirmation."""
    return str(note or "").strip().startswith(CONFIRM_WORDS)


def _where(rec) -> tuple[str, int | None]:
    """(file, row) of a monthly figure; a figure taken from a ledger has its ledger and no row."""
    file, _, row = str(rec["source"]).rpartition(":")
    return (file, int(row)) if file and row.isdigit() else (str(rec["source"]), None)


PARTS = (("hightech_output", "industrial_output"), ("emerging_output", "industrial_output"))


def plausibility(frame: pd.DataFrame, cat: Catalogue, quality: Quality, settings: dict) -> None:
    """Checks across rows and against the targets; errors stop the build, warnings reach the report.

    * 本年累计 above ``max_ratio_to_target`` × the annual target (万元 typed as 亿元?), or a money
      figure under ``min_ratio_to_target`` × the target from February on (亿元 typed as 万元?): error,
      or a warning when 备注 contains 已核实;
    * a flow indicator's 本年累计 lower than last month's (same year): warning (a revision?); below
      1/``max_ratio_to_last_month`` of last month's, or above ``max_ratio_to_last_month`` × last month's
      from March on: error unless confirmed (备注 已核实);
    * 官方增速 more than ``growth_gap_pp`` points from the growth of the YTD figures: warning
      (a percent typed as a fraction, or a restated base).
    """
    from .catalogue import STOCKS

    def fail_or_warn(rec, column, problem):
        file, row = _where(rec)
        if row is None:   # a figure derived from a ledger: the ledger must be corrected
            raise InputError(file, column=column, problem=problem, value=rec["ytd"],
                             expected="核对该台账中的面积、单位和日期")
        if _confirmed(rec["note"]):
            quality.warn(file, problem + "（备注已核实）", row=row, column=column)
        else:
            raise InputError(file, row=row, column=column, problem=problem, value=rec["ytd"],
                             expected="核对单位（亿元/万元）和数值；如确属实，在备注中写“已核实”")

    for ind in cat.monthly():
        rows = frame[frame["id"] == ind.id].sort_values("period")
        prev = None
        for rec in rows.to_dict("records"):
            ytd = rec["ytd"]
            file, row = _where(rec)
            if ytd is not None and ytd == ytd:
                if ind.value and ytd > settings["max_ratio_to_target"] * ind.value:
                    fail_or_warn(rec, "本年累计", f"{ind.name}本年累计 {ytd:,g}{ind.unit} 超过全年目标 {ind.value:g}{ind.unit} 的 "
                                 f"{settings['max_ratio_to_target']:g} 倍")
                if ind.value and units.dimension(ind.unit) == "money" and int(rec["period"][5:7]) >= 2 \
                        and 0 < ytd < settings["min_ratio_to_target"] * ind.value:
                    fail_or_warn(rec, "本年累计", f"{ind.name}本年累计 {ytd:,g}{ind.unit} 不到全年目标 {ind.value:g}{ind.unit} 的 "
                                 f"{settings['min_ratio_to_target']:g} 倍（单位填错？）")
                if prev is not None and prev["period"][:4] == rec["period"][:4] and ind.id not in STOCKS:
                    p = prev["ytd"]
                    month = int(rec["period"][5:7])
                    ratio = settings["max_ratio_to_last_month"]
                    if p > 0 and ytd < p / ratio:      # the same bound downwards: 千元 in an 亿元 row?
                        fail_or_warn(rec, "本年累计", f"{ind.name} {rec['period']} 本年累计 {ytd:,g}{ind.unit} 不到上月累计 "
                                     f"{p:,g}{ind.unit} 的 1/{ratio:g}（累计数应逐月不减，单位填错？）")
                    elif ytd < p - 1e-9:
                        quality.warn(file, f"{ind.name} {rec['period']} 本年累计 {ytd:,g}{ind.unit} 小于 {prev['period']} 的 "
                                           f"{p:,g}{ind.unit}（累计数应逐月不减，是否修订了数据？）", row=row, column="本年累计")
                    elif month >= 3 and p > 0 and ytd > settings["max_ratio_to_last_month"] * p:
                        fail_or_warn(rec, "本年累计", f"{ind.name} {rec['period']} 本年累计 {ytd:,g}{ind.unit} 超过上月累计 "
                                     f"{p:,g}{ind.unit} 的 {settings['max_ratio_to_last_month']:g} 倍")
                prev = rec
            last, full = rec["ytd_last"], rec["last_full"]
            if ind.id not in STOCKS and last == last and full == full and last is not None and full is not None \
                    and full < last - 1e-9:
                raise InputError(file, row=row, column="上年全年",
                                 problem=f"{ind.name} 上年全年 {full:,g}{ind.unit} 小于上年同期累计 {last:,g}{ind.unit}",
                                 value=full, expected="上年全年 ≥ 上年同期累计（单位是否一致？）")
            before = rows[rows["period"] == f"{int(rec['period'][:4]) - 1}{rec['period'][4:]}"]
            if len(before) and last == last and last is not None and before["ytd"].iloc[0] == before["ytd"].iloc[0]:
                then = float(before["ytd"].iloc[0])
                if abs(then - last) > 0.01 * max(abs(then), abs(last)):
                    quality.warn(file, f"{ind.name} 上年同期累计 {last:,g}{ind.unit} 与 {before['period'].iloc[0]} 月报的本年累计 "
                                       f"{then:,g}{ind.unit} 不一致（同口径调整？请核实）", row=row, column="上年同期累计")
            og = rec["official_growth"]
            if og is not None and og == og and last and last == last and last > 0 and ytd is not None and ytd == ytd:
                computed = ytd / last - 1
                if abs(og - computed) * 100 > settings["growth_gap_pp"]:
                    quality.warn(file, f"{ind.name} 官方增速 {og:.1%} 与按累计数计算的 {computed:.1%} 相差超过 "
                                       f"{settings['growth_gap_pp']:g} 个百分点，请核实（百分数是否填成了小数？）",
                                 row=row, column="官方增速%")
    _parts(frame, cat, quality)


def _parts(frame: pd.DataFrame, cat: Catalogue, quality: Quality) -> None:
    """A part larger than its whole in the same month (高新技术企业产值 > 工业总产值): a warning,
    since the document's own bases differ (METHODS §5), but usually a typing slip."""
    ytd = frame.set_index(["id", "period"])["ytd"]
    for part, whole in PARTS:
        for (i, p), v in ytd.items():
            if i != part or v != v or (whole, p) not in ytd.index:
                continue
            w = ytd[(whole, p)]
            if w == w and v > w:
                rec = frame[(frame["id"] == part) & (frame["period"] == p)].iloc[0]
                file, row = _where(rec)
                quality.warn(file, f"{cat.get(part).name} {p} 本年累计 {v:,g} 大于{cat.get(whole).name} {w:,g}（口径不同？请核实）",
                             row=row, column="本年累计")


def write_template(cat: Catalogue, period: str, output: Path) -> Path:
    """An .xlsx for the clerk who fills the month in: one row per monthly indicator with its unit.

    指标代码, 指标名称, 单位 and 期间 are locked (the sheet is protected without a password, so it can be
    lifted if ever needed); the cells to fill show a prompt with the indicator's unit and how to type a
    percentage; a 填表说明 sheet says what to fill and what not to do, in the clerk's terms.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    parse_period(period)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    header = list(COLUMNS)
    ws.append(header)
    indicators = cat.monthly()
    for ind in indicators:
        ws.append([ind.id, ind.name, ind.unit, period, None, None, None, None, None])
    fill = PatternFill("solid", fgColor="DCE6F0")
    locked_fill = PatternFill("solid", fgColor="F2F2F2")
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for col, width in zip("ABCDEFGHI", (22, 26, 8, 10, 14, 14, 14, 12, 30)):
        ws.column_dimensions[col].width = width
    last = len(indicators) + 1
    for row in ws.iter_rows(min_row=2, max_row=last):
        for cell in row[:4]:
            cell.fill = locked_fill
        for cell in row[4:]:
            cell.protection = Protection(locked=False)
    ws.freeze_panes = "E2"
    ws.protection.sheet = True           # no password: protects against slips, not people
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    prompts = {
        "E": ("本年累计", "截至本月的1-N月累计（存量指标填月末数），单位见C列；可直接带单位填写，如 97.01亿元、9,701万元。不要填公式。"),
        "F": ("上年同期累计", "上年1-N月累计，单位与本年累计相同。"),
        "G": ("上年全年", "可选：上年全年数，用于按上年季节规律推算全年。"),
        "H": ("官方增速%", "可选：统计部门公布的同口径累计增速，填 13% 或 13（表示13%）。"),
        "I": ("备注", "可选。数字异常但确认无误时，以“已核实”开头说明原因，如：已核实，新投产企业入统。"),
    }
    for col, (title, text) in prompts.items():
        dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle=title[:32], prompt=text[:255])
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)
    notes = wb.create_sheet("填表说明")
    for line in (
        [f"{Period.parse(period).year}年{Period.parse(period).month}月 月度指标填报说明"],
        ["1. 在“月度数据”表中，每行一个指标。灰色的指标代码、指标名称、单位、期间四列已锁定，请勿修改或删除行。"],
        ["2. 本年累计：填截至本月的1-N月累计数；规上企业数量、在建项目、在谈项目等按月末实有数填写。"],
        ["3. 单位以“单位”列为准，也可带单位填写（97.01亿元、9,701万元、3.6公顷），系统自动换算；单位不符会被退回。"],
        ["4. 百分数填 13% 或 13；单元格设为百分比格式也可以。不要用公式或引用其他表格，请粘贴为数值。"],
        ["5. 未掌握的数字留空（显示为“未填报”），不要填 0。不要在表头上方加标题行，不要新增工作表。"],
        ["6. 与上月相比变化很大但确认无误的数字，请在备注栏以“已核实”开头写明原因。"],
        ["7. 填好后保存为 Excel 文件，文件名保持不变，交数据分析人员汇总。"],
    ):
        notes.append(line)
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110
    from .xlsx import print_setup, save_workbook

    print_setup(ws)                      # the indicators and the columns to fill on one landscape page wide
    print_setup(notes, None)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)

    save_workbook(wb, output)
    return output
