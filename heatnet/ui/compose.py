"""Composed scenarios: build, validate, run from a temporary file, save. No Streamlit here.

The dashboard composes a scenario from widgets on top of a shipped base scenario. A
scenario file names its base relative to itself, so the same scenario is written with a
different ``base`` depending on where the file goes: the temporary folder it runs from,
or the scenarios folder it is saved to (:func:`with_base_for`).
"""

import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from heatnet.i18n import label
from heatnet.scenarios import Scenario, read_scenario, save_scenario, scenario_to_yaml


# A plain file name: letters (accents allowed), digits, "_", "-", "." and spaces, not
# starting with a dot; no separators, so it cannot leave the folder it is saved to.
_PLAIN_NAME = re.compile(r"^[^\W_][\w\-. ]{0,79}$")


class ComposeError(ValueError):
    """A composed scenario that does not validate, or a name that is not a plain file name."""


def validate_composed(data: dict) -> Scenario:
    """Validate a scenario mapping; a mistake raises ComposeError with a readable message."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        message = err["msg"].removeprefix("Value error, ")
        where = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        elif err["type"] == "missing":
            message = "missing required key"
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            message += f" (found {err['input']!r})"
        raise ComposeError(f"{where}: {message}" if where and not message.startswith(where) else message) from None


def safe_file_name(name: str) -> str:
    """``name`` as a scenario file name (``x`` -> ``x.yaml``); anything that is not a plain
    file name (empty, with a separator, ``..``, absolute, hidden) raises ComposeError."""
    stem = (name or "").strip()
    if stem.lower().endswith((".yaml", ".yml")):
        stem = stem.rsplit(".", 1)[0]
    if (not stem or "/" in stem or "\\" in stem or os.sep in stem or (os.altsep and os.altsep in stem)
            or ".." in stem or not _PLAIN_NAME.match(stem)):
        raise ComposeError(f"{name!r} is not a plain file name (letters, digits, '-', '_', '.', spaces; "
                           "no folder, no leading dot)")
    return f"{stem}.yaml"


def with_base_for(scenario: Scenario, base_path, directory) -> Scenario:
    """A copy of ``scenario`` whose ``base`` points to ``base_path`` from ``directory``.

    A composed scenario that states no ``operation`` keeps its base's climate (the base's
    ``operation.dju``): its deltas then compare the measures at the base's climate, the plants'
    stops drawn (docs/operation.md, "Like-for-like")."""
    rel = os.path.relpath(Path(base_path).resolve(), Path(directory).resolve())
    update = {"base": Path(rel).as_posix()}
    if scenario.operation is None:
        base_dju = (read_scenario(base_path).operation or {}).get("dju")
        if base_dju:
            update["operation"] = {"dju": base_dju}
    return scenario.model_copy(update=update)


# The dashboard's per-session temporary folders: composed scenarios, unpacked zips, the root scenario written
# for a network folder. Streamlit tells no one when a browser goes away, so each new one first removes those
# of this user that no session has touched for STALE_AFTER_S (a live session touches its own on every run).
SESSION_PREFIXES = ("heatnet-composed-", "heatnet_upload_", "heatnet_network_")
STALE_AFTER_S = 24 * 3600


def sweep_stale_sessions(root=None, max_age_s=STALE_AFTER_S, now=None):
    """Remove this user's session folders in ``root`` (the system's temporary folder) untouched for
    ``max_age_s``; returns the folders removed."""
    import shutil
    import time

    root = Path(root or tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(SESSION_PREFIXES) or not entry.is_dir(follow_symlinks=False):
            continue
        info = entry.stat(follow_symlinks=False)
        if info.st_uid == os.getuid() and now - info.st_mtime > max_age_s:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def session_dir(prefix):
    """A new private folder (mode 0700) for one dashboard session, after sweeping the stale ones."""
    sweep_stale_sessions()
    return Path(tempfile.mkdtemp(prefix=prefix))


def touch(paths):
    """Mark a live session's folders as used (their modification time), so no sweep removes them."""
    for path in paths:
        try:
            os.utime(path)
        except OSError:
            pass


