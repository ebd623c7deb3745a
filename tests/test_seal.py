"""What the adversarial pass found in the caches (reliability issue): files beside the pages that the
fast path and the build trusted without checking, and text that reached the terminal live."""
import json

import pytest

from analysis import build, cli, incremental, pages, sources

from .conftest import make_project


@pytest.fixture(scope="module")
def proj(tmp_path_factory):
    p = make_project(tmp_path_factory.mktemp("seal") / "proj")
    build.build("2025-10", root=p, jobs=2)
    return p


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "reports").rglob("*"))
            if p.is_file() and p.name != "build.log" and not p.name.startswith(".build.lock")}


@pytest.mark.parametrize("change", ["root index", "scenario page", "manifest", "stray page", "scenario notebook"])
def test_a_hand_change_beside_the_pages_is_seen_and_undone(proj, change):
    dest = proj / "reports/2025-10"
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest
    good = _snapshot(proj)
    if change == "root index":
        (proj / "reports/index.html").write_text("<p>手改</p>", encoding="utf-8")
    elif change == "scenario page":
        f = proj / "reports/scenarios/index.html"
        f.write_bytes(f.read_bytes().replace("情景".encode(), "情况".encode(), 1))
    elif change == "manifest":
        m = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
        m["generated"] = "2099年1月1日"
        (dest / "manifest.json").write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    elif change == "stray page":
        (dest / "99_old.html").write_bytes((dest / "10_growth.html").read_bytes())
    else:
        (proj / "reports/scenarios/compare.ipynb").unlink()
    assert incremental.unchanged_report(proj, "2025-10", {}) is None
    build.build("2025-10", root=proj)
    assert _snapshot(proj) == good
    assert incremental.unchanged_report(proj, "2025-10", {}) == dest


@pytest.mark.parametrize("damage", ["edited", "deleted"])
def test_a_damaged_processed_table_is_prepared_again(proj, damage):
    folder = proj / "data/processed/2025-10"
    table = folder / "actuals.csv"
    good = table.read_bytes()
    if damage == "edited":
        table.write_bytes(good.replace(b"56.8809", b"99.9999"))
    else:
        table.unlink()
    (proj / "reports/2025-10/10_growth.html").write_text("手改", encoding="utf-8")   # a page must run
    build.build("2025-10", root=proj)
    assert table.read_bytes() == good
    assert incremental.unchanged_report(proj, "2025-10", {}) == proj / "reports/2025-10"


def test_the_all_periods_page_is_replaced_whole(proj):
    out = proj / "reports"
    pages.write_reports_index(out)
    assert not (out / ".index.html.tmp").exists() and (out / "index.html").stat().st_size > 0
    (out / ".index.html.tmp").write_text("", encoding="utf-8")          # what a kill mid-write leaves
    with sources.build_lock(proj):
        pass
    assert not (out / ".index.html.tmp").exists()


def test_control_characters_from_inputs_do_not_reach_the_terminal_live(tmp_path, capsys):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"quality": [{"file": "e.csv", "row": 2, "column": "标记",
                                                 "message": "企业\r覆盖\x1b[2J\x08 的标记不可识别"}]}), encoding="utf-8")
    cli.report_quality(manifest)
    err = capsys.readouterr().err
    assert "\r" not in err and "\x1b" not in err and "\x08" not in err
    assert "企业\\x0d覆盖\\x1b[2J\\x08 的标记不可识别" in err
