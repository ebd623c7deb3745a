import re

import pytest
import yaml

from analysis.catalogue import load_catalogue
from analysis.errors import InputError

from .conftest import SEED


def test_economic_targets_transcribed(catalogue):
    tax = catalogue.get("tax")
    assert (tax.value, tax.unit, tax.growth_pct) == (2.736, "亿元", 47.6)
    assert catalogue.get("above_scale_firms").increment == 6
    ht = catalogue.get("hightech_output")
    assert (ht.value, ht.share_pct, ht.share_of) == (22, 25, "规上企业累计产值")
    assert catalogue.get("emerging_output").share_pct == 8
    assert catalogue.get("trade").value == 3.98
    assert catalogue.get("land_dossier_area").value == 741.0645


def test_budget_tables_transcribed(catalogue):
    projects = {p["name"]: p for p in catalogue.budget_projects}
    assert projects["经济开发区财政体制改革补助"]["budget"] == 350.00
    assert projects["经济开发区基础设施养护"]["schedule_pct"] == {"03": 30, "06": 50, "10": 80, "12": 100}
    assert projects["开发区人事薪酬改革绩效工资发放"]["budget"] == 141.37
    values = [i["value"] for p in catalogue.budget_projects for i in p["indicators"]]
    assert "≥12次" in values and "≤350万" in values and "≤141.36万" in values
    assert len(values) == 22


def test_named_lists(catalogue):
    firms = catalogue.lists["low_efficiency_firms"]["items"]
    assert len(firms) == 19
    assert sum(f["disposition"] == "清退" for f in firms) == 5
    sites = catalogue.lists["land_recovery_sites"]["items"]
    assert sum(s["area"] for s in sites) == 205  # "200余亩"


def test_table_derives_bases(catalogue):
    t = catalogue.table().set_index("id")
    assert t.loc["tax", "隐含基期"] == pytest.approx(1.8536585, abs=1e-6)
    assert t.loc["hightech_output", "隐含总量"] == pytest.approx(88.0)
    assert len(t) == len(catalogue.indicators) and t.index.is_unique


@pytest.mark.skipif(not SEED.exists(), reason="source document not beside the repository")
def test_every_quote_is_verbatim_in_the_document(catalogue):
    norm = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    doc = norm(SEED.read_text(encoding="utf-8"))
    quotes = [(i.id, i.quote) for i in catalogue.indicators]
    quotes += [(k, v["quote"]) for k, v in catalogue.lists.items()]
    missing = [(k, seg) for k, q in quotes for seg in re.split(r"…+", q) if norm(seg) and norm(seg) not in doc]
    assert missing == []
    for p in catalogue.budget_projects:
        assert p["code"] in doc and p["name"] in doc
        for ind in p["indicators"]:
            assert norm(ind["value"]) in doc, ind


def _write(tmp_path, indicators):
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"indicators": indicators}, allow_unicode=True), encoding="utf-8")
    return path


GOOD = dict(id="x", name="测试", group="g", kind="target", year=2025, value=1, unit="家", section="s", quote="q")


@pytest.mark.parametrize("change, where", [
    ({"kind": "goal"}, "kind"),
    ({"value": "七十"}, "value"),
    ({"colour": "red"}, "colour"),
    ({"direction": "up"}, "direction"),
])
def test_bad_entries_name_row_and_field(tmp_path, change, where):
    path = _write(tmp_path, [GOOD, {**GOOD, "id": "y", **change}])
    with pytest.raises(InputError) as e:
        load_catalogue(path)
    assert "第 2 行" in str(e.value) and where in str(e.value) and str(path) in str(e.value)


def test_duplicate_and_missing(tmp_path):
    with pytest.raises(InputError, match="重复"):
        load_catalogue(_write(tmp_path, [GOOD, dict(GOOD)]))
    entry = dict(GOOD)
    del entry["quote"]
    with pytest.raises(InputError, match="quote"):
        load_catalogue(_write(tmp_path, [entry]))
    with pytest.raises(InputError, match="找不到"):
        load_catalogue(tmp_path / "none.yaml")
