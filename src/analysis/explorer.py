"""A live scenario explorer for JupyterLab (ipywidgets): move an assumption, see 税收, 亩均税收, 高新占比
and target attainment change at once, save what you find as a scenario file.

The logic is plain functions (tested without a browser): :func:`controls` gives each slider its
range from the scenario files' rules (:data:`analysis.scenarios.ASSUMPTIONS`), :func:`compute` turns
the values into the tables shown (the vectorised engine: no notebook re-run), :func:`save` writes a
validated YAML into ``data/raw/scenarios/`` that the next build compares.  :class:`Explorer` only wires
them to widgets.  Exported pages never contain the explorer: it lives in ``notebooks/explore/``,
outside the official build.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import scenarios as sc
from .errors import InputError


@dataclass
class Control:
    name: str
    label: str
    unit: str
    lo: float
    hi: float
    step: float
    value: float


# the sliders: practical ranges inside the scenario files' bounds (ASSUMPTIONS), as fractions for %
PRACTICAL = {
    "revenue_growth": (-0.2, 0.6, 0.005),
    "tax_to_revenue": (0.02, 0.08, 0.0005),
    "exited_land_mu": (0.0, 600.0, 5.0),
    "exited_tax_wan": (0.0, 500.0, 5.0),
    "relet_mu": (0.0, 600.0, 5.0),
    "relet_tax_per_mu_wan": (0.0, 20.0, 0.1),
    "hightech_output": (0.0, 40.0, 0.1),
}


def controls(model: sc.Model) -> list[Control]:
    """One control per main assumption, starting at the document's values (the baseline)."""
    start = model.defaults()
    start["relet_tax_per_mu_wan"] = model.tax_target * 1e4 / model.implied_land   # the target 亩均 (the default)
    out = []
    for name, (lo, hi, step) in PRACTICAL.items():
        label, unit, hard_lo, hard_hi = sc.ASSUMPTIONS[name]
        out.append(Control(name, label, unit, max(lo, hard_lo), min(hi, hard_hi), step, float(start[name])))
    return out


def read_typed(control: Control, text) -> float:
    """A value typed into a control's box, read by the scenario files' own rules (``15%`` or ``0.15`` for a
    percentage, ``200亩``, Chinese quotes and full-width digits accepted).  A refusal is an InputError whose
    ``problem`` is one Chinese line naming the assumption, its range and how the value was read ("规上营收
    增速应在 -50%–200% 之间：输入 15 按 1500% 理解…，如指 15% 请写 15%"); nothing is clamped."""
    if not str(text).strip():
        raise InputError(None, column=control.name, problem=f"{control.label}：请输入数值", expected=f"单位：{control.unit}")
    return sc.parse_assumption(None, control.name, text)


def shown_value(control: Control, value: float) -> str:
    """How a control's box shows its value (and how it would be typed back)."""
    return f"{value * 100:.2f}%" if control.unit == "%" else f"{value:g}"


def widened(control: Control, lo: float, hi: float, value: float) -> tuple[float, float]:
    """A slider's range stretched to take a typed value the scenario rules allow but the slider's
    practical range does not reach (the value is kept, not clamped)."""
    return min(lo, value), max(hi, value)


def values_of(model: sc.Model, scenario: sc.Scenario) -> dict:
    """The explorer's values that reproduce a saved scenario (the document's for what it leaves out): how
    a planner gets a state back after a reload, or starts from a colleague's file."""
    values = {c.name: c.value for c in controls(model)}
    values.update({k: float(v) for k, v in scenario.assumptions.items() if k in values})
    values["share_basis"] = scenario.assumptions.get("share_basis", model.share_basis)
    return values


def scenario_of(values: dict, name: str = "当前试算", description: str = "") -> sc.Scenario:
    """The explorer's values as a scenario: only what differs from the document is an assumption."""
    assumptions = {k: v for k, v in values.items() if k in sc.ASSUMPTIONS or k in sc.CHOICES}
    return sc.Scenario(name=name, description=description, assumptions=assumptions)


