"""The published report, built once for real (月报.pdf included): one set of figures on every page, in
the 月报 and in tables.xlsx; every page fits at 1280 px in Chromium; the PDF has text, embedded CJK fonts
and 示例数据 on every page; nothing for developers on a reader's page."""
import re
import subprocess

import pytest
from openpyxl import load_workbook

from analysis import headline, units

from .browser import cell, too_wide


@pytest.fixture(scope="module")
def report(demo_report):
    proj, dest = demo_report
    pages = {p.name: p.read_text(encoding="utf-8") for p in dest.glob("*.html")}
    import pickle

    head = pickle.loads((proj / "data/processed/2025-10/results/headline.pkl").read_bytes())
    return proj, dest, pages, head


def test_monthly_report_is_built_and_linked(report):
    _, dest, pages, _ = report
    assert (dest / "月报.pdf").stat().st_size > 100_000
    assert 'href="月报.html"' in pages["index.html"] and 'href="月报.pdf"' in pages["index.html"]
    monthly = pages["月报.html"]
    assert "数据截止：2025年10月31日" in monthly and "生成日期：2026年1月1日" in monthly
    assert "河北魏县经济开发区管理委员会" in monthly and "2025年10月绩效目标进度月报" in monthly
    # contents, then the summary first, then every briefing, 数据质量 and the appendix
    order = [monthly.index(f'id="sec-{n}"') for n in ("00_summary", "00_briefing", "10_growth", "45_supervision",
                                                       "90_audit", "quality", "appendix")]
    assert "分类名单" not in monthly and "25_class_list-B.html" in pages["index.html"]   # monthly=False pages
    assert order == sorted(order) and monthly.index('class="toc"') < order[0]


def test_appendix_records_every_input_with_its_hash(report):
    _, dest, pages, _ = report
    import json

    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    for item in manifest["inputs"]:
        assert item["sha256"] in pages["月报.html"]
    assert "序时进度计算方法" in pages["月报.html"] and "按月（已过月数 ÷ 12）" in pages["月报.html"]


def _figure(r: dict, column: str) -> str:
    shown = headline.display_table(__import__("pandas").DataFrame([r]))
    return shown[column].iloc[0]


def test_each_headline_figure_is_the_same_everywhere(report):
    """工业总产值, 营收, 税收, 固投, 进出口, 规上企业数量, 亩均税收, 高新占比: 本年累计, 完成率 and 状态 on the
    summary, in the 月报, on the monthly-progress page, on the innovation page and in tables.xlsx."""
    _, dest, pages, head = report
    wb = load_workbook(dest / "tables.xlsx")
    sheet = {r[0]: r for r in wb["领导摘要"].iter_rows(min_row=4, values_only=True)}
    cols = [c.value for c in wb["领导摘要"][3]]
    monthly = {r[0]: r for r in wb["月度进度"].iter_rows(min_row=4, values_only=True)}
    mcols = [c.value for c in wb["月度进度"][3]]
    for r in head.to_dict("records"):
        name = r["指标"]
        for column in ("本年累计", "完成率", "预警"):
            want = _figure(r, column)
            assert cell(pages["00_summary.html"], name, column) == [want], (name, column)
            assert cell(pages["月报.html"], name, column)[:1] == [want], (name, column)
        row = sheet[name]
        assert row[cols.index("本年累计")] == pytest.approx(r["本年累计"])
        assert row[cols.index("完成率")] == pytest.approx(r["完成率"])
        if r["id"] in ("tax_per_mu", "hightech_share"):
            continue
        # the monthly-progress page and sheet: the same 本年累计 (without the unit) and 完成率
        shown = cell(pages["00_briefing.html"], name, "本年累计")[0]
        assert _figure(r, "本年累计") == shown + r["单位"], name
        assert cell(pages["00_briefing.html"], name, "完成率")[0] == units.fmt_pct(r["完成率"])
        assert cell(pages["00_briefing.html"], name, "预警")[0] == r["预警"], name     # one 绿/黄/红 rule
        assert monthly[name][mcols.index("本年累计")] == pytest.approx(r["本年累计"])
    share = head.set_index("id").loc["hightech_share"]
    assert cell(pages["30_innovation.html"], "高新技术企业产值", "当前占比") == [units.fmt_pct(share["本年累计"])]


def test_ledger_figures_agree_between_pages(report):
    _, _, pages, _ = report
    recovered = cell(pages["00_briefing.html"], "收回盘活闲置土地", "本年累计")[0]
    assert cell(pages["20_land_efficiency.html"], "合计", "已处置（亩）") == [recovered]


@pytest.mark.parametrize("name", ["index.html", "00_summary.html", "00_briefing.html", "10_growth.html",
                                  "20_land_efficiency.html", "30_innovation.html", "50_budget.html",
                                  "60_scenarios.html", "90_audit.html", "月报.html"])
def test_no_table_or_image_wider_than_its_container_at_1280(report, name):
    _, dest, _, _ = report
    got = too_wide(dest / name, 1280)
    assert got["wide"] == [], (name, got)


