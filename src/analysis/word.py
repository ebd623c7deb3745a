"""月报.docx: the 月报's decisions as a Word document an office edits before 报送 (GB/T 9704-2012 layout).

It holds what leadership acts on, from the same result tables as the pages, the 月报 and tables.xlsx
(one computation): the verdict, the headline table, the full-year outlook, the largest gaps, 存在问题
and 下一步 from the 督办 list, the open 督办 items, and the headline chart with its caption.  The detail
pages stay in the HTML and PDF 月报.

Layout after GB/T 9704-2012: A4, margins 37 / 35 / 28 / 26 mm, the title in 2号 小标宋, body text in 3号
仿宋 at a fixed 28-point line (22 lines a page), level-1 headings in 3号 黑体, level-2 in 3号 楷体,
tables in 五号 仿宋 with the header row repeated on every page, page numbers "— N —" in 4号.  Fonts are
named as Windows offices have them (:data:`FONTS`), the East Asian font set on every run (``w:eastAsia``),
or Word keeps its theme font for Chinese.  No font is embedded.  Where a font is absent, Word or
LibreOffice substitutes one (on Debian, fontconfig maps them to Noto Serif/Sans CJK or WenQuanYi).

Text from inputs is plain text in runs (no fields, no hyperlinks, control characters shown escaped), so
it is inert in Word as on the pages.  The bytes are the same for the same inputs (fixed zip times and
document properties).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from . import __version__, headline, supervision, units
from .period import Period
from .results import Results
from .text import terminal_text
from .xlsx import FIXED_TIME, display_width, stable_zip

FONTS = {"title": "方正小标宋简体", "body": "仿宋", "h1": "黑体", "h2": "楷体", "latin": "Times New Roman"}
SIZE = {"title": 22, "body": 16, "h1": 16, "h2": 16, "table": 10.5, "page": 14, "note": 12}   # 2号, 3号, 五号, 4号
_XML_BAD = re.compile("[\ud800-\udfff\ufffe\uffff]")


def plain(text) -> str:
    """Text from inputs for a Word run: control characters shown as ``\\x1b`` and the like (they are not
    allowed in the XML), nothing else changed."""
    return _XML_BAD.sub("\ufffd", terminal_text("" if text is None else text))


def _font(run, role: str, size: float | None = None, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    name = FONTS[role]
    run.font.name = FONTS["latin"]
    run.font.size = Pt(size or SIZE[role])
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    return run


def _para(doc, text: str, role: str = "body", *, indent: bool = True, align=None, size=None, bold=False,
          space_after: float = 0):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28 if role != "title" else 36)
    fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(2 * SIZE["body"])
    fmt.keep_with_next = role in ("h1", "h2")      # a heading never ends a page
    if align is not None:
        p.alignment = align
    _font(p.add_run(plain(text)), role, size, bold)
    return p


def _table(doc, df: pd.DataFrame, caption: str):
    """A real Word table: header row repeated on each page, 五号 仿宋, figures right-aligned."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    cap = _para(doc, caption, "h2", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=SIZE["table"] + 1.5)
    cap.paragraph_format.keep_with_next = True
    t = doc.add_table(rows=1, cols=len(df.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    header = t.rows[0]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(flag)
    text_like = {c for c in df.columns if df[c].map(lambda v: isinstance(v, str) and not _numeric(v)).any()}
    for cell, name in zip(header.cells, df.columns):
        _cell(cell, str(name), WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for rec in df.itertuples(index=False):
        row = t.add_row()
        no_split = OxmlElement("w:cantSplit")
        no_split.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(no_split)
        for cell, name, value in zip(row.cells, df.columns, rec):
            align = WD_ALIGN_PARAGRAPH.LEFT if name in text_like else WD_ALIGN_PARAGRAPH.RIGHT
            _cell(cell, "—" if value is None or value != value else str(value), align)
    for column, width in zip(t.columns, column_widths(df)):
        column.width = width                 # the grid (LibreOffice reads it) and every cell (Word does)
        for cell in column.cells:
            cell.width = width
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    return t


TEXT_WIDTH_MM = 210 - 28 - 26     # A4 less the left and right margins


def column_widths(df: pd.DataFrame):
    """Widths for a table on the text width: a column of figures is as wide as its widest figure (a figure
    never wraps: 83.3% on one line), at least four characters for its header; the columns of text share
    what remains by their longest line (a header counts half: it may wrap)."""
    from docx.shared import Mm

    unit, pad = 2.2, 4.0      # mm per half-em at 五号 (Times digits 1.9, a substitute's up to 2.2), side margins
    texts = [[str(v) for v in df[c]] for c in df.columns]
    numeric = [all(_numeric(v) for v in col) for col in texts]
    fixed = {i: max([display_width(v) for v in col] + [8]) * unit + pad for i, col in enumerate(texts) if numeric[i]}
    need = {i: max(min(max([display_width(v) for v in col] + [0]), 40), display_width(str(c)) / 2, 6)
            for i, (c, col) in enumerate(zip(df.columns, texts)) if not numeric[i]}
    left = max(TEXT_WIDTH_MM - sum(fixed.values()), 20.0 * len(need))
    widths = [fixed[i] if i in fixed else left * need[i] / sum(need.values()) for i in range(len(texts))]
    for i in need:            # a name column keeps about five characters a line, taken from the widest text column
        want = min(26.0, need[i] * unit + pad)
        widest = max(need, key=lambda k: widths[k])
        if widths[i] < want and widest != i and widths[widest] - (want - widths[i]) >= want:
            widths[widest] -= want - widths[i]
            widths[i] = want
    scale = min(1.0, TEXT_WIDTH_MM / sum(widths))
    return [Mm(w * scale) for w in widths]


def _numeric(v: str) -> bool:
    return bool(re.fullmatch(r"[+\-−]?[\d,.]+(%|亿元|万元|家|个|亩|万元/亩|个百分点)?|—", v.strip()))


def _cell(cell, text: str, align, bold: bool = False):
    from docx.enum.text import WD_LINE_SPACING

    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _font(p.add_run(plain(text)), "body", SIZE["table"], bold)


def _page_number(paragraph):
    """"— N —" with a PAGE field (the document's own field, not text from an input)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _font(paragraph.add_run("— "), "body", SIZE["page"])
    run = _font(paragraph.add_run(), "body", SIZE["page"])
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    _font(paragraph.add_run(" —"), "body", SIZE["page"])


def _setup(doc, demo_notice: str | None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    for s in doc.sections:
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
        s.header_distance, s.footer_distance = Mm(15), Mm(20)
        if demo_notice:
            hp = s.header.paragraphs[0]
            hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(hp.add_run(demo_notice), "h1", 10.5, bold=True)
        fp = s.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(fp)
    core = doc.core_properties
    core.author = core.last_modified_by = "zone-analysis"
    core.created = core.modified = FIXED_TIME
    core.revision = 1


def _chart_png(head: pd.DataFrame, period: str) -> tuple[bytes, str]:
    from . import charts

    charts.setup()
    import matplotlib.pyplot as plt

    plt.switch_backend("agg")      # the same PNG whatever MPLBACKEND says (its text metrics move the tight box)
    fig = charts.bullet(head["指标"], head["进度"], head["序时进度"], title=f"{period} 头条指标进度",
                        status=head["预警"], xlabel="进度（%）")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    alt = charts.alt_text(fig)
    plt.close(fig)
    return buf.getvalue(), alt


def document(res: Results):
    """The Word document (a ``docx.Document``) for the results' period."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    b = res.bundle
    period = b.period
    p = Period.parse(period)
    report = b.manifest["settings"]["report"]
    head, kpi, outlook = res["headline"], res["kpi"], res["outlook"]
    doc = Document()
    notice = "示例数据 · 非真实统计 · 不得作为正式数据引用" if b.demo else None
    _setup(doc, notice)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, report["unit"], "h1", indent=False, align=centre)
    _para(doc, f"{p.year}年{p.month}月绩效目标进度月报", "title", indent=False, align=centre)
    _para(doc, f"{headline.issue_number(report, period)}　　　　印发日期：{headline.issued_on(report, b.manifest)}", "body",
          indent=False, align=centre, space_after=12)
    if notice:
        _para(doc, f"⚠ 示例数据：本月报中的{'、'.join(b.manifest.get('demo_parts') or ['部分数据'])}为合成的演示数据，"
                   "不代表真实统计结果，不得作为正式数据引用。", "body", size=SIZE["note"], bold=True)
    _para(doc, f"{p.label}　数据截止：{headline.data_cutoff(period)}", "body", indent=False,
          align=centre, size=SIZE["note"], space_after=6)

    gaps = headline.largest_gaps(head, 3, kpi)
    _para(doc, "一、总体情况", "h1")
    for s in headline.verdict(head, gaps, outlook, period):
        _para(doc, s.replace("**", ""))
    missing = headline.not_reported(kpi)
    if missing:
        _para(doc, missing)
    _para(doc, headline.status_sentence(head, report))
    shown = headline.display_table(head)
    shown = shown[[c for c in shown.columns if c not in ("本月新增", "完成率较上月（个百分点）")]]
    _table(doc, shown, f"表1　头条指标完成情况（序时进度{units.fmt_pct(head['序时进度'].dropna().iloc[0])}）"
           if head["序时进度"].notna().any() else "表1　头条指标完成情况")

    _para(doc, "二、全年预计", "h1")
    _para(doc, headline.OUTLOOK_METHOD)
    if len(outlook):
        _table(doc, headline.outlook_table(outlook, period), "表2　全年预计与剩余月份需要的进度")

    _para(doc, "三、存在问题和下一步", "h1")
    _para(doc, "（一）差距较大的指标", "h2")
    for i, s in enumerate(headline.gap_sentences(gaps, period) or ["全部指标均未落后于序时进度。"], 1):
        _para(doc, f"{i}. {s}" if len(gaps) else s)
    problems, steps = supervision.problems_and_next_steps(res["supervision"], res["supervision_proposed"], period,
                                                          more="见本文“四、督办事项”")
    _para(doc, "（二）存在问题", "h2")
    for i, s in enumerate(problems or ["没有逾期或需新增督办的问题。"], 1):
        _para(doc, f"{i}. {s}" if problems else s)
    _para(doc, "（三）下一步工作", "h2")
    for i, s in enumerate(steps or ["没有在办的督办事项。"], 1):
        _para(doc, f"{i}. {s}" if steps else s)

    tracked = res["supervision"]
    _para(doc, "四、督办事项", "h1")
    _para(doc, supervision.count_sentence(tracked, period))
    if tracked is not None and len(tracked):
        live = supervision.open_items(tracked)
        if len(live):
            _table(doc, live[["事项", "责任单位", "责任领导", "完成时限", "状态", "督办提示"]], "表3　在办督办事项")
    proposed = res["supervision_proposed"]
    if proposed is not None and len(proposed):
        _para(doc, f"按预警规则和项目停留天数，建议新列入督办{len(proposed)}项（尚无督办事项跟进）：")
        _table(doc, proposed[["建议事项", "问题", "责任单位"]], "表4　建议列入督办的事项")

    png, alt = _chart_png(head, period)
    pic = doc.add_paragraph()
    pic.alignment = centre
    run = pic.add_run()
    run.add_picture(io.BytesIO(png), width=Mm(150))
    for el in run._element.iter():
        if el.tag.endswith("}docPr"):
            el.set("descr", plain(alt))
            el.set("name", "图1")
    _para(doc, f"图1　{period} 头条指标进度（横条为进度，黑色竖线为序时进度）", "body", indent=False, align=centre,
          size=SIZE["table"] + 1.5)
    _para(doc, f"数据来源：{b.manifest.get('data_source', '')}。各页明细、计算参数与输入文件校验值见月报附录；"
               f"由 zone-analysis {__version__} 生成。", "body", indent=False, size=SIZE["table"])
    return doc


def save(doc, path: Path) -> Path:
    """A Word document written with fixed zip times: same inputs, same bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    path = Path(path)
    path.write_bytes(stable_zip(buf.getvalue()))
    return path


def write_docx(res: Results, path: Path) -> Path:
    """Write ``月报.docx`` (same inputs, same bytes)."""
    return save(document(res), path)



FEEDBACK_FIELDS = ("企业名称", "企业代码", "联系人", "联系电话", "异议事项（对哪项指标、哪个数据有异议）", "企业台账填报值",
                   "企业认为应更正为", "证明材料清单（附后）")


def feedback_form(res: Results, path: Path) -> Path:
    """``意见反馈表.docx``: the blank form a firm fills in to object during the 公示, with the window's dates and
    the office that receives it (same inputs, same bytes)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from .publicity import date_words

    b = res.bundle
    rs = b.manifest["settings"].get("round") or {}
    report = b.manifest["settings"]["report"]
    doc = Document()
    notice = "示例数据 · 非真实统计 · 不得作为正式数据引用" if b.demo else None
    _setup(doc, notice)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, f"{plain(report['unit'])}{res.round_year}年度企业亩均效益综合评价", "h1", indent=False, align=centre)
    _para(doc, "意见反馈表", "title", indent=False, align=centre, space_after=12)
    if rs.get("window_start"):
        office = plain(rs.get("office") or "管委会亩均效益评价工作办公室")
        when = (f"请于公示期内（{date_words(rs['window_start'])}至{date_words(rs['window_end'])}）将本表加盖企业公章，"
                f"连同证明材料送{office}；逾期未提出的，视为无异议。")
    else:
        when = "请于公示期内将本表加盖企业公章，连同证明材料送亩均效益评价工作办公室；逾期未提出的，视为无异议。"
    _para(doc, when, "body", size=SIZE["table"] + 1.5)
    t = doc.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for name in FEEDBACK_FIELDS:
        row = t.add_row()
        _cell(row.cells[0], name, WD_ALIGN_PARAGRAPH.LEFT, bold=True)
        _cell(row.cells[1], "", WD_ALIGN_PARAGRAPH.LEFT)
        row.height = Mm(24 if "异议事项" in name or "证明材料" in name else 11)
    for cell in t.columns[0].cells:
        cell.width = Mm(52)
    for cell in t.columns[1].cells:
        cell.width = Mm(104)
    _para(doc, "", "body")
    _para(doc, "企业（盖章）：　　　　　　　　　　法定代表人（签字）：　　　　　　　　　　年　　月　　日", "body", indent=False,
          size=SIZE["table"] + 1.5)
    return save(doc, path)
