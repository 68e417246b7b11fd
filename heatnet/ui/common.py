"""Shared view helpers: language, labels, cached scenario runs, the sidebar.

Runs are cached with ``st.cache_resource`` on the scenario path and a stamp of the
modification times of every file the run reads (the chain of scenario files, the CSV
files their measures name, the network folder): a widget change that lands on a scenario
already run answers from memory; editing any of those files runs it again. Results are
shared, not copied: views only read them.
"""

import io
import shutil
import zipfile
from pathlib import Path

import streamlit as st

from heatnet.io.folder import DataError
from heatnet.i18n import category_label, format_number, format_value, label, warning_text
from heatnet.scenarios import read_scenario, resolve_chain, run_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "2016_baseline.yaml"
SAVE_DIR = SCENARIO_DIR  # where composed scenarios are saved (tests point it elsewhere)

LANG_KEY = "lang"
ACTIVE_KEY = "active_scenario"
COMPOSED_KEY = "composed_scenarios"  # {path str: name} of composed scenarios run in this session
FOLDER_KEY = "scenario_folder"  # the folder of scenarios opened in this session (default: scenarios/)


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


def _resolved(path):
    """``path`` made absolute, or None where no file can be (a NUL in it, a loop of links): the run names it."""
    try:
        return Path(path).resolve()
    except (ValueError, OSError, RuntimeError):
        return None


def run_stamp(path):
    """Modification stamps of what a run of ``path`` reads; a file that cannot be read still gives a stamp
    (the run reports the error)."""
    stamps, seen = [], set()
    current = _resolved(path)
    while current is not None and current not in seen:
        seen.add(current)
        stamps.append(stamp_file(current))
        try:
            scenario = read_scenario(current)
        except DataError:
            break
        for item in scenario.measures:
            (kind, body), = item.items()
            csv = _resolved(current.parent / body["csv"]) if kind == "add_substations" and body.get("csv") else None
            if csv is not None:
                stamps.append(stamp_file(csv))
        if scenario.base is None:
            folder = _resolved(current.parent / scenario.network) if scenario.network else None
            if folder is not None and folder.is_dir():
                stamps.extend(stamp_file(p) for p in sorted(folder.iterdir()) if p.is_file())
            break
        current = _resolved(current.parent / scenario.base)
    return tuple(stamps)


LAYER_SUFFIXES = (".geojson", ".gpkg")


def shipped_layers(scenario_path):
    """The candidate and street layers beside a scenario: the first ``candidates*`` and ``streets*`` file
    (GeoJSON or GeoPackage), by name, of its folder's ``data/`` or of the folder itself; "" where there is
    none. The page offers them, so each network's folder brings its own."""
    folder = Path(scenario_path).parent
    found = []
    for kind in ("candidates", "streets"):
        files = [sorted(p for p in where.glob(f"{kind}*") if p.suffix.lower() in LAYER_SUFFIXES and p.is_file())
                 for where in (folder / "data", folder)]
        found.append(str(next((f[0] for f in files if f), "")))
    return tuple(found)


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


def scenario_dir():
    """The folder whose scenario files the pages offer: scenarios/ or the one opened in the sidebar."""
    return Path(st.session_state.get(FOLDER_KEY) or SCENARIO_DIR)


@st.cache_data(max_entries=256, show_spinner=False)
def _network_of(path, stamp):
    """The network folder a scenario file runs on (None if it cannot be read)."""
    try:
        root_path, root = resolve_chain(path)[0]
        return str((Path(root_path).parent / root.network).resolve())
    except DataError:
        return None


def network_of(path):
    return _network_of(str(path), stamp_file(path))


def folder_files(sub):
    """The YAML files of ``sub`` (``timelines``, ``studies``) in the open scenarios' folder, then in the
    shipped one (the same folder when the shipped scenarios are open)."""
    folders = dict.fromkeys([scenario_dir() / sub, SCENARIO_DIR / sub])
    return [p for folder in folders for p in sorted(folder.glob("*.yaml"))]


def save_dir():
    """Where composed scenarios are saved: the opened folder, or SAVE_DIR for the repository's own."""
    return SAVE_DIR if scenario_dir() == SCENARIO_DIR else scenario_dir()


def _root_first(path):
    try:
        return read_scenario(path).base is not None
    except DataError:
        return True


def shipped_scenarios():
    """The scenario files of the folder shown (paths as strings): the default first, then root scenarios."""
    folder = scenario_dir()
    paths = sorted(folder.glob("*.yaml"), key=lambda p: (p != DEFAULT_SCENARIO, _root_first(p), p.name))
    return [str(p) for p in paths]


def default_scenario():
    """The scenario shown first and the reference of the changes: the 2016 baseline for the repository's
    folder, else the opened folder's first root scenario."""
    if scenario_dir() == SCENARIO_DIR and DEFAULT_SCENARIO.exists():
        return str(DEFAULT_SCENARIO)
    shipped = shipped_scenarios()
    return shipped[0] if shipped else str(DEFAULT_SCENARIO)


