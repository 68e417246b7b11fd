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
