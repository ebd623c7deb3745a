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
import os
import re
from pathlib import Path

from . import headline, pages, registry
from .errors import BuildError
from .kernels import die_with_parent
from .pages import Page
from .progress import period_label
from .period import Period

WIDE_COLUMNS = 10   # a section with a table of this many columns or more is printed landscape
# what a file that is not a ledger is, by its folder under data/raw (ledgers say it in registry.LEDGERS)
FOLDER_KINDS = {"actuals": "月度数据", "enterprises": "企业台账与评价设置", "scenarios": "情景文件",
                "targets": "绩效目标文件（摘录）", "": "简报与数据质量设置"}


def input_rows(manifest: dict) -> list[tuple[str, str, str]]:
    """(类别, 文件名, SHA-256) per input: a file's name and what it is, not where it sits on a disk."""
    rows = []
    for i in manifest.get("inputs", []):
        parts = Path(i["path"]).parts
        inner = [p for p in parts[:-1] if p not in ("data", "raw")]
        demo = inner[:1] == ["demo"]
        if demo:
            inner = inner[1:]
        folder, stem = (inner[0] if inner else ""), Path(parts[-1]).stem
        ledger = next((led for led in registry.LEDGERS if led.folder == folder and led.stem == stem), None)
        kind = ledger.kind if ledger else FOLDER_KINDS.get(folder, "其他")
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
            if k not in registry.RESERVED:
                seen.setdefault(k, v)
    rows = []
    order = list(registry.PARAMS)
    for k, v in sorted(seen.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)):
        param = registry.PARAMS.get(k)
        if param is None or not param.shown:
            continue                       # nothing without its Chinese name reaches a reader
        label, words = param.label, param.words
        if isinstance(v, bool):
            shown = (words or registry.YES_NO)[v]
        elif words is not None and not isinstance(v, (dict, list)) and v in words:
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
        head = "".join(f'<th scope="col" class="text">{html.escape(h)}</th>' for h in headers)
        body = "".join("<tr>" + "".join(f'<td class="text">{html.escape(str(c))}</td>' for c in r) + "</tr>"
                       for r in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    report = manifest.get("settings", {}).get("report", {})
    settings_rows = [("单位", report.get("unit", "")),
                     ("高新技术企业产值占比口径", headline.SHARE_BASES.get(report.get("share_basis"), "")),
                     ("红黄绿规则", headline.rule_words(report))]
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
    year, month = Period.parse(period).year, Period.parse(period).month
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
    return pages.check_inert(pages._jinja().get_template("monthly.html.j2").render(
        title=title, css=pages.page_css(manifest), banner=pages.demo_banner(manifest),
        unit=html.escape(report.get("unit", "")), period_label=period_label(period),
        cutoff=headline.data_cutoff(period), generated=manifest.get("generated") or headline.generated_on(),
        issue=html.escape(headline.issue_number(report, period)), issued=html.escape(headline.issued_on(report, manifest)),
        sections=sections), "月报")


def write_pdf(source_html: str, target: Path, base: Path, what: str = "月报") -> Path:
    """月报.pdf (or another document, ``what``) from its HTML with WeasyPrint (offline: only data: URIs)."""
    try:
        import weasyprint
    except (ImportError, OSError) as e:   # OSError: the Pango library is missing
        raise BuildError(f"无法生成 PDF：缺少 WeasyPrint 或其依赖的 Pango 库（运行 make setup 安装）/ "
                         f"PDF engine unavailable: {e}") from None

    fetcher = inline_only_fetcher()
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)   # a failure is reported below, not as a traceback
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    try:
        doc = weasyprint.HTML(string=source_html, base_url=str(base), url_fetcher=fetcher)
        doc.write_pdf(str(target), pdf_tags=True)      # tagged: headings, tables, alt text reach a screen reader
    except BaseException as e:  # noqa: BLE001 - WeasyPrint's FatalURLFetchingError derives from BaseException
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        target.unlink(missing_ok=True)
        raise BuildError(f"无法生成{what} PDF：{type(e).__name__}：{str(e).splitlines()[0][:200] if str(e) else ''}"
                         " / PDF failed") from None
    if fetcher.refused:
        target.unlink(missing_ok=True)
        raise BuildError(f"{what}引用了本地文件或网络资源（{fetcher.refused[0][:80]}），已拒绝，PDF 未生成 / "
                         "the PDF may only hold its own inline images")
    return target


def inline_only_fetcher():
    """A fresh fetcher for one PDF (WeasyPrint imported only when a PDF is made)."""
    from weasyprint.urls import URLFetcher

    class InlineOnly(URLFetcher):
        """WeasyPrint's fetcher that serves only inline ``data:`` images (the charts).  Every ``file:``,
        relative or network URL is refused and remembered (the build then fails naming it), so no file the
        build can read is ever drawn or attached into the PDF.  Fonts come from the system through
        fontconfig, not through URLs."""

        def __init__(self):
            super().__init__(allowed_protocols={"data"}, fail_on_errors=False, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if not str(url).startswith("data:image/"):
                self.refused.append(str(url))
                raise ValueError(f"refused: {url}")
            return super().fetch(url, headers)

    return InlineOnly()


def _load_engine() -> None:
    import weasyprint  # noqa: F401


class PdfProcess:
    """``write_pdf`` in a process of its own, started (WeasyPrint imported) while the pages run, so the
    PDF is not slowed by what the build does beside it.  The same function makes the same bytes."""

    def __init__(self):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn"),
                                         initializer=die_with_parent, initargs=(os.getpid(),))
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