def test_scenario_and_reports_index_fit_too(report):
    proj, _, _, _ = report
    for page in (proj / "reports/scenarios/index.html", proj / "reports/index.html"):
        assert too_wide(page)["wide"] == [], page


def test_pdf_has_text_embedded_cjk_fonts_and_demo_mark_on_every_page(report):
    _, dest, _, _ = report
    pdf = dest / "月报.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and any("CJK" in f or "Hei" in f for f in fonts)
    assert all(line.split()[-5] == "yes" for line in fonts), fonts          # emb column
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_texts = [t for t in text.split("\f") if t.strip()]
    assert len(page_texts) >= 10
    assert all("示例数据" in t for t in page_texts)
    assert "领导摘要" in text and "工业总产值" in text
    assert re.search(r"第 \d+ 页 / 共 \d+ 页", text)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)            # issue 24 #9: a tagged PDF for screen readers


DEVELOPER_WORDS = ("data/raw", "data/processed", "METHODS", "taxed_land_mu", "overrides", "warn_pp",
                   "share_basis", "analysis/", "make reports", "参数单元格")


def test_no_developer_words_on_reader_pages(report):
    _, _, pages, _ = report
    for name, text in pages.items():
        visible = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
        for word in DEVELOPER_WORDS:
            assert word not in visible, (name, word)


def test_summary_decides_and_every_image_and_header_is_described(report):
    """Issue 24: the summary opens with a verdict, states the full-year outlook with the same figures as the
    全年预计 sheet; every chart has Chinese alt text (nbconvert's English placeholder on none) and every
    column header a scope; a figure's unit never sits on its own line (each figure in one span.nb)."""
    proj, dest, pages, head = report
    import pickle

    summary = pages["00_summary.html"]
    assert "总体判断：总体进度偏慢" in summary and summary.index("总体判断") < summary.index("总体情况")
    assert "税收预计2.52亿元（完成92.1%，亩均税收随之同比例）" in summary and "本期未填报2项" in summary
    out = pickle.loads((proj / "data/processed/2025-10/results/outlook.pkl").read_bytes()).set_index("指标")
    wb = load_workbook(dest / "tables.xlsx")
    rows = {r[0]: r for r in wb["全年预计"].iter_rows(min_row=4, values_only=True)}
    cols = [c.value for c in wb["全年预计"][3]]
    for name in out.index:
        assert rows[name][cols.index("预计全年")] == pytest.approx(out.loc[name, "预计全年"])
        assert cell(summary, name, "预计完成率") == [units.fmt_pct(out.loc[name, "预计完成率"])]
    for name, page in pages.items():
        imgs = re.findall(r"<img\b[^>]*>", page)
        assert all(re.search(r'alt="[^"]*[\u4e00-\u9fff][^"]*"', i) for i in imgs), name
        assert "No description has been provided" not in page, name
        assert not re.search(r"<th\b(?![^>]*\bscope=)[^>]*>", page), name
    assert '<span class="nb">56.88亿元</span>' in summary


def test_word_edition_is_a_real_document_in_official_fonts(report):
    """月报.docx (issue 24): real Word tables, the East Asian font set on every run (GB/T 9704: title 2号
    小标宋, body 3号 仿宋, headings 黑体/楷体, tables 五号), the header row repeated, the 示例数据 mark in the
    page header, the figures of the summary, alt text on the chart, and no field but the page number."""
    import docx
    from docx.oxml.ns import qn

    from analysis import word

    proj, dest, pages, head = report
    doc = docx.Document(dest / "月报.docx")
    assert len(doc.tables) >= 3
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells][:3] == ["指标", "年度目标", "本年累计"]
    assert first.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    header = [c.text for c in first.rows[0].cells]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in first.rows[1:]}
    assert rows["税收"][1:3] == ["2.736亿元", "2.01亿元"]
    assert rows["税收"][header.index("预警")].startswith("绿·落后序时进度9.7个百分点")
    assert rows["税收"][header.index("当月同比")] == "+35.1%"
    body = [p for p in doc.paragraphs if p.text.strip()]
    title = next(p for p in body if p.text == "2025年10月绩效目标进度月报")
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert all(r._element.rPr.rFonts.get(qn("w:eastAsia")) in word.FONTS.values() for r in runs)
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    heading = next(p for p in body if p.text == "一、总体情况")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体" and heading.runs[0].font.size.pt == 16
    verdict = next(p for p in body if p.text.startswith("总体判断"))
    assert verdict.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert "税收预计2.52亿元（完成92.1%，亩均税收随之同比例）" in "".join(p.text for p in body)
    assert any("2025年第10期" in p.text and "印发日期：2026年1月1日" in p.text for p in body)
    assert "示例数据" in doc.sections[0].header.paragraphs[0].text
    xml = doc.element.xml
    assert 'descr="' in xml and "税收73.6%，低于序时进度9.7个百分点" in xml
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", xml) == [] and "<w:hyperlink" not in xml
    footer = doc.sections[0].footer.paragraphs[0]._p.xml
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", footer) == ["PAGE"]
    from analysis import results, sources       # the same results give the same bytes

    again = word.write_docx(results.Results(sources.load("2025-10", proj / "data/processed")),
                            proj / "again.docx")
    assert again.read_bytes() == (dest / "月报.docx").read_bytes()
    import matplotlib.pyplot as plt                 # MPLBACKEND=svg moved the chart's tight box by 5 px

    plt.switch_backend("svg")
    assert word._chart_png(head, "2025-10")[0] == word._chart_png(head, "2025-10")[0]
    plt.switch_backend("svg")
    svg_first = word.write_docx(results.Results(sources.load("2025-10", proj / "data/processed")), proj / "svg.docx")
    assert svg_first.read_bytes() == (dest / "月报.docx").read_bytes()


