"""Uncertainty studies: the machinery (sampling, statistics, Sobol wiring) and the prepared
scenario's fast engine against the full evaluate()."""

import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from heatnet.scenarios import run_scenario
from heatnet.studies.uncertainty import StudyError, read_study, run_study
from heatnet.studies.uncertainty.prepared import PreparedScenario
from heatnet.studies.uncertainty.run import run_model
from heatnet.studies.uncertainty.sampling import QUANTILES
from heatnet.studies.uncertainty.study import Distribution, InputSpec, Study

ROOT = Path(__file__).resolve().parents[2]
BALANCE = ROOT / "scenarios" / "2020_balance.yaml"
FIGS = ("average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "delta_price_frac", "renewable_frac", "co2_t",
        "gas_mwh", "operator_result_eur", "r1_eur_per_mwh", "heat_sold_mwh")


def write_study(tmp_path, body, name="study.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def balance_all_inputs():
    specs = [InputSpec(kind="energy_price", fuel="wood", distribution=Distribution(kind="point", value=40.0)),
             InputSpec(kind="energy_price", fuel="gas", distribution=Distribution(kind="point", value=52.25)),
             InputSpec(kind="climate_dju", distribution=Distribution(kind="uniform", low=2000, high=3000)),
             InputSpec(kind="sales_scale", category="social_housing",
                       distribution=Distribution(kind="uniform", low=0.9, high=1.1)),
             InputSpec(kind="renovation_saving", distribution=Distribution(kind="uniform", low=0.1, high=0.4)),
             InputSpec(kind="availability", plant_id="lbe", distribution=Distribution(kind="uniform", low=0.6,
                                                                                     high=1.0))]
    return PreparedScenario(BALANCE, specs)


# ---------------------------------------------------------------- acceptance: points give the deterministic run

def test_points_give_the_deterministic_run_exactly(tmp_path):
    """Every distribution collapsed to the scenario's own value: every quantile, the mean and the
    tornado equal run_scenario's figures exactly (==, not approx)."""
    det = run_scenario(BALANCE).figures
    study = write_study(tmp_path, {
        "name": "points", "scenario": str(BALANCE), "samples": 50, "seed": 1, "chunk_samples": 16,
        "inputs": [{"kind": "r1", "distribution": {"kind": "point", "value": 41}},
                   {"kind": "climate_dju", "distribution": {"kind": "point", "value": 2483}},  # the scenario's operation.dju
                   {"kind": "availability", "plant_id": "lbe", "distribution": {"kind": "point", "value": 0.92}},
                   {"kind": "sales_scale", "category": "city", "distribution": {"kind": "point", "value": 1.0}},
                   {"kind": "renovation_saving", "distribution": {"kind": "point", "value": 0.25}},
                   # the outages collapsed to a point: their expectation over the scenario's draws (0)
                   {"kind": "outage_events", "distribution": {"kind": "point", "value": 0}}],
        "sobol": {"base_samples": 8}})
    report = run_study(study, serial=True).to_dict()
    for key in ("average_price_eur_per_mwh", "average_price_ttc_eur_per_mwh", "delta_price_frac", "renewable_frac",
                "co2_t", "gas_mwh", "operator_result_eur"):
        stats = report["figures"][key]
        for q in list(QUANTILES) + ["mean"]:
            assert stats[q] == det[key], (key, q, stats[q], det[key])
        assert stats["sem"] == 0.0
        assert report["deterministic"][key] == det[key]
    for row in report["tornado"].values():
        assert row["low"] == row["high"] == det["average_price_eur_per_mwh"]
    assert all(v["s1"] == 0.0 and v["st"] == 0.0 for v in report["sobol"].values())


def test_full_engine_at_the_scenario_values_is_run_scenario(balance_all_inputs):
    prep = balance_all_inputs
    det = prep.result.figures
    values = {"energy_price_wood_eur_per_mwh": 40.0, "energy_price_gas_eur_per_mwh": 52.25, "dju": 2483.0,
              "sales_scale_social_housing": 1.0, "renovation_saving_frac": 0.25, "availability_lbe_frac": 0.92}
    full = prep.evaluate_full(values)
    # the wood and gas prices replace the R1 of 41 the scenario holds: only the price figures move
    for key in ("renewable_frac", "co2_t", "gas_mwh", "heat_sold_mwh"):
        assert full[key] == det[key]
    share_wood = prep.heat_by_plant0[0] / prep.heat_by_plant0.sum()
    expected_r1 = 40.0 * share_wood + 52.25 * (1 - share_wood) + 0.157 + 0.632
    assert full["r1_eur_per_mwh"] == pytest.approx(expected_r1, rel=1e-12)


# ---------------------------------------------------------------- the fast engine against evaluate()

def test_linear_repricing_equals_full_evaluate(tmp_path):
    """Inputs that leave the dispatch alone (prices, R1): the re-priced year equals evaluate() to 1e-9."""
    specs = [InputSpec(kind="energy_price", fuel="wood", distribution=Distribution(kind="uniform", low=30, high=60)),
             InputSpec(kind="energy_price", fuel="gas", distribution=Distribution(kind="uniform", low=30, high=90))]
    prep = PreparedScenario(BALANCE, specs)
    rng = np.random.default_rng(7)
    wood, gas = rng.uniform(30, 60, 6), rng.uniform(30, 90, 6)
    fast = prep.evaluate_batch({"energy_price_wood_eur_per_mwh": wood, "energy_price_gas_eur_per_mwh": gas})
    for i in range(len(wood)):
        full = prep.evaluate_full({"energy_price_wood_eur_per_mwh": wood[i], "energy_price_gas_eur_per_mwh": gas[i]})
        for key in FIGS:
            assert fast[key][i] == pytest.approx(full[key], rel=1e-9, abs=1e-9), key
    r1 = PreparedScenario(BALANCE, [InputSpec(kind="r1", distribution=Distribution(kind="point", value=41))])
    values = np.array([35.0, 41.0, 52.5])
    fast = r1.evaluate_batch({"r1_eur_per_mwh": values})
    for i, v in enumerate(values):
        full = r1.evaluate_full({"r1_eur_per_mwh": v})
        for key in FIGS:
            assert fast[key][i] == pytest.approx(full[key], rel=1e-9, abs=1e-9), key


def test_dispatch_inputs_against_full_evaluate(balance_all_inputs):
    """Climate, availability, sales and renovation dispatch each sample; the fast engine reads the
    network's losses from the deterministic year's solved levels instead of re-solving the pipes:
    heat sold is exact, the price within 0.01 %, the renewable share within 0.01 point, CO2 within
    0.2 % (gas, 20x wood's factor, is the sensitive part) against the full evaluate()."""
    prep = balance_all_inputs
    rng = np.random.default_rng(3)
    n = 4
    columns = {"energy_price_wood_eur_per_mwh": rng.uniform(35, 50, n), "energy_price_gas_eur_per_mwh":
               rng.uniform(40, 70, n), "dju": np.round(rng.uniform(2000, 3000, n)),
               "sales_scale_social_housing": rng.uniform(0.9, 1.1, n), "renovation_saving_frac": rng.uniform(0.1, 0.4, n),
               "availability_lbe_frac": rng.uniform(0.6, 1.0, n)}
    fast = prep.evaluate_batch(columns)
    for i in range(n):
        full = prep.evaluate_full({k: v[i] for k, v in columns.items()})
        assert fast["heat_sold_mwh"][i] == pytest.approx(full["heat_sold_mwh"], rel=1e-12)
        assert fast["average_price_eur_per_mwh"][i] == pytest.approx(full["average_price_eur_per_mwh"], rel=1e-4)
        assert fast["renewable_frac"][i] == pytest.approx(full["renewable_frac"], abs=1e-4)
        assert fast["co2_t"][i] == pytest.approx(full["co2_t"], rel=2e-3)


def test_outage_realisations_span_the_draws_and_average_to_the_expected_year(tmp_path):
    """One realisation of the stops a sample (outage_events): the samples' realisations cover the 64
    draws equally (Latin hypercube strata), so the mean gas burned over them is the expected year's
    (heatnet run) to rounding; the median rows run the expected year itself; each realisation equals
    the full evaluate() of that realisation (outage_realisation) to the losses' approximation."""
    det = run_scenario(BALANCE).figures
    study = write_study(tmp_path, {
        "name": "outages", "scenario": str(BALANCE), "samples": 128, "seed": 5, "chunk_samples": 50,
        "inputs": [{"kind": "outage_events", "distribution": {"kind": "uniform", "low": 0, "high": 64}}],
        "sobol": None})
    run = run_study(study, serial=True)
    lhs = run.table[run.table["design"] == "lhs"]
    assert sorted(lhs["outage_realisation"].value_counts().to_dict().items()) == [(float(k), 2) for k in range(1, 65)]
    assert lhs["gas_mwh"].mean() == pytest.approx(det["gas_mwh"], rel=1e-12)
    assert lhs["gas_mwh"].std() > 0  # the realisations differ
    assert run.report["deterministic"]["gas_mwh"] == det["gas_mwh"]
    assert run.report["tornado"]["outage_realisation"]["input_low"] == 7.0  # P10 of 1..64: a realisation
    specs = [InputSpec(kind="outage_events", distribution=Distribution(kind="uniform", low=0, high=64)),
             InputSpec(kind="availability", plant_id="lbe", distribution=Distribution(kind="uniform", low=0.7, high=1))]
    prep = PreparedScenario(BALANCE, specs)
    columns = {"outage_realisation": np.array([1.0, 40.0, 64.0]), "availability_lbe_frac": np.array([0.92, 0.75, 0.97])}
    fast = prep.evaluate_batch(columns)
    for i in range(3):
        full = prep.evaluate_full({k: v[i] for k, v in columns.items()})
        assert fast["gas_mwh"][i] == pytest.approx(full["gas_mwh"], rel=1e-12)  # the scenario's own climate
        assert fast["renewable_frac"][i] == pytest.approx(full["renewable_frac"], rel=1e-12)
    with pytest.raises(StudyError, match="realisations run from 1 to the scenario's 64"):
        run_study(write_study(tmp_path, {"name": "x", "scenario": str(BALANCE), "inputs": [
            {"kind": "outage_events", "distribution": {"kind": "uniform", "low": 0, "high": 100}}]}, "c.yaml"),
            serial=True)


def test_realisations_with_a_called_plant_follow_each_sample_s_weather():
    """The hospital's CHP, called by the electricity system in the peak hours of the coldest weekdays, runs in
    the lean realisations' dispatch with each sample's own weather: its hours, hence the gas burned, equal the
    full evaluate() of the same realisation and climate (the renovation scenario still has the hospital)."""
    specs = [InputSpec(kind="outage_events", distribution=Distribution(kind="uniform", low=0, high=64)),
             InputSpec(kind="climate_dju", distribution=Distribution(kind="uniform", low=2200, high=2800))]
    prep = PreparedScenario(ROOT / "scenarios" / "public_renovation.yaml", specs)
    assert prep.fleet.called  # the CHP's called hours are part of the prepared plants
    columns = {"outage_realisation": np.array([1.0, 40.0, 9.0]), "dju": np.array([2483.0, 2483.0, 2250.0])}
    fast = prep.evaluate_batch(columns)
    for i in range(3):
        full = prep.evaluate_full({k: v[i] for k, v in columns.items()})
        tolerance = 1e-12 if columns["dju"][i] == 2483.0 else 2e-3  # another climate: the losses' approximation
        assert fast["gas_mwh"][i] == pytest.approx(full["gas_mwh"], rel=tolerance)


def test_fast_engine_load_is_the_model_s_to_the_bit(balance_all_inputs):
    from heatnet.model import demand, operation
    from heatnet.studies.uncertainty.prepared import network_load_kw

    prep = balance_all_inputs
    subs = prep.sales_table.copy()
    for dju, scale in ((2100.0, 1.0), (2483.0, 0.9), (2900.0, 1.1)):
        subs["heat_mwh"] = prep.heat0 * scale
        heat_c = operation.heating_temperature(prep.settings, prep.scenario.year, prep.temperatures(dju))
        model, _ = demand.network_load_kw(subs, heat_c, prep.profiles, prep.settings.heating_threshold_c)
        degree_hours, _ = prep.shape_of(dju)
        assert network_load_kw(prep.heat0 * scale, prep.base_frac, degree_hours, len(degree_hours)).tobytes() \
            == model.tobytes()


def test_typical_year_of_the_fast_engine_is_the_model_s(balance_all_inputs):
    from heatnet.model.climate import degree_days, read_normals, typical_year

    normals = read_normals(ROOT / "data" / "lens" / "climate_normals.csv")  # the model shapes the year by them
    for dju in (2100.0, 2483.0, 2900.0):
        fast = balance_all_inputs.temperatures(dju)
        assert degree_days(fast) == pytest.approx(dju, abs=1e-8)
        np.testing.assert_allclose(fast, typical_year(2020, dju, -9.0, 0, normals=normals), atol=1e-9)


# ---------------------------------------------------------------- the machinery on known functions

class Ishigami:
    """y = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1, x uniform on [-pi, pi]^3 (Ishigami & Homma 1990)."""

    headline = ("y",)
    default_events = ()

    def evaluate_batch(self, columns):
        x1, x2, x3 = (np.asarray(columns[k]) for k in ("x1", "x2", "x3"))
        return {"y": np.sin(x1) + 7 * np.sin(x2) ** 2 + 0.1 * x3 ** 4 * np.sin(x1)}


def ishigami_study(samples, seed=0, sobol=None):
    inputs = [{"kind": "parameter", "name": n, "distribution": {"kind": "uniform", "low": -math.pi, "high": math.pi}}
              for n in ("x1", "x2", "x3")]
    return Study.model_validate({"name": "ishigami", "scenario": "-", "samples": samples, "seed": seed,
                                 "chunk_samples": 4096, "inputs": inputs, "tornado": False,
                                 "sobol": sobol})


def test_sobol_indices_of_ishigami_match_the_analytical_values():
    """a = 7, b = 0.1: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2; S1 = (0.3139, 0.4424, 0),
    ST = (0.5576, 0.4424, 0.2437) (Saltelli et al. 2008, Global Sensitivity Analysis, §4.3)."""
    report = run_model(ishigami_study(16, sobol={"base_samples": 2 ** 13}), Ishigami(), Ishigami(),
                       serial=True).report
    a, b, pi = 7.0, 0.1, math.pi
    v = a ** 2 / 8 + b * pi ** 4 / 5 + b ** 2 * pi ** 8 / 18 + 0.5
    v1 = 0.5 * (1 + b * pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * pi ** 8 * (1 / 18 - 1 / 50)
    expected = {"x1": (v1 / v, (v1 + v13) / v), "x2": (v2 / v, v2 / v), "x3": (0.0, v13 / v)}
    for name, (s1, st) in expected.items():
        assert abs(report["sobol"][name]["s1"] - s1) < 0.02, (name, report["sobol"][name], s1)
        assert abs(report["sobol"][name]["st"] - st) < 0.02, (name, report["sobol"][name], st)


def test_standard_error_shrinks_as_one_over_root_n():
    """SEM(N) / SEM(4N) = 2 for independent draws; with Latin hypercube samples of a smooth function
    the SEM formula (sd / sqrt N) still shrinks by 2 as the sd settles. Tolerance: the ratio of two
    sample sds at N = 2,000 and 8,000 has a relative spread of about 2 % (three sigma: 1.85-2.15)."""
    for seed in (1, 2, 3):
        small = run_model(ishigami_study(2000, seed), Ishigami(), Ishigami(), serial=True).report["figures"]["y"]
        large = run_model(ishigami_study(8000, seed), Ishigami(), Ishigami(), serial=True).report["figures"]["y"]
        assert 1.85 < small["sem"] / large["sem"] < 2.15
        assert abs(small["mean"] - 3.5) < 4 * small["sem"] + 0.05  # E[y] = a/2 = 3.5


def test_latin_hypercube_fills_every_stratum_and_is_seeded():
    from heatnet.studies.uncertainty.sampling import latin_hypercube

    u = latin_hypercube(3, 100, 5)
    for j in range(3):
        assert sorted(np.floor(u[:, j] * 100).astype(int)) == list(range(100))
    assert np.array_equal(u, latin_hypercube(3, 100, 5))
    assert not np.array_equal(u, latin_hypercube(3, 100, 6))


def test_distributions_map_probabilities_to_values():
    tri = Distribution(kind="triangular", low=36, mode=40.951, high=50)
    assert tri.ppf([0.0, 1.0]).tolist() == [36.0, 50.0]
    assert tri.ppf(np.array([(40.951 - 36) / 14]))[0] == pytest.approx(40.951)
    normal = Distribution(kind="normal", mean=2273, sd=203, low=1800, high=2900)
    assert Distribution(kind="normal", mean=2273, sd=203).ppf([0.5, 0.8413447460685429]).tolist() == pytest.approx(
        [2273, 2273 + 203])
    assert normal.ppf([0.5])[0] > 2273  # truncated closer below (473) than above (627): the median moves up
    assert 1800 <= normal.ppf([1e-9])[0] and normal.ppf([1 - 1e-9])[0] <= 2900
    logn = Distribution(kind="lognormal", mean=10, sd=2)
    draws = logn.ppf((np.arange(20000) + 0.5) / 20000)
    assert draws.mean() == pytest.approx(10, rel=1e-3) and draws.std() == pytest.approx(2, rel=1e-2)
    years = Distribution(kind="discrete", values=[2020, 2021, 2022])
    assert years.ppf([0.1, 0.5, 0.9]).tolist() == [2020, 2021, 2022]
    assert Distribution(kind="point", value=3).ppf([0.2, 0.7]).tolist() == [3.0, 3.0]


# ---------------------------------------------------------------- study files

def test_study_file_errors_name_the_key(tmp_path):
    base = {"name": "x", "scenario": str(BALANCE), "inputs": [{"kind": "r1", "distribution": {"kind": "point",
                                                                                              "value": 41}}]}
    with pytest.raises(StudyError, match="allowed keys.*samples"):
        read_study(write_study(tmp_path, {**base, "sampels": 10}))
    bad = dict(base, inputs=[{"kind": "r1", "distribution": {"kind": "uniform", "low": 1, "hihg": 2}}])
    with pytest.raises(StudyError, match="hihg|unknown key"):
        read_study(write_study(tmp_path, bad))
    with pytest.raises(StudyError, match="no default distribution 'nope'"):
        read_study(write_study(tmp_path, dict(base, inputs=[{"kind": "r1", "distribution": {"default": "nope"}}])))
    with pytest.raises(StudyError, match="scenario or timeline"):
        read_study(write_study(tmp_path, {k: v for k, v in base.items() if k != "scenario"}))


def test_study_file_read_with_the_checks_of_every_input_file(tmp_path):
    """A study file is read as scenario files are: a duplicate key or a UTF-16 save is refused by line."""
    path = tmp_path / "dup.yaml"
    path.write_text(f"name: x\nscenario: {BALANCE}\nsamples: 10\nsamples: 20\ninputs: []\n", encoding="utf-8")
    with pytest.raises(StudyError, match="duplicate key 'samples' \\(first at line 3\\)") as err:
        read_study(path)
    assert err.value.line == 4 and err.value.file == str(path)
    path.write_text("name: x\n", encoding="utf-16")
    with pytest.raises(StudyError, match="UTF-8"):
        read_study(path)


def test_inputs_that_wait_for_other_parts_say_so(tmp_path):
    path = write_study(tmp_path, {"name": "x", "scenario": str(BALANCE),
                                  "inputs": [{"kind": "electricity_price", "distribution": {"kind": "point", "value": 1}}]})
    with pytest.raises(StudyError, match="waits for"):
        run_study(path, serial=True)
    path = write_study(tmp_path, {"name": "x", "scenario": str(BALANCE), "inputs": [
        {"kind": "availability", "plant_id": "nowhere", "distribution": {"kind": "point", "value": 1}}]}, "b.yaml")
    with pytest.raises(StudyError, match="not in service"):
        run_study(path, serial=True)


def test_shipped_studies_read_with_their_defaults():
    for path in sorted((ROOT / "scenarios" / "studies").glob("*.yaml")):
        study = read_study(path)
        assert all(s.distribution.kind is not None for s in study.inputs), path
