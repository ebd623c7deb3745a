"""The pipeline's facts, declared once: ledgers, pages with their parameters, and outputs.

Everything that used to be kept by hand in several modules is derived from the entries here:

* a **ledger** (:class:`Ledger`) says where its file lives, what it is called in Chinese, which reader
  and column spec check it, which of its columns are text, and which monthly figures it carries (one
  fact, one source); ``sources.prepare`` reads every ledger from this list, the 月报 appendix labels its
  files from it, the processed tables keep its text columns as text, and the page keys know it;
* a **page** (:class:`Page`) names its notebook, its parameters (:class:`Param`: type, default, range or
  choices, unit, Chinese label), the processed tables and settings it reads, the ledgers it needs, the
  build parameters its result tables take, whether it goes into the 月报, and an optional fan-out (one
  output per parameter set);
* an **output** (:data:`OUTPUTS`) says what it is made from.

This module imports nothing from the package at import time (readers are named as ``module:function``
and looked up when called), so the CLI's fast path and every layer can read it.  A new ledger or page
is one entry here plus its code; ``docs/architecture.md`` shows an example.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from dataclasses import dataclass
from typing import Any


def resolve(ref: str) -> Any:
    """``"analysis.land:read_parcels"`` → the object."""
    module, _, name = ref.partition(":")
    obj = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


# ---------------------------------------------------------------- ledgers
@dataclass(frozen=True)
class Ledger:
    table: str                  # the processed table it becomes (data/processed/<period>/<table>.csv)
    label: str                  # its Chinese name, as readers and errors say it
    folder: str                 # under data/raw/ (and data/raw/demo/ for the demo copy)
    stem: str                   # <stem>.xlsx or <stem>.csv
    reader: str                 # module:function(path, *args) → DataFrame
    args: tuple[str, ...]       # which of the build's facts the reader takes, in order (see ``read``)
    spec_ref: str               # module:attribute, a validation.Spec or a function returning one
    kind: str                   # the 月报 appendix's 类别 for its file
    facts: tuple[str, ...] = () # monthly indicators it carries (derived from it, see reconcile)
    demo: bool = True           # a deterministic demo copy may stand in (named 示例数据 everywhere)
    hint: str = ""              # how to make the file, for the message when it is missing
    parsed: tuple[str, ...] = ()       # text columns the reader interprets (a verdict, a value), not free text
    demo_with: str = ""                # the demo copy stands in only beside this ledger's demo copy (never
                                       # invented history beside a real firm's code)
    check: str = ""                    # module:function(path, table, tables) run once every ledger is read

    @property
    def where(self) -> str:
        return f"data/raw/{self.folder}/{self.stem}.xlsx 或 .csv{self.hint}"

    @property
    def demo_path(self) -> str:
        return f"{self.folder}/{self.stem}.csv"

    def spec(self):
        """The ledger's column spec (``validation.Spec``)."""
        got = resolve(self.spec_ref)
        return got() if callable(got) else got

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self.spec().key or ())

    def free_text(self) -> tuple[str, ...]:
        """The headers of the columns where people type free text (names, notes, reasons): not codes,
        dates, numbers or choices, not join keys, not values the reader interprets."""
        return tuple(c.header for c in self.spec().columns
                     if c.kind == "text" and c.name not in self.keys and c.name not in self.parsed)

    def text_columns(self) -> tuple[str, ...]:
        """Columns kept as text in the processed table: every column the spec does not read as a number
        or a yes/no."""
        return tuple(c.name for c in self.spec().columns if c.kind not in ("number", "bool"))

    def read(self, path, **facts):
        """Read and check the file with this ledger's reader; ``facts`` holds period, year, quality,
        budget_projects and listed (the reader takes the ones named in ``args``)."""
        return resolve(self.reader)(path, *(facts[a] for a in self.args))


