"""Scenario measures: what a scenario changes in the network, one model and one function each.

A measure is written in a scenario file as a one-key mapping, ``- renovate: {...}``. Each
measure's model (pydantic, unknown keys refused) validates the block; its ``apply`` turns
a :class:`NetworkState` into a new one. States are copied, never changed in place, so the
runner can evaluate the price after every measure (the price bridge).
"""

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from heatnet.io.errors import key_path
from heatnet.io.folder import DataError, parse_number, read_csv_cells
from heatnet.io.schema import TABLES


class Model(BaseModel):
    """Unknown keys refused; every number finite (``.inf`` and ``.nan`` are refused, not carried to the figures).

    A model's validator is built when it first validates (``defer_build``): a run builds those of its
    scenario's measures, not the dozen a scenario may name (15 ms of a cold start)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, defer_build=True)


# ---------------------------------------------------------------- the state measures act on

@dataclass
class NetworkState:
    """Substations, clients, nodes, pipes and plants as a scenario stands after some measures.

    ``substations`` has the columns of substations.csv plus ``heat_mwh``, ``subscribed_kw``,
    ``category``, ``public_building`` and ``added_by`` (the measure that added it, or None).
    """

    substations: pd.DataFrame
    clients: pd.DataFrame
    nodes: pd.DataFrame
    pipes: pd.DataFrame
    plants: pd.DataFrame
    extensions: list = field(default_factory=list)  # one dict per add_substations / interconnect

    def copy(self):
        return NetworkState(self.substations.copy(), self.clients.copy(), self.nodes.copy(), self.pipes.copy(),
                            self.plants.copy(), [dict(e) for e in self.extensions])


class MeasureError(ValueError):
    """A measure that cannot apply to the state (unknown id, empty selection, clash of ids)."""


# ---------------------------------------------------------------- selection

def unknown_message(what, unknown, known, shown=40):
    """An unknown reference named with the near ones first (a typo: ``31a`` for ``31A``), then the known ones,
    the first ``shown`` of them and how many more, so a long list never looks complete when it is cut."""
    known = sorted(known)
    near = []
    for value in unknown:
        same = [k for k in known if k.casefold() == str(value).casefold()]
        near += [k for k in same + difflib.get_close_matches(str(value), known, n=3, cutoff=0.6) if k not in near]
    text = f"unknown {what}(s) {unknown}"
    if near:
        text += f"; did you mean {near}?"
    more = len(known) - shown
    return text + f"; known: {known[:shown]}" + (f" and {more} more" if more > 0 else "")


class Selector(Model):
    """Which substations a measure acts on: every criterion given must hold (AND)."""

    ids: list[str] | None = Field(None, description="Substation ids (substations.csv id).")
    substation_no: list[str] | None = Field(None, description="The study's / operator's substation numbers.")
    clients: list[str] | None = Field(None, description="Client codes (clients.csv).")
    categories: list[str] | None = Field(None, description="Client categories (city, social_housing, ...).")
    branches: list[str] | None = Field(None, description="Branch codes.")
    public_buildings: bool | None = Field(None, description="Only public buildings (true) or only others (false).")
    all_substations: bool = Field(False, alias="all", description="Select every substation.")

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True)

    @model_validator(mode="after")
    def _one_criterion(self):
        given = [self.ids, self.substation_no, self.clients, self.categories, self.branches, self.public_buildings]
        if not self.all_substations and all(g is None for g in given):
            raise ValueError("select substations with at least one of ids, substation_no, clients, categories, "
                             "branches, public_buildings, or all: true")
        return self

    def select(self, subs):
        """Boolean mask over ``subs``; an unknown id, number, client or branch is an error."""
        mask = pd.Series(True, index=subs.index)
        for values, column, what in ((self.ids, "id", "substation id"),
                                     (self.substation_no, "substation_no", "substation number"),
                                     (self.clients, "client", "client"), (self.categories, "category", "category"),
                                     (self.branches, "branch", "branch")):
            if values is None:
                continue
            known = set(subs[column].dropna().astype(str))
            unknown = [v for v in values if str(v) not in known]
            if unknown:
                raise MeasureError(unknown_message(what, unknown, known))
            mask &= subs[column].astype(str).isin([str(v) for v in values])
        if self.public_buildings is not None:
            mask &= subs["public_building"] == self.public_buildings
        if not mask.any():
            raise MeasureError("the selection matches no substation")
        return mask


# ---------------------------------------------------------------- measures

class RemoveSubstations(Selector):
    """Subscribers leave the network (closure, demolition)."""

    def apply(self, state, label):
        out = state.copy()
        out.substations = out.substations[~self.select(out.substations)].reset_index(drop=True)
        return out


class Renovate(Selector):
    """Energy savings on the selected buildings; optionally lower subscribed power.

    ``subscribed_saving_frac``: after energy-efficiency work a subscriber may lower its
    subscribed power (Code de l'énergie L.241-10, on an EN 12831 study or a logger).
    """

    energy_saving_frac: float = Field(..., ge=0, lt=1, description="Share of heat saved, 0..1.")
    subscribed_saving_frac: float = Field(0.0, ge=0, lt=1, description="Share of subscribed power given up.")

    def apply(self, state, label):
        out = state.copy()
        mask = self.select(out.substations)
        out.substations.loc[mask, "heat_mwh"] *= 1 - self.energy_saving_frac
        out.substations.loc[mask, "subscribed_kw"] *= 1 - self.subscribed_saving_frac
        return out


class ScaleSubstations(Selector):
    """Scale heat and/or subscribed power of the selection by factors or to reach network totals.

    Used to restate a year from another year's table (e.g. 2014 from the 2016 rows): with
    ``heat_sold_mwh`` the selection is scaled so that the network's total heat equals it.
    """

    heat_factor: float | None = Field(None, gt=0, le=100)
    subscribed_factor: float | None = Field(None, gt=0, le=100)
    heat_sold_mwh: float | None = Field(None, gt=0, le=1e8, description="Target network total heat, MWh.")
    subscribed_kw: float | None = Field(None, gt=0, le=1e8, description="Target network total subscribed power, kW.")

    @model_validator(mode="after")
    def _one_way(self):
        if self.heat_factor is not None and self.heat_sold_mwh is not None:
            raise ValueError("give heat_factor or heat_sold_mwh, not both")
        if self.subscribed_factor is not None and self.subscribed_kw is not None:
            raise ValueError("give subscribed_factor or subscribed_kw, not both")
        if all(v is None for v in (self.heat_factor, self.subscribed_factor, self.heat_sold_mwh, self.subscribed_kw)):
            raise ValueError("give at least one of heat_factor, subscribed_factor, heat_sold_mwh, subscribed_kw")
        return self

    def apply(self, state, label):
        out = state.copy()
        subs = out.substations
        mask = self.select(subs)
        for column, factor, target in (("heat_mwh", self.heat_factor, self.heat_sold_mwh),
                                       ("subscribed_kw", self.subscribed_factor, self.subscribed_kw)):
            if target is not None:
                selected, others = subs.loc[mask, column].sum(), subs.loc[~mask, column].sum()
                if selected <= 0 or target <= others:
                    raise MeasureError(f"cannot reach {column} {target:g}: the rest of the network has {others:g}")
                factor = (target - others) / selected
            if factor is not None:
                subs.loc[mask, column] *= factor
        return out


class ClientSpec(Model):
    client: str
    name: str | None = None
    category: Literal["city", "social_housing", "health", "education", "private_housing", "tertiary", "industry",
                      "other_public", "other"]
    public_building: bool = False


class NewSubstation(Model):
    """One new building (or ``count`` identical ones), connected by a service pipe."""

    id: str
    building: str | None = None
    client: str
    substation_no: str | None = None
    dwellings: int | None = Field(None, ge=0, description="Dwellings per substation.")
    subscribed_kw: float = Field(..., gt=0, le=1e7, description="Subscribed power per substation, kW.")
    heat_mwh: float = Field(..., ge=0, le=1e7, description="Annual heat per substation, MWh.")
    pipe_length_m: float = Field(0.0, ge=0, le=100_000, description="Service pipe length per substation, m.")
    pipe_dn_mm: float | None = Field(None, ge=10, le=2000, description="Service pipe DN; sized from kW when absent.")
    connect_to: str | None = Field(None, description="Existing node to connect to (default: the extension's hub).")
    count: int = Field(1, ge=1, le=10_000, description="Number of identical substations.")
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    substation_capex_eur: float | None = Field(None, ge=0, description="This substation's own investment (e.g. a "
                                                                        "house module); else the power-band cost.")


class RouteSegment(Model):
    """A new distribution pipe along a street, from a node that exists (or an earlier segment's end)."""

    id: str
    from_node: str
    to_node: str = Field(..., description="New node at the segment's end.")
    length_m: float = Field(..., gt=0, le=1e6)
    dn_mm: float = Field(..., gt=0, le=2000)
    lon: float | None = Field(None, ge=-180, le=180, description="Longitude of to_node (WGS84).")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude of to_node (WGS84).")


NEW_SUBSTATION_CSV = ("id", "client", "subscribed_kw", "heat_mwh")


def read_new_substations(path):
    """New substations from a CSV (columns of NewSubstation; French decimals accepted)."""
    cells, lines = read_csv_cells(path)
    missing = [c for c in NEW_SUBSTATION_CSV if c not in cells.columns]
    if missing:
        raise DataError(path, f"missing column(s) {missing}; expected at least {list(NEW_SUBSTATION_CSV)} and "
                              f"optionally {sorted(set(NewSubstation.model_fields) - set(NEW_SUBSTATION_CSV))}")
    rows = []
    for (_, row), line in zip(cells.iterrows(), lines):
        data = {k: v for k, v in row.items() if v != "" and k != "source"}
        for key in ("subscribed_kw", "heat_mwh", "pipe_length_m", "pipe_dn_mm", "lon", "lat"):
            if key in data:
                try:
                    data[key] = parse_number(data[key])
                except ValueError:
                    raise DataError(path, f"expected a number, found {data[key]!r}", line=line, column=key) from None
        try:
            rows.append(NewSubstation(**data))
        except Exception as exc:  # pydantic's message names the field
            raise DataError(path, _first_error(exc), line=line) from None
    return rows


def _first_error(exc):
    errors = getattr(exc, "errors", None)
    if errors:
        err = errors()[0]
        loc = key_path(err["loc"])
        return f"{loc}: {err['msg']}"
    return str(exc)


def service_dn_mm(subscribed_kw, sizing=((150, 50), (400, 65), (700, 80), (1200, 100), (2500, 125), (6000, 150),
                                        (12000, 200), (25000, 250), (float("inf"), 300))):
    """A default DN for a pipe carrying ``subscribed_kw`` (about 1 m/s at 30 K; replaced by the
    physics module's sizing where it is used)."""
    return next(dn for limit, dn in sizing if subscribed_kw <= limit)


class AddSubstations(Model):
    """An extension: new buildings joined through a new trunk pipe to an existing node."""

    name: str = Field(..., description="Extension name (reported).")
    connect_to: str = Field(..., description="Existing node the extension's trunk starts from.")
    trunk_length_m: float = Field(0.0, ge=0, le=100_000,
                                  description="Trunk pipe from connect_to to the extension hub, m.")
    trunk_dn_mm: float | None = Field(None, ge=10, le=2000,
                                      description="Trunk DN; sized from the extension's kW if absent.")
    hub_node: str | None = Field(None, description="Id of the new node at the trunk's end (default X_<name>_hub); "
                                                   "later measures can connect to it.")
    branch: str | None = Field(None, description="Branch code to file the new pipes and substations under.")
    substations: list[NewSubstation] | None = None
    csv: str | None = Field(None, description="CSV of new substations, relative to the scenario file.")
    clients: list[ClientSpec] = Field(default_factory=list, description="New client codes the extension uses.")
    routes: list[RouteSegment] = Field(default_factory=list, description="New street pipes, in order from the "
                                                                         "network; substations may connect to "
                                                                         "their nodes.")
    connection_fees_eur: float = Field(0.0, ge=0, description="Connection fees paid by the new subscribers.")
    commissioning_year: int | None = Field(None, ge=1900, le=2100)

    @model_validator(mode="after")
    def _some_substations(self):
        if not self.substations and not self.csv:
            raise ValueError("give substations (a list) or csv (a file of new substations)")
        return self

    def new_substations(self, base_dir):
        rows = list(self.substations or [])
        if self.csv:
            path = (Path(base_dir) / self.csv).resolve()
            if not path.exists():
                raise MeasureError(f"csv {self.csv!r}: file not found ({path})")
            try:
                rows += read_new_substations(path)
            except DataError as exc:  # name the key that points to the file, not only the file
                raise MeasureError(f"csv {self.csv!r}: {exc}") from None
        return rows

    def apply(self, state, label, base_dir="."):
        out = state.copy()
        _add_clients(out, self.clients)
        node_ids = set(out.nodes["id"])
        if self.connect_to not in node_ids:
            raise MeasureError(f"connect_to: unknown node {self.connect_to!r}")
        specs = self.new_substations(base_dir)
        expanded = []
        for spec in specs:
            for k in range(spec.count):
                sid = spec.id if spec.count == 1 else f"{spec.id}-{k + 1}"
                expanded.append((sid, spec))
        ids = [sid for sid, _ in expanded]
        clash = sorted(set(ids) & set(out.substations["id"])) or sorted({i for i in ids if ids.count(i) > 1})
        if clash:
            raise MeasureError(f"substation id(s) {clash[:10]} already exist")
        known_clients = set(out.clients["client"])
        for _, spec in expanded:
            if spec.client not in known_clients:
                raise MeasureError(f"substation {spec.id!r}: unknown client {spec.client!r}; declare it under "
                                   f"clients: or use one of {sorted(known_clients)}")
        total_kw = sum(spec.subscribed_kw for _, spec in expanded)
        slug = _slug(self.name)
        hub = self.connect_to
        new_nodes, new_pipes = [], []
        if self.trunk_length_m > 0:
            hub = self.hub_node or f"X_{slug}_hub"
            if hub in node_ids:
                raise MeasureError(f"node {hub!r} already exists (an extension of the same name or hub_node)")
            new_nodes.append({"id": hub, "kind": "junction", "lon": None, "lat": None, "reconstructed": True})
            new_pipes.append({"id": f"X_{slug}_trunk", "from_node": self.connect_to, "to_node": hub,
                              "dn_mm": self.trunk_dn_mm or service_dn_mm(total_kw), "length_m": self.trunk_length_m,
                              "branch": self.branch, "kind": "distribution", "reconstructed": True})
        route_nodes = self._routes(node_ids | {hub}, new_nodes, new_pipes)
        new_subs = []
        for sid, spec in expanded:
            start = spec.connect_to or hub
            if start not in node_ids and start != hub and start not in route_nodes:
                raise MeasureError(f"substation {spec.id!r}: connect_to: unknown node {start!r}")
            node = start
            if spec.pipe_length_m > 0:
                node = f"N_{slug}_{_slug(sid)}"
                new_nodes.append({"id": node, "kind": "delivery", "lon": spec.lon, "lat": spec.lat,
                                  "reconstructed": True})
                new_pipes.append({"id": f"S_{slug}_{_slug(sid)}", "from_node": start, "to_node": node,
                                  "dn_mm": spec.pipe_dn_mm or service_dn_mm(spec.subscribed_kw),
                                  "length_m": spec.pipe_length_m, "branch": self.branch, "kind": "service",
                                  "reconstructed": True})
            new_subs.append({"id": sid, "substation_no": spec.substation_no, "building": spec.building,
                             "client": spec.client, "dwellings": spec.dwellings, "branch": self.branch,
                             "node_id": node, "heat_mwh": spec.heat_mwh, "subscribed_kw": spec.subscribed_kw,
                             "added_by": label})
            if spec.substation_capex_eur is not None:
                new_subs[-1]["substation_capex_eur"] = spec.substation_capex_eur
        _append(out, new_subs, new_nodes, new_pipes)
        out.extensions.append({"name": self.name, "kind": "add_substations", "measure": label,
                               "substation_ids": ids, "pipe_ids": [p["id"] for p in new_pipes],
                               "trunk_pipe_ids": [p["id"] for p in new_pipes if p["kind"] != "service"],
                               "connection_fees_eur": self.connection_fees_eur,
                               "commissioning_year": self.commissioning_year})
        return out

    def _routes(self, known, new_nodes, new_pipes):
        """Append the route segments' nodes and pipes; returns the new nodes' ids."""
        added = set()
        for seg in self.routes:
            if seg.from_node not in known and seg.from_node not in added:
                raise MeasureError(f"route {seg.id!r}: from_node {seg.from_node!r} is neither a node of the network "
                                   "nor the end of an earlier segment")
            if seg.to_node in known or seg.to_node in added:
                raise MeasureError(f"route {seg.id!r}: node {seg.to_node!r} already exists")
            added.add(seg.to_node)
            new_nodes.append({"id": seg.to_node, "kind": "junction", "lon": seg.lon, "lat": seg.lat,
                              "reconstructed": True})
            new_pipes.append({"id": seg.id, "from_node": seg.from_node, "to_node": seg.to_node, "dn_mm": seg.dn_mm,
                              "length_m": seg.length_m, "branch": self.branch, "kind": "distribution",
                              "reconstructed": True})
        return added


class PlantSpec(Model):
    id: str
    name: str | None = None
    technology: str
    fuel: str
    node_id: str | None = Field(None, description="Node it injects at (default: the measure's own node).")
    capacity_kw: float = Field(..., ge=0, le=1e7)
    efficiency_frac: float = Field(..., ge=0.05, le=6)
    renewable: bool
    in_dsp: bool = False
    merit_order: int = Field(..., ge=1, le=1000)
    winter_capacity_kw: float | None = Field(None, ge=0, le=1e7)
    summer_capacity_kw: float | None = Field(None, ge=0, le=1e7)
    winter_start: str | None = None
    winter_end: str | None = None
    availability_frac: float | None = Field(None, ge=0, le=1)
    must_run_start: str | None = Field(None, description="First day it runs first whatever its merit order, MM-DD.")
    must_run_end: str | None = None
    called_start: str | None = Field(None, description="First day of the season the electricity system may call it "
                                     "(a dispatchable CHP), MM-DD.")
    called_end: str | None = None
    called_hours_per_year: float | None = Field(None, ge=0, le=8784)
    called_day_hours: str | None = Field(None, description="Hours of a called day, e.g. 07-15;18-20.")
    commissioned_year: int | None = Field(None, ge=1900, le=2100)
    retired_year: int | None = Field(None, ge=1900, le=2100)
    report_group: str | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _checks(self):
        choices = {c.name: c.choices for c in TABLES["plants"].columns if c.choices}
        for key in ("technology", "fuel"):
            if getattr(self, key) not in choices[key]:
                raise ValueError(f"{key} {getattr(self, key)!r} is not one of {list(choices[key])}")
        _check_plant_rules(self)
        return self


def _check_plant_rules(plant):
    """The rules plants.csv keeps (heatnet.io.folder), for a plant a scenario adds."""
    from heatnet.io.folder import parse_monthday
    from heatnet.io.schema import called_season_problem

    for key in ("winter_start", "winter_end", "must_run_start", "must_run_end", "called_start", "called_end"):
        value = getattr(plant, key)
        if value is not None:
            try:
                parse_monthday(value)
            except ValueError:
                raise ValueError(f"{key} {value!r} is not a day of the year MM-DD") from None
    if (plant.must_run_start is None) != (plant.must_run_end is None):
        raise ValueError("must_run_start and must_run_end go together")
    problem = called_season_problem(lambda name: getattr(plant, name))
    if problem is not None:
        raise ValueError(problem[1])
    if plant.winter_capacity_kw is not None and (plant.winter_start is None or plant.winter_end is None):
        raise ValueError("winter_capacity_kw needs winter_start and winter_end")
    for key in ("winter_capacity_kw", "summer_capacity_kw"):
        value = getattr(plant, key)
        if value is not None and value > plant.capacity_kw:
            raise ValueError(f"{key} {value:g} exceeds capacity_kw {plant.capacity_kw:g}")
    if plant.commissioned_year and plant.retired_year and plant.retired_year < plant.commissioned_year:
        raise ValueError(f"retired_year {plant.retired_year} is before commissioned_year {plant.commissioned_year}")


class Interconnect(Model):
    """Another network joined through a transmission pipe: its sales become a bulk delivery point."""

    name: str
    connect_to: str = Field(..., description="Existing node the transmission pipe starts from.")
    pipe_length_m: float = Field(..., gt=0, le=100_000)
    pipe_dn_mm: float = Field(..., ge=10, le=2000)
    heat_mwh: float = Field(..., gt=0, le=1e7, description="Annual heat sold on the other network, MWh.")
    subscribed_kw: float = Field(..., gt=0, le=1e7, description="Subscribed power on the other network, kW.")
    client: ClientSpec = Field(default_factory=lambda: ClientSpec(client="interconnection", category="other"))
    plants: list[PlantSpec] = Field(default_factory=list, description="The other network's own plants.")
    capex_eur: float | None = Field(None, ge=0, le=1e11,
                                    description="Investment if known (else from the pipe catalogue).")
    commissioning_year: int | None = Field(None, ge=1900, le=2100)

    def apply(self, state, label):
        out = state.copy()
        if self.connect_to not in set(out.nodes["id"]):
            raise MeasureError(f"connect_to: unknown node {self.connect_to!r}")
        _add_clients(out, [self.client])
        slug = _slug(self.name)
        node = f"I_{slug}"
        sid = f"I_{slug}"
        if sid in set(out.substations["id"]):
            raise MeasureError(f"an interconnection named {self.name!r} already exists")
        nodes = [{"id": node, "kind": "delivery", "lon": None, "lat": None, "reconstructed": True}]
        pipes = [{"id": f"T_{slug}", "from_node": self.connect_to, "to_node": node, "dn_mm": self.pipe_dn_mm,
                  "length_m": self.pipe_length_m, "branch": None, "kind": "transmission", "reconstructed": True}]
        subs = [{"id": sid, "substation_no": None, "building": self.name, "client": self.client.client,
                 "dwellings": None, "branch": None, "node_id": node, "heat_mwh": self.heat_mwh,
                 "subscribed_kw": self.subscribed_kw, "added_by": label}]
        _append(out, subs, nodes, pipes)
        for plant in self.plants:
            row = plant.model_dump()
            row["node_id"] = row["node_id"] or node
            _add_plant(out, row)
        out.extensions.append({"name": self.name, "kind": "interconnect", "measure": label, "substation_ids": [sid],
                               "pipe_ids": [pipes[0]["id"]], "trunk_pipe_ids": [pipes[0]["id"]],
                               "connection_fees_eur": 0.0, "capex_eur": self.capex_eur,
                               "commissioning_year": self.commissioning_year})
        return out


class RetirePlants(Model):
    ids: list[str] = Field(..., min_length=1)

    def apply(self, state, label):
        out = state.copy()
        unknown = sorted(set(self.ids) - set(out.plants["id"]))
        if unknown:
            raise MeasureError(f"unknown plant(s) {unknown}; plants: {sorted(out.plants['id'])}")
        out.plants = out.plants[~out.plants["id"].isin(self.ids)].reset_index(drop=True)
        return out


class AddPlant(PlantSpec):
    def apply(self, state, label):
        out = state.copy()
        row = self.model_dump()
        if row["node_id"] is None:
            raise MeasureError("add_plant: node_id is required")
        if row["node_id"] not in set(out.nodes["id"]):
            raise MeasureError(f"add_plant: unknown node {row['node_id']!r}")
        _add_plant(out, row)
        return out


class ModifyPlant(Model):
    id: str
    capacity_kw: float | None = Field(None, ge=0, le=1e7)
    efficiency_frac: float | None = Field(None, ge=0.05, le=6)
    availability_frac: float | None = Field(None, ge=0, le=1)
    winter_capacity_kw: float | None = Field(None, ge=0, le=1e7)
    summer_capacity_kw: float | None = Field(None, ge=0, le=1e7)
    merit_order: int | None = Field(None, ge=1, le=1000)
    called_hours_per_year: float | None = Field(None, ge=0, le=8784)

    def apply(self, state, label):
        out = state.copy()
        match = out.plants["id"] == self.id
        if not match.any():
            raise MeasureError(f"unknown plant {self.id!r}; plants: {sorted(out.plants['id'])}")
        if self.called_hours_per_year is not None:
            season = out.plants.loc[match].get("called_start")
            if season is None or not season.map(lambda v: isinstance(v, str) and bool(v)).all():
                raise MeasureError(f"called_hours_per_year: plant {self.id!r} has no called season "
                                   "(called_start / called_end in plants.csv or its add_plant)")
        for key, value in self.model_dump(exclude={"id"}, exclude_none=True).items():
            out.plants.loc[match, key] = value
        return out


MEASURES = {
    "remove_substations": RemoveSubstations,
    "renovate": Renovate,
    "scale_substations": ScaleSubstations,
    "add_substations": AddSubstations,
    "interconnect": Interconnect,
    "retire_plants": RetirePlants,
    "add_plant": AddPlant,
    "modify_plant": ModifyPlant,
}


def measure_label(kind, model):
    """A short readable label: the measure's name, or what it selects."""
    name = getattr(model, "name", None)
    if name:
        return f"{kind}: {name}"
    if isinstance(model, Selector):
        parts = []
        for key in ("ids", "substation_no", "clients", "categories", "branches"):
            values = getattr(model, key)
            if values:
                parts.append(f"{key} {', '.join(map(str, values))}")
        if model.public_buildings is not None:
            parts.append("public buildings" if model.public_buildings else "non-public buildings")
        if model.all_substations:
            parts.append("all")
        extra = ""
        if isinstance(model, Renovate):
            extra = f" (-{model.energy_saving_frac:.0%} MWh, -{model.subscribed_saving_frac:.0%} kW)"
        return f"{kind}: {'; '.join(parts)}{extra}"
    if isinstance(model, RetirePlants):
        return f"{kind}: {', '.join(model.ids)}"
    if isinstance(model, (ModifyPlant, AddPlant)):
        return f"{kind}: {model.id}"
    return kind


class MeasureLabel(str):
    """A measure's short label (a plain string everywhere it is stored) carrying ``description``: what the
    measure does, with the names of the data (buildings, clients, plants), for the fronts to put in words."""

    description: dict


def describe_measure(kind, model, state):
    """What a measure does, named from ``state`` (the state it applies to): a JSON-able dict that
    heatnet.i18n.describe_measure puts in words."""
    out = {"kind": kind}
    name = getattr(model, "name", None)
    if name:
        out["name"] = name
    if isinstance(model, Selector):
        subs, clients = state.substations, state.clients.set_index("client")
        picked = [_substation_words(subs, column, value)
                  for values, column in ((model.ids, "id"), (model.substation_no, "substation_no"))
                  for value in values or ()]
        client_names = clients["name"].to_dict() if "name" in clients else {}
        out.update({"substations": picked, "clients": [str(client_names.get(c) or c) for c in model.clients or ()],
                    "categories": list(model.categories or ()), "branches": list(model.branches or ()),
                    "public_buildings": model.public_buildings, "all": model.all_substations})
        if isinstance(model, Renovate):
            out.update(energy_saving_frac=model.energy_saving_frac, subscribed_saving_frac=model.subscribed_saving_frac)
    if isinstance(model, (RetirePlants, ModifyPlant, AddPlant)):
        ids = model.ids if isinstance(model, RetirePlants) else [model.id]
        names = state.plants.set_index("id")["name"].to_dict() if "name" in state.plants else {}
        if isinstance(model, AddPlant):
            names[model.id] = model.name or model.id
        out["plants"] = [str(names.get(i) or i) for i in ids]
    return out


# ---------------------------------------------------------------- helpers

def _substation_words(subs, column, value):
    """"14 (Hôpital)": a substation's number and building(s), as users name it."""
    rows = subs[subs[column].astype(str) == str(value)]
    numbers = rows["substation_no"].dropna().astype(str).unique() if "substation_no" in rows else []
    buildings = rows["building"].dropna().astype(str).unique() if "building" in rows else []
    number = numbers[0] if len(numbers) else str(value)
    return f"{number} ({', '.join(buildings)})" if len(buildings) else number


def _slug(text):
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "".join(ch if ch.isalnum() else "_" for ch in ascii_text).strip("_")[:40] or "x"


def _add_clients(state, specs):
    for spec in specs:
        if spec.client in set(state.clients["client"]):
            continue
        row = {"client": spec.client, "name": spec.name, "category": spec.category,
               "public_building": spec.public_building}
        state.clients = pd.concat([state.clients, pd.DataFrame([row])], ignore_index=True)


def _append(state, subs, nodes, pipes):
    if subs:
        frame = pd.DataFrame(subs)
        clients = state.clients.set_index("client")
        frame["category"] = frame["client"].map(clients["category"])
        frame["public_building"] = frame["client"].map(clients["public_building"]).astype(bool)
        state.substations = pd.concat([state.substations, frame], ignore_index=True)
    if nodes:
        state.nodes = pd.concat([state.nodes, pd.DataFrame(nodes)], ignore_index=True)
    if pipes:
        state.pipes = pd.concat([state.pipes, pd.DataFrame(pipes)], ignore_index=True)


def _add_plant(state, row):
    if row["id"] in set(state.plants["id"]):
        raise MeasureError(f"plant id {row['id']!r} already exists")
    state.plants = pd.concat([state.plants, pd.DataFrame([row])], ignore_index=True)
