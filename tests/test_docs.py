"""The documentation says what the code does."""

import json

from heatnet.scenarios.measures import MEASURES
from heatnet.io.schema import NETWORK_PARAMETERS, TABLES
from tests.conftest import ROOT


def test_network_format_page_documents_every_table_and_column():
    text = (ROOT / "docs" / "network-format.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"## {table.file}" in text, table.file
        for column in table.columns:
            assert f"| `{column.name}` |" in text, f"{table.file}: {column.name}"
    for key in NETWORK_PARAMETERS:
        assert f"| `{key}` |" in text
    # the list of files says which are required, as the schema does
    listing = text.split("## Files: required and optional", 1)[1].split("\n## ", 1)[0]
    for table in TABLES.values():
        row = next(line for line in listing.splitlines() if f"`{table.file}`" in line)
        assert ("| no |" in row) == table.optional, row


def test_scenario_page_documents_every_measure():
    text = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for kind in MEASURES:
        assert f"`{kind}`" in text, kind


def test_readme_names_the_two_commands_and_ci_calls_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/dashboard.sh" in readme and "bash scripts/test.sh" in readme
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text()


def _python_blocks(text):
    blocks, inside, current = [], False, []
    for line in text.splitlines():
        if line.strip() == "```python":
            inside, current = True, []
        elif inside and line.strip() == "```":
            inside = False
            blocks.append("\n".join(current))
        elif inside:
            current.append(line)
    return blocks


def _run_blocks(path, monkeypatch):
    blocks = _python_blocks(path.read_text(encoding="utf-8"))
    assert blocks, f"{path.name} shows no Python example"
    monkeypatch.chdir(ROOT)
    for i, code in enumerate(blocks):
        exec(compile(code, f"{path.name} example {i + 1}", "exec"), {"__name__": "__doc_example__"})


def test_api_page_examples_run(monkeypatch):
    _run_blocks(ROOT / "docs" / "api.md", monkeypatch)


def test_readme_api_example_runs(monkeypatch):
    _run_blocks(ROOT / "README.md", monkeypatch)


def test_public_api_names_resolve_and_import_heatnet_is_light():
    import subprocess
    import sys

    code = ("import sys, heatnet; assert 'pandas' not in sys.modules, 'import heatnet loads pandas'; "
            "[getattr(heatnet, n) for n in heatnet.__all__]")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


# The figures the pages quote from the shipped scenarios' results, checked against the stored outputs
# (tests/reference/outputs, which tests/reference/test_outputs.py holds to the code byte for byte): a change
# of figures that regenerates the outputs fails here until every page quoting them is updated.

OUTPUTS = ROOT / "tests" / "reference" / "outputs"


def _stored(kind, name):
    return json.loads((OUTPUTS / f"{kind}__{name}.json").read_text(encoding="utf-8"))


def _page(*parts):
    """A page with its lines joined by single spaces, so a figure may sit across a line break."""
    return " ".join(ROOT.joinpath(*parts).read_text(encoding="utf-8").split())


def _heatnet_cell(text, label):
    """The last cell (heatnet's column) of the table row that starts with ``label``."""
    row = next(line for line in text.splitlines() if line.startswith(f"| {label}"))
    return row.strip().strip("|").split("|")[-1].strip()


def _plant_mwh(run, *ids):
    return sum(p["heat_mwh"] for p in run["plants"] if p["id"] in ids)


def _pct(frac):
    return f"{100 * frac:.1f}"


def test_readme_lens_table_quotes_what_heatnet_gives():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    base, closure, balance, cep = (_stored("run", n) for n in ("2016_baseline", "hospital_closure",
                                                                "2020_balance", "cep_2016"))
    years = [_stored("run", f"history__history_{y}") for y in (2014, 2015, 2016)]
    hospital = next(b for b in base["substation_bills"] if b["id"] == "14")
    expected = {
        "2016 average price": f"{base['average_price_eur_per_mwh']:.2f}",
        "hospital: sales": f"{_pct(hospital['heat_frac'])} % / {_pct(hospital['subscribed_frac'])} % / "
                           f"{_pct(closure['delta_turnover_hold_unit_frac'])} %",
        "2020 balance: power": f"{balance['subscribed_kw']:,.0f} / {balance['heat_sold_mwh']:,.0f}",
        "2020 price": f"{balance['average_price_eur_per_mwh']:.2f} (+{100 * balance['delta_price_frac']:.0f} %)",
        "biomass share": " / ".join(_pct(y["renewable_frac"]) for y in years) + " %",
        "hospital boiler house": " / ".join(f"{_plant_mwh(y, 'chl_boiler_8500', 'chl_boiler_4250'):.0f}"
                                            for y in years),
        "hospital CHP": " / ".join(f"{_plant_mwh(y, 'cogestar2'):.0f}" for y in years),
        "2014 price": f"{years[0]['average_price_eur_per_mwh']:.2f} / {years[0]['operator_result_eur'] / 1000:.1f} k€",
        "heat input": " / ".join(f"{y['heat_input_mwh']:,.0f}" for y in years),
        "CEP 2016 biomass share": f"{_pct(cep['renewable_frac'])} %",
        "network efficiency": " / ".join(_pct(y["network_efficiency_frac"]) for y in years) + " %",
    }
    for label, figure in expected.items():
        assert _heatnet_cell(text, label).startswith(figure), (label, figure)


def test_operation_page_quotes_what_heatnet_gives():
    text = (ROOT / "docs" / "operation.md").read_text(encoding="utf-8")
    for year in (2014, 2015, 2016):
        run = _stored("run", f"history__history_{year}")
        row = next(line for line in text.splitlines() if line.startswith(f"| {year} |"))
        for figure in (f"| {_pct(run['renewable_frac'])} % /", f"| {run['heat_input_mwh']:,.0f} /",
                       f"| {_pct(run['network_efficiency_frac'])} % /"):
            assert figure in row, (year, figure)
    text = _page("docs", "operation.md")
    runs = {n: _stored("run", n) for n in ("hospital_closure", "2020_balance", "lievin_interconnection",
                                           "cep_2016", "storage_tank_2020", "2016_baseline")}

    def spread(run):
        return f"{_pct(run['renewable_frac'])} % ({_pct(run['renewable_frac_p10'])}-{_pct(run['renewable_frac_p90'])})"
    for label, name in (("hospital closure", "hospital_closure"), ("2020 balance", "2020_balance"),
                        ("Liévin interconnection", "lievin_interconnection")):
        assert f"{label} {spread(runs[name])}" in text, label
    areas = runs["lievin_interconnection"]["renewable_frac_areas"]
    assert (f"| no limit (the shipped file: the operator's plan) | {_pct(areas['network'])} % | "
            f"{_pct(areas['LIEVIN'])} % | {_pct(areas['combined'])} % | "
            f"{runs['lievin_interconnection']['gas_mwh']:,.0f} |") in text
    cep = runs["cep_2016"]
    assert (f"**{_pct(cep['renewable_frac'])} % renewable** (P10-P90 {_pct(cep['renewable_frac_p10'])}-"
            f"{_pct(cep['renewable_frac_p90'])} %), heat input {cep['heat_input_mwh']:,.0f} MWh (efficiency "
            f"{_pct(cep['network_efficiency_frac'])} %)") in text
    tank, balance = runs["storage_tank_2020"], runs["2020_balance"]
    storage = tank["storage"]
    assert (f"**Renewable share {_pct(storage['renewable_frac_without'])} % without the tank, "
            f"{_pct(storage['renewable_frac_with'])} % with it") in text
    assert (f"balance's 64-draw figure {_pct(balance['renewable_frac'])} %); gas {balance['gas_mwh']:,.0f} -> "
            f"{tank['gas_mwh']:,.0f} MWh, CO2 {balance['co2_t']:,.0f} -> {tank['co2_t']:,.0f} t; the tank stores "
            f"{storage['charged_mwh']:,.0f} MWh a year and loses {storage['lost_mwh']:.0f}") in text
    y2015, y2016 = (_stored("run", f"history__history_{y}") for y in (2015, 2016))
    assert (f"**{_plant_mwh(y2016, 'chl_boiler_8500', 'chl_boiler_4250'):.0f} MWh in 2016** (-14 %; boilers and "
            f"CHP together {_plant_mwh(y2016, 'chl_boiler_8500', 'chl_boiler_4250', 'cogestar2'):.0f} against 954) "
            f"and {_plant_mwh(y2015, 'chl_boiler_8500', 'chl_boiler_4250'):.0f} in 2015, the central plant "
            f"{_plant_mwh(y2016, 'zup_boiler_10mw', 'zup_boiler_12mw'):,.0f} MWh") in text
    assert f"2016's twin sells {runs['2016_baseline']['heat_sold_corrected_mwh']:,.0f} MWh" in text


def test_physics_page_quotes_what_heatnet_gives():
    text = (ROOT / "docs" / "physics.md").read_text(encoding="utf-8")
    base, hydraulics = _stored("run", "2016_baseline"), _stored("hydraulics", "2016_baseline")
    assert _heatnet_cell(text, "efficiency 2014 / 2015 / 2016") == " / ".join(
        _pct(_stored("run", f"history__history_{y}")["network_efficiency_frac"]) for y in (2014, 2015, 2016)) + " %"
    assert _heatnet_cell(text, "heat losses 2016") == f"{base['heat_loss_mwh']:,.0f} MWh"
    assert _heatnet_cell(text, "pump electricity 2016") == f"{base['pump_electricity_mwh']:.0f} MWh"
    summary, a1 = hydraulics["summary"], next(p for p in hydraulics["pipes"] if p["pipe_id"] == "P_A1")
    design = _heatnet_cell(text, "design point")
    assert design.startswith(f"{sum(b['design_load_kw'] for b in hydraulics['branches']) / 1000:.1f} MW: the loads "
                             f"of {summary['design_load_outdoor_c']:.1f} °C")
    assert design.endswith(f"pump head {summary['pump_head_bar']:.1f} bar, {summary['pump_power_kw']:.0f} kW; P_A1 "
                           f"(DN 244) at {a1['velocity_m_per_s']:.1f} m/s, {a1['pressure_gradient_pa_per_m']:.0f} Pa/m, "
                           f"{100 * a1['load_frac']:.0f} %")
    text = _page("docs", "physics.md")
    balance, houses, lievin = (_stored("hydraulics", n) for n in ("2020_balance", "extension_12_14",
                                                                   "lievin_interconnection"))

    def branch(h, b):
        return f"{100 * next(x for x in h['branches'] if x['branch'] == b)['max_load_frac']:.0f} %"
    trunk = next(p for p in houses["pipes"] if p["pipe_id"] == "X_12_14_maisons_trunk")
    assert f"bring its DN 193 to {branch(balance, 'B')}" in text
    assert (f"runs at {100 * trunk['load_frac']:.0f} % (DN {trunk['required_dn_mm']:.0f} needed, "
            f"{houses['summary']['pump_head_bar']:.1f} bar of pump head otherwise") in text
    assert (f"puts branch A at {branch(lievin, 'A')} and branch B at {branch(lievin, 'B')}, and needs "
            f"{lievin['summary']['pump_head_bar']:.1f} bar of head ({lievin['summary']['pump_head_bar'] + 3:.1f} bar "
            "with the 3 bar static pressure") in text


def test_scenarios_page_quotes_what_heatnet_gives():
    text = _page("docs", "scenarios.md")
    balance, tank = _stored("run", "2020_balance"), _stored("run", "storage_tank_2020")
    assert (f"operator result {balance['operator_result_eur']:,.0f} EUR, R2 margin {balance['r2_margin_eur']:,.0f} "
            f"EUR, {balance['average_price_hold_unit_eur_per_mwh']:.2f} EUR/MWh with the unit held") in text
    assert (f"renewable share {_pct(tank['storage']['renewable_frac_without'])} % -> "
            f"{_pct(tank['storage']['renewable_frac_with'])} %") in text


def test_concession_page_quotes_what_the_engine_gives():
    """The 2016-2033 table of docs/concession.md: one run of the concession engine (about 1 s)."""
    from heatnet.studies.concession import concession_study

    study = concession_study(ROOT / "scenarios" / "timelines" / "concession_2016_2033.yaml")
    years = {y["year"]: y for y in study.years}
    text = (ROOT / "docs" / "concession.md").read_text(encoding="utf-8")

    def cells(label):
        row = next(line for line in text.splitlines() if line.startswith(f"| {label}"))
        return [c.strip() for c in row.strip().strip("|").split("|")[1:]]

    def span(key, first, last, fmt):
        a, b = fmt(years[first][key]), fmt(years[last][key])
        return a if a == b else f"{a}-{b}"
    result, share, price = cells("operating result"), cells("renewable share"), cells("average price")
    # the table's columns; 2021-2032 quotes 2021's result and the leap years' apart (below)
    columns = [(2016, 2016), (2017, 2018), (2019, 2020), (2021, 2021), (2033, 2033)]
    for i, (first, last) in enumerate(columns):
        assert result[i].startswith(span("operating_result_eur", first, last, "{:,.0f}".format)), (first, result[i])
        assert price[i] == span("average_price_eur_per_mwh", first, last, "{:.2f}".format), (first, price[i])
        if i:  # 2016's share is the operator's reported one
            assert share[i] == span("renewable_frac", first, last, _pct) + " %", (first, share[i])
    assert f"(-{-years[2024]['operating_result_eur']:,.0f} leap years)" in result[3]
    text = " ".join(text.split())
    assert (f"Cumulative result {study.totals['cumulative_result_eur'] / 1000:.0f} kEUR, NPV at 4 % "
            f"{study.totals['npv_eur'] / 1000:.0f} kEUR") in text
    gap = next(v for v in study.variance if v["from"] == "2016" and v["to"].startswith("2021"))
    assert f"The variance 2016 -> 2021 ({gap['gap_eur'] / 1000:.0f} kEUR)" in text
    cep = next(v for v in study.variance if v["from"].startswith("CEP") and v["to"] == "2016")
    assert f"that year's {cep['gap_eur'] / 1000:.1f} kEUR whatever the draw" in _page("docs", "uncertainty.md")
