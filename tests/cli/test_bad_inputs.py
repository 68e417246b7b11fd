"""Issue 14's reproducers: every bad scenario file or network folder gets exit 2 and a message naming the
file and key, never a traceback and never a silent non-finite figure."""

import json
import math
import os
import shutil

import pytest

from heatnet import cli
from tests.conftest import LENS, ROOT

HEAD = "name: T\nyear: 2020\n"
ROOT_KEYS = "network: ../data/lens\nload_year: 2016\n"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """scen/ beside a copy of data/ (the scenario's network is ../data/lens), and history/ a folder."""
    root = tmp_path_factory.mktemp("bad")
    shutil.copytree(ROOT / "data", root / "data")
    (root / "scen" / "history").mkdir(parents=True)
    return root


def run_text(tree, body, capsys, *extra, command="run"):
    path = tree / "scen" / "s.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    code = cli.main([command, str(path), "--json", *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_refused(code, err, *expected):
    assert code == 2, err
    assert err.startswith("heatnet: error: s.yaml"), err  # the scenario file is named first
    for text in expected:
        assert text in err, err


@pytest.mark.parametrize("body, key, what", [
    ('base: ""\n', "base", "is a folder"),
    ("base: history\n", "base", "is a folder"),
    (ROOT_KEYS + "operation: {weather_csv: ../data}\n", "operation.weather_csv", "is a folder"),
    (ROOT_KEYS + "measures:\n  - add_substations: {name: X, connect_to: PLANT, csv: ../data}\n",
     "measures[0].add_substations.csv", "is a folder"),
    ("network: ../data/lens/loads.csv\nload_year: 2016\n", "network", "not a folder"),
    ("base: " + "a" * 300 + "\n", "base", "longer than 255 bytes"),
    ('base: "a\\0b"\n', "base", "NUL"),
    ("base: /dev/zero\n", "base", "not a regular file"),
    (ROOT_KEYS + "operation: {weather_csv: /dev/zero}\n", "operation.weather_csv", "not a regular file"),
    (ROOT_KEYS + "measures:\n  - add_substations: {name: X, connect_to: PLANT, csv: /dev/zero}\n",
     "measures[0].add_substations.csv", "not a regular file"),
    ("network: ../data/lenz\nload_year: 2016\n", "network", "lenz"),
    ("base: /etc/passwd\n", "base", "is not a scenario file"),
])
def test_paths_name_the_scenario_and_key(tree, capsys, body, key, what):
    code, _, err = run_text(tree, body, capsys)
    assert_refused(code, err, f"key '{key}'", what)


def test_base_that_is_a_fifo_is_refused_without_blocking(tree, capsys):
    fifo = tree / "scen" / "pipe"
    if not fifo.exists():
        os.mkfifo(fifo)
    code, _, err = run_text(tree, "base: pipe\n", capsys)
    assert_refused(code, err, "key 'base'", "FIFO")


@pytest.mark.parametrize("tag", ["!!int abc", "!!float ''", "!!bool maybe", "!!timestamp ''"])
def test_typed_tags_are_data_errors(tree, capsys, tag):
    code, _, err = run_text(tree, ROOT_KEYS + f"description: {tag}\n", capsys)
    assert_refused(code, err, "line 5", "does not read as")


def test_duplicate_keys_are_an_error_not_the_last_one(tree, capsys):
    code, _, err = run_text(tree, ROOT_KEYS + "year: 2099\n", capsys)
    assert_refused(code, err, "line 5", "duplicate key 'year' (first at line 2)")


def test_tariff_date_before_every_tariff(tree, capsys):
    code, _, err = run_text(tree, ROOT_KEYS + "tariff: {tariff_date: 1990-01-01, r2_policy: contract}\n", capsys)
    assert_refused(code, err, "key 'tariff.tariff_date'", "no tariff in force on 1990-01-01")


