"""Running a study: the designs (deterministic, tornado, Latin hypercube, Sobol) cut into chunks of
samples, each chunk evaluated in one task, serially or on a Dask cluster, then gathered into one
table (each sample's inputs and figures) and summarised.

Sampling happens here, once, from the seed; a task only evaluates the values it receives, so the
same seed gives bit-identical results whatever runs the tasks. Workers prepare the scenario once
per process (:data:`_MODELS`) and reuse it for every chunk they are sent.
"""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from heatnet.studies.uncertainty import sampling
from heatnet.studies.uncertainty.registry import DEFAULT_EVENTS, FIGURES, HEADLINE, input_kind, input_name
from heatnet.studies.uncertainty.study import StudyError, read_study

PRICE_FIGURE = "average_price_eur_per_mwh"
_MODELS = {}  # per process: model key -> prepared model


@dataclass(frozen=True)
class ModelSpec:
    """What a worker needs to prepare the model: plain data, cheap to send."""

    target: str  # scenario or timeline file (absolute)
    kind: str  # "scenario" or "timeline"
    inputs: tuple  # InputSpec as dicts
    stamp: str = ""

    @property
    def key(self):
        return (self.target, self.kind, repr(self.inputs), self.stamp)

    def build(self):
        from heatnet.studies.uncertainty.study import InputSpec

        specs = [InputSpec.model_validate(d) for d in self.inputs]
        if self.kind == "timeline":
            from heatnet.studies.uncertainty.timeline import PreparedTimeline

            return PreparedTimeline(self.target, specs)
        from heatnet.studies.uncertainty.prepared import PreparedScenario

        return PreparedScenario(self.target, specs)


def prepared_model(spec):
    """The model of ``spec`` in this process, prepared on first use (a model object passes through)."""
    if not isinstance(spec, ModelSpec):
        return spec
    model = _MODELS.get(spec.key)
    if model is None:
        if len(_MODELS) >= 4:
            _MODELS.clear()
        model = _MODELS[spec.key] = spec.build()
    return model


def evaluate_chunk(spec, columns):
    """One task: the figures (name -> array) of a chunk of samples (``columns``: input name -> array)."""
    return prepared_model(spec).evaluate_batch(columns)


@dataclass
class Design:
    """The rows of probabilities of every design, in the order they are evaluated."""

    names: list
    groups: list = field(default_factory=list)  # (design name, u array)

    def add(self, name, u):
        self.groups.append((name, np.atleast_2d(u)))


def build_design(study, names, samples, seed):
    design = Design(list(names))
    d = len(names)
    design.add("deterministic", np.full((1, d), 0.5))
    if study.tornado:
        design.add("tornado", sampling.tornado_design(d))
    design.add("lhs", sampling.latin_hypercube(d, samples, seed))
    if study.sobol is not None:
        design.add("sobol", sampling.sobol_design(names, study.sobol.base_samples, seed))
    return design


def values_of(study, u):
    """Input values (name -> array) of probabilities ``u``, as each input really uses them."""
    return {input_name(spec): input_kind(spec).quantize(spec.distribution.ppf(u[:, j]))
            for j, spec in enumerate(study.inputs)}


def chunks(design, study, chunk_samples):
    """(design name, first row, columns) for every task; groups are never mixed in one chunk."""
    out = []
    for name, u in design.groups:
        values = values_of(study, u)
        if name in ("deterministic", "tornado"):  # the median rows: an input's central value where it has one
            for j, spec in enumerate(study.inputs):
                central = input_kind(spec).central
                if central is not None:
                    values[input_name(spec)] = np.where(u[:, j] == 0.5, central, values[input_name(spec)])
        for start in range(0, len(u), chunk_samples):
            out.append((name, start, {k: v[start:start + chunk_samples] for k, v in values.items()}))
    return out


def start_local_cluster(workers=None):
    """A LocalCluster of ``workers`` single-threaded processes (default: this machine's cores) that
    import the model's modules as they start."""
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                        dashboard_address=None, preload=["heatnet.studies.uncertainty.prepared"])


