"""The study file: which scenario (or timeline), which uncertain inputs with which distributions,
which figures and events, how many samples.

A study file (YAML) reads::

    name: Bilan 2020, prix de la chaleur LBE
    scenario: ../2020_balance.yaml          # or timeline: ../timelines/concession_2016_2033.yaml
    samples: 2000
    seed: 2020
    inputs:
      - {kind: energy_price, fuel: wood, distribution: {kind: triangular, low: 36, mode: 41, high: 50}}
      - {kind: climate_dju, distribution: {default: dju_lens}}
    events:
      - {name: renewable_below_half, figure: renewable_frac, below: 0.5}

A distribution is given in place or named from ``data/france/uncertainty_defaults.yaml``
(``default: NAME``), which says where each one comes from. Unknown keys are errors that name
the key and the allowed ones.
"""

from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from heatnet.io.errors import DataError
from heatnet.io.files import read_yaml, wrong_kind

DEFAULTS_FILE = Path(__file__).resolve().parents[3] / "data" / "france" / "uncertainty_defaults.yaml"


class StudyError(DataError):
    """A study file that cannot be read, validated or run."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Distribution(_Model):
    """One input's distribution; ``ppf`` maps probabilities (0..1) to values."""

    kind: Literal["point", "uniform", "triangular", "normal", "lognormal", "discrete"] | None = None
    default: str | None = Field(None, description="Name of a distribution in data/france/uncertainty_defaults.yaml.")
    value: float | None = Field(None, description="point: the value.")
    low: float | None = Field(None, description="uniform, triangular: lower bound; normal: optional truncation.")
    high: float | None = Field(None, description="uniform, triangular: upper bound; normal: optional truncation.")
    mode: float | None = Field(None, description="triangular: most likely value.")
    mean: float | None = Field(None, description="normal: mean; lognormal: mean of the value (not of its log).")
    sd: float | None = Field(None, ge=0, description="normal: standard deviation; lognormal: of the value.")
    values: list[float] | None = Field(None, description="discrete: the possible values (e.g. years).")
    probabilities: list[float] | None = Field(None, description="discrete: their probabilities (default equal).")

    @model_validator(mode="after")
    def _complete(self):
        if self.default is not None:
            return self
        need = {"point": ("value",), "uniform": ("low", "high"), "triangular": ("low", "mode", "high"),
                "normal": ("mean", "sd"), "lognormal": ("mean", "sd"), "discrete": ("values",), None: ("kind",)}
        missing = [k for k in need[self.kind] if getattr(self, k) is None]
        if missing:
            raise ValueError(f"distribution {self.kind or '?'} needs {missing}")
        if self.kind in ("uniform", "triangular") and not self.low <= (self.mode if self.mode is not None
                                                                        else self.low) <= self.high:
            raise ValueError(f"{self.kind}: expected low <= mode <= high")
        if self.kind == "lognormal" and self.mean <= 0:
            raise ValueError("lognormal: mean must be positive")
        if self.kind == "discrete":
            if self.probabilities is not None and (len(self.probabilities) != len(self.values)
                                                   or abs(sum(self.probabilities) - 1) > 1e-9):
                raise ValueError("discrete: one probability per value, summing to 1")
        return self

    def ppf(self, u):
        """Values at probabilities ``u`` (array); a point returns its value whatever ``u``."""
        u = np.asarray(u, float)
        if self.kind == "point":
            return np.full(u.shape, float(self.value))
        if self.kind == "uniform":
            return self.low + (self.high - self.low) * u
        if self.kind == "discrete":
            values = np.asarray(self.values, float)
            probs = np.full(len(values), 1 / len(values)) if self.probabilities is None else np.asarray(
                self.probabilities, float)
            edges = np.cumsum(probs)
            edges[-1] = 1.0
            return values[np.minimum(np.searchsorted(edges, u, side="right"), len(values) - 1)]
        from scipy import stats

        if self.kind == "triangular":
            width = self.high - self.low
            if width == 0:
                return np.full(u.shape, float(self.low))
            return stats.triang.ppf(u, (self.mode - self.low) / width, loc=self.low, scale=width)
        if self.kind == "normal":
            if self.sd == 0:
                return np.full(u.shape, float(self.mean))
            lo = -np.inf if self.low is None else (self.low - self.mean) / self.sd
            hi = np.inf if self.high is None else (self.high - self.mean) / self.sd
            return stats.truncnorm.ppf(u, lo, hi, loc=self.mean, scale=self.sd)
        sigma2 = np.log(1 + (self.sd / self.mean) ** 2)  # lognormal with the value's own mean and sd
        return stats.lognorm.ppf(u, np.sqrt(sigma2), scale=self.mean * np.exp(-sigma2 / 2))

    @property
    def is_point(self):
        return self.kind == "point" or (self.kind in ("normal", "lognormal") and self.sd == 0) or (
            self.kind in ("uniform", "triangular") and self.low == self.high) or (
            self.kind == "discrete" and len(set(self.values)) == 1)


