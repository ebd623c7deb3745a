"""What a reader opens: briefing pages (nbconvert with the package's ``zone`` template), the period index
and the reports index.  The page shell and the stylesheet are templates in ``analysis/templates``.

* A briefing page is one self-contained HTML file: no code, no prompts, images inline, nothing loaded
  from the network, printable.  Cells tagged ``jupyter-only`` (developer notes: parameter names, file
  paths, METHODS references) are for JupyterLab and are left out of every page.
* Reader pages carry one line of provenance in Chinese; the full record (inputs with hashes,
  parameters, versions) is in ``manifest.json`` and the 月报's appendix.
"""
from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import __version__, paths

TEMPLATES = Path(__file__).with_name("templates")
DEV_TAG = "jupyter-only"
BODY_START, BODY_END = "<!--zone-body-start-->", "<!--zone-body-end-->"


@dataclass
class Page:
    name: str   # notebook stem, e.g. 10_growth
    title: str
    html: str


@lru_cache(maxsize=None)
def css() -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _jinja():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False,
                              keep_trailing_newline=True)


def demo_mark(manifest: dict | None) -> str:
    """The words printed at the top of every printed page of a demo build."""
    return "示例数据 · 非真实统计 · 不得作为正式数据引用" if manifest and manifest.get("demo") else ""


def page_css(manifest: dict | None, mark: str = "") -> str:
    mark = mark or demo_mark(manifest)
    extra = (f'\n@page{{@top-center{{content:"{mark}";color:#7a5200;font-size:9pt;font-weight:bold}}}}'
             if mark else "")
    return css() + extra


def demo_banner(manifest: dict | None) -> str:
    if not (manifest and manifest.get("demo")):
        return ""
    parts = "、".join(manifest.get("demo_parts") or ["部分数据"])
    return (f'<div class="demo-banner">⚠ 示例数据：本期简报中的{html.escape(parts)}为合成的演示数据，'
            '不代表真实统计结果，不得作为正式数据引用（直接摘自绩效目标文件的目标数字和企业、项目名单除外）。</div>')


def provenance_line(manifest: dict | None) -> str:
    """One line for a reader: data source, how many input files, the package version (no paths)."""
    if not manifest:
        return ""
    n = len(paths.data_inputs(manifest))
    return (f'<div class="provenance">数据来源：{html.escape(manifest.get("data_source", ""))}；'
            f"输入文件 {n} 个（不含情景文件；文件名与校验值见月报附录）；由 zone-analysis {html.escape(__version__)} 生成。</div>")


def quality_note(manifest: dict | None) -> str:
    """A line at the top of every page when this build accepted data-quality warnings."""
    n = len((manifest or {}).get("quality") or [])
    if not n:
        return ""
    return (f'<div class="quality-note">本期输入数据有 {n} 条数据质量提示（已核实或不影响计算的疑点），'
            '详见简报目录页“数据质量”一节。</div>')


def quality_section(manifest: dict) -> str:
    """The 数据质量 section: every warning accepted in this build, with file name, row and column."""
    found = manifest.get("quality") or []
    if not found:
        return "<h2>数据质量</h2><p>本期输入数据未发现需要提示的疑点。</p>"
    rows = "".join(
        "<tr>" + "".join(f'<td class="text">{html.escape(str(v))}</td>' for v in (
            Path(str(f["file"])).name, f"第 {f['row']} 行" if f.get("row") else "—", f.get("column") or "—",
            f["message"]))
        + "</tr>" for f in found)
    return ("<h2>数据质量</h2><p>以下疑点未阻止本期简报生成，但请数据填报人核实：</p>"
            "<table><thead><tr>" + "".join(f'<th scope="col" class="text">{h}</th>' for h in ("文件", "行", "列", "提示"))
            + f"</tr></thead><tbody>{rows}</tbody></table>")