def execute(spec, tasks, scheduler=None, workers=None, serial=False, progress=None, cluster=None):
    """Evaluate every task's columns; returns the figures of each task, in order.

    ``serial``: in this process. Otherwise on Dask: the cluster at ``scheduler``
    (``tcp://HOST:8786``), the running ``cluster`` given, or a LocalCluster of ``workers`` processes
    (default: this machine's cores), closed at the end. ``progress(done, total)`` is called as tasks
    finish.
    """
    total = len(tasks)
    if serial:
        out = []
        for i, (_, _, columns) in enumerate(tasks):
            out.append(evaluate_chunk(spec, columns))
            if progress:
                progress(i + 1, total)
        return out
    from dask.distributed import Client, as_completed

    own = cluster is None and scheduler is None
    if own:
        cluster = start_local_cluster(workers)
    client = Client(scheduler or cluster)
    try:
        if not isinstance(spec, ModelSpec):  # a prepared model: sent once to every worker
            spec = client.scatter(spec, broadcast=True)
        futures = [client.submit(evaluate_chunk, spec, columns, pure=False) for _, _, columns in tasks]
        for done, _ in enumerate(as_completed(futures), start=1):
            if progress:
                progress(done, total)
        return client.gather(futures)
    finally:
        client.close()
        if own:
            cluster.close()


def results_table(tasks, outputs):
    """One row per sample: the design, its index in the design, each input and each figure."""
    frames = []
    for (name, start, columns), figures in zip(tasks, outputs):
        n = len(next(iter(columns.values())))
        frame = pd.DataFrame({"design": name, "row": np.arange(start, start + n)})
        for key, values in {**columns, **figures}.items():
            frame[key] = np.asarray(values, float)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def model_spec(study, study_path):
    target_name = study.scenario or study.timeline
    target = (Path(study_path).resolve().parent / target_name).resolve()
    if not target.exists():
        raise StudyError(study_path, f"file not found: {target}", column="scenario" if study.scenario else "timeline")
    stamp = repr(_files_stamp(target, study.timeline is not None))
    return ModelSpec(str(target), "scenario" if study.scenario else "timeline",
                     tuple(s.model_dump(mode="json") for s in study.inputs), stamp)


def _files_stamp(target, is_timeline):
    """Modification stamps of every file the model reads (the chains of scenario files and the network
    folder): a model prepared in this process is reused until one of them changes."""
    from heatnet.scenarios import resolve_chain

    files = [target]
    scenarios = [target]
    if is_timeline:
        from heatnet.studies.concession import read_timeline

        scenarios = [(target.parent / s.scenario).resolve() for s in read_timeline(target).steps]
    for scenario in scenarios:
        chain = resolve_chain(scenario)
        files += [p for p, _ in chain]
        root_path, root = chain[0]
        folder = (root_path.parent / root.network).resolve()
        files += sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in dict.fromkeys(files))


def run_study(path, samples=None, seed=None, scheduler=None, workers=None, serial=False, progress=None):
    """Run the study file ``path``; returns a :class:`StudyRun` (table and report)."""
    study = read_study(path)
    if samples is not None:
        study.samples = samples
    if seed is not None:
        study.seed = seed
    names = [input_name(s) for s in study.inputs]
    if len(set(names)) != len(names):
        raise StudyError(path, f"two inputs share a name: {names}; give each a name", column="inputs")
    spec = model_spec(study, path)
    cluster = None
    if not serial and scheduler is None:  # the workers start while the scenario is prepared here
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as pool:
            starting = pool.submit(start_local_cluster, workers)
            model = _prepare(spec, path, starting)
            cluster = starting.result()
    else:
        model = _prepare(spec, path)
    try:
        return run_model(study, spec, model, path, scheduler=scheduler, workers=workers, serial=serial,
                         progress=progress, cluster=cluster)
    finally:
        if cluster is not None:
            cluster.close()


def _prepare(spec, path, starting=None):
    """The model prepared in this process (bad targets fail before any task is sent)."""
    try:
        return prepared_model(spec)
    except ValueError as exc:
        if starting is not None:
            starting.result().close()
        raise StudyError(path, str(exc), column="inputs") from None