def test_every_evaluated_firm_gets_a_card(report):
    """评价结果告知书 (issue 22): one card per firm of the enterprise ledger, linked from the index, marked
    示例数据 on every printed page of a demo build, with the figures of tables.xlsx's 亩均效益评价 sheet."""
    _, dest, pages, _ = report
    text = (dest / "评价结果告知书.html").read_text(encoding="utf-8")
    assert text.count('<section class="card">') == 60                       # the demo ledger's 60 firms
    assert "评价结果告知书.html" in pages["index.html"]
    assert 'content:"示例数据' in text and "demo-banner" in text
    # 示例企业01 is the last of the seven graded 规上 firms in 装备制造 (61.06, 54.83, 49.25, 48.34, 41.98, 41.93, 37.92)
    assert ("评价结果：C类。综合得分37.92分，在规上企业中排第33名（规上企业44家参评，41家排名）；"
            "在装备制造行业规上企业中排第7名（共7家）。") in text
    assert too_wide(dest / "评价结果告知书.html")["wide"] == []


def test_the_round_is_published_with_its_notice_lists_objections_and_form(report):
    """The 亩均 round of the demo (issue 22): the 公示 with its window across the National Day holiday, the lists
    by group, two objections (one upheld in time, one late), the rescoring that moves a third firm, the
    approval; the list workbook and the feedback form; the zone page; all marked 示例数据."""
    import docx

    _, dest, pages, _ = report
    pub = pages["亩均评价公示.html"]
    assert "公示期为2025年9月26日至2025年10月9日（5个工作日" in pub
    assert "规上企业（44家）" in pub and "规下企业（" in pub
    assert "共收到异议2件：逾期1件（视为无异议，不予受理），采纳并计入重新计分1件。" in pub and "不予受理（逾期）" in pub
    assert "本企业异议更正：税收由" in pub and "其他企业更正后，组内排名或分值变化" in pub
    assert "一、评价结果公示（2025年9月26日发布）" in pub and "二、异议处理与审定结果（2025年10月20日）" in pub
    assert "示例审定文号〔2025〕1号" in pub and 'content:"示例数据' in pub
    assert too_wide(dest / "亩均评价公示.html")["wide"] == []
    for link in ("亩均评价公示.html", "亩均评价公示名单.xlsx", "意见反馈表.docx"):
        assert f'href="{link}"' in pages["index.html"]
    book = load_workbook(dest / "亩均评价公示名单.xlsx")
    assert {"公示名单（规上企业）", "公示名单（规下企业）", "审定名单（规上企业）"} <= set(book.sheetnames)
    assert "示例数据" in str(book["公示名单（规上企业）"]["A1"].value) + str(book["公示名单（规上企业）"]["A2"].value)
    form = "\n".join(p.text for p in docx.Document(dest / "意见反馈表.docx").paragraphs)
    assert "2025年9月26日至2025年10月9日" in form and "示例亩均办" in form
    zone = pages["26_round.html"]
    assert "一票否决（安全事故）：按得分为B类，最高定为C类" in zone and "保护期企业（小升规）" in zone
    assert "连续3年及以上为D类的企业1家" in zone and "鲁发改价格〔2022〕56号" in zone
    assert "26_round" not in pages["月报.html"] and "等级变动与差别化措施" not in pages["月报.html"]
    cards = pages["评价结果告知书.html"]
    assert "历年等级：2023年D类、2024年D类，较上年持平，已连续3年为D类" in cards
    assert "差别电价加价 0.15元/千瓦时" in cards and "本措施增加0.05元/千瓦时" in cards
    assert "本告知书按审定结果出具" in cards and "经公示和异议处理，审定结果为" in cards
    assert "由 zone-analysis" not in cards and "示例亩均办" in cards


def test_the_standing_page_says_where_the_zone_stands_and_what_is_the_office_s_own(report):
    """晋位升级 (issue 25) on the demo scheme and peers: a rank band, the scheme's status, not in the 月报."""
    _, dest, pages, _ = report
    page = pages["70_standing.html"]
    assert "按考核方案测算，本区在11个参评开发区中排第" in page and "不作估计" in page
    assert "为本区自行设定，排位为测算，不代表省级考核结果" in page
    assert "取消评级" in page and "摘牌预警" in page and "红榜" in page
    assert "70_standing.html" in pages["index.html"] and "开发区对标排位" not in pages["月报.html"]
    assert too_wide(dest / "70_standing.html")["wide"] == []
