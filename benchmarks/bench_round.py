"""Benchmark: the 亩均 round at county and city scale, on synthetic firms, against the scoring alone.

    .venv/bin/python benchmarks/bench_round.py [--sizes 200 2000 20000] [--cards-up-to 2000]

For each size a synthetic ledger (placeholder codes, deterministic) and two earlier rounds are made; then, timed
once each in this process:

* scoring (the baseline): ``efficiency.evaluate``;
* lists and zone page tables: the group lists, the class history, the movement matrix, the measure costs,
  the objection log with one upheld correction and the rescoring;
* cards: every firm's card as HTML (``cards.card``, the next-class arithmetic included), up to
  ``--cards-up-to`` firms; the size of the HTML per card.

Prints seconds, ratios to the scoring of the same size, peak memory (ru_maxrss) and bytes per card.  Not a
test: the numbers depend on the machine.  The cards' PDF is printed by the reader's browser from the HTML, not
by the build, so it is not timed here.
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    land = np.round(rng.lognormal(np.log(40), 0.6, n), 1)
    tax = np.round(land * rng.lognormal(np.log(4), 0.6, n), 2)
    revenue = np.round(tax * rng.uniform(18, 40, n), 1)
    va = np.round(revenue * rng.uniform(0.18, 0.32, n), 1)
    return pd.DataFrame({
        "code": [f"S{k:06d}" for k in range(n)], "name": [f"合成企业{k:06d}" for k in range(n)],
        "above_scale": rng.random(n) < 0.75, "own_mu": land, "leased_m2": 0.0, "tax": tax, "revenue": revenue,
        "value_added": va, "energy": np.round(va / rng.uniform(0.5, 3, n), 1), "rd": np.round(revenue * 0.02, 1),
        "employees": rng.integers(15, 400, n), "flags": "", "adjust": np.nan, "adjust_reason": "",
        "power": np.round(revenue * rng.uniform(0.04, 0.12, n), 1), "gas": np.nan, "other_power_surcharge": np.nan})


def history(result: pd.DataFrame, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    graded = result[result["等级"].isin(list("ABCD"))]
    rows = [{"year": y, "code": c, "name": n, "grade": "ABCD"[int(rng.integers(0, 4))]}
            for y in (2023, 2024) for c, n in zip(graded["企业代码"], graded["企业名称"])]
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 20000])
    ap.add_argument("--cards-up-to", type=int, default=2000)
    args = ap.parse_args()

    from analysis import cards, efficiency, measures, publicity, rounds

    settings = efficiency.load_settings(None)
    print(f"{'firms':>7} {'scoring s':>10} {'lists s':>9} {'ratio':>7} {'cards s':>9} {'ratio':>7} "
          f"{'KB/card':>8} {'peak MB':>8}")
    for n in args.sizes:
        ledger = synthetic(n)
        t0 = time.perf_counter()
        result = efficiency.evaluate(ledger, settings)
        t_score = time.perf_counter() - t0

        past = history(result)
        code = result.loc[result["等级"] == "C", "企业代码"].iloc[0]
        objections = pd.DataFrame([{"code": code, "name": "", "received": "2025-09-29", "reason": "税收漏报",
                                    "evidence": "", "field": "税收万元", "value": float(ledger.loc[ledger["code"] == code,
                                                                                                  "tax"].iloc[0]) * 2,
                                    "decision": "采纳", "approval": "文号"}])
        rs = {"window_start": "2025-09-26", "window_end": "2025-10-09"}
        t0 = time.perf_counter()
        lists = cards.group_lists(result)
        hist = rounds.class_history(result, past, 2025)
        rounds.movement(result, past, 2025)
        cost = measures.costs(result, ledger, hist, settings)
        log = publicity.log(objections, rs)
        final, applied = publicity.rescore(ledger, log, objections, settings)
        publicity.changes(result, final, applied)
        t_lists = time.perf_counter() - t0
        assert sum(len(t) for t in lists.values()) > 0

        t_cards, per_card = float("nan"), float("nan")
        if n <= args.cards_up_to:
            by_code = {r["企业代码"]: r for r in hist.to_dict("records")}
            cost_by = {c: g.to_dict("records") for c, g in cost.groupby("企业代码")}
            t0 = time.perf_counter()
            html = [cards.card(firm, result, settings, by_code.get(firm["企业代码"]), cost_by.get(firm["企业代码"]), 2025)
                    for _, firm in result.iterrows()]
            t_cards = time.perf_counter() - t0
            per_card = sum(len(h.encode("utf-8")) for h in html) / len(html) / 1024
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>7} {t_score:>10.3f} {t_lists:>9.3f} {t_lists / t_score:>7.2f} {t_cards:>9.3f} "
              f"{t_cards / t_score:>7.2f} {per_card:>8.1f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
