"""Shared view helpers: language, labels, cached scenario runs, the sidebar.

Runs are cached with ``st.cache_resource`` on the scenario path and a stamp of the
modification times of every file the run reads (the chain of scenario files, the CSV
files their measures name, the network folder): a widget change that lands on a scenario
already run answers from memory; editing any of those files runs it again. Results are
shared, not copied: views only read them.
"""

from pathlib import Path

import streamlit as st

from heatnet.io.folder import DataError
from heatnet.i18n import format_number, format_value, label
from heatnet.scenarios import read_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
TIMELINE_PATH = SCENARIO_DIR / "timelines" / "concession_2016_2033.yaml"
DEFAULT_SCENARIO = SCENARIO_DIR / "2016_baseline.yaml"
SAVE_DIR = SCENARIO_DIR  # where composed scenarios are saved (tests point it elsewhere)

LANG_KEY = "lang"
ACTIVE_KEY = "active_scenario"
COMPOSED_KEY = "composed_scenarios"  # {path str: name} of composed scenarios run in this session


def lang():
    return st.session_state.get(LANG_KEY, "fr")


def t(key):
    """The label of ``key`` in the current language."""
    return label(key, lang())


def fmt(key, value):
    """A figure formatted by its key's unit in the current language (55,35 in French)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalars format like Python numbers
    return format_value(key, value, lang())


def num(value, decimals=0, percent=False):
    return format_number(value, lang(), decimals, percent)


# ---------------------------------------------------------------- scenario files and cached runs

def stamp_file(path):
    path = Path(path)
    try:
        stat = path.stat()
        return (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), None, None)


def run_stamp(path):
    """Modification stamps of what a run of ``path`` reads; a file that cannot be read still gives a stamp
    (the run reports the error)."""
    stamps, seen = [], set()
    current = Path(path).resolve()
    while current not in seen:
        seen.add(current)
        stamps.append(stamp_file(current))
        try:
            scenario = read_scenario(current)
        except DataError:
            break
        for item in scenario.measures:
            (kind, body), = item.items()
            if kind == "add_substations" and body.get("csv"):
                stamps.append(stamp_file((current.parent / body["csv"]).resolve()))
        if scenario.base is None:
            if scenario.network:
                folder = (current.parent / scenario.network).resolve()
                if folder.is_dir():
                    stamps.extend(stamp_file(p) for p in sorted(folder.iterdir()) if p.is_file())
            break
        current = (current.parent / scenario.base).resolve()
    return tuple(stamps)


@st.cache_resource(max_entries=64, show_spinner=False)
def _run_cached(path, stamp):
    return run_scenario(path)


def run(path):
    """The result of a scenario file (cached); raises DataError for a scenario that cannot run."""
    path = str(Path(path).resolve())
    return _run_cached(path, run_stamp(path))


def run_or_error(path):
    """The result, or None after showing the scenario's error message (never a traceback)."""
    try:
        with st.spinner(t("ui_running")):
            return run(path)
    except DataError as exc:
        st.error(f"{t('ui_scenario_error')}: {exc}")
        return None


@st.cache_data(max_entries=256, show_spinner=False)
def _scenario_name(path, stamp):
    try:
        return read_scenario(path).name
    except DataError:
        return Path(path).stem


def scenario_name(path):
    path = str(path)
    composed = st.session_state.get(COMPOSED_KEY, {})
    if path in composed:
        return composed[path]
    return _scenario_name(path, stamp_file(path))


def shipped_scenarios():
    """The scenario files of ``scenarios/`` (paths as strings), the baseline first."""
    paths = sorted(SCENARIO_DIR.glob("*.yaml"), key=lambda p: (p != DEFAULT_SCENARIO, p.name))
    return [str(p) for p in paths]


def scenario_options():
    return shipped_scenarios() + [p for p in st.session_state.get(COMPOSED_KEY, {}) if Path(p).exists()]


def active_path():
    """The scenario the pages show (chosen in the sidebar; the 2016 baseline by default)."""
    return st.session_state.get(ACTIVE_KEY) or str(DEFAULT_SCENARIO)


def composed_dir():
    """This session's private folder for composed scenarios (heatnet.ui.compose.private_dir), made once."""
    from heatnet.ui.compose import private_dir

    if "composed_dir" not in st.session_state or not Path(st.session_state["composed_dir"]).is_dir():
        st.session_state["composed_dir"] = str(private_dir())
    return Path(st.session_state["composed_dir"])


def register_composed(path, name):
    composed = dict(st.session_state.get(COMPOSED_KEY, {}))
    composed[str(path)] = f"{name} ({t('ui_composed').lower()})"
    st.session_state[COMPOSED_KEY] = composed


# ---------------------------------------------------------------- sidebar

def sidebar():
    """Language switch and the scenario shown; called by the router on every page."""
    st.session_state.setdefault(LANG_KEY, "fr")
    options = scenario_options()
    if st.session_state.get(ACTIVE_KEY) not in options:
        st.session_state[ACTIVE_KEY] = str(DEFAULT_SCENARIO)
    with st.sidebar:
        st.segmented_control("Langue / Language", ["fr", "en"], key=LANG_KEY, required=True,
                             format_func=lambda code: {"fr": "Français", "en": "English"}[code])
        st.selectbox(t("ui_active_scenario"), options, key=ACTIVE_KEY, format_func=scenario_name,
                     help=t("ui_active_scenario_help"))
        st.caption(t("ui_sidebar_note"))


def not_computed(what_key):
    st.info(f"{t(what_key)}: {t('ui_not_computed')}")


def reconstructed_note(result):
    if result.network.params.get("layout_reconstructed"):
        st.warning(t("ui_layout_reconstructed"), icon="⚠️")


def frame_labels(frame, columns=None):
    """A copy with formatted values and translated column names, for display."""
    columns = list(columns or frame.columns)
    out = frame[columns].copy()
    for col in columns:
        if out[col].dtype.kind in "fiu" and col not in ("substation_no", "dwellings", "year"):
            out[col] = [fmt(col, v) for v in out[col]]
    return out.rename(columns={c: t(c) for c in columns})
