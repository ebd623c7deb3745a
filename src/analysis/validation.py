"""One validation layer for every table people provide (DESIGN.md: column → unit, range, identity).

A reader describes its input as a :class:`Spec` (columns with kind, unit, range) and calls
:func:`read`.  The one row loop here does the rest, the same way for every ledger:

* units typed in cells are converted into the column's unit (``1.0326亿元`` in 税收万元 →
  10,326), and a unit of another dimension (``3公顷`` in a money column) is refused;
* counts must be whole, values must lie in the column's range, dates must exist (no 2025-02-30);
* a key column must be unique; text is kept as text (it is escaped wherever it is shown);
* every error is an :class:`InputError` naming file, sheet, row and column; every doubtful value
  the build accepts is a :class:`Finding` in the :class:`Quality` log, which reaches the build
  output and the report's 数据质量 section.

YAML inputs go through :func:`load_yaml`: UTF-8 or GBK, no aliases (a "billion laughs" file is
refused before it is expanded), a size limit, and errors that name the file and line.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import rawio, units
from .errors import InputError


# ---------------------------------------------------------------- findings (warnings that reach the report)
@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None
    column: str | None
    message: str

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列 {self.column}")
        return "，".join(parts)

    def text(self) -> str:
        return f"{self.where()}：{self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class Quality:
    """The warnings accepted in one preparation of the inputs (ordered, de-duplicated)."""
    findings: list[Finding] = field(default_factory=list)

    def warn(self, path, message: str, *, row: int | None = None, column: str | None = None) -> None:
        f = Finding(Path(path).name if path is not None else "", row, column, message)
        if f not in self.findings:
            self.findings.append(f)

    def as_list(self) -> list[dict]:
        return [f.as_dict() for f in self.findings]


# ---------------------------------------------------------------- column specs
MAX_CELL_TEXT = 1000       # characters in one text cell of a ledger (a 存在问题 or 备注 is a few hundred)
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100   # a ledger's dates are events of the zone's recent years
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×"}


@dataclass(frozen=True)
class Column:
    header: str                   # as in the file (after NFKC normalisation)
    name: str                     # internal name
    kind: str = "text"            # text | code | number | bool | date | period | choice
    unit: str = ""                # number: the column's unit; a typed unit is converted into it
    required: bool = False        # the header must be present
    nonblank: bool = False        # every row must have a value
    min: float | None = None
    max: float | None = None
    whole: bool = False           # counts
    choices: tuple = ()
    blank: object = None          # value for a blank cell
    words: dict | None = None     # bool: extra true/false words, e.g. {"规上": True, "规下": False}

    def expected(self) -> str:
        if self.kind == "number":
            rng = ""
            if self.min is not None and self.max is not None:
                rng = f"，{self.min:g}–{self.max:g}"
            elif self.min is not None:
                rng = f"，≥ {self.min:g}"
            if not self.unit:
                return f"{'整数' if self.whole else '数值'}（不带单位{rng}）"
            return f"{'整数' if self.whole else '数值'}（单位 {self.unit}{rng}，可带单位如 1.2亿元、3公顷）"
        if self.kind == "bool":
            return "是 / 否"
        if self.kind == "date":
            return f"日期，如 2025-06-30 或 2025-06（{EARLIEST_YEAR}–{LATEST_YEAR} 年）"
        if self.kind == "period":
            return "期间 YYYY-MM，如 2025-06"
        if self.kind == "choice":
            return " / ".join(self.choices)
        return "文本"


@dataclass(frozen=True)
class Spec:
    label: str                    # what the file is, in Chinese (企业台账)
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()     # internal names that identify a row (unique)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.header for c in self.columns if c.required]


def parse_number(value, col: Column):
    """The cell in the column's unit (None for blank); raises ValueError with the reason."""
    try:
        v = units.parse_in_unit(value, col.unit) if col.unit else _unitless(value)
    except units.UnitError as e:
        raise ValueError(str(e)) from None
    if v is None:
        return None
    if not math.isfinite(v):
        raise ValueError("不是有限数值 / not a finite number")
    return v


def _unitless(value):
    q = units.parse_quantity(value)
    if q is None:
        return None
    if q.unit:
        raise units.UnitError(f"此列不带单位，收到 {q.unit} / unexpected unit")
    return q.value


