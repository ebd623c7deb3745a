"""The document an office sends upward: ``reports/<period>/月报.html`` and ``月报.pdf``.

One document: a cover (unit, title, period, 数据截止, 生成日期), a contents page, the 领导摘要, then every
briefing, the 数据质量 list and an appendix with the full record (input files and their SHA-256,
parameters in words, library versions).  Each section ends with one line of provenance.

The PDF is made offline from the same HTML by WeasyPrint (CSS paged media: A4, page numbers, the
contents' page numbers, landscape pages for wide tables, 示例数据 at the top of every printed page of a
demo build, fonts embedded).  WeasyPrint writes no time stamp and derives font subset names from the
content, so the same inputs give the same PDF bytes.
"""
from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from . import headline, pages, parameters
from .errors import BuildError
from .pages import Page
from .progress import period_label

WIDE_COLUMNS = 10   # a section with a table of this many columns or more is printed landscape
PARAM_WORDS = {
    "time_method": ("序时进度计算方法", {"months": "按月（已过月数 ÷ 12）", "days": "按天", "quarters": "按季度"}),
    "tolerance_pp": ("“达到序时进度”容差（个百分点）", None),
    "taxed_land_mu": ("纳税企业用地（亩，0 为由文件目标倒推）", None),
    "exit_from_ledger": ("低效企业退出用地取自企业台账", {True: "是", False: "否"}),
    "relet_mu": ("再招商利用土地（亩）", None),
    "relet_tax_per_mu": ("再利用土地亩均税收（万元/亩，0 为目标亩均）", None),
    "scoring_method": ("亩均评价评分方法", {"": "按评价设置文件", "minmax": "极差法", "benchmark": "标杆值法"}),
    "warn_pp": ("预算执行预警阈值（个百分点）", None),
    "budget_weight": ("自评权重：预算执行率", None), "output_weight": ("自评权重：产出指标", None),
    "outcome_weight": ("自评权重：效益指标", None), "satisfaction_weight": ("自评权重：满意度指标", None),
    "scenario": ("情景", {"baseline": "基准情景（文件目标）"}),
    "overrides": ("情景假设调整", None),
    "show_info": ("口径核查显示“提示”级别", {True: "是", False: "否"}),
}


INPUT_KINDS = {"actuals": "月度数据", "enterprises": "企业台账与评价设置", "land": "五未地块台账", "budget": "预算执行与绩效指标",
               "scenarios": "情景文件", "targets": "绩效目标文件（摘录）", "": "简报与数据质量设置"}


def input_rows(manifest: dict) -> list[tuple[str, str, str]]:
    """(类别, 文件名, SHA-256) per input: a file's name and what it is, not where it sits on a disk."""
    rows = []
    for i in manifest.get("inputs", []):
        parts = Path(i["path"]).parts
        inner = [p for p in parts[:-1] if p not in ("data", "raw")]
        demo = inner[:1] == ["demo"]
        if demo:
            inner = inner[1:]
        kind = INPUT_KINDS.get(inner[0] if inner else "", "其他")
        rows.append((kind + ("（示例数据）" if demo else ""), parts[-1], i["sha256"]))
    return rows


def max_columns(fragment: str) -> int:
    """The widest table in an HTML fragment, in header cells."""
    widest = 0
    for head in re.findall(r"<thead>(.*?)</thead>", fragment, flags=re.S):
        widest = max(widest, head.count("<th"))
    return widest


def parameter_rows(params_by_page: dict[str, dict]) -> list[tuple[str, str]]:
    """Every parameter the build used, once, in words."""
    seen: dict[str, object] = {}
    for values in params_by_page.values():
        for k, v in values.items():
            if k not in parameters.RESERVED:
                seen.setdefault(k, v)
    rows = []
    for k, v in sorted(seen.items(), key=lambda kv: list(PARAM_WORDS).index(kv[0]) if kv[0] in PARAM_WORDS else 99):
        label, words = PARAM_WORDS.get(k, (k, None))
        if words is not None and not isinstance(v, (dict, list)) and v in words:
            shown = words[v]
        elif isinstance(v, dict):
            shown = "无" if not v else "；".join(f"{a} = {b}" for a, b in v.items())
        elif isinstance(v, float):
            shown = f"{v:g}"
        else:
            shown = str(v)
        rows.append((label, shown))
    return rows


