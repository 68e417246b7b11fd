"""Scenario files: their schema, reading with clear errors, atomic saving, and chains of bases.

A scenario file (YAML) names a ``network`` folder (the root of a chain) or a ``base``
scenario file, a ``year``, a list of ``measures`` applied in order and a ``tariff``
policy (see docs/scenarios.md).

Tariff policies (``tariff.r2_policy``):

* ``contract``: the contract's unit prices in force on the tariff date (root scenarios);
* ``hold_total``: the R2 total revenue of the price anchor is held and spread over the kW
  that remain (fixed costs do not shrink with sales: the study's assumption);
* ``hold_unit``: the price anchor's R2 unit price stays; the operator absorbs the change.

The price anchor is the nearest ancestor that sets the R2 price (the root, or a scenario with
``r2_policy: contract``): see :func:`heatnet.scenarios.evaluate.price_anchor`.
"""

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator

from heatnet.io.errors import DataError, key_path
from heatnet.io.files import check_path, read_yaml, wrong_kind
from heatnet.io.write import write_atomic
from heatnet.scenarios.measures import MEASURES, Model




class ScenarioError(DataError):
    """A scenario file that cannot be read, validated or run."""


class TariffPolicy(Model):
    r1_eur_per_mwh: float | None = Field(None, gt=0, le=10_000, description="R1 given, EUR HT/MWh (else inherited "
                                                                             "or from the contract / the mix).")
    tariff_date: dt.date | None = Field(None, description="Contract tariff date (default: in force on 1 Jan of "
                                                         "the year, else the latest).")
    r2_policy: Literal["contract", "hold_total", "hold_unit"] | None = Field(
        None, description="contract (root default), hold_total (default with a base) or hold_unit.")
    price_basis: Literal["tariff", "accounts"] | None = Field(
        None, description="tariff: unit prices x quantities; accounts: the period's actual revenues (root only).")
    accounts_period: str | None = Field(None, description="Accounts period for the accounts basis (default: year).")
    include_extension_capex: bool = Field(
        False, description="Add the annuity of this scenario's new extensions (net of subsidy and connection "
                           "fees) to the R2 total and to the operator's R2 costs. Off, as in the study, when the "
                           "extensions are already financed in the contract (R2.4).")
    capex_subsidy_frac: float = Field(0.0, ge=0, le=1, description="Share of extension investment subsidised "
                                                                    "(e.g. Fonds Chaleur).")


class Scenario(Model):
    name: str = Field(..., min_length=1)
    description: str | None = None
    base: str | None = Field(None, description="Base scenario file, relative to this file.")
    network: str | None = Field(None, description="Network folder, relative to this file (root scenarios).")
    year: int = Field(..., ge=1900, le=2100)
    load_year: int | None = Field(None, description="Year of the loads table to start from (root scenarios).")
    measures: list[dict[str, Any]] = Field(default_factory=list)
    tariff: TariffPolicy = Field(default_factory=TariffPolicy)
    operation: dict[str, Any] | None = Field(None, description="Hourly operation settings (not inherited).")

    @field_validator("measures")
    @classmethod
    def _measures(cls, value):
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict) or len(item) != 1:
                raise ValueError(f"measures[{i}] must be a mapping with one key, one of {sorted(MEASURES)}")
            (kind, body), = item.items()
            if kind not in MEASURES:
                raise ValueError(f"measures[{i}]: unknown measure {kind!r}; allowed: {sorted(MEASURES)}")
            if not isinstance(body, dict):
                raise ValueError(f"measures[{i}].{kind} must be a mapping of its parameters")
            try:
                model = MEASURES[kind].model_validate(body)
            except ValidationError as exc:
                message = _pydantic_message(exc, MEASURES[kind], body)
                raise ValueError(f"measures[{i}].{kind}{'' if message.startswith('[') else '.'}{message}") from None
            out.append({kind: model.model_dump(mode="json", exclude_unset=True, by_alias=True)})
        return out

    @field_validator("operation")
    @classmethod
    def _operation(cls, value):
        """Validated against OperationSettings and kept as plain data (dates as ISO text), so a
        scenario saved and read back is equal to itself."""
        if value is None:
            return None
        from heatnet.model.operation import OperationSettings

        try:
            settings = OperationSettings.model_validate(value)
        except ValidationError as exc:
            err = _first_error(exc)
            where = key_path(err["loc"])
            extra = f"; allowed keys: {sorted(OperationSettings.model_fields)}" if err["type"] == "extra_forbidden" \
                else ""
            if not extra:
                where, message = _problem(err, value)
                raise ValueError(f"operation.{where}: {message}") from None
            raise ValueError(f"operation.{where}: {err['msg']}{extra}") from None
        return settings.model_dump(mode="json", exclude_unset=True)

    def measure_models(self):
        for item in self.measures:
            (kind, body), = item.items()
            yield kind, MEASURES[kind].model_validate(body)


