"""Timeline studies on the yearly concession engine: at the timeline's own values every quantile is
the engine's figure exactly; index paths, step years and the discount rate reach the engine as the
timeline's own fields would."""

from pathlib import Path

import pytest
import yaml

from heatnet.studies.concession import concession_study, read_timeline
from heatnet.studies.uncertainty import StudyError, run_study
from heatnet.studies.uncertainty.sampling import QUANTILES
from heatnet.studies.uncertainty.study import Distribution, InputSpec
from heatnet.studies.uncertainty.timeline import PreparedTimeline

ROOT = Path(__file__).resolve().parents[2]
TIMELINE = ROOT / "scenarios" / "timelines" / "concession_2016_2033.yaml"


def write_study(tmp_path, body):
    path = tmp_path / "study.yaml"
    path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return path


def test_points_give_the_concession_engine_exactly(tmp_path):
    engine = concession_study(TIMELINE)
    rate = engine.totals["discount_rate_frac"]
    path = write_study(tmp_path, {
        "name": "t", "timeline": str(TIMELINE), "samples": 6, "seed": 1, "chunk_samples": 4,
        "inputs": [{"kind": "step_year", "step": 2, "distribution": {"kind": "point", "value": 2021}},
                   {"kind": "discount_rate", "distribution": {"kind": "point", "value": rate}},
                   {"kind": "index_path", "index": "works", "distribution": {"kind": "point", "value": 0.0}}],
        "sobol": None})
    report = run_study(path, serial=True).report
    gaps = [y["gap_to_cep_eur"] for y in engine.years if y["gap_to_cep_eur"] is not None]
    expected = {"operator_npv_contract_eur": engine.totals["npv_eur"],
                "cumulative_result_eur": engine.totals["cumulative_result_eur"],
                "cumulative_gap_to_cep_eur": sum(gaps),
                "final_price_eur_per_mwh": engine.years[-1]["average_price_eur_per_mwh"]}
    for key, value in expected.items():
        assert report["deterministic"][key] == value, key
        for q in list(QUANTILES) + ["mean"]:
            assert report["figures"][key][q] == value, (key, q)
    # Lens's CEP has one year (2016, an actual year): the gap is that year's, 91.8 vs 136 kEUR
    assert [y["year"] for y in engine.years if y["gap_to_cep_eur"] is not None] == [2016]
    assert report["events"]["cumulative_result_below_cep"]["probability"] == (1.0 if sum(gaps) < 0 else 0.0)
    for row in report["tornado"].values():
        assert row["low"] == row["high"]


def test_sample_values_reach_the_engine_as_timeline_fields():
    specs = [InputSpec(kind="step_year", step=2, distribution=Distribution(kind="discrete", values=[2020, 2022])),
             InputSpec(kind="discount_rate", distribution=Distribution(kind="uniform", low=0.02, high=0.06)),
             InputSpec(kind="index_path", index="works", distribution=Distribution(kind="uniform", low=0, high=0.04)),
             InputSpec(kind="index_path", index="wood", distribution=Distribution(kind="uniform", low=-0.02, high=0.03))]
    model = PreparedTimeline(TIMELINE, specs)
    values = {"step_2_year": 2022.0, "discount_rate_frac": 0.05, "index_path_works_rate": 0.02,
              "index_path_wood_rate": -0.01}
    got = model.evaluate_one(values)
    data = read_timeline(TIMELINE).model_dump()
    data["steps"][2]["from_year"] = 2022
    data["discount_rate_frac"] = 0.05
    data["index_paths"] = {"works": 0.02, "wood": -0.01}
    engine = concession_study(TIMELINE, timeline=data)
    assert got["operator_npv_contract_eur"] == engine.totals["npv_eur"]
    assert got["cumulative_result_eur"] == engine.totals["cumulative_result_eur"]
    held = model.evaluate_one({**values, "index_path_works_rate": 0.0, "index_path_wood_rate": 0.0})
    assert got["cumulative_result_eur"] != held["cumulative_result_eur"]  # the paths move the accounts


def test_timeline_inputs_are_checked(tmp_path):
    for inputs, message in (
            ([{"kind": "index_path", "index": "nowhere", "distribution": {"kind": "point", "value": 0.01}}],
             "unknown index"),
            ([{"kind": "climate_dju", "distribution": {"kind": "point", "value": 2400}}], "changes a scenario")):
        path = write_study(tmp_path, {"name": "t", "timeline": str(TIMELINE), "samples": 2, "inputs": inputs})
        with pytest.raises(StudyError, match=message):
            run_study(path, serial=True)
