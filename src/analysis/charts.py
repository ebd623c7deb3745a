"""House style for briefing charts, with a real CJK font.

``setup()`` finds a Chinese font on Linux, Windows or macOS, makes matplotlib use it and
turns any "Glyph … missing" warning into an error, so a build never ships tofu boxes.
If no font is found it stops with instructions for installing one.
Chart functions take prepared numbers and return a Figure; they never load data.
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import matplotlib
import matplotlib.figure
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from .errors import FontError

# Preferred families, best first: Linux (Noto/Source Han/WenQuanYi), Windows (YaHei, SimHei), macOS (PingFang).
PREFERRED = [
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Heiti SC",
    "STHeiti", "Noto Sans CJK JP", "Source Han Sans CN",
]
# Where fonts live, for a font installed after matplotlib built its cache.
FONT_DIRS = [
    "/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"),
    str(Path.home() / ".local/share/fonts"), "C:/Windows/Fonts", "/System/Library/Fonts",
    "/Library/Fonts",
]
FONT_FILE_HINTS = ("notosanscjk", "sourcehansans", "wqy", "msyh", "simhei", "pingfang", "hiragino")
PROBE = "魏县经济开发区亩均税收完成率序时进度％（亿元）"

INSTALL_HINT = (
    "找不到可显示中文的字体，图表会出现方框。请安装一种中文字体后重试：\n"
    "  Debian/Ubuntu:  sudo apt-get install fonts-noto-cjk   (或 fonts-wqy-microhei)\n"
    "  Windows/macOS:  系统自带微软雅黑 / 苹方，一般无需安装\n"
    "  或设置环境变量 ANALYSIS_CJK_FONT=/path/to/font.ttf|.ttc|.otf\n"
    "No CJK font found: install fonts-noto-cjk or fonts-wqy-microhei, or set ANALYSIS_CJK_FONT."
)

PALETTE = {"primary": "#1f4e79", "accent": "#c0392b", "good": "#2e7d32", "warn": "#e67e22",
           "muted": "#9aa5b1", "light": "#dce6f0"}
# one status palette on every page and chart: green on/ahead, amber warning, red behind, grey unknown
STATUS_COLORS = {"超序时进度": "#2e7d32", "达到序时进度": "#2e7d32", "滞后序时进度": "#c0392b",
                 "绿": "#2e7d32", "黄": "#e6a700", "红": "#c0392b", "未填报": "#9aa5b1",
                 "已完成": "#2e7d32", "未完成": "#c0392b"}

_resolved: str | None = None


def _covers(path: str, text: str = PROBE) -> bool:
    return font_problem(path, text) is None


def font_problem(path: str, text: str = PROBE) -> str | None:
    """Why the font file at ``path`` cannot draw the charts' Chinese (None: it can)."""
    try:
        face = FT2Font(path)
    except Exception:  # noqa: BLE001 - FreeType's own words are no use to a reader
        return "不是可读取的字体文件"
    missing = [ch for ch in text if not face.get_char_index(ord(ch))]
    return f"缺少中文字形（如“{missing[0]}”）" if missing else None


NOT_REGULAR = ("bold", "black", "heavy", "light", "thin", "medium", "semibold", "extralight", "demilight")


def _is_regular(entry) -> bool:
    w = entry.weight
    if isinstance(w, str):
        w = font_manager.weight_dict.get(w, 400)
    return entry.style == "normal" and 300 <= int(w) <= 500


def _preferred() -> str | None:
    """The first PREFERRED family matplotlib knows in a regular weight that covers Chinese."""
    regular = {}
    for f in font_manager.fontManager.ttflist:
        if _is_regular(f):
            regular.setdefault(f.name, f.fname)
    for fam in PREFERRED:
        if fam in regular and _covers(regular[fam]):
            return fam
    return None


def find_cjk_font() -> str:
    """Return the family name of a CJK font matplotlib can use, registering it if needed."""
    env = os.environ.get("ANALYSIS_CJK_FONT")
    if env:
        if not Path(env).is_file():
            raise FontError(f"ANALYSIS_CJK_FONT 指向的字体文件不存在：{env}\n{INSTALL_HINT}")
        problem = font_problem(env)
        if problem:
            raise FontError(f"ANALYSIS_CJK_FONT 指向的字体 {env} {problem} / unusable font\n{INSTALL_HINT}")
        font_manager.fontManager.addfont(env)
        return font_manager.FontProperties(fname=env).get_name()
    found = _preferred()
    if found:
        return found
    # fonts installed after matplotlib built its cache: look in the usual folders (regular faces only:
    # a family known only in bold makes matplotlib warn "Failed to find font weight normal")
    for d in FONT_DIRS:
        if not Path(d).is_dir():
            continue
        for p in sorted(Path(d).rglob("*")):
            name = p.name.lower()
            if p.suffix.lower() in (".ttf", ".ttc", ".otf") and any(h in name for h in FONT_FILE_HINTS) \
                    and not any(w in name for w in NOT_REGULAR) and _covers(str(p)):
                font_manager.fontManager.addfont(str(p))
        found = _preferred()
        if found:
            return found
    raise FontError(INSTALL_HINT)


