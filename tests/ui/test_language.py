"""Every dashboard page, in French and in English, shows no program identifier and none of the English
(or French) leftovers of tests/language.py; a network made by ``heatnet init`` and edited opens on every
page with no Lens text (issue 18)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from heatnet.io.template import write_template
from heatnet.ui.common import FOLDER_KEY
from tests.language import offenders

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = ("network", "scenarios", "economics", "energy", "export")
ALL_PAGES = PAGES + ("concession", "uncertainty", "planning")
CHARTS = {"arrow_vega_lite_chart", "vega_lite_chart", "deck_gl_json_chart", "plotly_chart"}
FIELDS = {"label", "body", "value", "placeholder", "options", "default", "help", "caption", "text", "delta",
          "title", "name"}
LENS_WORDS = ("Lens", "Liévin", "LBE", "Dalkia", "Danstoker", "2016", "12_14", "12/14")


def _strings(msg, out):
    for field, value in msg.ListFields():
        items = list(value) if type(value).__name__.startswith("Repeated") else [value]
        for item in items:
            if hasattr(item, "ListFields"):
                _strings(item, out)
            elif field.name in FIELDS and isinstance(item, str):
                out.append(item)


def page_texts(node, out=None):
    """The strings a user reads on the page: labels, texts, options, table headers and cells (charts apart:
    their labels are checked in the browser test)."""
    out = [] if out is None else out
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _strings(proto, out)
        for child in children.values():
            page_texts(child, out)
        return out
    kind = getattr(node, "type", None)
    if kind in CHARTS:
        return out
    if kind in ("arrow_data_frame", "arrow_table", "dataframe", "table"):
        frame = node.value
        out.extend(map(str, frame.columns))
        out.extend(map(str, frame.index))
        for col in frame.columns:
            out.extend(str(v) for v in frame[col])
        return out
    proto = getattr(node, "proto", None)
    if proto is not None and hasattr(proto, "ListFields"):
        _strings(proto, out)
    return out


def walk(at, lang, pages=PAGES):
    """Each page of ``pages`` in ``lang``: (page, texts)."""
    for page in pages:
        at.switch_page(f"heatnet/ui/pages/{page}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        yield page, page_texts(at._tree)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scenario", ["extension_12_14.yaml", "lievin_interconnection.yaml"])
def test_every_page_speaks_the_language(lang, scenario):
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.session_state["active_scenario"] = str((ROOT / "scenarios" / scenario).resolve())
    at.run()
    found = {page: offenders(texts, lang) for page, texts in walk(at, lang)}
    assert not any(found.values()), {k: v[:10] for k, v in found.items() if v}


def test_an_init_network_edited_opens_on_every_page_without_lens_text(tmp_path):
    write_template(tmp_path)
    loads = tmp_path / "network" / "loads.csv"  # edited: a fifth substation, another year of loads
    (tmp_path / "network" / "substations.csv").write_text(
        (tmp_path / "network" / "substations.csv").read_text(encoding="utf-8")
        + "SS5,5,Gymnase,Commune,,N4,edited\n", encoding="utf-8")
    loads.write_text(loads.read_text(encoding="utf-8") + "SS5,2024,150,120,edited\n", encoding="utf-8")
    (tmp_path / "closure.yaml").write_text("name: Fermeture du gymnase\nbase: baseline.yaml\nyear: 2025\n"
                                           "tariff: {r2_policy: hold_total}\n"
                                           "measures:\n  - remove_substations: {substation_no: ['5']}\n",
                                           encoding="utf-8")
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state[FOLDER_KEY] = str(tmp_path)
    at.run()
    for path in (tmp_path / "baseline.yaml", tmp_path / "closure.yaml"):
        at.session_state["active_scenario"] = str(path)
        for page, texts in walk(at, "fr", ALL_PAGES):
            assert not at.error, (page, [e.value for e in at.error])
            shown = " ".join(texts)
            if page == "network":
                assert "Exempleville" in shown
            assert not [w for w in LENS_WORDS if w in shown], (page, [w for w in LENS_WORDS if w in shown])
            assert not offenders(texts, "fr"), (page, offenders(texts, "fr")[:10])
    at.switch_page("heatnet/ui/pages/scenarios.py")
    at.run()  # the closure is shown: its bridge step in words, from the edited data
    assert "Départ de la sous-station 5 (Gymnase)" in page_texts(at._tree)