ROOT_FOR_NETWORK = """\
# Written by the dashboard to show the network folder {folder}
name: {name}
network: {folder}
year: {year}
load_year: {year}
tariff:
  price_basis: {basis}
  r2_policy: contract
"""


def open_folder(path):
    """Show the scenarios of ``path``: a folder of scenario files, or a network folder (network.yaml), for
    which a root scenario on its last year of loads is written in a temporary folder. Raises DataError."""
    from heatnet.io.folder import load_network

    path = Path(path).expanduser().resolve()
    if not path.is_dir():
        raise DataError(path, t("ui_not_a_folder"))
    if (path / "network.yaml").exists():
        net = load_network(path)
        basis = "tariff" if not net.tariffs_r2.empty else "accounts"
        folder = new_session_dir("heatnet_network_")
        (folder / "network.yaml").write_text(ROOT_FOR_NETWORK.format(
            folder=path.as_posix(), name=net.name, year=int(max(net.load_years())), basis=basis), encoding="utf-8")
        path = folder
    elif not any(path.glob("*.yaml")):
        raise DataError(path, t("ui_folder_empty"))
    st.session_state[FOLDER_KEY] = str(path)
    st.session_state[ACTIVE_KEY] = default_scenario()
    return path


MAX_ZIP_MEMBERS = 5000  # a network folder and its scenarios: a few dozen files
MAX_UNZIPPED_BYTES = 100 * 2**20  # all members once unzipped, as the archive declares them (Python's zip
# reader stops at a member's declared size and checks its CRC, so the declared sizes bind)


def _zip_refused(name, key, **fields):
    return DataError(name, t(key).format(**fields))


def _extract_zip(data, folder, name):
    """Unpack ``data`` into ``folder`` after checking it: a zip, every path inside the archive, within the
    limits. Raises DataError in the user's language."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise _zip_refused(name, "ui_zip_too_many", count=len(members), limit=MAX_ZIP_MEMBERS)
            total = sum(m.file_size for m in members)
            if total > MAX_UNZIPPED_BYTES:
                raise _zip_refused(name, "ui_zip_too_large", size=num(total / 2**20),
                                   limit=num(MAX_UNZIPPED_BYTES / 2**20))
            root = folder.resolve()
            for member in members:
                target = (folder / member.filename).resolve()
                if root not in target.parents and target != root:
                    raise _zip_refused(name, "ui_zip_outside", member=member.filename)
            archive.extractall(folder)
    except DataError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError):
        raise _zip_refused(name, "ui_zip_not_zip") from None
    except Exception:  # a corrupt member (zlib.error): the archive, not us
        raise _zip_refused(name, "ui_zip_not_zip") from None


def open_zip(data, name="archive.zip"):
    """Unpack an uploaded zip and open the folder in it that holds scenario files or network.yaml; the
    unpacked folder is removed when the archive is refused or its network cannot be opened."""
    folder = new_session_dir("heatnet_upload_")
    try:
        _extract_zip(data, folder, name)
        candidates = sorted({p.parent for p in folder.rglob("*.yaml") if not p.name.startswith(".")},
                            key=lambda p: (not (p / "network.yaml").exists() and not any(
                                "network:" in q.read_text(encoding="utf-8", errors="ignore")
                                for q in p.glob("*.yaml")), (p / "network.yaml").exists(), len(p.parts)))
        if not candidates:
            raise _zip_refused(name, "ui_zip_empty")
        return open_folder(candidates[0])
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def scenario_options():
    return shipped_scenarios() + [p for p in st.session_state.get(COMPOSED_KEY, {}) if Path(p).exists()]


def active_path():
    """The scenario the pages show (chosen in the sidebar; the 2016 baseline by default)."""
    return st.session_state.get(ACTIVE_KEY) or default_scenario()


SESSION_DIRS_KEY = "session_dirs"  # this session's temporary folders, touched on every run


def new_session_dir(prefix):
    """A temporary folder of this session (stale ones of gone sessions swept first: heatnet.ui.compose)."""
    from heatnet.ui.compose import session_dir

    folder = session_dir(prefix)
    st.session_state[SESSION_DIRS_KEY] = [*st.session_state.get(SESSION_DIRS_KEY, []), str(folder)]
    return folder


def composed_dir():
    """This session's private folder for composed scenarios (heatnet.ui.compose.private_dir), made once."""
    if "composed_dir" not in st.session_state or not Path(st.session_state["composed_dir"]).is_dir():
        st.session_state["composed_dir"] = str(new_session_dir("heatnet-composed-"))
    return Path(st.session_state["composed_dir"])


def register_composed(path, name):
    composed = dict(st.session_state.get(COMPOSED_KEY, {}))
    composed[str(path)] = f"{name} ({t('ui_composed').lower()})"
    st.session_state[COMPOSED_KEY] = composed


# ---------------------------------------------------------------- sidebar