LEDGERS: tuple[Ledger, ...] = (
    Ledger("enterprises", "企业台账", "enterprises", "enterprises", "analysis.efficiency:read_ledger", ("quality", "scoring"),
           "analysis.efficiency:LEDGER", "企业台账与评价设置"),
    Ledger("class_history", "历年评价结果", "enterprises", "class_history", "analysis.rounds:read_history",
           ("year", "quality"), "analysis.rounds:HISTORY", "企业台账与评价设置", demo_with="enterprises"),
    Ledger("objections", "异议登记表", "enterprises", "objections", "analysis.publicity:read_objections", ("quality",),
           "analysis.publicity:OBJECTIONS", "企业台账与评价设置", demo_with="enterprises",
           check="analysis.publicity:check_firms", parsed=("field", "value")),
    Ledger("peers", "开发区对标数据", "standing", "peers", "analysis.standing:read_peers", ("quality",),
           "analysis.standing:PEERS", "开发区对标", parsed=("item", "value")),
    Ledger("parcels", "五未地块台账", "land", "parcels", "analysis.land:read_parcels", ("period", "quality"),
           "analysis.land:_parcel_spec", "五未地块台账", facts=("land_recovery_target",)),
    Ledger("spending", "预算执行数据", "budget", "spending", "analysis.budget:read_spending",
           ("budget_projects", "quality", "period"), "analysis.budget:spending_spec", "预算执行与绩效指标"),
    Ledger("indicator_actuals", "绩效指标完成值", "budget", "indicator_actuals", "analysis.budget:read_indicator_actuals",
           ("budget_projects", "year"), "analysis.budget:indicator_spec", "预算执行与绩效指标",
           parsed=("实际完成值", "评价等级")),
    Ledger("projects", "项目台账", "projects", "projects", "analysis.projects:read_projects", ("period", "quality"),
           "analysis.projects:_project_spec", "项目台账",
           facts=("inv_negotiating", "inv_signed", "inv_landed", "new_projects_started", "projects_under_construction",
                  "projects_completed", "fixed_investment_projects", "fixed_investment", "inv_big_projects_3bn",
                  "inv_projects_100m"),
           hint="（analysis template --projects 生成模板）"),
    Ledger("onboarding", "入统培育台账", "projects", "onboarding", "analysis.projects:read_onboarding",
           ("period", "quality"), "analysis.projects:_onboarding_spec", "入统培育台账", facts=("onboarding_target",)),
    Ledger("finance", "金融助企台账", "projects", "finance", "analysis.projects:read_finance", ("period", "quality"),
           "analysis.projects:_finance_spec", "金融助企台账"),
    Ledger("supervision", "督办事项台账", "supervision", "supervision", "analysis.supervision:read_supervision",
           ("period", "quality", "units"), "analysis.supervision:_spec", "督办事项台账",
           hint="（analysis template --supervision 生成模板）"),
    Ledger("low_efficiency_status", "低效企业进展表", "enterprises", "low_efficiency_status",
           "analysis.efficiency:read_low_efficiency_status", ("listed", "period", "quality"),
           "analysis.efficiency:STATUS", "企业台账与评价设置",
           facts=("low_efficiency_exit", "low_efficiency_rectify"), demo=False, parsed=("处置意见",)),
)
LEDGER = {ledger.table: ledger for ledger in LEDGERS}

# the other processed tables and the text columns they keep
OTHER_TEXT = {"actuals": ("id", "period", "note", "source")}
TABLES = ("actuals", "targets", *(ledger.table for ledger in LEDGERS))
SETTINGS = ("scoring", "quality", "report", "round", "standing")


@lru_cache(maxsize=1)
def text_columns() -> dict[str, tuple[str, ...]]:
    """Processed table → the columns kept as text (codes with leading zeros, dates, names, notes)."""
    return {**OTHER_TEXT, **{ledger.table: ledger.text_columns() for ledger in LEDGERS}}


def fact_source() -> dict[str, str]:
    """Monthly indicator → the processed table that carries it."""
    return {fact: ledger.table for ledger in LEDGERS for fact in ledger.facts}


# ---------------------------------------------------------------- pages and their parameters
@dataclass(frozen=True)
class Param:
    name: str
    default: Any
    label: str                              # the Chinese name a reader sees (月报 appendix)
    unit: str = ""
    range: tuple[float, float] | None = None
    choices: tuple | None = None
    words: dict | None = None               # value → words on a reader's page
    help: str = ""
    shown: bool = True                      # printed in the 月报 appendix (not a fan-out's per-output value)

    @property
    def type(self) -> type:
        return type(self.default)


