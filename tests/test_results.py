"""Compute once: the build's result tables are saved with a key and read back by everything else."""
import pytest

from analysis import results, sources

from .conftest import make_project


@pytest.fixture
def prepared(tmp_path):
    proj = make_project(tmp_path / "proj")
    sources.prepare("2025-10", proj)
    return proj


def bundle(proj):
    return sources.load("2025-10", proj / "data/processed")


def test_saved_tables_are_read_not_recomputed(prepared, monkeypatch):
    results.Results(bundle(prepared), {"tolerance_pp": 10.0}).compute_all().save()

    def must_not_run(*a):
        raise AssertionError("recomputed")

    monkeypatch.setitem(results.COMPUTE, "kpi", must_not_run)
    again = results.Results(bundle(prepared), {"tolerance_pp": 10.0})
    assert len(again["kpi"]) == 27 and again.official()


def test_a_page_that_does_not_declare_a_parameter_gets_the_builds_value(prepared):
    results.Results(bundle(prepared), {"time_method": "days", "scoring_method": "benchmark"}).compute_all().save()
    page = results.Results(bundle(prepared))          # e.g. 30_innovation declares neither
    assert page.values["time_method"] == "days" and page.values["scoring_method"] == "benchmark"
    assert page.official(["kpi", "efficiency"])


def test_other_values_are_computed_afresh_and_marked_as_a_what_if(prepared):
    saved = results.Results(bundle(prepared)).compute_all()
    saved.save()
    what_if = results.Results(bundle(prepared), {"tolerance_pp": 20.0})
    kpi = what_if["kpi"]
    assert not what_if.official()
    assert (kpi["状态"] != saved["kpi"]["状态"]).any()    # a wider tolerance moves statuses
    assert results.Results(bundle(prepared), {"warn_pp": 5.0}).official(["budget_monitor"])


def test_a_damaged_cache_only_costs_time(prepared):
    first = results.Results(bundle(prepared)).compute_all()
    first.save()
    (prepared / "data/processed/2025-10/results/kpi.pkl").write_bytes(b"not a pickle")
    again = results.Results(bundle(prepared))
    assert again["kpi"].equals(first["kpi"])


def test_new_inputs_drop_the_saved_results(prepared):
    results.Results(bundle(prepared)).compute_all().save()
    assert (prepared / "data/processed/2025-10/results/index.json").exists()
    sources.prepare("2025-10", prepared)                 # the processed folder is replaced whole
    assert not (prepared / "data/processed/2025-10/results").exists()


def test_every_table_declares_what_it_depends_on():
    from analysis import parameters

    known = {k for d in parameters.DEFAULTS.values() for k in d}
    assert set(results.COMPUTE) == set(results.DEPENDS)
    assert all(set(d) <= known for d in results.DEPENDS.values())


def test_parameter_values_of_any_kind_go_into_keys():
    """A list or mapping value (scenario overrides) is made canonical, not refused as unhashable."""
    from analysis.results import _canonical

    assert _canonical([1, 2]) == [1, 2] and _canonical({"b": 1, "a": 2.0}) == {"a": 2.0, "b": 1}
    assert _canonical(3) == 3.0 and _canonical(float("inf")) == "inf"


def test_a_month_without_data_creates_nothing(tmp_path):
    """Issue 26 #9: a notebook (or validate) asked for a month with no figures left data/processed/<month>/."""
    from analysis.errors import InputError

    proj = make_project(tmp_path / "proj")
    sources.prepare("2025-10", proj)
    with pytest.raises(InputError, match="没有任何月度数据"):
        results.load("2025-11", proj / "data/processed")
    assert not (proj / "data/processed/2025-11").exists()
    assert (proj / "data/processed/2025-10/manifest.json").exists()
