import numpy as np
import pandas as pd
import pytest

from analysis import innovation, progress


def test_denominators_from_document(catalogue):
    d = innovation.share_denominators(catalogue).set_index("指标")
    assert d.loc["高新技术企业产值", "隐含规上累计产值亿元"] == pytest.approx(88)
    assert d.loc["战略新兴产业产值", "隐含规上累计产值亿元"] == pytest.approx(86.25)
    assert d.loc["高新技术企业产值", "较工业总产值多亿元"] == pytest.approx(18)
    assert d.loc["高新技术企业产值", "按工业总产值计占比"] == pytest.approx(22 / 70)     # 31.4%
    assert d.loc["战略新兴产业产值", "按规上企业营业收入计占比"] == pytest.approx(6.9 / 65)


def test_share_progress_by_hand(catalogue):
    act = pd.DataFrame([
        ("industrial_output", "2025-06", 30.0, 25.0, 50.0, np.nan),   # seasonal: 30 / (25/50) = 60
        ("hightech_output", "2025-06", 7.0, np.nan, np.nan, np.nan),
        ("emerging_output", "2025-06", 2.0, np.nan, np.nan, np.nan),
    ], columns=["id", "period", "ytd", "ytd_last", "last_full", "official_growth"])
    kpi = progress.kpi_table(catalogue, act, "2025-06")
    s = innovation.share_progress(kpi, catalogue, "2025-06").set_index("id")
    assert s.loc["hightech_output", "当前占比"] == pytest.approx(7 / 30)
    assert s.loc["hightech_output", "分母全年预测亿元"] == pytest.approx(60)
    assert s.loc["hightech_output", "按占比全年需达亿元"] == pytest.approx(15)      # 25% × 60
    assert s.loc["hightech_output", "按占比还需亿元"] == pytest.approx(8)
    assert s.loc["hightech_output", "剩余月均需完成亿元"] == pytest.approx(8 / 6)
    assert s.loc["hightech_output", "按绝对目标还需亿元"] == pytest.approx(15)      # 22 − 7
    assert s.loc["emerging_output", "按占比全年需达亿元"] == pytest.approx(4.8)     # 8% × 60
    text = " ".join(innovation.share_sentences(s.reset_index()))
    assert "占工业总产值的23.3%" in text and "还需8.00亿元" in text


def test_credentials(catalogue):
    act = pd.DataFrame([("hightech_firms_new", "2025-06", 2, np.nan, np.nan, np.nan),
                        ("champions_new", "2025-06", 1, np.nan, np.nan, np.nan)],
                       columns=["id", "period", "ytd", "ytd_last", "last_full", "official_growth"])
    kpi = progress.kpi_table(catalogue, act, "2025-06")
    c = innovation.credentials(catalogue, kpi).set_index("类别")
    assert c.loc["高新技术企业", "2024年累计"] == 46 and c.loc["高新技术企业", "2025年目标"] == 5
    assert c.loc["高新技术企业", "完成情况"] == "还差3家"
    assert c.loc["“单项冠军”企业", "完成情况"] == "已完成"
    assert c.loc["国家科技型中小企业", "2024年累计"] == 48