def shell(title: str, body: str, manifest: dict | None, nav: str = "", note: bool = True, mark: str = "",
          footer: str | None = None) -> str:
    """A self-contained HTML page around ``body`` (the period index, the reports index, the 月报); ``mark``
    is printed at the top of every printed page (a demo build's is 示例数据 …).  ``footer`` replaces the
    provenance line on a document sent outside the office (a firm's card, the 公示): the issuer, not the build
    (the manifest beside it still records inputs, hashes and version)."""
    bottom = provenance_line(manifest) if footer is None else f'<div class="provenance">{html.escape(footer)}</div>'
    return check_inert(_jinja().get_template("page.html.j2").render(
        title=html.escape(title), css=page_css(manifest, mark), nav=nav, banner=demo_banner(manifest),
        notice=quality_note(manifest) if note else "", body=body, provenance=bottom), title)


@lru_cache(maxsize=None)
def _exporter_class():
    """nbconvert's HTMLExporter whose Markdown is inert: every Markdown cell and ``text/markdown`` output
    (the briefings' sentences, which carry names from the ledgers) is rendered with raw HTML escaped,
    links shown as their text and images as their alt text.  Whatever a ledger holds, a page gets no
    tag, script, link or image from Markdown; the only markup is what the renderer itself writes."""
    import jinja2
    from mistune.util import striptags
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class InertRenderer(IPythonRenderer):
        def link(self, text, url, title=None):
            return text

        def image(self, text, url, title=None):
            return striptags(text)

        def block_html(self, html_text):
            return "<p>" + self.escape_html(html_text.strip()) + "</p>\n"

        def inline_html(self, html_text):
            return self.escape_html(html_text)

    class InertHTMLExporter(HTMLExporter):
        @jinja2.pass_context
        def markdown2html(self, context, source):
            # escape=False keeps the text's entities as written (md_text escapes names once); raw HTML is
            # escaped by block_html and inline_html above, links and images are their text
            renderer = InertRenderer(escape=False, allow_harmful_protocols=False, embed_images=False,
                                     anchor_link_text=self.anchor_link_text,
                                     exclude_anchor_links=self.exclude_anchor_links)
            return MarkdownWithMath(renderer=renderer).render(source)

    return InertHTMLExporter


def export(nb, title: str, manifest: dict | None, nav: str = "") -> str:
    """A briefing page from an executed notebook: nbconvert's HTMLExporter with the ``zone`` template
    (extends ``basic``), inputs and prompts excluded, ``jupyter-only`` cells removed, Markdown inert
    (``_exporter_class``) and the result checked by :func:`check_inert`."""
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = {DEV_TAG}
    c.TagRemovePreprocessor.enabled = True
    exporter = _exporter_class()(config=c, template_name="zone", extra_template_basedirs=[str(TEMPLATES)],
                                 exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                 anchor_link_text="")
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    resources = {"zone": {"title": html.escape(title), "css": page_css(manifest), "nav": nav,
                          "banner": demo_banner(manifest), "notice": quality_note(manifest),
                          "provenance": provenance_line(manifest)}}
    text, _ = exporter.from_notebook_node(nb, resources=resources)
    return check_inert(text, title)


# what a reader's page may hold: no active element, no event handler, images inline, links inside the reports
_ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "link", "base", "form", "input", "button",
                "svg", "math", "audio", "video", "source", "applet", "portal", "template"}
_URL_ATTRS = {"src", "href", "action", "formaction", "data", "poster", "srcset", "background", "xlink:href",
              "cite", "longdesc", "ping"}
_SAFE_URL = re.compile(r"data:image/(png|jpeg);base64,[A-Za-z0-9+/=]*$|#.*$"   # a fragment stays on the page
                       r"|(\.\./)*[\w%.-]+(/[\w%.-]+)*\.(html|pdf|xlsx|docx|csv)(#[^:]*)?$")