def setup() -> str:
    """Apply the house style with a CJK font; return the font family used."""
    global _resolved
    _inline_in_kernel()
    if _resolved is None:
        _resolved = find_cjk_font()
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [_resolved, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "figure.figsize": (8, 4.2),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titleweight": "normal",  # many CJK fonts have no bold face
        "axes.titlesize": 13,
        "svg.hashsalt": "zone-analysis",
        "text.parse_math": False,  # "$…$" in a name from an input is text, not mathtext
    })
    warnings.filterwarnings("error", message=r".*Glyph .* missing from font.*")
    return _resolved


def _inline_in_kernel() -> None:
    """Inside a Jupyter kernel, draw inline whatever MPLBACKEND says (figures must reach the report), and
    give every figure's PNG its description as ``alt`` metadata (see :func:`png_with_alt`)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    ip = get_ipython()
    if ip is not None and getattr(ip, "kernel", None) is not None:
        ip.run_line_magic("matplotlib", "inline")
        ip.display_formatter.formatters["image/png"].for_type(matplotlib.figure.Figure, png_with_alt)


ALT_KEY = "_zone_alt"


def describe(fig, text: str):
    """Attach what a chart shows, in Chinese words, to ``fig``: the page's image gets it as alt text (a
    screen reader, a search, a broken image all say 税收73.6%，低于序时进度9.7个百分点, not nbconvert's
    English placeholder)."""
    setattr(fig, ALT_KEY, text)
    return fig


def alt_text(fig) -> str:
    """The description :func:`describe` attached, else the chart's titles, else 图表."""
    got = getattr(fig, ALT_KEY, "")
    if got:
        return got
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "；".join(titles) or "图表"


def png_with_alt(fig):
    """The IPython PNG formatter for a Figure: the same PNG the inline backend draws (tight box), with
    ``{"alt": …}`` as its display metadata, which nbconvert writes into the image's alt attribute."""
    from IPython.core.pylabtools import print_figure

    return print_figure(fig, "png", bbox_inches="tight"), {"alt": alt_text(fig)}


def _pct_vs(value: float, line: float) -> str:
    if line != line:
        return f"{value:.1f}%"
    d = value - line
    return f"{value:.1f}%，{'低于' if d < 0 else '高于' if d > 0 else '等于'}序时进度" + (
        f"{abs(d):.1f}个百分点" if d else "")


def bar_compare(labels, first, second, *, first_label: str, second_label: str, title: str,
                unit: str, annotate: bool = True, value_format="{:,.2f}"):
    """Grouped horizontal bars (e.g. 2024 implied base vs 2025 target) with values printed;
    ``value_format`` is a format string or a function of the value (``units.fmt_doc`` keeps 2.736)."""
    import numpy as np

    fig, ax = plt.subplots(figsize=(8, 0.55 * len(labels) + 1.4))
    y = np.arange(len(labels))
    h = 0.38
    b1 = ax.barh(y + h / 2, first, h, label=first_label, color=PALETTE["muted"])
    b2 = ax.barh(y - h / 2, second, h, label=second_label, color=PALETTE["primary"])
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    if annotate:
        for bars in (b1, b2):
            for bar in bars:
                w = bar.get_width()
                text = value_format(w) if callable(value_format) else value_format.format(w)
                ax.annotate(text, (w, bar.get_y() + bar.get_height() / 2),
                            xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.legend(loc="lower right", frameon=False)
    ax.margins(x=0.15)
    fig.tight_layout()

    def fmt(v):
        return value_format(v) if callable(value_format) else value_format.format(v)
    return describe(fig, f"{title}：" + "；".join(f"{lab}{first_label}{fmt(a)}、{second_label}{fmt(b)}（{unit}）"
                                              for lab, a, b in zip(labels, first, second)))


def bullet(labels, completion, progress, *, title: str, status=None, xlabel: str = "完成率（%）"):
    """Completion bars against the 序时进度 line, one row per indicator (values are fractions); bar
    colours from :data:`STATUS_COLORS`; each value is printed to the right of both bar and line."""
    import numpy as np

    n = len(labels)
    fig, ax = plt.subplots(figsize=(8, 0.45 * n + 1.4))
    y = np.arange(n)
    colors = [STATUS_COLORS.get(s, PALETTE["primary"]) for s in (status if status is not None else [""] * n)]
    comp = np.nan_to_num(np.asarray(completion, dtype=float) * 100)
    line = np.nan_to_num(np.asarray(progress, dtype=float) * 100)
    ax.barh(y, [100] * n, 0.7, color=PALETTE["light"])
    ax.barh(y, comp, 0.38, color=colors)
    ax.vlines(np.asarray(progress, dtype=float) * 100, y - 0.35, y + 0.35, color="black", lw=2,
              label="序时进度")
    for yi, c, p in zip(y, comp, line):
        ax.annotate(f"{c:.1f}%", (max(c, p), yi), xytext=(5, 0), textcoords="offset points", va="center",
                    fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, max(120, float(max(comp.max(), line.max())) * 1.18 if n else 120))
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False, ncol=2)
    fig.tight_layout()
    raw = np.asarray(completion, dtype=float) * 100
    lines = np.asarray(progress, dtype=float) * 100
    return describe(fig, f"{title}：" + "；".join(
        f"{lab}{'未填报' if c != c else _pct_vs(c, p)}" for lab, c, p in zip(labels, raw, lines)))