_DATE_FORMS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_FORMS = (re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"), re.compile(r"^(\d{4})(\d{2})$"))
AMBIGUOUS_MONTH = re.compile(r"^\d{4}\.1$")   # Excel keeps 2025.10 as the number 2025.1


def _not_ambiguous(s: str) -> None:
    if AMBIGUOUS_MONTH.match(s):
        raise ValueError(f"{s} 可能是 1 月，也可能是 Excel 去掉末尾 0 的 10 月 / ambiguous month: "
                         f"请写成 {s[:4]}-01 或 {s[:4]}-10（单元格设为文本）")


def parse_date(value) -> str | None:
    """'2025-06-30', '2025/6/30', '2025年6月30日', a date cell → 'YYYY-MM-DD'; '2025-06' → 'YYYY-MM'.

    Raises ValueError for dates that do not exist (2025-02-30) or cannot be read."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError("日期单元格是数字（可能是未设日期格式的 Excel 日期）/ date cell holds a number")
    s = units.normalize_text(value)
    _not_ambiguous(s)
    for form in _DATE_FORMS:
        m = form.match(s)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            try:
                return dt.date(y, mo, d).strftime("%Y-%m-%d")
            except ValueError:
                raise ValueError(f"日期不存在 / no such date: {s}") from None
    for form in _MONTH_FORMS:
        m = form.match(s)
        if m:
            y, mo = (int(x) for x in m.groups())
            if 1 <= mo <= 12:
                return f"{y:04d}-{mo:02d}"
            raise ValueError(f"月份不存在 / no such month: {s}")
    raise ValueError(f"无法识别的日期 / not a date: {s}")


def parse_period_cell(value) -> str | None:
    """A 期间 cell → 'YYYY-MM' (a date cell, 2025-06, 2025/6, 2025年6月, 202506)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m")
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"期间是数字 {value:g}（Excel 会把 2025.10 存成 2025.1）/ period stored as a number: "
                         "请把单元格设为文本，写成 2025-10")
    if isinstance(value, float):
        value = int(value)
    s = units.normalize_text(value)
    _not_ambiguous(s)
    for form in _MONTH_FORMS:
        m = form.match(s)
        if m:
            y, mo = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 2000 <= y <= 2100:
                return f"{y:04d}-{mo:02d}"
    raise ValueError(f"期间格式错误 / bad period: {s}")


def convert_cell(value, col: Column):
    """One cell per its column spec; raises ValueError with the reason."""
    if col.kind == "number":
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            raise ValueError("单元格是日期或时间格式（Excel 把数字显示成了日期？）/ date or time cell: 请改为常规或数值格式")
        v = parse_number(value, col)
        if v is None:
            return col.blank
        if col.whole and abs(v - round(v)) > 1e-9:
            raise ValueError("应为整数 / must be a whole number")
        if col.min is not None and v < col.min:
            raise ValueError("不能为负数 / negative" if col.min == 0 else f"小于允许的最小值 {col.min:g} / below minimum")
        if col.max is not None and v > col.max:
            raise ValueError(f"大于允许的最大值 {col.max:g} / above maximum")
        return float(round(v)) + 0.0 if col.whole else v + 0.0   # + 0.0: no "-0"
    if col.kind == "bool":
        s = units.normalize_text(value).lower() if not isinstance(value, bool) else ("是" if value else "否")
        words = {k.lower(): v for k, v in (col.words or {}).items()}
        if s in words:
            return words[s]
        if s == "":
            return col.blank
        if s in TRUE_WORDS:
            return True
        if s in FALSE_WORDS:
            return False
        raise ValueError("无法识别 / not yes or no")
    if col.kind == "date":
        got = parse_date(value)
        if got and not EARLIEST_YEAR <= int(got[:4]) <= LATEST_YEAR:   # 1925 for 2025: a typo, not history
            raise ValueError(f"日期年份不合理（应在 {EARLIEST_YEAR}–{LATEST_YEAR} 年之间）/ implausible year: {got}")
        return got or (col.blank if col.blank is not None else "")
    if col.kind == "period":
        return parse_period_cell(value) or (col.blank if col.blank is not None else "")
    text = "" if value is None else (value.strftime("%Y-%m-%d") if isinstance(value, (dt.date, dt.datetime))
                                     else str(value).strip())
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))  # a code typed as a number: 1001.0 → '1001'
    if col.kind == "code":  # identifiers: full-width, spaces and case do not make a different firm
        text = units.normalize_text(text).upper()
    if col.kind == "choice":
        text = units.normalize_text(text)
        if text and text not in col.choices:
            raise ValueError("不是可选值 / not an allowed value")
    if len(text) > MAX_CELL_TEXT:   # a page, the 月报 and its PDF would carry it whole (and lay it out for minutes)
        raise ValueError(f"文字过长（{len(text):,} 字），一个单元格最多 {MAX_CELL_TEXT:,} 字 / text too long："
                         "请压缩为摘要，详细材料另附")
    return text if text else (col.blank if col.blank is not None else "")


class _Doubtful(Exception):
    """A column the fast path cannot vouch for: the table is read again cell by cell for the exact error."""