def live_content(page: str) -> str | None:
    """The first live thing in ``page`` (an active element, an event handler, a refresh, a style that
    loads something, or a URL other than an inline image, an anchor or a file of the reports), or None."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        style = False

        def handle_starttag(self, tag, attrs):
            if tag in _ACTIVE_TAGS:
                found.append(f"<{tag}>")
            self.style = tag == "style"
            for name, value in attrs:
                value = value or ""
                if name.startswith("on") or (name == "http-equiv") or (name == "style" and "url(" in value.lower()):
                    found.append(f"{name}={value[:40]}")
                elif name in _URL_ATTRS and not _SAFE_URL.match(value.strip()):
                    found.append(f"{name}={value[:40]}")

        handle_startendtag = handle_starttag

        def handle_data(self, data):
            if self.style and ("url(" in data.lower() or "@import" in data.lower()):
                found.append("<style> url(")

        def handle_endtag(self, tag):
            self.style = False

    Scan(convert_charrefs=True).feed(page)
    return found[0] if found else None


def check_inert(page: str, where: str) -> str:
    """``page`` unchanged if it holds nothing live (:func:`live_content`); else a BuildError naming the
    page.  Text from inputs is escaped where it is written; this is the net under that rule."""
    from .errors import BuildError

    bad = live_content(page)
    if bad:
        raise BuildError(f"页面“{where}”含有不应出现的网页代码或外部链接（{bad}），未发布 / live content in page")
    return page


def body_of(page_html: str) -> str:
    """The briefing itself, without the shell (for the 月报)."""
    start, end = page_html.find(BODY_START), page_html.find(BODY_END)
    if start < 0 or end < 0:
        raise ValueError("页面缺少正文标记 / page has no body markers")
    return page_html[start + len(BODY_START):end]


def period_index(period: str, pages: list[Page], manifest: dict, scenarios: bool = False,
                 monthly: bool = True, cards: bool = False) -> str:
    items = "".join(f'<li><a href="{p.name}.html">{html.escape(p.title)}</a></li>' for p in pages)
    if scenarios:
        items += '<li><a href="../scenarios/index.html">情景比较（全部情景文件）</a></li>'
    publish = ('<p><b>报送用月报：</b><a href="月报.html">月报（网页）</a>　<a href="月报.pdf">月报（PDF，A4）</a>'
               '　<a href="月报.docx">月报（Word，供修改后报送）</a></p>' if monthly else "")
    body = (f"<h1>魏县经济开发区 {period} 绩效目标简报</h1>{publish}<ul>{items}</ul>"
            '<p>表格下载：<a href="tables.xlsx">tables.xlsx</a>（Excel，各简报主要表格）</p>'
            + ('<p>亩均评价：<a href="评价结果告知书.html">评价结果告知书</a>（每家企业一页，可打印分送）　'
               '<a href="亩均评价公示.html">评价结果公示</a>（公示通知、分组名单、异议处理与审定）　'
               '<a href="亩均评价公示名单.xlsx">公示名单（Excel）</a>　<a href="意见反馈表.docx">意见反馈表（Word）</a></p>'
               if cards else "")
            + quality_section(manifest) + '<p class="nav"><a href="../index.html">← 全部期间</a></p>')
    return shell(f"{period} 简报目录", body, manifest, note=False)


def write_reports_index(out_root: Path) -> Path:
    """reports/index.html listing every period built (newest first)."""
    rows = []
    for d in sorted((p for p in out_root.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}-\d{2}", p.name)),
                    reverse=True):
        mf = d / "manifest.json"
        if not mf.exists():
            continue
        m = json.loads(mf.read_text(encoding="utf-8"))
        tag = "（示例数据）" if m.get("demo") else ""
        links = "，".join(f'<a href="{d.name}/{n["name"]}.html">{html.escape(n["title"])}</a>'
                         for n in m.get("notebooks", []))
        monthly = f'；<a href="{d.name}/月报.pdf">月报 PDF</a>' if (d / "月报.pdf").exists() else ""
        rows.append(f'<li><a href="{d.name}/index.html"><b>{d.name}</b></a>{tag}：{links}{monthly}</li>')
    extra = ""
    if (out_root / "scenarios" / "index.html").exists():
        extra = '<p><a href="scenarios/index.html">情景比较</a></p>'
    body = f"<h1>魏县经济开发区绩效目标简报</h1><ul>{''.join(rows)}</ul>{extra}"
    target = out_root / "index.html"
    tmp = out_root / ".index.html.tmp"
    tmp.write_text(shell("简报总目录", body, None), encoding="utf-8")
    os.replace(tmp, target)                 # a kill never leaves the all-periods page empty
    return target
