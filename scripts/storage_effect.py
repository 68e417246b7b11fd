"""How much a heat storage tank would raise a scenario's renewable share (default: Lens's 2020 balance).

    PYTHONPATH=$PWD python scripts/storage_effect.py [SCENARIO] [--mwh 200] [--mw 5] [--draws 8]

Takes the scenario's hourly demand (load + losses) and plants, draws the plants' stops as the run
does (same seed, the first DRAWS draws), and solves each draw twice with the linear program of
heatnet.model.storage: without the tank (the merit order's dispatch) and with it. Variable costs:
the contract's heat prices (R1 LBE 44.62 EUR/MWh for wood heat, R1G 52.25 for gas heat, study
§3.1.8), gas ranks kept by a 0.01 EUR/MWh step. Prints the renewable share with and without the tank.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heatnet.model import dispatch  # noqa: E402
from heatnet.model import outages as outage_events  # noqa: E402
from heatnet.model.storage import HeatStorage, lp_dispatch_with_storage  # noqa: E402
from heatnet.scenarios import run_scenario  # noqa: E402

HEAT_PRICE_EUR_PER_KWH = {"wood": 0.04462, "gas": 0.05225, "fuel_oil": 0.08}


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "2020_balance.yaml"))
    p.add_argument("--mwh", type=float, default=200.0, help="tank capacity, MWh")
    p.add_argument("--mw", type=float, default=5.0, help="tank power, MW")
    p.add_argument("--draws", type=int, default=8)
    args = p.parse_args(argv)
    result = run_scenario(args.scenario)
    op = result.operation
    plants = op.plants
    demand = (op.hourly["load_kw"] + op.hourly["losses_kw"]).to_numpy()
    caps, _ = dispatch.available_capacity_kw(plants, op.year)
    settings_draws = max(op.draws, args.draws)
    masks = outage_events.availability_masks(plants, len(demand), settings_draws, 0)
    costs = np.array([HEAT_PRICE_EUR_PER_KWH[f] + 1e-5 * k for k, f in enumerate(plants["fuel"])])
    renewable = plants["renewable"].astype(bool).to_numpy()
    tank = HeatStorage(args.mwh * 1000, args.mw * 1000)
    shares = {"without": [], "with": []}
    start = time.perf_counter()
    for d in range(args.draws):
        caps_d = caps * np.array([masks[k][d] if k in masks else np.ones(len(demand), bool)
                                  for k in range(len(plants))])
        for key, store in (("without", None), ("with", tank)):
            lp = lp_dispatch_with_storage(demand, caps_d, costs, store)
            heat = lp.production_kw.sum(axis=1)
            shares[key].append(heat[renewable].sum() / heat.sum())
    without, with_tank = np.mean(shares["without"]), np.mean(shares["with"])
    print(f"{result.name}: {args.draws} draws of the plants' stops, {time.perf_counter() - start:.1f} s")
    print(f"renewable share without a tank: {without:.2%} (the run's {args.draws}-draw mean; "
          f"the run's 64-draw figure {op.renewable_frac:.2%})")
    print(f"with a {args.mwh:g} MWh / {args.mw:g} MW tank:  {with_tank:.2%} ({(with_tank - without) * 100:+.2f} points)")


if __name__ == "__main__":
    main()