def appendix(manifest: dict, params_by_page: dict[str, dict]) -> str:
    def table(headers, rows):
        head = "".join(f'<th class="text">{html.escape(h)}</th>' for h in headers)
        body = "".join("<tr>" + "".join(f'<td class="text">{html.escape(str(c))}</td>' for c in r) + "</tr>"
                       for r in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    report = manifest.get("settings", {}).get("report", {})
    settings_rows = [("单位", report.get("unit", "")),
                     ("高新技术企业产值占比口径", headline.SHARE_BASES.get(report.get("share_basis"), "")),
                     ("红黄绿规则", f"落后序时进度{report.get('amber_pp', 0):g}个百分点以上为黄，"
                                    f"{report.get('red_pp', 0):g}个百分点以上为红")]
    derived = manifest.get("derived_from_ledgers") or {}
    return ("<h1>附录：数据来源、参数与版本</h1>"
            f"<p>数据来源：{html.escape(manifest.get('data_source', ''))}。"
            + (f"以下月度指标取自台账（同一事实只取一个来源）：{html.escape('、'.join(sorted(set(derived.values()))))}。"
               if derived else "") + "</p>"
            "<h2>输入文件与校验值（SHA-256）</h2>"
            + table(["类别", "文件", "SHA-256"], input_rows(manifest))
            + "<h2>简报设置</h2>" + table(["项目", "取值"], settings_rows)
            + "<h2>计算参数</h2>" + table(["参数", "取值"], parameter_rows(params_by_page))
            + "<h2>软件版本</h2>" + table(["软件", "版本"], sorted(manifest.get("versions", {}).items())))


def monthly_html(period: str, page_list: list[Page], manifest: dict, params_by_page: dict[str, dict]) -> str:
    """The 月报 as one self-contained HTML document (also the PDF's source)."""
    year, month = int(period[:4]), int(period[5:])
    order = sorted(page_list, key=lambda p: (p.name != "00_summary", p.name))
    source = html.escape(manifest.get("data_source", ""))
    sections = []
    for p in order:
        body = pages.body_of(p.html)
        sections.append({"id": f"sec-{p.name}", "title": html.escape(p.title), "body": body,
                         # the summary stays portrait: it is the page leadership reads first
                         "wide": p.name != "00_summary" and max_columns(body) >= WIDE_COLUMNS,
                         "provenance": f"{html.escape(p.title)}：数据来源 {source}；计算参数与输入文件校验值见附录。"})
    sections.append({"id": "sec-quality", "title": "数据质量", "body": pages.quality_section(manifest)
                     .replace("<h2>数据质量</h2>", "<h1>数据质量</h1>", 1), "wide": False,
                     "provenance": "数据质量提示由输入检查生成。"})
    sections.append({"id": "sec-appendix", "title": "附录：数据来源、参数与版本",
                     "body": appendix(manifest, params_by_page), "wide": False,
                     "provenance": f"由 zone-analysis {html.escape(manifest.get('versions', {}).get('analysis', ''))} 生成。"})
    report = manifest.get("settings", {}).get("report", {})
    title = f"{year}年{month}月绩效目标进度月报"
    return pages._jinja().get_template("monthly.html.j2").render(
        title=title, css=pages.page_css(manifest), banner=pages.demo_banner(manifest),
        unit=html.escape(report.get("unit", "")), period_label=period_label(period),
        cutoff=headline.data_cutoff(period), generated=manifest.get("generated") or headline.generated_on(),
        sections=sections)


def write_pdf(source_html: str, target: Path, base: Path) -> Path:
    """月报.pdf from the 月报's HTML with WeasyPrint (offline: only data: URIs and local files)."""
    try:
        import weasyprint
    except (ImportError, OSError) as e:   # OSError: the Pango library is missing
        raise BuildError(f"无法生成 PDF：缺少 WeasyPrint 或其依赖的 Pango 库（运行 make setup 安装）/ "
                         f"PDF engine unavailable: {e}") from None

    from weasyprint.urls import URLFetcher

    # offline: only data: URIs (the charts) and local files; anything else fails the build
    no_network = URLFetcher(allowed_protocols={"data", "file"}, fail_on_errors=True)
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)   # a failure is reported below, not as a traceback
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        doc = weasyprint.HTML(string=source_html, base_url=str(base), url_fetcher=no_network)
        doc.write_pdf(str(target))
    except Exception as e:  # noqa: BLE001 - e.g. a resource that is neither a data: URI nor a local file
        raise BuildError(f"无法生成月报 PDF：{type(e).__name__}：{str(e).splitlines()[0][:200] if str(e) else ''}"
                         " / PDF failed") from None
    return target


def _load_engine() -> None:
    import weasyprint  # noqa: F401


class PdfProcess:
    """``write_pdf`` in a process of its own, started (WeasyPrint imported) while the pages run, so the
    PDF is not slowed by what the build does beside it.  The same function makes the same bytes."""

    def __init__(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"))
        self._pool.submit(_load_engine)

    def write(self, source_html: str, target: Path, base: Path) -> Path:
        return self._pool.submit(write_pdf, source_html, target, base).result()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def publish(period: str, page_list: list[Page], manifest: dict, params_by_page: dict[str, dict],
            folder: Path, pdf=None) -> tuple[Path, Path]:
    """月报.html and 月报.pdf in ``folder``; ``pdf`` (a :class:`PdfProcess`) renders the PDF elsewhere."""
    text = monthly_html(period, page_list, manifest, params_by_page)
    html_path = folder / "月报.html"
    html_path.write_text(text, encoding="utf-8")
    return html_path, (pdf.write if pdf else write_pdf)(text, folder / "月报.pdf", folder)
