"""The concession on the Accounts sheet: the yearly table, the NPV and each variance as live
formulas, recalculated by LibreOffice and compared with heatnet.studies.concession."""

import os
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from heatnet.studies.concession import concession_study
from heatnet.studies.variance import EFFECTS
from heatnet.workbook import write_workbook
from tests.conftest import SCENARIOS

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
STUDY = concession_study(SCENARIOS / "timelines" / "concession_2016_2033.yaml")


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concession")
    path = write_workbook(list({id(r): r for r in STUDY.results.values()}.values()), folder / "c.xlsx",
                          lang="en", concession=STUDY)
    return folder, path


def _rows(ws):
    return list(ws.iter_rows(values_only=True))


def test_yearly_table_and_variance_are_formulas(written):
    ws = load_workbook(written[1])["Accounts"]
    texts = [c for row in _rows(ws) for c in row if isinstance(c, str)]
    assert any(t.startswith("=SUMPRODUCT(") for t in texts)  # the NPV over the yearly table
    assert sum(t.startswith("Variance analysis: ") for t in texts) == len(STUDY.variance)
    years = [row for row in _rows(ws) if isinstance(row[0], int) and 2016 <= row[0] <= 2033]
    assert [row[0] for row in years] == [y["year"] for y in STUDY.years]
    assert all(isinstance(row[17], str) and row[17].startswith("=") for row in years)  # operating result


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recomputes_the_study(written, tmp_path):
    folder, path = written
    home, out = tmp_path / "home", tmp_path / "out"
    home.mkdir()
    proc = subprocess.run([SOFFICE, f"-env:UserInstallation={home.as_uri()}", "--headless", "--calc",
                           "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(home)})
    converted = out / path.name
    assert converted.exists(), proc.stderr + proc.stdout
    rows = _rows(load_workbook(converted, data_only=True)["Accounts"])
    by_label = {row[0]: row for row in rows if isinstance(row[0], str)}
    assert by_label["Net present value of the result (EUR excl. VAT)"][1] == pytest.approx(STUDY.totals["npv_eur"])
    years = {row[0]: row for row in rows if isinstance(row[0], int) and 2016 <= row[0] <= 2033}
    for y in STUDY.years:
        assert years[y["year"]][17] == pytest.approx(y["operating_result_eur"], abs=0.01)
        assert years[y["year"]][20] == pytest.approx(y["cumulative_result_eur"], abs=0.01)
    gaps = [row[1 + len(EFFECTS) + 1] for row in rows if row[0] == "Total gap (EUR excl. VAT)"]
    assert gaps == pytest.approx([p["gap_eur"] for p in STUDY.variance], abs=0.01)
    # each effect line of the first pair, recomputed by the spreadsheet, equals heatnet's
    first = STUDY.variance[0]
    effects = [row[2 + len(EFFECTS)] for row in rows if row[0] in {e for e in (
        "Subscribed power", "Climate (rigueur)", "Other volume (climate-corrected sales)", "R1 unit price",
        "R2 unit price", "Energy costs and mix", "R2 costs", "Non-recurring")} and row[2 + len(EFFECTS)] is not None]
    assert effects[:len(EFFECTS)] == pytest.approx([e["eur"] for e in first["effects"]], abs=0.01)