@dataclass(frozen=True)
class Page:
    name: str                                   # notebook stem (notebooks/<name>.ipynb)
    params: tuple[Param, ...] = ()
    tables: tuple[str, ...] | None = None       # processed tables it reads (None: all of them)
    settings: tuple[str, ...] = ()              # settings it reads (manifest settings)
    needs: tuple[str, ...] = ()                 # ledgers it cannot run without
    monthly_data: bool = True                   # needs the period's monthly figures to run
    monthly: bool = True                        # goes into the 月报
    scenarios: bool = False                     # reads the scenario files
    fanout: str = ""                            # module:function(results) → [(suffix, title words, {param: value})]

    @property
    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}


SCORING_METHODS = {"": "按评价设置文件", "minmax": "极差法", "benchmark": "标杆值法"}
TIME_METHODS = {"months": "按月（已过月数 ÷ 12）", "days": "按天", "quarters": "按季度"}
YES_NO = {True: "是", False: "否"}

_KPI = (Param("time_method", "months", "序时进度计算方法", choices=tuple(TIME_METHODS), words=TIME_METHODS),
        Param("tolerance_pp", 1.0, "“达到序时进度”容差（个百分点）", "个百分点", (0.0, 50.0)))
_STALE = Param("stale_days", 100.0, "项目阶段停留预警（天）", "天", (1.0, 1000.0))
_WEIGHTS = (Param("budget_weight", 10.0, "自评权重：预算执行率", "分", (0.0, 100.0)),
            Param("output_weight", 50.0, "自评权重：产出指标", "分", (0.0, 100.0)),
            Param("outcome_weight", 30.0, "自评权重：效益指标", "分", (0.0, 100.0)),
            Param("satisfaction_weight", 10.0, "自评权重：满意度指标", "分", (0.0, 100.0)))
_RULES = (Param("narrow_miss_pct", 0.0, "自评：差距在此百分比以内不扣分（%）", "%", (0.0, 20.0)),
          Param("qualitative_bands", "80-60", "自评：定性指标“部分达成/未达成”档位", choices=("80-60", "80-50"),
                words={"80-60": "80–60%、60–0%", "80-50": "80–50%、50–0%"}),
          Param("achieved_full", True, "自评：定量指标达成即得满分", words=YES_NO))

PAGES: tuple[Page, ...] = (
    Page("00_summary", tables=("actuals", "targets", "parcels", "low_efficiency_status", "projects", "supervision"),
         settings=("report",)),
    Page("00_briefing", _KPI, tables=("actuals", "targets"), settings=("report",)),
    Page("10_growth", tables=("targets",), monthly_data=False),
    Page("20_land_efficiency", (
        Param("taxed_land_mu", 0.0, "纳税企业用地（亩，0 为由文件目标倒推）", "亩", (0.0, 100000.0)),
        Param("exit_from_ledger", True, "低效企业退出用地取自企业台账", words=YES_NO),
        Param("relet_mu", 200.0, "再招商利用土地（亩）", "亩", (0.0, 100000.0)),
        Param("relet_tax_per_mu", 0.0, "再利用土地亩均税收（万元/亩，0 为目标亩均）", "万元/亩", (0.0, 1000.0)),
        Param("scoring_method", "", "亩均评价评分方法", choices=tuple(SCORING_METHODS), words=SCORING_METHODS)),
        tables=("enterprises", "parcels", "low_efficiency_status", "targets"), settings=("scoring",),
        needs=("parcels",)),
    Page("25_class_list", (Param("grade", "A", "亩均评价等级", choices=("A", "B", "C", "D", "不定等级"),
                                 shown=False),),           # set per output by the fan-out, not a build setting
         tables=("enterprises", "targets"), settings=("scoring",), needs=("enterprises",), monthly=False,
         monthly_data=False, fanout="analysis.efficiency:class_pages"),
    Page("26_round", tables=("enterprises", "class_history", "objections", "targets"), settings=("scoring", "round"),
         needs=("enterprises",),
         monthly=False, monthly_data=False),
    Page("70_standing", tables=("actuals", "targets", "peers"), settings=("report", "standing"), needs=("peers",),
         monthly=False),
    Page("30_innovation", tables=("actuals", "targets"), settings=("report",)),
    Page("40_investment", (_STALE,),
         tables=("actuals", "targets", "projects", "onboarding", "finance"), settings=("report",), needs=("projects",)),
    Page("45_supervision", (_STALE,),
         tables=("actuals", "targets", "projects", "supervision"), settings=("report",), needs=("supervision",)),
    Page("50_budget", (Param("warn_pp", 5.0, "预算执行预警阈值（个百分点）", "个百分点", (0.0, 100.0)),
                       *_WEIGHTS, *_RULES),
         tables=("spending", "indicator_actuals", "targets"), needs=("spending", "indicator_actuals")),
    Page("60_scenarios", (Param("scenario", "baseline", "情景", words={"baseline": "基准情景（文件目标）"}),
                          Param("overrides", {}, "情景假设调整")),
         tables=("targets",), settings=("report",), scenarios=True, monthly_data=False),
    Page("90_audit", (Param("show_info", True, "口径核查显示“提示”级别", words=YES_NO),), tables=("targets",),
         monthly_data=False),
)
PAGE = {page.name: page for page in PAGES}
PARAMS = {p.name: p for page in PAGES for p in page.params}      # one declaration per name
RESERVED = {"period": "用 --period 指定期间", "data_dir": "由构建决定，不能修改"}