def _allowed(model_cls, loc):
    cls = model_cls
    for part in loc[:-1]:
        field_info = cls.model_fields.get(part) if hasattr(cls, "model_fields") else None
        if field_info is None:
            break
        ann = field_info.annotation
        inner = [a for a in getattr(ann, "__args__", (ann,)) if hasattr(a, "model_fields")]
        if inner:
            cls = inner[0]
    return sorted(k if not f.alias else f.alias for k, f in cls.model_fields.items()) if hasattr(
        cls, "model_fields") else []


def _first_error(exc):
    """The error to show first: an unknown key (a typo) explains the missing key it hides."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


FRENCH_DECIMAL = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*,\d+|[+-]?\d+,\d+")


def _split_number(err, data):
    """``(key, text)`` where a number key with no value follows a number (``{r1_eur_per_mwh: 41,5}`` read as
    ``r1_eur_per_mwh: 41`` and ``5: null``): the key the user wrote and the number meant, else None."""
    loc = [p for p in err["loc"] if p != "[key]"]
    found = err.get("input")
    if not loc or not isinstance(found, int) or isinstance(found, bool) or err["type"] not in (
            "invalid_key", "string_type"):
        return None
    mapping = data
    for part in loc[:-1]:
        try:
            mapping = mapping[part]
        except (KeyError, IndexError, TypeError):
            return None
    keys = list(mapping) if isinstance(mapping, dict) else []
    if found not in keys or mapping[found] is not None or keys.index(found) == 0:
        return None
    before = keys[keys.index(found) - 1]
    value = mapping[before]
    digits = re.sub(r"[ \u00a0\u202f]", "", value) if isinstance(value, str) else None
    if not (isinstance(value, int) and not isinstance(value, bool)) and not (digits and digits.isdigit()):
        return None
    return before, loc[:-1], f"{digits or value}.{found}"


def _problem(err, data=None):
    """``(key path, message)``: where and what a validator found wrong, and, where it reads as a French decimal
    comma, how to write it: ``0,2`` in a block is text, not a number; ``{r1_eur_per_mwh: 41,5}`` in braces is
    two entries, 41 and a key 5 (the key named is then the user's, ``r1_eur_per_mwh``)."""
    found = err.get("input")
    split = _split_number(err, data) if data is not None else None
    if split:
        key, parent, meant = split
        return key_path([*parent, key]), (f"{meant.replace('.', ',')} inside {{...}} reads as two entries "
                                          f"({meant.split('.')[0]} and a key {found}): a comma separates entries "
                                          f"there; write {key}: {meant}")
    text = f"{err['msg']} (found {found!r})"
    if isinstance(found, str) and FRENCH_DECIMAL.fullmatch(found.strip()):
        plain = re.sub(r"[ \u00a0\u202f]", "", found.strip()).replace(",", ".")
        text += f"; a scenario file writes numbers with a decimal point: {plain}"
    return key_path(err["loc"]), text


def _pydantic_message(exc, model_cls, data=None):
    err = _first_error(exc)
    loc = [p for p in err["loc"] if not isinstance(p, int)]
    where = key_path(err["loc"])
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown key; allowed keys: {_allowed(model_cls, loc)}"
    if err["type"] == "missing":
        return f"{where}: missing required key"
    return "{}: {}".format(*_problem(err, data))


# ---------------------------------------------------------------- reading and writing

def read_scenario(path, referrer=None, key=None) -> Scenario:
    """Read and validate one scenario file (its base is not followed).

    ``referrer`` and ``key``: the scenario file and key that named ``path`` (``base``), named in
    the error when ``path`` cannot be read or is not a scenario."""
    path = Path(path)
    try:
        raw = read_yaml(path, referrer=referrer, key=key)
    except DataError as exc:
        raise ScenarioError(exc.file, exc.message, line=exc.line, column=exc.column) from None
    if referrer is not None and not isinstance(raw, dict):
        raise ScenarioError(referrer, f"{path} is not a scenario file (expected a mapping with name, year, "
                                      "network or base)", column=key)
    if not isinstance(raw, dict):
        raise ScenarioError(path, "expected a mapping with name, year, network or base, measures, tariff")
    other = wrong_kind(raw, "scenario")
    if other:
        raise ScenarioError(referrer or path, f"{path.name} is {other}" if referrer else f"this file is {other}",
                            column=key) from None
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        err = _first_error(exc)
        if err["loc"] and err["loc"][0] in ("measures", "operation") and err["type"] == "value_error":
            message = err["msg"].removeprefix("Value error, ")
            where, _, what = message.partition(": ")
            raise ScenarioError(path, what or message, column=where) from None
        where = key_path(err["loc"])
        if err["type"] == "extra_forbidden":
            allowed = _allowed(Scenario, [p for p in err["loc"] if not isinstance(p, int)])
            raise ScenarioError(path, f"unknown key; allowed keys: {allowed}", column=where) from None
        if err["type"] == "missing":
            raise ScenarioError(path, "missing required key", column=where) from None
        where, message = _problem(err, raw)
        raise ScenarioError(path, message, column=where) from None


def scenario_to_yaml(scenario: Scenario):
    data = scenario.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if not data.get("measures"):
        data.pop("measures", None)
    data["tariff"] = {k: v for k, v in data.get("tariff", {}).items() if v is not None}
    if not data["tariff"]:
        data.pop("tariff")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def save_scenario(scenario: Scenario, path, overwrite=False):
    """Write a scenario file atomically (heatnet.io.write); an existing file is replaced only with ``overwrite``
    (else :class:`heatnet.io.write.TargetExistsError`, a FileExistsError)."""
    return write_atomic(path, scenario_to_yaml(scenario), overwrite=overwrite)


def _check(path, kind, referrer, key, what=None):
    try:
        return check_path(path, kind, referrer=referrer, key=key, what=what)
    except DataError as exc:
        raise ScenarioError(exc.file, exc.message, line=exc.line, column=exc.column) from None


def _check_referenced_files(path, scenario):
    """The CSV files a scenario names exist and are regular files: the error names the scenario and key."""
    weather = (scenario.operation or {}).get("weather_csv")
    if weather is not None:
        _check(path.parent / weather, "file", path, "operation.weather_csv", "weather file")
    for i, item in enumerate(scenario.measures):
        (kind, body), = item.items()
        if kind == "add_substations" and body.get("csv") is not None:
            _check(path.parent / body["csv"], "file", path, f"measures[{i}].add_substations.csv", "csv file")


def resolve_chain(path, read=None):
    """The chain of (path, Scenario) from the root to ``path``; a cycle of bases is an error.

    ``read``: the reader of one file, called as :func:`read_scenario` (a study resolving several
    chains passes one that reads each file once, :class:`ScenarioReads`)."""
    read = read or read_scenario
    chain, seen = [], []
    current = Path(path).resolve()
    referrer = None
    while True:
        if current in seen:
            cycle = " -> ".join(p.name for p in seen + [current])
            raise ScenarioError(seen[-1], f"cycle of bases: {cycle}", column="base")
        seen.append(current)
        scenario = read(current, referrer=referrer, key="base" if referrer else None)
        _check_referenced_files(current, scenario)
        chain.append((current, scenario))
        if scenario.base is None:
            if scenario.network is None:
                raise ScenarioError(current, "a scenario without base must name its network folder",
                                    column="network")
            if scenario.load_year is None:
                raise ScenarioError(current, "a scenario without base must give load_year (a year of the "
                                             "network's loads table)", column="load_year")
            _check(current.parent / scenario.network, "folder", current, "network")
            break
        if scenario.network is not None:
            raise ScenarioError(current, "give network or base, not both (the network comes from the root)",
                                column="network")
        _check(current.parent / scenario.base, "file", current, "base", "base file")
        referrer, current = current, (current.parent / scenario.base).resolve()
    return list(reversed(chain))


class ScenarioReads:
    """:func:`read_scenario` that reads each file once: one study names the same scenario files in
    several places (a timeline's steps, their chains of bases). Errors are those of the first read."""

    def __init__(self):
        self._read = {}

    def __call__(self, path, referrer=None, key=None) -> Scenario:
        try:
            resolved = Path(path).resolve()
        except (ValueError, OSError, RuntimeError):  # a NUL, a loop of links: the reader names file and key
            return read_scenario(path, referrer=referrer, key=key)
        if resolved not in self._read:
            self._read[resolved] = read_scenario(path, referrer=referrer, key=key)
        return self._read[resolved]
