"""Text from inputs is inert everywhere (reliability issue, item 2).

One full build (with the real 月报.pdf) whose every ledger carries, in every free-text column, a
script, a ``javascript:`` link, a ``file://`` image and attachment, and ``<img src=x>``.  No page, no
月报 (HTML or PDF) and no sheet may hold anything live; the text itself is shown as typed.
"""
import html
import re
import subprocess

import pytest

from analysis import build, pages, publish
from analysis.errors import BuildError

from .conftest import make_project

PAYLOADS = ('<script>alert(1)</script>', '[点我](javascript:alert(2))', '![图](file:///etc/hostname)',
            '<img src=x>', '<a rel="attachment" href="file:///etc/hostname">附件</a>')
_real_write_pdf = publish.write_pdf       # before any test's stand-in


def _free_text_columns():
    """Every ledger's free-text columns, by raw file, from the registry (``Ledger.free_text``)."""
    from analysis import registry

    out = {ledger.demo_path: list(ledger.free_text()) for ledger in registry.LEDGERS}
    out["actuals/2025-10.csv"] = ["备注"]
    return out


def _inject(proj):
    import csv

    seen = []
    for rel, headers in _free_text_columns().items():
        f = proj / "data/raw/demo" / rel
        if not f.exists():
            f = proj / "data/raw" / rel
        rows = list(csv.reader(f.read_text(encoding="utf-8-sig").splitlines()))
        for h in headers:
            col = rows[0].index(h)
            filled = [row for row in rows[1:] if row[col].strip()]   # a blank may carry meaning (no 终止)
            if not filled:
                for row in rows[1:]:
                    row[col] = "备注"
                filled = rows[1:]
            for i, row in enumerate(filled):
                row[col] = f"{row[col]}{PAYLOADS[i % len(PAYLOADS)]}"
            seen.append((rel, h))
        with open(f, "w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
    return seen


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    proj = make_project(tmp_path_factory.mktemp("inject") / "proj")
    seen = _inject(proj)
    with pytest.MonkeyPatch.context() as mp:      # the real PDF (a test's stand-in lifted)
        mp.setattr(publish, "write_pdf", _real_write_pdf)
        dest = build.build("2025-10", root=proj, jobs=2)
    return proj, dest, seen


def test_every_ledger_was_injected(injected):
    _, _, seen = injected
    files = {f for f, _ in seen}
    assert {"projects/projects.csv", "projects/onboarding.csv", "projects/finance.csv", "land/parcels.csv",
            "enterprises/enterprises.csv", "budget/indicator_actuals.csv", "actuals/2025-10.csv",
            "enterprises/low_efficiency_status.csv", "supervision/supervision.csv", "enterprises/class_history.csv",
            "enterprises/objections.csv"} <= files
    assert ("enterprises/objections.csv", "异议事项") in seen
    assert ("projects/projects.csv", "项目名称") in seen and ("projects/projects.csv", "存在问题") in seen


@pytest.mark.pdf
def test_no_page_holds_anything_live(injected):
    proj, dest, _ = injected
    for page in [*dest.glob("*.html"), proj / "reports/index.html", proj / "reports/scenarios/index.html"]:
        text = page.read_text(encoding="utf-8")
        assert pages.live_content(text) is None, page
    investment = (dest / "40_investment.html").read_text(encoding="utf-8")
    # the 停留最久 sentence quotes project names as typed: escaped once, so a reader sees the typed text
    sentence = next(p for p in re.findall(r"<p>(.*?)</p>", investment, re.S) if "停留最久" in p)
    shown = html.unescape(re.sub(r"<[^>]+>", "", sentence))
    assert "示例项目31<script>alert(1)</script>（在谈" in shown and "[点我](javascript:alert(2))（在谈" in shown
    for page in dest.glob("*.html"):
        assert "&amp;lt;" not in page.read_text(encoding="utf-8"), page          # never escaped twice
    monthly = (dest / "月报.html").read_text(encoding="utf-8")
    assert "&lt;img src=x&gt;" in monthly and "<img src=x" not in monthly


@pytest.mark.pdf
def test_the_pdf_embeds_and_links_nothing(injected, tmp_path):
    _, dest, _ = injected
    pdf = dest / "月报.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 100_000
    listed = subprocess.run(["pdfdetach", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert listed.strip().startswith("0 embedded files"), listed
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "<script>alert(1)</script>" in text                  # shown as text
    # every link annotation of the PDF, as poppler lists it; a control document shows the listing sees one
    control = tmp_path / "control.pdf"
    _real_write_pdf('<html><body><a href="https://example.invalid/x">x</a></body></html>', control, tmp_path)
    assert "https://example.invalid/x" in _urls(control)
    assert _urls(pdf) == []


def _urls(pdf) -> list[str]:
    out = subprocess.run(["pdfinfo", "-url", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines()[1:] if line.strip()]


def test_the_word_edition_holds_ledger_text_as_text(injected):
    """The 督办 ledger's 事项 reaches 月报.docx (下一步, the 督办 table) as typed: plain runs, no hyperlink, no
    field but the page number, no picture but the chart."""
    import docx

    _, dest, seen = injected
    assert ("supervision/supervision.csv", "事项") in seen and ("supervision/supervision.csv", "措施") in seen
    doc = docx.Document(dest / "月报.docx")
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "<script>alert(1)</script>" in text
    xml = doc.element.xml
    assert "<w:hyperlink" not in xml and "<w:instrText" not in xml and "<w:fldSimple" not in xml
    assert xml.count("<pic:pic") == 1 and not [r for r in doc.part.rels.values() if r.is_external]


def test_the_workbook_holds_no_formula(injected):
    from openpyxl import load_workbook

    _, dest, _ = injected
    for name in ("tables.xlsx", "亩均评价公示名单.xlsx"):
        wb = load_workbook(dest / name)
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], name
        assert any(isinstance(c.value, str) and "<script>alert(1)</script>" in c.value for c in cells), name


def test_objection_text_reaches_the_round_pages_as_text(injected):
    _, dest, _ = injected
    text = (dest / "亩均评价公示.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script>alert" not in text


@pytest.mark.pdf
def test_the_pdf_engine_fetches_no_file_and_no_network(tmp_path):
    """The net under the escaping: whatever HTML reaches WeasyPrint, only inline images are fetched; a
    local file or a network URL stops the PDF with one Chinese line (FatalURLFetchingError, a
    BaseException, no longer escapes as a traceback)."""
    for bad in ('<a rel="attachment" href="file:///etc/hostname">x</a>', '<img src=x>',
                '<img src="https://example.invalid/a.png">', '<link rel="stylesheet" href="file:///etc/hostname">'):
        target = tmp_path / "a.pdf"
        with pytest.raises(BuildError, match="已拒绝"):
            _real_write_pdf(f"<html><body>{bad}</body></html>", target, tmp_path)
        assert not target.exists()


def test_a_live_page_is_refused_not_published():
    with pytest.raises(BuildError, match="网页代码"):
        pages.check_inert('<p>x</p><img src="file:///etc/hostname">', "测试页")
    for bad in ("<script>1</script>", '<a href="javascript:alert(1)">x</a>', '<p onclick="x()">y</p>',
                '<iframe src="a.html"></iframe>', '<div style="background:url(file:///x)">z</div>'):
        assert pages.live_content(bad), bad
    for fine in ('<a href="index.html">目录</a>', '<a href="#%E4%B8%80">一</a>', '<a href="../scenarios/index.html">s</a>',
                 '<img src="data:image/png;base64,iVBORw0KGgo=">', "<p>&lt;script&gt;</p>"):
        assert pages.live_content(fine) is None, fine


def test_a_quote_in_a_name_is_escaped_once():
    """Issue 26 #9: an apostrophe in a scenario name showed as &#x27; (escaped twice)."""
    from analysis.text import md_text

    render = pages._exporter_class()(template_name="lab").markdown2html
    assert render({}, f"- **{md_text('王某的情景')}**：{md_text(chr(39) + '乐观' + chr(39) + ' <b>')}").count("&amp;") == 0
    assert "O'Brien" in render({}, md_text("O'Brien")) and "<b>" not in render({}, md_text("<b>"))