def trend_lines(months, this_year, last_year, *, target: float | None, title: str, unit: str,
                this_label: str = "本年累计", other_label: str = "上年同期累计"):
    """Year-to-date this year (vs last year, if given) by month, with the annual target dashed."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    if last_year is not None:
        ax.plot(months, last_year, marker="o", color=PALETTE["muted"], label=other_label)
    ax.plot(months, this_year, marker="o", color=PALETTE["primary"], label=this_label)
    if target is not None:
        ax.axhline(target, ls="--", color=PALETTE["accent"], lw=1.2, label=f"年度目标 {target:g}{unit}")
    ax.set_xticks(range(1, 13), [f"{m}月" for m in range(1, 13)])
    ax.set_xlim(0.5, 12.5)
    ax.set_ylabel(unit)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, fontsize=9, ncol=3)
    fig.tight_layout()
    pairs = [(m, v) for m, v in zip(months, this_year) if v == v]
    text = f"{title}"
    if pairs:
        m, v = pairs[-1]
        text += f"：截至{m}月{this_label}{v:,.2f}{unit}"
        if last_year is not None:
            last = dict(zip(months, last_year)).get(m)
            if last is not None and last == last:
                text += f"，{other_label}{last:,.2f}{unit}"
    if target is not None:
        text += f"，年度目标{target:g}{unit}"
    return describe(fig, text)


HORIZONTAL_FROM = 7   # bars for this many labels or more lie down, one row per label (no overlapping names)


def bars(labels, values, *, title: str, unit: str, value_format: str = "{:,.0f}", color=None):
    """Bars with the value printed on each: upright for a few labels, lying down for many (a comparison
    of 17 scenarios would overlap its names under upright bars)."""
    labels, values = list(labels), list(values)
    if len(labels) >= HORIZONTAL_FROM:
        fig, ax = plt.subplots(figsize=(8, 0.38 * len(labels) + 1.4))
        b = ax.barh(labels, values, color=color or PALETTE["primary"])
        for bar in b:
            w = bar.get_width()
            ax.annotate(value_format.format(w), (w, bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=9)
        ax.invert_yaxis()
        ax.set_xlabel(unit)
        ax.grid(axis="y", visible=False)
        ax.margins(x=0.12)
    else:
        fig, ax = plt.subplots(figsize=(7, 3.6))
        b = ax.bar(labels, values, color=color or PALETTE["primary"])
        for bar in b:
            h = bar.get_height()
            ax.annotate(value_format.format(h), (bar.get_x() + bar.get_width() / 2, h), xytext=(0, 3),
                        textcoords="offset points", ha="center", fontsize=9)
        ax.set_ylabel(unit)
        ax.grid(axis="x", visible=False)
        ax.margins(y=0.15)
    ax.set_title(title)
    fig.tight_layout()
    return describe(fig, f"{title}：" + "；".join(f"{lab}{value_format.format(v)}{unit}"
                                              for lab, v in zip(labels, values)))


def histogram(values, *, bins: int, title: str, unit: str, marker: float | None = None,
              marker_label: str = ""):
    """Distribution of one measure (NaN dropped), with an optional reference line."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.hist(v, bins=bins, color=PALETTE["primary"], edgecolor="white")
    if marker is not None:
        ax.axvline(marker, color=PALETTE["accent"], ls="--", label=marker_label)
        ax.legend(frameon=False)
    ax.set_xlabel(unit)
    ax.set_ylabel("企业数（家）")
    ax.set_title(title)
    fig.tight_layout()
    text = f"{title}：共{len(v)}家" + (f"，分布在{v.min():,.2f}至{v.max():,.2f}{unit}之间" if len(v) else "")
    if marker is not None:
        text += f"，{marker_label or '参考线'}{marker:,.2f}{unit}"
    return describe(fig, text)


def tornado(labels, low_results, high_results, reference: float, *, title: str, unit: str):
    """One-at-a-time sensitivity: a bar from the low-value result to the high-value result per assumption."""
    import numpy as np

    n = len(labels)
    fig, ax = plt.subplots(figsize=(8, 0.5 * n + 1.5))
    y = np.arange(n)
    lo, hi = np.asarray(low_results, dtype=float), np.asarray(high_results, dtype=float)
    ax.barh(y, lo - reference, left=reference, color=PALETTE["muted"], label="假设取低值")
    ax.barh(y, hi - reference, left=reference, color=PALETTE["primary"], label="假设取高值")
    ax.axvline(reference, color="black", lw=1)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.set_title(title)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", frameon=False, fontsize=9)
    fig.tight_layout()
    return describe(fig, f"{title}（基准{reference:,.2f}{unit}）：" + "；".join(
        f"{lab}{a:,.2f}至{b:,.2f}{unit}" for lab, a, b in zip(labels, lo, hi)))