def private_dir():
    """A new folder only this user can read or write (mode 0700), for one dashboard session's composed files."""
    return session_dir("heatnet-composed-")


def _check_private(directory):
    """The folder is a real folder of this user that nobody else may write into (else a planted file runs)."""
    info = os.lstat(directory)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise ComposeError(f"{directory} is not a private folder of this user: composed scenarios are not "
                           "written there")


def write_temp(scenario: Scenario, base_path, directory=None) -> Path:
    """Write the scenario to a file named by its content in a private folder; return its path.

    The same content gives the same path, so runs cached on (path, modification time) are reused; a
    file found there is used only when its content is the expected one (else it is rewritten).
    ``directory``: the session's folder (:func:`private_dir`); by default a new private folder.
    """
    directory = Path(directory) if directory is not None else private_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    _check_private(directory)
    text = scenario_to_yaml(with_base_for(scenario, base_path, directory))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
    path = directory / f"composed_{digest}.yaml"
    try:
        same = not path.is_symlink() and path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        same = False
    if not same:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".composed.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return path


def dependents(target, directory):
    """Scenario and timeline files under ``directory`` that name ``target`` as their base or a step."""
    from heatnet.io.errors import DataError
    from heatnet.io.files import read_yaml

    target, found = Path(target).resolve(), []
    for path in sorted(Path(directory).rglob("*.yaml")):
        try:
            data = read_yaml(path)
        except DataError:
            continue
        if not isinstance(data, dict):
            continue
        refs = [data.get("base")] + [s.get("scenario") for s in data.get("steps") or [] if isinstance(s, dict)]
        if any(isinstance(r, str) and r and (path.parent / r).resolve() == target for r in refs):
            found.append(path)
    return found


def save_composed(scenario: Scenario, base_path, directory, name, overwrite=False) -> Path:
    """Save to ``directory/<name>.yaml`` with ``base`` relative to it.

    Raises ComposeError for a name that is not a plain file name or a file other scenarios build on
    (their base or a timeline's step: replacing it would change them), and FileExistsError when
    the file exists and ``overwrite`` is false (the caller asks the user first).
    """
    directory = Path(directory).resolve()
    target = directory / safe_file_name(name)
    if target.resolve().parent != directory:  # belt and braces: never write outside the folder
        raise ComposeError(f"{name!r} is not a plain file name")
    if target.resolve() == Path(base_path).resolve():
        raise ComposeError("a scenario cannot replace its own base file")
    if overwrite and target.exists():
        users = dependents(target, directory)
        if users:
            raise ComposeError(f"{target.name} is the base of {', '.join(p.name for p in users[:5])}: replacing it "
                               "would change them; choose another name")
    return save_scenario(with_base_for(scenario, base_path, directory), target, overwrite=overwrite)


def saved_yaml(scenario: Scenario, base_path, directory) -> str:
    """The text that :func:`save_composed` writes (for a download)."""
    return scenario_to_yaml(with_base_for(scenario, base_path, directory))



# ---------------------------------------------------------------- from widgets to a scenario mapping

def default_node(state, plant_node=None):
    """The node the composer offers first for a connection: the junction the most pipes meet at (the
    network's own hub; ties: the first in nodes.csv), else the first node that is not the plant's."""
    nodes, pipes = state.nodes, state.pipes
    degree = pd.concat([pipes["from_node"], pipes["to_node"]]).value_counts()
    junctions = [n for n in nodes.loc[nodes["kind"] == "junction", "id"]]
    if junctions:
        return max(junctions, key=lambda n: (degree.get(n, 0), -junctions.index(n)))
    others = [n for n in nodes["id"] if n != plant_node]
    return others[0] if others else None