@pytest.mark.parametrize("body, key", [
    ("tariff: {r1_eur_per_mwh: .inf}\n", "tariff.r1_eur_per_mwh"),
    ("tariff: {r1_eur_per_mwh: 1e308}\n", "tariff.r1_eur_per_mwh"),
    ("operation: {energy_prices: {wood_eur_per_mwh: .inf}}\n", "operation.energy_prices.wood_eur_per_mwh"),
    ("operation: {availability_frac: {lbe: .nan}}\n", "operation.availability_frac.lbe"),
    ("operation: {availability_frac: {lbe: -0.5}}\n", "operation.availability_frac.lbe"),
    ("operation: {availability_frac: {nope: 0.5}}\n", "operation.availability_frac.nope"),
    ("operation: {called_hours: {nope: 10}}\n", "operation.called_hours.nope"),
    ("operation: {called_hours: {cogestar2: -1}}\n", "operation.called_hours.cogestar2"),
    ("operation: {called_hours: {cogestar2: 5000}}\n", "operation"),  # more than the season's peak hours
    ("operation: {called_hours: {lbe: 10}}\n", "operation"),  # a plant without a called season
    ("operation: {outages: [{plant_id: lbe, start: 2020-03-01, end: 2020-01-01}]}\n", "operation.outages"),
    ("measures:\n  - scale_substations: {all: true, subscribed_factor: .inf}\n", "measures[0].scale_substations"),
    ("measures:\n  - add_substations: {name: X, connect_to: PLANT, substations: [{id: N1, client: VILLE, "
     "subscribed_kw: .inf, heat_mwh: 10}]}\n", "measures[0].add_substations"),
    ("measures:\n  - add_substations: {name: X, connect_to: PLANT, substations: [{id: N1, client: VILLE, "
     "subscribed_kw: 1e308, heat_mwh: 10}]}\n", "measures[0].add_substations"),
    ("measures:\n  - add_substations: {name: X, connect_to: PLANT, trunk_length_m: 1e308, substations: [{id: N1, "
     "client: VILLE, subscribed_kw: 10, heat_mwh: 10}]}\n", "measures[0].add_substations"),
    ("measures:\n  - scale_substations: {all: true, heat_factor: 1e308}\n", "measures[0].scale_substations"),
    ("measures:\n  - interconnect: {name: L, connect_to: PLANT, pipe_length_m: .inf, pipe_dn_mm: 250, "
     "heat_mwh: 100, subscribed_kw: 100}\n", "measures[0].interconnect"),
    ("measures:\n  - interconnect: {name: L, connect_to: PLANT, pipe_length_m: 100, pipe_dn_mm: 250, "
     "heat_mwh: 100, subscribed_kw: 100, capex_eur: 1e308}\n", "measures[0].interconnect"),
    ("measures:\n  - add_plant: {id: x, technology: gas_boiler, fuel: gas, node_id: PLANT, capacity_kw: 1e20, "
     "efficiency_frac: 0.9, renewable: false, merit_order: 9}\n", "measures[0].add_plant"),
    ("measures:\n  - add_plant: {id: x, technology: gas_boiler, fuel: gas, node_id: PLANT, capacity_kw: 100, "
     "efficiency_frac: 0.9, renewable: false, merit_order: 9, winter_capacity_kw: 50}\n", "measures[0].add_plant"),
    ("measures:\n  - add_plant: {id: x, technology: gas_boiler, fuel: gas, node_id: PLANT, capacity_kw: 100, "
     "efficiency_frac: 0.9, renewable: false, merit_order: 9, winter_start: 13-45, winter_end: 03-31, "
     "winter_capacity_kw: 50}\n", "measures[0].add_plant"),
    ("measures:\n  - modify_plant: {id: lbe, availability_frac: .nan}\n", "measures[0].modify_plant"),
])
def test_non_finite_or_out_of_range_numbers_are_refused(tree, capsys, body, key):
    code, out, err = run_text(tree, ROOT_KEYS + body, capsys)
    assert_refused(code, err, key)
    assert out == ""