def compute(model: sc.Model, values: dict, compare: sc.Scenario | None = None) -> dict:
    """The tables the explorer shows for ``values``: attainment side by side with the baseline (or the
    scenario chosen to compare with), the break-evens and the sensitivity (for the tornado)."""
    t0 = time.perf_counter()
    current = scenario_of(values)
    sc.check_feasible(model, current.assumptions)
    other = compare or sc.Scenario(sc.BASELINE_NAME, "", {})
    both = [other, current]
    out = {
        "outcomes": sc.outcome_table(model, both),
        "assumptions": sc.assumption_table(model, both),
        "break_evens": sc.break_evens(model, current.assumptions),
        "sensitivity": sc.sensitivity(model, current.assumptions, sc.DEFAULT_SWINGS, "tax_per_mu_margin"),
        "sentences": sc.scenario_sentences(model, current),
    }
    out["seconds"] = time.perf_counter() - t0
    return out


def file_name(name: str) -> str:
    """A file name for a planner's scenario name: letters, digits and CJK kept, anything else as _."""
    stem = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", str(name).strip()).strip("_")[:60]
    if not str(name).strip():
        raise InputError(None, column="情景名称", problem="情景名称不能为空", expected="如 营收增长15%且退出100亩")
    if not stem:
        raise InputError(None, column="情景名称", problem=f"情景名称“{str(name).strip()}”里没有可用作文件名的文字或数字",
                         expected="用汉字、字母或数字命名，如 营收增长15%且退出100亩")
    return f"{stem}.yaml"


def saved_names(folder: Path) -> dict[str, Path]:
    """The display name of every readable scenario file in ``folder`` (what the compare list shows)."""
    out = {}
    for f in sc.scenario_files(folder):
        try:
            out.setdefault(sc.load_scenario(f).name, f)
        except InputError:
            continue
    return out


def said(e: InputError) -> str:
    """A refusal as the explorer shows it: the problem and what to do, in Chinese, with no server path."""
    return e.problem + (f"；{e.expected}" if e.expected else "")


def to_yaml(name: str, description: str, assumptions: dict) -> str:
    """A scenario file as people write them: percentages as 15%, land in 亩."""
    import yaml

    shown = {}
    for k, v in assumptions.items():
        if k in sc.CHOICES:
            shown[k] = v
        elif sc.ASSUMPTIONS[k][1] == "%":
            shown[k] = f"{round(float(v) * 100, 4):g}%"
        else:
            shown[k] = round(float(v), 4)
    return yaml.safe_dump({"name": name, "description": description, "assumptions": shown},
                          allow_unicode=True, sort_keys=False)


def save_values(model: sc.Model, values: dict) -> dict:
    """The explorer's values that differ from the document's (what a scenario file and the 试算单 list)."""
    base = model.defaults()

    def same(k, v):
        b = base.get(k)
        if k in sc.CHOICES:
            return v == b
        return b is not None and not (isinstance(b, float) and np.isnan(b)) and np.isclose(float(v), float(b),
                                                                                             rtol=0, atol=1e-9)

    changed = {k: v for k, v in values.items() if (k in sc.CHOICES or k in sc.ASSUMPTIONS) and not same(k, v)}
    if "relet_tax_per_mu_wan" in changed and np.isclose(changed["relet_tax_per_mu_wan"],
                                                        model.tax_target * 1e4 / model.implied_land):
        changed.pop("relet_tax_per_mu_wan")   # the default (target 亩均) need not be written
    return changed


def save(model: sc.Model, values: dict, name: str, folder: Path, description: str = "",
         overwrite: bool = False) -> Path:
    """Write the explorer's values as ``folder/<name>.yaml``, validated exactly like a hand-written file
    (read back with ``load_scenario`` and checked feasible); an existing file is kept unless
    ``overwrite``.  Only assumptions that differ from the document are written."""
    folder = Path(folder)
    changed = save_values(model, values)
    name = str(name).strip()
    target = folder / file_name(name)
    names = saved_names(folder)
    theirs = next((n for n, f in names.items() if f == target), None)
    if target.stem == "baseline":          # the 情景测算 page's default: a planner's file never replaces it
        raise InputError(None, column="情景名称", problem=f"“{name}”是基准情景文件的名称，不能用作情景名称",
                         expected="换一个名称")
    if target.exists() and theirs != name:  # another scenario's file: never replaced, tick or not
        raise InputError(None, column="情景名称",
                         problem=f"名称“{name}”与已有情景“{theirs or target.stem}”的文件名相同（{target.name}）",
                         expected="换一个名称")
    if target.exists() and not overwrite:
        raise InputError(None, column="情景名称", problem=f"已有名为“{name}”的情景",
                         expected="勾选“覆盖同名情景”后再保存，或换一个名称")
    if name in names and names[name] != target:     # two files, one name: the compare list would show it twice
        raise InputError(None, column="情景名称", problem=f"已有情景使用名称“{name}”（文件 {names[name].name}）",
                         expected="换一个名称")
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{target.name}.tmp"
    tmp.write_text(to_yaml(str(name).strip(), description or "在情景探索器中保存", changed), encoding="utf-8")
    try:
        loaded = sc.load_scenario(tmp)
        sc.check_feasible(model, loaded.assumptions, target)
    except InputError:
        tmp.unlink()
        raise
    tmp.replace(target)
    return target