def interconnection_defaults(scenario_paths, base, lang="fr"):
    """The composer's interconnection before the user changes it: the ``interconnect`` measure of the first
    scenario of the folder that has one (the one the network's study looked at), else a neutral one sized on
    the base (a fifth of its sales and subscribed power, 1 km away, the neighbour's own gas boilers as its
    back-up). Its connection node is moved to :func:`default_node` when the base has no such node."""
    from heatnet.io.errors import DataError

    nodes = set(base.state.nodes["id"])
    hub = default_node(base.state, base.network.params.get("plant_node"))
    for path in scenario_paths:
        try:
            measures = read_scenario(path).measures
        except (DataError, OSError):
            continue
        body = next((dict(m["interconnect"]) for m in measures if "interconnect" in m), None)
        if body is not None:
            if body.get("connect_to") not in nodes:
                body["connect_to"] = hub
            return body
    heat_mwh = round(0.2 * float(base.figures["heat_sold_mwh"]), -1) or 100.0
    subscribed_kw = round(0.2 * float(base.figures["subscribed_kw"]), -1) or 100.0
    merit = int(base.state.plants["merit_order"].max()) + 1 if len(base.state.plants) else 1
    return {"name": label("ui_neighbour_name", lang), "connect_to": hub, "pipe_length_m": 1000.0,
            "pipe_dn_mm": 150.0, "heat_mwh": heat_mwh, "subscribed_kw": subscribed_kw,
            "client": {"client": "NEIGHBOUR", "name": label("ui_neighbour_name", lang), "category": "other_public",
                       "public_building": False},
            "plants": [{"id": "neighbour_gas_boilers", "name": label("ui_neighbour_plant", lang),
                        "technology": "gas_boiler", "fuel": "gas", "capacity_kw": subscribed_kw,
                        "efficiency_frac": 0.92, "renewable": False, "in_dsp": False, "merit_order": merit,
                        "source": "assumption: the composer's neutral interconnection"}]}


def compose_dict(name, year, *, description=None, remove_clients=(), remove_numbers=(), renovate=None,
                 extension=None, interconnect=None, r1_eur_per_mwh=None, r2_policy="hold_total",
                 include_extension_capex=False):
    """A scenario mapping (without ``base``) from the composer's choices.

    ``renovate``: {clients, substation_no, public_buildings, energy_saving_frac, subscribed_saving_frac};
    ``extension``: {name, connect_to, trunk_length_m, trunk_dn_mm, count, subscribed_kw, heat_mwh, client,
    pipe_length_m, dwellings} (kW and MWh per substation); ``interconnect``: the measure's body
    (:func:`interconnection_defaults` with the user's changes).
    """
    measures = []
    if remove_clients or remove_numbers:
        body = {}
        if remove_clients:
            body["clients"] = list(remove_clients)
        if remove_numbers:
            body["substation_no"] = [str(n) for n in remove_numbers]
        measures.append({"remove_substations": body})
    if renovate:
        body = {k: renovate[k] for k in ("energy_saving_frac", "subscribed_saving_frac") if k in renovate}
        if renovate.get("clients"):
            body["clients"] = list(renovate["clients"])
        if renovate.get("substation_no"):
            body["substation_no"] = [str(n) for n in renovate["substation_no"]]
        if renovate.get("public_buildings"):
            body["public_buildings"] = True
        measures.append({"renovate": body})
    if extension:
        ext = dict(extension)
        sub = {"id": ext.pop("substation_id", "EXT-UI"), "client": ext.pop("client"),
               "subscribed_kw": ext.pop("subscribed_kw"), "heat_mwh": ext.pop("heat_mwh"),
               "count": int(ext.pop("count", 1)), "pipe_length_m": ext.pop("pipe_length_m", 0.0)}
        dwellings = ext.pop("dwellings", None)
        if dwellings:
            sub["dwellings"] = int(dwellings)
        sub["building"] = ext.get("name")
        ext["substations"] = [sub]
        measures.append({"add_substations": ext})
    if interconnect is not None:
        measures.append({"interconnect": dict(interconnect)})
    tariff = {"r2_policy": r2_policy}
    if r1_eur_per_mwh:
        tariff["r1_eur_per_mwh"] = float(r1_eur_per_mwh)
    if include_extension_capex:
        tariff["include_extension_capex"] = True
    data = {"name": name, "year": int(year), "measures": measures, "tariff": tariff}
    if description:
        data["description"] = description
    return data
