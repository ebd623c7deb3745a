import warnings

import matplotlib
import pytest

from analysis import charts
from analysis.errors import FontError


def test_cjk_font_found_and_covers_chinese():
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    family = charts.setup()
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    cmap = FT2Font(path).get_charmap()
    missing = [ch for ch in "亩均税收工业总产值规上企业示例数据" if ord(ch) not in cmap]
    assert missing == [], f"{family} ({path}) lacks {missing}"


def test_chinese_chart_renders_without_glyph_warnings():
    charts.setup()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = charts.bar_compare(["税收", "工业总产值"], [1.85, 59.02], [2.736, 70],
                                 first_label="2024年隐含基期", second_label="2025年目标",
                                 title="金额类目标（亿元）", unit="亿元")
        fig.canvas.draw()
    matplotlib.pyplot.close(fig)


def test_missing_glyph_becomes_an_error():
    charts.setup()
    fig, ax = matplotlib.pyplot.subplots()
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    try:
        ax.set_title("亩均税收")
        with pytest.raises(UserWarning, match="Glyph"):
            fig.canvas.draw()
    finally:
        matplotlib.pyplot.close(fig)
        charts._resolved = None
        charts.setup()


def test_no_font_gives_install_instructions(monkeypatch):
    monkeypatch.setattr(charts, "PREFERRED", ["No Such Font"])
    monkeypatch.setattr(charts, "FONT_DIRS", [])
    with pytest.raises(FontError, match="apt-get install fonts-noto-cjk"):
        charts.find_cjk_font()


def test_env_font_that_is_missing(monkeypatch):
    monkeypatch.setenv("ANALYSIS_CJK_FONT", "/nonexistent/font.ttf")
    with pytest.raises(FontError, match="不存在"):
        charts.find_cjk_font()


def test_family_known_only_in_bold_is_not_chosen(monkeypatch):
    """A font cache holding only the bold face of a family (fonts-noto-cjk installed after the cache
    was built) made matplotlib warn 'Failed to find font weight normal' and every build fail."""
    from matplotlib import font_manager

    charts.setup()
    path = font_manager.findfont(font_manager.FontProperties(family=charts.setup()), fallback_to_default=False)
    entry = dict(fname=path, name="Noto Sans CJK SC", style="normal", variant="normal", stretch="normal", size="scalable")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [font_manager.FontEntry(weight=700, **entry)])
    assert charts._preferred() is None
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [font_manager.FontEntry(weight=400, **entry)])
    assert charts._preferred() == "Noto Sans CJK SC"


def test_every_chart_says_what_it_shows_in_chinese():
    # issue 24 #9: nbconvert wrote "No description has been provided for this image" on all 36 charts
    import matplotlib.pyplot as plt

    charts.setup()
    fig = charts.bullet(["税收", "高新技术企业产值占比"], [0.736, 0.982], [10 / 12, float("nan")], title="头条指标进度")
    assert charts.alt_text(fig) == ("头条指标进度：税收73.6%，低于序时进度9.7个百分点；高新技术企业产值占比98.2%")
    png, meta = charts.png_with_alt(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and meta == {"alt": charts.alt_text(fig)}
    trend = charts.trend_lines([1, 2, 3], [0.5, 1.0, float("nan")], [0.4, 0.9, 1.3], target=2.736, title="税收累计走势",
                               unit="亿元")
    assert charts.alt_text(trend) == "税收累计走势：截至2月本年累计1.00亿元，上年同期累计0.90亿元，年度目标2.736亿元"
    bare, _ = plt.subplots()
    bare.axes[0].set_title("无描述的图")
    assert charts.alt_text(bare) == "无描述的图"
    plt.close("all")


def test_png_formatter_gives_nbconvert_the_alt_text():
    from nbconvert import HTMLExporter
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                                           metadata={"image/png": {"alt": "税收73.6%，低于序时进度9.7个百分点"}})]
    nb.cells.append(cell)
    html, _ = HTMLExporter(template_name="classic").from_notebook_node(nb)
    assert 'alt="税收73.6%，低于序时进度9.7个百分点"' in html and "No description" not in html


def test_many_bars_lie_down_so_their_names_do_not_overlap():
    import matplotlib.pyplot as plt

    charts.setup()
    few = charts.bars(["A", "B", "C"], [1, 2, 3], title="少", unit="亿元")
    many = charts.bars([f"情景{i:02d}营收增长{10 + i}%" for i in range(9)], list(range(1, 10)), title="多", unit="亿元",
                       value_format="{:,.2f}")
    assert [round(p.get_height()) for p in few.axes[0].patches] == [1, 2, 3]          # upright
    assert [round(p.get_width()) for p in many.axes[0].patches] == list(range(1, 10))  # lying down
    assert many.axes[0].get_xlabel() == "亿元" and "情景00营收增长10%1.00亿元" in charts.alt_text(many)
    plt.close("all")