SENSITIVITY_TITLE = "亩均税收与目标之差的敏感性（万元/亩）"
SENSITIVITY_ALT = "各项假设取低值和高值时，亩均税收与目标之差的变化"


def tornado_html(sens) -> str:
    """The sensitivity chart as HTML bars (one row per assumption, from its low-value result to its
    high-value result around the current value): drawn by the browser, so a slider move needs no figure
    rendered in the kernel (a matplotlib PNG took about 0.13 s of a 0.2 s move).  The numbers are text
    beside each bar; the chart carries its description for a screen reader."""
    import html

    from .charts import PALETTE

    lo, hi = sens["低值结果"].astype(float).to_numpy(), sens["高值结果"].astype(float).to_numpy()
    ref = float(sens["基准结果"].iloc[0])
    left, right = min(lo.min(), hi.min(), ref), max(lo.max(), hi.max(), ref)
    span = (right - left) or 1.0

    def x(v):
        return (v - left) / span * 100

    def bar(a, colour):
        start, width = x(min(a, ref)), abs(x(a) - x(ref))
        return (f'<div style="position:absolute;top:3px;bottom:3px;left:{start:.2f}%;width:{max(width, 0.3):.2f}%;'
                f'background:{colour}"></div>')

    rows = []
    for label, a, b in zip(sens["假设"], lo, hi):
        rows.append(
            '<div style="display:flex;align-items:center;gap:8px;margin:2px 0">'
            f'<div style="width:11em;text-align:right;flex:none">{html.escape(str(label))}</div>'
            '<div style="position:relative;flex:1;height:22px;background:#f4f6f8">'
            + bar(a, PALETTE["muted"]) + bar(b, PALETTE["primary"])
            + f'<div style="position:absolute;top:0;bottom:0;left:{x(ref):.2f}%;width:1px;background:#000"></div></div>'
            f'<div style="width:11em;flex:none;font-size:12px">{a:+,.2f} 至 {b:+,.2f}</div></div>')
    alt = SENSITIVITY_ALT + "：" + "；".join(f"{label}{a:,.2f}至{b:,.2f}万元/亩" for label, a, b in zip(sens["假设"], lo, hi))
    legend = (f'<span style="display:inline-block;width:12px;height:10px;background:{PALETTE["muted"]}"></span> 假设取低值　'
              f'<span style="display:inline-block;width:12px;height:10px;background:{PALETTE["primary"]}"></span> 假设取高值　'
              f"竖线：当前假设（{ref:+,.2f}）；刻度 {left:+,.2f} 至 {right:+,.2f} 万元/亩")
    return (f'<figure role="img" aria-label="{html.escape(alt)}" style="margin:8px 0;max-width:760px;'
            'print-color-adjust:exact;-webkit-print-color-adjust:exact">'
            f'<figcaption style="font-weight:bold;margin-bottom:4px">{SENSITIVITY_TITLE}</figcaption>'
            + "".join(rows) + f'<div style="font-size:12px;color:#5b6875;margin-top:4px">{legend}</div></figure>')


def view(model: sc.Model, values: dict, compare: sc.Scenario | None = None) -> dict:
    """Everything one slider move redraws: the sentences, tables and chart as HTML, and the
    time the whole round trip took in the kernel (``seconds``; benchmarks/bench_explorer.py measures it)."""
    import html

    from . import present

    t0 = time.perf_counter()
    got = compute(model, values, compare)
    page = ("<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in got["sentences"]) + "</ul>"
            + present.table_html(present.format_by_unit(got["outcomes"]), text_columns=("指标", "单位"))
            + present.table_html(got["break_evens"].drop(columns=["临界值"]), text_columns=("问题", "假设", "说明")))
    page += tornado_html(got["sensitivity"])
    return {"html": page, "seconds": time.perf_counter() - t0}


