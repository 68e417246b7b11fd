"""The documentation says what the code does."""

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


def test_concession_page_quotes_the_study_of_2016_2033():
    """The Lens table of docs/concession.md is the study's output: each year's operating result and
    renewable share, the cumulative result and the NPV (a change of the dispatch moves them all)."""
    from heatnet.studies.concession import concession_study

    text = (ROOT / "docs" / "concession.md").read_text(encoding="utf-8")
    table = text.split("`concession_2016_2033.yaml` (indices held", 1)[1].split("\n\n", 2)[1]
    result_row = next(line for line in table.splitlines() if line.startswith("| operating result"))
    renewable_row = next(line for line in table.splitlines() if line.startswith("| renewable share"))
    study = concession_study(ROOT / "scenarios" / "timelines" / "concession_2016_2033.yaml")
    for year in study.years:
        assert f"{round(year['operating_result_eur']):,}" in result_row, year["year"]
        assert f"{100 * year['renewable_frac']:.1f}" in renewable_row, year["year"]
    totals = study.totals
    assert (f"Cumulative result {round(totals['cumulative_result_eur'] / 1000)} kEUR, NPV at 4 % "
            f"{round(totals['npv_eur'] / 1000)} kEUR") in text