def test_a_valid_scenario_prints_only_finite_figures(tree, capsys):
    code, out, err = run_text(tree, ROOT_KEYS + "tariff: {r1_eur_per_mwh: 60}\n", capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["r1_eur_per_mwh"] == 60 and math.isfinite(data["average_price_eur_per_mwh"])


# ---------------------------------------------------------------- timelines

@pytest.mark.parametrize("raw, what", [
    (b"name: \xe9t\xe9\nstart_year: 2016\n", "not UTF-8"),
    (b"a: " + b"[" * 3000 + b"]" * 3000 + b"\n", "nest"),
    (b'name: "\\ud800"\nstart_year: 2016\n', "Unicode"),
    (b"name: A\nname: B\n", "duplicate key"),
])
def test_timeline_reader_refuses_cleanly(tmp_path, capsys, raw, what):
    path = tmp_path / "t.yaml"
    path.write_bytes(raw)
    code = cli.main(["concession", str(path), "--json"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("heatnet: error: t.yaml") and what in err, err


# ---------------------------------------------------------------- network folders

@pytest.fixture
def lens(tmp_path):
    target = tmp_path / "lens"
    shutil.copytree(LENS, target)
    return target


def check(folder, capsys):
    code = cli.main(["check", str(folder), "--json"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cr_only_line_ends_are_read(lens, capsys):
    for name in ("clients.csv", "loads.csv"):
        (lens / name).write_bytes((lens / name).read_bytes().replace(b"\n", b"\r"))
    code, out, err = check(lens, capsys)
    assert code == 0, err
    assert json.loads(out)["valid"] is True


def test_bytes_neither_utf8_nor_cp1252(lens, capsys):
    (lens / "clients.csv").write_bytes((lens / "clients.csv").read_bytes() + b"X,\x81\x8d,city,true,\n")
    code, _, err = check(lens, capsys)
    assert code == 2 and "clients.csv, line" in err and "byte 0x81" in err, err


def test_cell_over_the_csv_limit(lens, capsys):
    (lens / "clients.csv").write_bytes((lens / "clients.csv").read_bytes() + b'X,"' + b"a" * 140_000 + b'",city,'
                                                                                  b"true,\n")
    code, _, err = check(lens, capsys)
    assert code == 2 and "clients.csv, line" in err and "131,072" in err, err


def test_table_that_is_a_folder(lens, capsys):
    (lens / "accounts.csv").unlink()
    (lens / "accounts.csv").mkdir()
    code, _, err = check(lens, capsys)
    assert code == 2 and "accounts.csv" in err and "is a folder" in err, err


def test_network_yaml_nested_3000_deep(lens, capsys):
    (lens / "network.yaml").write_text("a: " + "[" * 3000 + "]" * 3000 + "\n")
    code, _, err = check(lens, capsys)
    assert code == 2 and "network.yaml" in err and "nest" in err, err


def test_fuel_spelled_differently_in_mix_and_r1(lens, capsys):
    path = lens / "mix_weights.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",gas,", ",gaz,"), encoding="utf-8")
    code, _, err = check(lens, capsys)
    assert code == 2 and "tariffs_r1.csv" in err and "'gaz'" in err and "'gas'" in err, err


def test_design_supply_temperature_is_range_checked(lens, capsys):
    path = lens / "network.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("supply_design_c: 90", "supply_design_c: 1e20"))
    code, _, err = check(lens, capsys)
    assert code == 2 and "network.yaml, key 'temperatures.supply_design_c'" in err, err


@pytest.mark.parametrize("value", [".inf", ".nan"])
def test_network_yaml_numbers_must_be_finite(lens, capsys, value):
    path = lens / "network.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reference_dju: 2622", f"reference_dju: {value}"))
    code, _, err = check(lens, capsys)
    assert code == 2 and "key 'reference_dju'" in err, err


def test_return_warmer_than_supply_is_refused(lens, capsys):
    path = lens / "network.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("return_c: 60", "return_c: 95"))
    code, _, err = check(lens, capsys)
    assert code == 2 and "temperatures.return_c" in err, err


def test_unknown_r2_component_is_an_error_not_a_sum(lens, capsys):
    path = lens / "tariffs_r2.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2016-01-01,total_published", "2016-01-01,Total_published"), encoding="utf-8")
    code, _, err = check(lens, capsys)
    assert code == 2 and "tariffs_r2.csv, line" in err and "'Total_published' is not one of" in err, err


def test_check_refuses_what_run_refuses_disconnected_substation(lens, capsys):
    with open(lens / "nodes.csv", "a", encoding="utf-8") as f:
        f.write("ISOLATED,delivery,,,\n")
    path = lens / "substations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    rows[1][header.index("node_id")] = "ISOLATED"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    code, _, err = check(lens, capsys)
    assert code == 2 and "cannot be reached from the plant node" in err, err


@pytest.mark.parametrize("step, what", [("/etc/passwd", "is not a scenario file"), ("nowhere.yaml", "file not found"),
                                        ("..", "is a folder"), ('"a\\0b"', "the path holds a NUL character")])
def test_timeline_step_that_is_no_scenario_names_the_timeline_and_key(tmp_path, capsys, step, what):
    """Found by the fuzz suite: the message named only 'passwd' (seed 14, case 18011); a NUL in the path
    ended in pathlib's ValueError before the reader could name it (seed 17, cases 372 and 2335)."""
    path = tmp_path / "t.yaml"
    path.write_text(f"name: T\nstart_year: 2016\nsteps:\n  - {{from_year: 2016, scenario: {step}}}\n")
    code = cli.main(["concession", str(path), "--json"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("heatnet: error: t.yaml, key 'steps[0].scenario'") and what in err, err


def test_check_refuses_a_dn_the_physics_cannot_place(lens, capsys):
    """``run`` refuses a DN above the pipe catalogue's largest; ``check`` now says so too."""
    path = lens / "pipes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[3] = "1999"  # dn_mm: inside the schema's 10-2000, above the catalogue's 500
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = check(lens, capsys)
    assert code == 2 and "pipes.csv: the network physics: DN 1999" in err, err


def test_a_period_without_heat_input_gives_no_infinite_gap(lens, capsys):
    """Found by the fuzz suite (seed 14, case 7043): heat_input.csv cut short left the CEP period with 0 MWh,
    and check printed an infinite efficiency gap."""
    path = lens / "heat_input.csv"
    path.write_bytes(path.read_bytes()[:973])
    code, out, err = check(lens, capsys)
    assert code == 0, err
    assert "inf" not in out.lower() and "nan" not in out.lower()
    assert all(g["gap_frac"] is None or math.isfinite(g["gap_frac"]) for g in json.loads(out)["gaps"])


def test_a_key_inside_a_list_is_written_with_its_index(tree, capsys):
    body = ROOT_KEYS + ("measures:\n  - add_substations:\n      name: X\n      connect_to: J_A5\n      substations:\n"
                        "        - {id: S1, client: C, subscribed_kw: 100, heat_mwh: 120, pipe_length_m: 15}\n"
                        "        - {id: S2, client: C, subscribed_kw: 100, heat_mwh: 120, pipe_length_m: {a: 1}}\n")
    code, _, err = run_text(tree, body, capsys)
    assert_refused(code, err, "key 'measures[0].add_substations.substations[1].pipe_length_m'", "valid number")


@pytest.mark.parametrize("body, key, expected", [
    # in a block, 0,2 is text: the message says how to write it
    ("measures:\n  - renovate:\n      categories: [city]\n      energy_saving_frac: 0,2\n",
     "key 'measures[0].renovate.energy_saving_frac'", "decimal point: 0.2"),
    ("tariff:\n  r1_eur_per_mwh: 41,5\n", "key 'tariff.r1_eur_per_mwh'", "decimal point: 41.5"),
    # inside braces the comma splits the number: the user's key is named, not the stray "5"
    ("tariff: {r1_eur_per_mwh: 41,5}\n", "key 'tariff.r1_eur_per_mwh'", "write r1_eur_per_mwh: 41.5"),
    ("measures:\n  - renovate: {categories: [city], energy_saving_frac: 0,2}\n",
     "key 'measures[0].renovate.energy_saving_frac'", "write energy_saving_frac: 0.2"),
    ("operation: {dju: 2483,5}\n", "key 'operation.dju'", "write dju: 2483.5"),
])
def test_french_decimal_comma_in_a_scenario_says_how_to_write_it(tree, capsys, body, key, expected):
    code, _, err = run_text(tree, ROOT_KEYS + body, capsys)
    assert_refused(code, err, key, expected)


def test_unknown_substation_id_suggests_the_near_ones_and_says_the_list_is_cut(tree, capsys):
    code, _, err = run_text(tree, ROOT_KEYS + "measures:\n  - remove_substations: {ids: ['31a']}\n", capsys)
    assert_refused(code, err, "key 'measures[0].remove_substations'", "unknown substation id(s) ['31a']",
                   "did you mean ['31A'")
    code, _, err = run_text(tree, f"base: {ROOT / 'scenarios' / '2020_balance.yaml'}\n"
                                  "measures:\n  - remove_substations: {ids: [SS_99]}\n", capsys)
    assert_refused(code, err, "and 17 more")  # 57 substations in the 2020 balance, 40 listed
    assert "did you mean" not in err


@pytest.mark.parametrize("command, path, expected", [
    ("run", "scenarios/timelines/concession_2016_2033.yaml",
     "concession_2016_2033.yaml: this file is a concession timeline (start_year, steps), not a scenario: run it "
     "with heatnet concession"),
    ("run", "scenarios/studies/balance_2020_lbe_price.yaml", "an uncertainty study (inputs), not a scenario"),
    ("concession", "scenarios/2020_balance.yaml",
     "2020_balance.yaml: this file is a scenario (year), not a concession timeline: run it with heatnet run"),
    ("uncertainty", "scenarios/2020_balance.yaml", "this file is a scenario (year), not an uncertainty study"),
    ("uncertainty", "scenarios/timelines/concession_2016_2033.yaml", "a concession timeline (start_year, steps)"),
])
def test_a_file_of_another_command_says_which_command_reads_it(capsys, command, path, expected):
    # a user hands the timeline to run, or a scenario to concession: the message names the right command,
    # where it listed a scenario's allowed keys against 'start_year'
    assert cli.main([command, str(ROOT / path)] + (["--serial"] if command == "uncertainty" else [])) == 2
    err = capsys.readouterr().err
    assert expected in err, err
    assert err.count(".yaml") == 1, err  # the file named once