TRIAL_MARK = "试算 · 非正式数据 · 不得作为统计数字引用"


def trial_sheet(model: sc.Model, values: dict, compare: sc.Scenario | None = None, name: str = "",
                description: str = "") -> str:
    """The 试算单: the explorer's current state as one self-contained page to show leadership, marked
    试算 on screen and on every printed page, with every assumption that differs from the document
    listed, the outcomes against the targets (beside the baseline or the scenario compared with), what
    they mean in words, the break-evens and the sensitivity chart."""
    import html

    from . import pages, present
    from .incremental import generated_on

    got = compute(model, values, compare)
    current = scenario_of(values, name.strip() or "当前试算")
    other = compare or sc.Scenario(sc.BASELINE_NAME, "", {})
    differs = save_values(model, values)
    changed = [(sc.ASSUMPTIONS[k][0], v, sc.ASSUMPTIONS[k][1]) for k, v in differs.items() if k in sc.ASSUMPTIONS]
    if "share_basis" in differs:
        changed.append(("占比分母口径", sc.basis_name(values["share_basis"]), ""))
    listed = "".join(f"<li>{html.escape(label)}：{html.escape(_typed_words(v, unit))}</li>" for label, v, unit in changed) \
        or "<li>全部假设与文件口径相同（即基准情景）</li>"
    outcomes = present.table_html(present.format_by_unit(sc.outcome_table(model, [other, current])),
                                  text_columns=("指标", "单位"))
    breaks = present.table_html(got["break_evens"].drop(columns=["临界值"]), text_columns=("问题", "假设", "说明"))
    body = (
        f"<h1>情景试算单：{html.escape(current.name)}</h1>"
        '<div class="demo-banner">试算：本单为情景探索器中按下列假设测算的结果，不是统计数据，也不是正式简报的数字；'
        "测算只用绩效目标文件的算术（2024年基期 = 目标 ÷（1 + 增幅））。</div>"
        + (f"<p>{html.escape(description)}</p>" if description.strip() else "")
        + f"<p>生成日期：{html.escape(generated_on())}；对比对象：{html.escape(other.name)}。</p>"
        f"<h2>假设（与文件口径不同的）</h2><ul>{listed}</ul>"
        "<h2>结果与目标</h2><ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in got["sentences"]) + "</ul>"
        + outcomes + "<h2>临界值</h2>" + breaks
        + "<h2>敏感性</h2>" + tornado_html(got["sensitivity"]))
    return pages.shell(f"情景试算单：{current.name}", body, None, note=False, mark=TRIAL_MARK)


def _typed_words(value, unit: str) -> str:
    if isinstance(value, str):
        return value
    return f"{value * 100:.2f}%" if unit == "%" else f"{value:,.4g}{unit}"


def write_trial_sheet(model: sc.Model, values: dict, folder: Path, compare: sc.Scenario | None = None,
                      name: str = "", description: str = "") -> tuple[Path, Path]:
    """``<folder>/试算单-<name>.html`` and ``.pdf`` (the PDF by the 月报's own engine, offline)."""
    from . import publish

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = "试算单-" + (file_name(name)[:-len(".yaml")] if name.strip() else "当前试算")
    page = trial_sheet(model, values, compare, name, description)
    target = folder / f"{stem}.html"
    tmp = folder / f".{stem}.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(target)
    pdf = publish.write_pdf(page, folder / f"{stem}.pdf", folder, what="试算单")
    return target, pdf


def compare_choices(folder: Path) -> list[tuple[str, str]]:
    """The compare list: the baseline once (a baseline file is the document's own targets again), then
    every saved scenario by its name."""
    options = [(sc.BASELINE_NAME, "")]
    for name, f in saved_names(folder).items():
        if f.stem != "baseline" and name != sc.BASELINE_NAME:
            options.append((name, str(f)))
    return options