def sidebar():
    """Language switch and the scenario shown; called by the router on every page."""
    from heatnet.ui.compose import touch

    st.session_state.setdefault(LANG_KEY, "fr")
    touch(st.session_state.get(SESSION_DIRS_KEY, []))  # in use: no other session's sweep removes them
    options = scenario_options()
    if st.session_state.get(ACTIVE_KEY) not in options:
        st.session_state[ACTIVE_KEY] = default_scenario()
    with st.sidebar:
        st.segmented_control("Langue / Language", ["fr", "en"], key=LANG_KEY, required=True,
                             format_func=lambda code: {"fr": "Français", "en": "English"}[code])
        st.selectbox(t("ui_active_scenario"), options, key=ACTIVE_KEY, format_func=scenario_name,
                     help=t("ui_active_scenario_help"))
        st.caption(t("ui_sidebar_note"))
        open_box()


OPEN_ERROR_KEY = "open_error"  # the last refusal of the open box, shown once


def _open_clicked():
    """The Open button's callback: it runs before the page, so the scenario shown can still change."""
    upload, path = st.session_state.get("open_zip"), st.session_state.get("open_path")
    try:
        if upload is not None:
            open_zip(upload.getvalue(), upload.name)
        elif path:
            open_folder(path)
        st.session_state.pop(OPEN_ERROR_KEY, None)
    except DataError as exc:
        st.session_state[OPEN_ERROR_KEY] = str(exc)


def _reset_clicked():
    st.session_state[FOLDER_KEY] = None
    st.session_state[ACTIVE_KEY] = str(DEFAULT_SCENARIO)


def open_box():
    """Open another network folder or folder of scenarios: a path on this machine, or an uploaded zip."""
    with st.expander(t("ui_open"), expanded=False):
        st.caption(f"{t('ui_open_current')} : {scenario_dir()}" if lang() == "fr" else
                   f"{t('ui_open_current')}: {scenario_dir()}")
        st.text_input(t("ui_open_path"), key="open_path", placeholder="/chemin/du/dossier")
        st.file_uploader(t("ui_open_zip"), type=["zip"], key="open_zip")
        c1, c2 = st.columns(2)
        c1.button(t("ui_open_button"), key="open_button", on_click=_open_clicked)
        error = st.session_state.pop(OPEN_ERROR_KEY, None)
        if error:
            st.error(f"{t('ui_open_error')} : {error}" if lang() == "fr" else f"{t('ui_open_error')}: {error}")
        if scenario_dir() != SCENARIO_DIR:
            c2.button(t("ui_open_reset"), key="open_reset", on_click=_reset_clicked)


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


# ---------------------------------------------------------------- names, colours, warnings, headline

def plant_names(result):
    """Plant id -> its name in the data (plants a scenario adds included)."""
    plants = result.state.plants
    names = dict(zip(plants["id"], plants["name"])) if "name" in plants else {}
    names = {k: (v if isinstance(v, str) and v else k) for k, v in names.items()}
    names["unserved_kw"] = names["unserved"] = t("ui_unserved")
    return names


def client_names(result):
    clients = result.state.clients
    if "name" not in clients:
        return {}
    return {c: (n if isinstance(n, str) and n else c) for c, n in zip(clients["client"], clients["name"])}


def category_name(category):
    return category_label(category, lang())


def pipe_names(result):
    """Pipe id -> how users name it: an extension's pipes by the extension, others by their id."""
    names = {}
    for ext in result.state.extensions:
        trunk = set(ext.get("trunk_pipe_ids", ()))
        for pid in ext.get("pipe_ids", ()):
            part = t("ui_trunk") if pid in trunk else t("ui_service_pipe")
            names[pid] = f"{ext['name']} · {part}" + ("" if pid in trunk else f" {pid.rsplit('_', 1)[-1]}")
    return names


def warnings_panel(result, expanded=False):
    """The scenario's warnings (heatnet.scenarios.warnings): alarms always shown, notices in an expander."""
    alarms = [w for w in result.warnings if w["severity"] == "alarm"]
    notices = [w for w in result.warnings if w["severity"] != "alarm"]
    for warning in alarms:  # st.warning, not st.error: the scenario ran; its figures are what alarm
        st.warning(f"**{t('warning_alarm').capitalize()}** : {warning_text(warning, lang())}" if lang() == "fr" else
                   f"**{t('warning_alarm').capitalize()}**: {warning_text(warning, lang())}", icon="🚨")
    if notices:
        with st.expander(f"{t('warnings')} ({t('warning_notice')}) : {len(notices)}" if lang() == "fr" else
                         f"{t('warnings')} ({t('warning_notice')}): {len(notices)}", expanded=expanded):
            for warning in notices:
                st.warning(warning_text(warning, lang()), icon="⚠️")


def client_domain(result):
    """Client names in the order of the network's clients table, then those a scenario adds."""
    names = client_names(result)
    order = list(result.network.clients["client"]) + list(result.state.clients["client"])
    return [names.get(c, c) for c in dict.fromkeys(order)]


def plant_domain(result):
    names = plant_names(result)
    order = list(result.network.plants["id"]) + list(result.state.plants["id"]) + ["unserved_kw"]
    return [names.get(p, p) for p in dict.fromkeys(order)]


CATEGORIES = ("city", "social_housing", "health", "education", "private_housing", "tertiary", "industry",
              "other_public", "other")


def category_domain():
    return [category_name(c) for c in CATEGORIES]
