"""One configuration for a build, read and checked once, then passed explicitly.

Where each setting comes from, in one place:

* the project folder: ``--root`` / ``ANALYSIS_ROOT`` / the folder holding ``data/raw/targets``;
* the period: ``--period`` (``make reports PERIOD=…``), else the latest month with data;
* the year: the period's, with its targets file ``data/raw/targets/<year>.yaml`` (no year is built in);
* the notebooks' parameters: the official defaults of :mod:`analysis.parameters`, overridden by ``-p``;
  a value saved in a notebook never counts (it is named in ``edits``);
* the settings files, read by ``sources.prepare`` into the processed manifest and validated there:
  ``enterprises/scoring.yaml`` (亩均评价), ``quality.yaml`` (plausibility bounds), ``report.yaml`` (简报设置);
* the 生成日期: ``SOURCE_DATE_EPOCH`` (reproducible builds), else today.

Every value is checked before anything runs; the build records the whole configuration in
``manifest.json``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .incremental import generated_on
from .errors import FontError, ParameterError
from .period import Period


@dataclass(frozen=True)
class Config:
    root: Path
    period: str
    notebooks: tuple[Path, ...]            # the notebooks this build runs
    run: dict                              # notebook path → its parameters (the notebooks run)
    every: dict                            # notebook path → its parameters (all notebooks: results, 月报)
    user: dict = field(default_factory=dict)    # what was given with -p
    edits: dict = field(default_factory=dict)   # notebooks whose saved parameters differ (never used)
    partial: bool = False                  # only some notebooks (--notebook)
    generated: str = ""                    # 生成日期

    @property
    def year(self) -> str:
        return Period.parse(self.period).year_text

    @property
    def values(self) -> dict:
        """Every parameter's value in this build (one value per name across notebooks)."""
        return {k: v for p in self.every.values() for k, v in p.items()}

    def record(self) -> dict:
        """The configuration as the manifest stores it."""
        return {"period": self.period, "year": self.year, "generated": self.generated,
                "parameters_given": self.user,
                "parameters": {p.stem: {k: v for k, v in values.items() if k not in ("period", "data_dir")}
                               for p, values in sorted(self.every.items())}}


FONT_SUFFIXES = (".ttf", ".ttc", ".otf")


def check_font_setting(environ=None) -> None:
    """A font named in ANALYSIS_CJK_FONT must be a readable font file with Chinese glyphs.  Checked before
    anything runs, since the pages find out only while drawing their first chart, after the data was
    prepared (the rule is :func:`analysis.charts.font_problem`, which the pages use too)."""
    import os

    value = (environ if environ is not None else os.environ).get("ANALYSIS_CJK_FONT")
    if not value:
        return
    font = Path(value)
    if font.is_file() and font.suffix.lower() in FONT_SUFFIXES:
        from .charts import font_problem     # matplotlib is loaded only when a font is named

        problem = font_problem(str(font))
        if problem is None:
            return
        what = problem
    else:
        what = "不是字体文件（应为 .ttf、.ttc 或 .otf）" if font.is_file() else "不存在"
    raise FontError(f"环境变量 ANALYSIS_CJK_FONT 指定的字体文件{what}：{value}。请改为一个中文字体文件的路径，"
                    "或取消该变量（unset ANALYSIS_CJK_FONT）以自动查找已安装的中文字体；报告未更改 / "
                    "ANALYSIS_CJK_FONT names no font file")


def load(root: Path | None = None, period: str | None = None, params: dict | None = None,
         notebooks: list[str] | None = None) -> Config:
    """Resolve and check everything a build needs before anything runs (ParameterError otherwise)."""
    from . import parameters, sources
    from .execute import list_notebooks, plan_parameters

    root = Path(root or paths.project_root()).resolve()
    check_font_setting()
    params = dict(params or {})
    parameters.check_values(params)
    period = period or sources.default_period(root)
    sources.require_target_year(period, root)
    every_nb = list_notebooks(root)
    chosen = every_nb
    if notebooks:
        wanted = set(notebooks)
        chosen = [p for p in every_nb if p.stem in wanted or p.name in wanted]
        missing = wanted - {p.stem for p in chosen} - {p.name for p in chosen}
        if missing:
            raise ParameterError(f"找不到笔记本：{', '.join(sorted(missing))} / no such notebook")
    edits: dict = {}
    run = plan_parameters(chosen, period, params, edits)
    every = plan_parameters(every_nb, period, params) if notebooks else run
    return Config(root=root, period=period, notebooks=tuple(chosen), run=run, every=every, user=params,
                  edits=edits, partial=bool(notebooks), generated=generated_on())