def guarded(cls, report):
    """``cls`` (an ipywidgets class) whose state sent by the page (a comm message) is checked like a typed
    value: a value of the wrong type, or a number outside the widget's range (which ipywidgets would clamp
    silently), is refused with one Chinese line through ``report``; the widget keeps its value and the page is
    put back in step.  No TraitError reaches the kernel log."""
    from traitlets import TraitError

    class Guarded(cls):
        def set_state(self, sync_data):
            value = sync_data.get("value", sync_data.get("index")) if isinstance(sync_data, dict) else sync_data
            lo, hi = getattr(self, "min", None), getattr(self, "max", None)
            name = getattr(self, "description", "") or "控件"
            if isinstance(value, (int, float)) and not isinstance(value, bool) and lo is not None and hi is not None \
                    and not lo <= value <= hi:
                report(f"{name}收到超出范围的值 {value:g}（应在 {lo:g}–{hi:g} 之间），已保持原值")
                self.send_state()
                return
            try:
                super().set_state(sync_data)
            except TraitError:
                report(f"{name}收到无法使用的值 {value!r}，已保持原值")
                self.send_state()

    Guarded.__name__ = Guarded.__qualname__ = cls.__name__
    return Guarded


class Explorer:  # pragma: no cover - widget wiring, exercised in JupyterLab (see the issue note)
    """The widgets: sliders, a share-basis choice, compare-with, save-as; results redrawn on each move."""

    def __init__(self, model: sc.Model, folder: Path, sheets: Path | None = None):
        import ipywidgets as w

        from . import paths

        self.model, self.folder = model, Path(folder)
        self.sheets = Path(sheets) if sheets else paths.reports_dir() / "试算单"
        self.sliders, self.entries, self.controls = {}, {}, {c.name: c for c in controls(model)}
        refused = self.refused
        slider, text, dropdown = guarded(w.FloatSlider, refused), guarded(w.Text, refused), guarded(w.Dropdown, refused)
        for c in self.controls.values():
            # the slider's own readout would take 15 as 1500% and clamp it silently: a box beside it reads
            # what is typed by the scenario files' rules and says why it refuses a value
            self.sliders[c.name] = slider(
                value=c.value, min=c.lo, max=c.hi, step=c.step, description=f"{c.label}（{c.unit}）",
                readout=False, continuous_update=False,
                style={"description_width": "15em"}, layout=w.Layout(width="560px"))
            self.entries[c.name] = text(value=shown_value(c, c.value), continuous_update=False,
                                          layout=w.Layout(width="110px"))
            self.entries[c.name].observe(lambda ch, c=c: self.on_typed(c, ch["new"]), names="value")
            self.sliders[c.name].observe(lambda ch, c=c: self.on_moved(c, ch["new"]), names="value")
        self.basis = dropdown(options=[(sc.basis_name(b), b) for b in sc.CHOICES["share_basis"]],
                                value=model.share_basis, description="高新占比分母", style={"description_width": "15em"},
                                layout=w.Layout(width="480px"))
        self.compare = dropdown(description="对比情景", style={"description_width": "15em"},
                                  layout=w.Layout(width="480px"))
        self.name = text(placeholder="如：营收增长15%且退出100亩", description="情景名称",
                           style={"description_width": "15em"}, layout=w.Layout(width="480px"))
        self.description = text(placeholder="可选：这个情景说明什么、供谁讨论", description="情景说明",
                                  style={"description_width": "15em"}, layout=w.Layout(width="640px"))
        self.save_button = w.Button(description="保存为情景文件", button_style="primary")
        self.overwrite = w.Checkbox(value=False, description="覆盖同名情景", indent=False,
                                    layout=w.Layout(width="120px"))
        self.sheet_button = w.Button(description="导出试算单（HTML 和 PDF）", layout=w.Layout(width="240px"))
        self.reset_button = w.Button(description="恢复文件口径")
        self.load_button = w.Button(description="把对比情景载入滑块")
        self.message = w.HTML()
        self.out = w.Output()
        for s in (*self.sliders.values(), self.basis, self.compare):
            s.observe(lambda _: self.refresh(), names="value")
        self.save_button.on_click(lambda _: self.on_save())
        self.sheet_button.on_click(lambda _: self.on_sheet())
        self.load_button.on_click(lambda _: self.on_load())
        self.reset_button.on_click(lambda _: self.reset())
        self.load_choices()
        rows = [w.HBox([self.sliders[n], self.entries[n]]) for n in self.sliders]
        self.box = w.VBox([w.HTML("<b>假设</b>（拖动滑块，或在右侧框内输入，如 15%）"), *rows, self.basis,
                           w.HBox([self.compare, self.load_button]),
                           w.HBox([self.name, self.save_button, self.overwrite, self.reset_button]), self.description,
                           self.sheet_button, self.message, self.out])

    def refused(self, words: str):
        import html

        self.message.value = f'<span style="color:#c0392b">{html.escape(words)}</span>'

    def on_typed(self, c: Control, text: str):
        import html

        if text == shown_value(c, self.sliders[c.name].value):
            return
        try:
            value = read_typed(c, text)
        except InputError as e:
            self.message.value = f'<span style="color:#c0392b">{html.escape(e.problem)}（收到 {html.escape(str(text))}）</span>'
            self.entries[c.name].value = shown_value(c, self.sliders[c.name].value)
            return
        slider = self.sliders[c.name]
        slider.min, slider.max = widened(c, slider.min, slider.max, value)
        slider.value = value
        self.message.value = ""

    def _compared(self):
        """The scenario chosen to compare with (None for the baseline); a file edited into a broken state or
        deleted since the list was read is said in the message line, and the list read again."""
        import html

        if not self.compare.value:
            return None
        try:
            return sc.load_scenario(self.compare.value)
        except InputError as e:
            self.message.value = f'<span style="color:#c0392b">对比情景无法读取：{html.escape(said(e))}</span>'
            self.load_choices()
            return None

    def on_load(self):
        import html

        if not self.compare.value:
            self.reset()
            return
        chosen = self._compared()
        if chosen is None:
            return
        values = values_of(self.model, chosen)
        for name, slider in self.sliders.items():
            slider.min, slider.max = widened(self.controls[name], slider.min, slider.max, values[name])
            slider.value = values[name]
        self.basis.value = values["share_basis"]
        self.message.value = f"已载入情景：{html.escape(str(self.compare.label))}"

    def on_sheet(self):
        import html

        from .errors import AnalysisError

        wanted = self.compare.value
        chosen = self._compared()
        if chosen is None and wanted:
            return
        try:
            page, pdf = write_trial_sheet(self.model, self.values(), self.sheets, chosen, self.name.value,
                                          self.description.value)
        except InputError as e:
            self.message.value = f'<span style="color:#c0392b">试算单未导出：{html.escape(said(e))}</span>'
            return
        except (AnalysisError, OSError) as e:
            self.message.value = f'<span style="color:#c0392b">试算单未导出：{html.escape(str(e))}</span>'
            return
        self.message.value = (f"试算单已导出：{html.escape(page.name)} 和 {html.escape(pdf.name)}"
                              f"（在报告文件夹的“{html.escape(self.sheets.name)}”中）")

    def on_moved(self, c: Control, value: float):
        self.entries[c.name].value = shown_value(c, value)
        if any(w in self.message.value for w in ("已保存", "已导出")):   # the note no longer describes the screen
            self.message.value = ""

    def values(self) -> dict:
        return {**{k: s.value for k, s in self.sliders.items()}, "share_basis": self.basis.value}

    def load_choices(self):
        self.compare.options = compare_choices(self.folder)
        self.compare.value = ""

    def reset(self):
        for c in controls(self.model):
            self.sliders[c.name].value = c.value
        self.basis.value = self.model.share_basis

    def on_save(self):
        import html

        try:
            path = save(self.model, self.values(), self.name.value, self.folder, self.description.value,
                        overwrite=self.overwrite.value)
        except InputError as e:
            self.message.value = f'<span style="color:#c0392b">{html.escape(said(e))}</span>'
            return
        self.overwrite.value = False                 # asked again next time
        self.message.value = f"已保存：{html.escape(path.name)}（下次生成简报时列入情景比较页）"
        self.load_choices()

    def refresh(self):
        import html

        from IPython.display import HTML, display

        wanted = self.compare.value
        chosen = self._compared()
        if chosen is None and wanted:
            return
        self.out.clear_output(wait=True)
        with self.out:
            try:
                shown = view(self.model, self.values(), chosen)
            except InputError as e:
                display(HTML(f'<p style="color:#c0392b">{html.escape(said(e))}</p>'))
                return
            display(HTML(shown["html"]))
            display(HTML(f'<p style="color:#5b6875;font-size:12px">更新用时 {shown["seconds"] * 1000:.0f} 毫秒'
                         "（计算、表格与作图）</p>"))

    def show(self):
        from IPython.display import display

        display(self.box)
        self.refresh()