def page_for(stem: str) -> Page:
    """The page a notebook is (a notebook not registered reads everything and takes no parameters)."""
    return PAGE.get(stem) or Page(stem)


def outputs_of(page: Page, res) -> list[tuple[str, str, dict]]:
    """A page's outputs: (output name, title words, extra parameters).  A page without a fan-out is one
    output named after its notebook; a fan-out page is one output per parameter set, each named
    ``<notebook>-<suffix>`` (a card per firm, a list per class, a report per zone)."""
    if not page.fanout:
        return [(page.name, "", {})]
    return [(f"{page.name}-{suffix}", words, extra) for suffix, words, extra in resolve(page.fanout)(res)]


def stem_of(output: str) -> str:
    """The notebook an output was made from."""
    return next((p.name for p in PAGES if p.fanout and output.startswith(f"{p.name}-")), output)


# ---------------------------------------------------------------- outputs
@dataclass(frozen=True)
class Output:
    name: str
    made_from: str


OUTPUTS: tuple[Output, ...] = (
    Output("<page>.html / <page>.ipynb", "the page's notebook, run with its parameters, exported by nbconvert"),
    Output("tables.xlsx", "the result tables (results.compute_all), one sheet per display table"),
    Output("月报.html / 月报.pdf", "every page with monthly=True, the 数据质量 list and the appendix"),
    Output("月报.docx", "the summary's decisions, the outlook, 存在问题/下一步 and the 督办 list (word.document)"),
    Output("评价结果告知书.html", "one card per evaluated firm from the efficiency result table (cards.document)"),
    Output("亩均评价公示.html", "the 公示 notice with its window, the lists by group, the objection log, the rescoring "
                            "and the approval (cards.publicity_document)"),
    Output("亩均评价公示名单.xlsx", "the lists by group and the approved list (cards.write_lists)"),
    Output("意见反馈表.docx", "the blank objection form with the window's dates (word.feedback_form)"),
    Output("index.html", "the pages built, the quality list"),
    Output("manifest.json", "inputs with hashes, parameters, versions, page keys, the hash of every file"),
)


def _check() -> None:
    """The registry is consistent: one declaration per parameter name, ledgers and tables named once,
    a page's needs among the ledgers and its tables among the known tables."""
    names = [p.name for page in PAGES for p in page.params]
    for name in set(names):
        first = PARAMS[name]
        for page in PAGES:
            for p in page.params:
                if p.name == name and p != first:
                    raise AssertionError(f"parameter {name} declared twice with different rules")
    assert len({ledger.table for ledger in LEDGERS}) == len(LEDGERS)
    for page in PAGES:
        assert set(page.needs) <= set(LEDGER), page.name
        assert page.tables is None or set(page.tables) <= set(TABLES), page.name
        assert set(page.settings) <= set(SETTINGS), page.name


_check()