def _number_column(values: list, col: Column) -> np.ndarray:
    """A number column converted whole (as :func:`convert_cell` would, cell by cell): plain ASCII numbers
    and numeric cells at once, the rest (units, full-width digits …) one by one.  Any cell that would be
    an error raises :class:`_Doubtful`."""
    s = pd.Series(values, dtype=object)
    kind = s.map(type)
    text = kind.isin((str,))
    plain = s.where(text).str.fullmatch(units._PLAIN.pattern, flags=re.ASCII).fillna(False).astype(bool)
    numeric = kind.isin((int, float)) & ~s.where(~text & kind.isin((int, float))).isna()
    blank = s.isna() | (text & (s.where(text).str.strip() == ""))
    out = np.full(len(s), np.nan)
    out[plain.to_numpy()] = s[plain].astype(float).to_numpy()
    out[numeric.to_numpy()] = s[numeric].astype(float).to_numpy()
    quick = (plain | numeric).to_numpy()
    v = out[quick]
    if not np.isfinite(v).all() or (col.whole and (np.abs(v - np.round(v)) > 1e-9).any()) \
            or (col.min is not None and (v < col.min).any()) or (col.max is not None and (v > col.max).any()):
        raise _Doubtful
    out[quick] = (np.round(v) if col.whole else v) + 0.0
    blank_value = np.nan if col.blank is None else col.blank
    out[blank.to_numpy() & ~quick] = blank_value
    for i in np.flatnonzero(~(quick | blank.to_numpy())):
        try:
            got = convert_cell(values[i], col)
        except ValueError:
            raise _Doubtful from None
        out[i] = np.nan if got is None else got
    if col.nonblank and np.isnan(out).any():
        raise _Doubtful
    return out


def _read_by_column(rows: list, spec: Spec) -> pd.DataFrame:
    """The fast path of :func:`read`: column by column; :class:`_Doubtful` when any cell or key is not clean."""
    data = {}
    for col in spec.columns:
        values = [cells.get(col.header, "") for _, cells in rows]
        if col.kind == "number":
            data[col.name] = _number_column(values, col)
            continue
        try:
            data[col.name] = [convert_cell(v, col) for v in values]
        except ValueError:
            raise _Doubtful from None
        if col.nonblank and any(v in (None, "") for v in data[col.name]):
            raise _Doubtful
    df = pd.DataFrame(data, columns=[c.name for c in spec.columns])
    if spec.key and df.duplicated(list(spec.key)).any():
        raise _Doubtful
    df["_row"] = [n for n, _ in rows]
    return df


def _refuse_merged_numbers(path, sheet, rows, spec: Spec) -> None:
    """A merged range down a text or date column (责任单位, 签约日期 of several projects) counts for every row
    it covers (``rawio`` filled it in); down a number or key column it would count one amount several times,
    or give two rows one identity, so it is refused with the range named."""
    strict = {c.header for c in spec.columns if c.kind == "number" or c.name in (spec.key or ())}
    for n, cells in rows:
        for header, rng in (cells.get(rawio.MERGED) or {}).items():
            if header in strict:
                raise InputError(path, sheet=sheet, row=n, column=header,
                                 problem=f"合并单元格 {rng} 覆盖了多行：合并后的数值或编号不能分给每一行 / merged cells",
                                 expected="取消合并，在每一行分别填写各自的数值")


def read(path, spec: Spec) -> pd.DataFrame:
    """Read a table per its spec: every cell converted and checked; errors name file, row and column.

    Adds a ``_row`` column with each record's row number in the file (for later checks and messages).
    A clean table is converted column by column (a 100,000-row ledger in about a second); a table with
    any doubtful cell is read again cell by cell, so the error named is the first in reading order.
    """
    path = Path(path)
    sheet, _, rows_in = rawio.records(path, spec.required, spec.headers)
    rows = list(rows_in)
    _refuse_merged_numbers(path, sheet, rows, spec)
    if rows:
        try:
            return _read_by_column(rows, spec)
        except _Doubtful:
            pass
    out, seen = [], {}
    for n, cells in rows:
        rec = {}
        for col in spec.columns:
            v = cells.get(col.header, "")
            try:
                rec[col.name] = convert_cell(v, col)
            except ValueError as e:
                raise InputError(path, sheet=sheet, row=n, column=col.header, problem=str(e), value=v,
                                 expected=col.expected()) from None
            if col.nonblank and rec[col.name] in (None, ""):
                raise InputError(path, sheet=sheet, row=n, column=col.header, problem="不能为空 / required",
                                 expected=col.expected())
        if spec.key:
            k = tuple(rec[c] for c in spec.key)
            if k in seen:
                header = next(c.header for c in spec.columns if c.name == spec.key[0])
                raise InputError(path, sheet=sheet, row=n, column=header,
                                 problem=f"重复：与第 {seen[k]} 行相同 / duplicate key", value="、".join(map(str, k)),
                                 expected="每条记录只出现一次")
            seen[k] = n
        rec["_row"] = n
        out.append(rec)
    if not out:
        raise InputError(path, sheet=sheet, problem=f"{spec.label}只有表头，没有任何数据行 / no data rows",
                         expected="每行一条记录；不用的台账文件请移出文件夹")
    df = pd.DataFrame(out, columns=[c.name for c in spec.columns] + ["_row"])
    for col in spec.columns:
        if col.kind == "number":
            df[col.name] = pd.to_numeric(df[col.name]).astype(float)
    return df