def run_model(study, spec, model, path=None, scheduler=None, workers=None, serial=False, progress=None,
              cluster=None):
    """The designs of ``study`` evaluated on ``model`` (serially, or on Dask where the prepared model is
    sent once to every worker: workers need neither the files nor a second preparation), gathered and
    summarised. ``spec`` (a ModelSpec) names the model for this process's cache."""
    names = [input_name(s) for s in study.inputs]
    started = time.perf_counter()
    design = build_design(study, names, study.samples, study.seed)
    tasks = chunks(design, study, study.chunk_samples)
    outputs = execute(spec if serial else model, tasks, scheduler=scheduler, workers=workers, serial=serial,
                      progress=progress, cluster=cluster)
    table = results_table(tasks, outputs)
    elapsed = time.perf_counter() - started
    return StudyRun(study, Path(path) if path else None, names, table, summarise(study, names, table, model), elapsed,
                    scheduler or ("serial" if serial else "LocalCluster"))


@dataclass
class StudyRun:
    study: object
    path: Path
    names: list
    table: pd.DataFrame
    report: dict
    elapsed_s: float
    scheduler: str

    def to_dict(self):
        out = dict(self.report)
        out.update({"study": self.study.name, "file": str(self.path), "elapsed_s": self.elapsed_s,
                    "scheduler": self.scheduler})
        return out


def _figure_names(study, model, table):
    names = study.figures or list(getattr(model, "headline", HEADLINE))
    for name in names:
        if name in FIGURES and not FIGURES[name].available:
            raise ValueError(f"figure {name!r} waits for {FIGURES[name].waits_for}: not in this version")
        if name not in table:
            raise ValueError(f"unknown figure {name!r}; figures: {sorted(c for c in table if c not in study_cols())}")
    return [n for n in names if np.isfinite(table[n]).any()]


def study_cols():
    return {"design", "row"}


def summarise(study, names, table, model):
    """The report: figures (mean, quantiles, SEM), events, tornado, Sobol, the deterministic run."""
    figures = _figure_names(study, model, table)
    lhs = table[table["design"] == "lhs"]
    det = table[table["design"] == "deterministic"].iloc[0]
    report = {"samples": int(len(lhs)), "seed": study.seed, "inputs": _inputs_block(study, names, det),
              "figures": {f: sampling.summarise(lhs[f]) for f in figures},
              "deterministic": {f: float(det[f]) for f in figures}}
    events = study.events or [e for e in _default_events(model) if e.figure in figures]
    report["events"] = {e.name: {"figure": e.figure, "below": e.below, "above": e.above,
                                 **sampling.event_probability(lhs[e.figure], e.below, e.above)} for e in events}
    price = PRICE_FIGURE if PRICE_FIGURE in figures else figures[0]
    report["price_figure"] = price
    if study.tornado:
        tor = table[table["design"] == "tornado"].reset_index(drop=True)
        report["tornado"] = {n: {"low": float(tor.loc[2 * j, price]), "high": float(tor.loc[2 * j + 1, price]),
                                 "input_low": float(tor.loc[2 * j, n]), "input_high": float(tor.loc[2 * j + 1, n]),
                                 "figures": {f: {"low": float(tor.loc[2 * j, f]), "high": float(tor.loc[2 * j + 1, f])}
                                             for f in figures}}
                             for j, n in enumerate(names)}
    if study.sobol is not None:
        sob = table[table["design"] == "sobol"]
        by_figure = {f: sampling.sobol_indices(names, sob[f].to_numpy(), study.seed) for f in figures}
        report["sobol"] = by_figure[price]
        report["sobol_by_figure"] = by_figure
        report["sobol_runs"] = int(len(sob))
    return report


def _inputs_block(study, names, det):
    return {n: {"kind": s.kind, "distribution": s.distribution.model_dump(exclude_none=True),
                "median": float(det[n])} for n, s in zip(names, study.inputs)}


def _default_events(model):
    from heatnet.studies.uncertainty.study import EventSpec

    return [EventSpec.model_validate(e) for e in getattr(model, "default_events", DEFAULT_EVENTS)]


def save_table(table, path, force=False):
    """Write the samples table as Parquet (pyarrow); an existing file is replaced only with ``force``."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; not overwritten (use --force)")
    table.to_parquet(path, index=False)
    return path