class InputSpec(_Model):
    """One uncertain input: its kind (heatnet.studies.uncertainty.registry.INPUTS), what it targets,
    and its distribution."""

    kind: str
    name: str | None = Field(None, description="Name in the results (default: kind and target).")
    fuel: Literal["wood", "gas", "fuel_oil"] | None = Field(None, description="energy_price: the fuel's heat.")
    plant_id: str | None = Field(None, description="availability: the plant.")
    category: str | None = Field(None, description="sales_scale: the client category (clients.csv).")
    index: str | None = Field(None, description="index_path: the index (indices.csv) whose yearly path is drawn.")
    step: int | None = Field(None, ge=0, description="step_year: index of the timeline step whose start moves.")
    sales_dju: float | None = Field(None, gt=0, le=8000, description="climate_dju: the DJU the scenario's sales were "
                                                                    "measured at (default: the scenario's DJU).")
    distribution: Distribution


class EventSpec(_Model):
    """A named event: a figure below or above a threshold (its probability is reported)."""

    name: str
    figure: str
    below: float | None = None
    above: float | None = None

    @model_validator(mode="after")
    def _one_side(self):
        if (self.below is None) == (self.above is None):
            raise ValueError(f"event {self.name!r}: give below or above, one of them")
        return self


class SobolSpec(_Model):
    base_samples: int = Field(256, ge=8, le=1_000_000, description="Saltelli base N (runs: N x (inputs + 2)); "
                                                                   "a power of 2.")


class Study(_Model):
    name: str
    description: str | None = None
    scenario: str | None = Field(None, description="Scenario file, relative to the study file.")
    timeline: str | None = Field(None, description="Timeline file (concession view), relative to the study file.")
    samples: int = Field(1000, ge=2, le=10_000_000)
    seed: int = Field(0, ge=0)
    chunk_samples: int = Field(256, ge=1, description="Samples per task (one task evaluates a chunk at once).")
    inputs: list[InputSpec] = Field(..., min_length=1)
    figures: list[str] | None = Field(None, description="Figures to report (default: the registry's headline "
                                                        "figures the scenario supports).")
    events: list[EventSpec] = Field(default_factory=list)
    tornado: bool = True
    sobol: SobolSpec | None = Field(default_factory=SobolSpec, description="null: no Sobol indices.")

    @model_validator(mode="after")
    def _one_target(self):
        if (self.scenario is None) == (self.timeline is None):
            raise ValueError("give scenario or timeline, one of them")
        return self


def read_defaults(path=DEFAULTS_FILE):
    """The named default distributions (name -> Distribution) of data/france/uncertainty_defaults.yaml."""
    raw = read_yaml(Path(path)) or {}
    out = {}
    for name, body in (raw.get("distributions") or {}).items():
        body = {k: v for k, v in body.items() if k not in ("source", "unit")}
        try:
            out[name] = Distribution.model_validate(body)
        except ValidationError as exc:
            raise StudyError(path, _message(exc), column=f"distributions.{name}") from None
    return out


def _message(exc):
    err = next((e for e in exc.errors() if e["type"] == "extra_forbidden"), exc.errors()[0])
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: unknown key" if err["type"] == "extra_forbidden" else f"{where}: {err['msg']}"


def read_study(path, defaults=None) -> Study:
    """Read and validate a study file; named default distributions are resolved."""
    path = Path(path)
    if not path.exists():
        raise StudyError(path, "file not found")
    try:
        raw = read_yaml(path)  # size, encoding, depth and duplicate keys checked as for every input file
    except DataError as exc:
        raise StudyError(path, exc.message, line=exc.line) from None
    if not isinstance(raw, dict):
        raise StudyError(path, "expected a mapping with name, scenario or timeline, inputs")
    other = wrong_kind(raw, "study")
    if other:
        raise StudyError(path, f"this file is {other}")
    try:
        study = Study.model_validate(raw)
    except ValidationError as exc:
        err = next((e for e in exc.errors() if e["type"] == "extra_forbidden"), exc.errors()[0])
        where = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            raise StudyError(path, f"unknown key; allowed keys: {_allowed(err['loc'])}", column=where) from None
        raise StudyError(path, err["msg"].removeprefix("Value error, "), column=where) from None
    defaults = read_defaults() if defaults is None else defaults
    for i, spec in enumerate(study.inputs):
        if spec.distribution.default is not None:
            name = spec.distribution.default
            if name not in defaults:
                raise StudyError(path, f"no default distribution {name!r}; defaults: {sorted(defaults)}",
                                 column=f"inputs.{i}.distribution.default")
            spec.distribution = defaults[name]
    from heatnet.studies.uncertainty.registry import input_name

    for i, spec in enumerate(study.inputs):
        try:
            input_name(spec)
        except ValueError as exc:
            raise StudyError(path, str(exc), column=f"inputs.{i}.kind") from None
    return study


def _allowed(loc):
    models = {"inputs": InputSpec, "events": EventSpec, "sobol": SobolSpec}
    parts = [p for p in loc[:-1] if not isinstance(p, int)]
    cls = Study
    for part in parts:
        cls = models.get(part, Distribution if part == "distribution" else cls)
    return sorted(cls.model_fields)