# ---------------------------------------------------------------- picking a file among alternatives
def one_file(folder: Path, stem: str) -> Path | None:
    """``<stem>.xlsx`` or ``<stem>.csv`` (or a refused format) in ``folder``; two of them is an error."""
    found = sorted(p for p in folder.glob(f"{stem}.*")
                   if p.is_file() and not p.name.startswith(("~$", ".")) and p.suffix.lower() != ".yaml")
    tables = [p for p in found if p.suffix.lower() in rawio.TEXT_SUFFIXES + rawio.EXCEL_SUFFIXES + rawio.ODS_SUFFIXES
              or p.suffix.lower() in rawio.UNSUPPORTED]
    if len(tables) > 1:
        raise InputError(folder, problem="同一台账有多个文件，无法确定用哪一个 / two files for one ledger",
                         value="、".join(p.name for p in tables), expected=f"只保留一个 {stem}.xlsx 或 {stem}.csv")
    return tables[0] if tables else None


# ---------------------------------------------------------------- YAML
MAX_YAML_BYTES = 1024 * 1024


def as_number(value):
    """A settings value as a number: numbers as they are, and text such as '1e9' that YAML 1.1 leaves
    as a string; None for anything else (booleans included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def settings_file(path, defaults: dict, what: str) -> dict:
    """A copy of ``defaults`` overlaid with the mapping in the YAML at ``path`` (if it exists);
    a file that is not a mapping, or a key not among the defaults, is an InputError naming the key.
    Each caller then checks the values' types and ranges."""
    import copy

    settings = copy.deepcopy(defaults)
    if path is None or not Path(path).exists():
        return settings
    raw = load_yaml(path, what)
    if raw is None:
        return settings
    if not isinstance(raw, dict):
        raise InputError(path, problem=f"{what}应为键值对 / settings must be a mapping", expected="、".join(defaults))
    for key, value in raw.items():
        if key not in defaults:
            raise InputError(path, column=key, problem="未知设置项 / unknown setting", expected="、".join(defaults))
        settings[key] = value
    return settings


def load_yaml(path, what: str = "YAML 文件"):
    """Parse a YAML input safely: UTF-8 or GBK, no aliases or anchors, at most 1 MB; clear errors."""
    import yaml

    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, problem=f"找不到{what} / file not found") from None
    if len(raw) > MAX_YAML_BYTES:
        raise InputError(path, problem=f"{what}过大 / file too large", expected="小于 1 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(path, problem="无法识别文件编码 / unknown encoding", expected="UTF-8 或 GBK") from None

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's parser when present: 10× faster

    class Loader(base):
        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"键 {key!r} 出现了两次（第 {seen[key] + 1} 行和第 {key_node.start_mark.line + 1} 行）"
                        " / duplicate key", key_node.start_mark)
                seen[key] = key_node.start_mark.line
            return super().construct_mapping(node, deep=deep)

    try:
        # aliases and anchors are refused from the event stream, before any node is built (billion laughs)
        for event in yaml.parse(text, Loader=base):
            if isinstance(event, yaml.AliasEvent):
                raise yaml.composer.ComposerError(None, None, "不允许使用别名（*引用）/ aliases are not allowed",
                                                  event.start_mark)
            if getattr(event, "anchor", None):
                raise yaml.composer.ComposerError(None, None, "不允许使用锚点（&）/ anchors are not allowed",
                                                  event.start_mark)
        return yaml.load(text, Loader=Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e)
        raise InputError(path, row=row, problem=f"{what}格式错误 / YAML error: {problem}",
                         expected="YAML 键值对，如 name: 基准情景") from None
    except (ValueError, OverflowError):       # a date-like value that is no date (2025-13-01): YAML's own check
        row = _bad_date_line(text)
        raise InputError(path, row=row, problem=f"{what}中有无效的日期", expected="真实存在的日期，如 2025-09-26") from None


def _bad_date_line(text: str) -> int | None:
    """The line of the first YYYY-MM-DD in ``text`` that is not a real date."""
    import datetime as dt
    import re

    for n, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r"(?<![\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", line):
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                return n
    return None
