"""Turning computed tables into what a Chinese reader sees: column names, units, precision.

Display only: every number shown here was computed elsewhere in the package.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from . import units
from .text import md_text, terminal_text  # noqa: F401  (notebooks quote input text with present.md_text)


def format_frame(df: pd.DataFrame, formats: dict) -> pd.DataFrame:
    """Return a copy with columns formatted as text.

    ``formats`` maps a column to ``'pct'`` (fraction → 12.3%), ``'pp'`` (个百分点), ``'signed'`` (+4.8, the unit in the header),
    ``('num', digits)``, ``'unit'`` (the precision of the row's 单位: counts whole, 亩 one decimal,
    亿元 two), or a callable.  Columns not named are shown as they are.
    """
    out = df.copy()
    for col, fmt in formats.items():
        if col not in out.columns:
            continue
        if fmt == "pct":
            out[col] = [units.fmt_pct(v) for v in df[col]]
        elif fmt == "pp":
            out[col] = [units.fmt_pp(v) for v in df[col]]
        elif fmt == "signed":   # a difference in the header's unit (进度差（个百分点）): +4.8, −3.8
            out[col] = ["—" if pd.isna(v) else f"{v:+.1f}" for v in df[col]]
        elif fmt == "unit":
            out[col] = [units.fmt_value(v, "", units.digits_for(v, u)) for v, u in zip(df[col], df["单位"])]
        elif isinstance(fmt, tuple) and fmt[0] == "num":
            out[col] = [units.fmt_value(v, "", fmt[1]) for v in df[col]]
        elif callable(fmt):
            out[col] = [fmt(v) for v in df[col]]
    return out.astype(object).where(out.notna(), "—")


LONG_HEADER = 4   # characters: a longer header may wrap; short ones (年度目标, 完成率) stay on one line


STATUS_CLASSES = {"绿": "st-green", "黄": "st-amber", "红": "st-red", "未": "st-none"}


def _chunks(text: str) -> list[str]:
    """A figure or status split where a line may break: before "（", after "，" / "；" / "、", and
    between words and a following number, so a cell wraps as 96.1% / （增量进度 / 66.7%） and 绿·落后序时进度
    / 9.7个百分点， / 未达预警线, never inside 56.88亿元 or a status word (each chunk is
    kept whole by the stylesheet's ``span.nb``)."""
    return [p for p in re.split(r"(?=（)|(?<=[，；、])|(?<=[\u4e00-\u9fff])(?=[+\-]?\d)", text) if p] or [text]


def table_html(df: pd.DataFrame, text_columns=(), status_column: str | None = None) -> str:
    """A plain, deterministic HTML table (no random ids, no scripts); text columns left-aligned; the
    cells of ``status_column`` coloured by their first character (绿 / 黄 / 红 / 未填报)."""
    def cls(c, header=False, value=""):
        names = (["text"] if c in text_columns else []) + (["long"] if header and len(str(c)) > LONG_HEADER else [])
        if not header and c == status_column and str(value)[:1] in STATUS_CLASSES:
            names.append(STATUS_CLASSES[str(value)[:1]])
        return f' class="{" ".join(names)}"' if names else ""

    def content(c, v):
        text = html.escape(terminal_text(v))      # control characters shown, as on the terminal and in Word
        if (c in text_columns and c != status_column) or text.isascii():
            return text                     # free text wraps anywhere; 259.00 or 74.0% has nowhere to break
        return "<wbr>".join(f'<span class="nb">{part}</span>' for part in _chunks(text))

    head = "".join(f'<th scope="col"{cls(c, True)}>{html.escape(str(c))}</th>' for c in df.columns)
    body = []
    for rec in df.itertuples(index=False):
        cells = "".join(f"<td{cls(c, value=v)}>{content(c, v)}</td>" for c, v in zip(df.columns, rec))
        body.append(f"<tr>{cells}</tr>")
    return f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def show(df: pd.DataFrame, text_columns=(), status_column: str | None = None):
    """Display a table in a notebook (returns an IPython HTML object)."""
    from IPython.display import HTML

    return HTML(table_html(df, text_columns, status_column))


def demo_notice(manifest: dict):
    """The 示例数据 notice for a notebook opened in JupyterLab on synthetic data.

    In a build (ANALYSIS_BUILD set) the page itself carries the banner, so the notice is left out.
    """
    import os

    from IPython.display import Markdown

    if manifest.get("demo") and not os.environ.get("ANALYSIS_BUILD"):
        return Markdown("> **⚠ 示例数据**：本页的月度数据为合成演示数据，仅用于展示方法，不是真实统计结果。")
    return Markdown("")


def notices(res):
    """What a notebook shows under its title: the 示例数据 notice in JupyterLab (a built page carries the
    banner) and, when the notebook's parameters differ from the official build's, a note saying its
    figures are a what-if, not those of the published report."""
    from IPython.display import Markdown


    parts = [demo_notice(res.bundle.manifest).data]
    notes = res.trial_notes()
    if notes:
        parts.append(f"> **本页为试算**：{md_text('；'.join(notes))}。表中数字按本页的参数和数据重新计算，不是已发布的数字。")
    return Markdown("\n\n".join(p for p in parts if p))


from .innovation import BASIS_NAMES as WORDS  # noqa: E402  (share bases in words, one vocabulary)


def format_by_unit(df: pd.DataFrame, unit_column: str = "单位", skip=("指标", "假设", "单位"),
                   document_columns=("目标",)) -> pd.DataFrame:
    """Format every value column row by row using that row's unit: % as percent, every other unit at the
    one precision of pages, 月报 and Excel (``units.digits_for``: 亿元 2 digits, 亩 1, counts whole …).
    A target taken from the document (``document_columns``) is shown as the document prints it (2.736亿元
    stays 2.736), as on every other page; a derived one with more digits (6.2017) at the unit's precision."""
    out = df.copy().astype(object)
    for i, row in df.iterrows():
        unit = row.get(unit_column, "")
        for col in df.columns:
            if col in skip:
                continue
            v = row[col]
            if isinstance(v, str):
                out.at[i, col] = WORDS.get(v, v)
            elif v is None or (isinstance(v, float) and pd.isna(v)):
                out.at[i, col] = "—"
            elif unit == "%":
                out.at[i, col] = units.fmt_pct(v, 2)
            elif col in document_columns and len(units.fmt_doc(v).partition(".")[2]) <= 3:
                out.at[i, col] = units.fmt_doc(v)
            else:
                out.at[i, col] = units.fmt_value(v, "", units.digits_for(v, unit))
    return out
