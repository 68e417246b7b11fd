"""Time one year of operation (demand + dispatch) against the linear program on the same hours.

    python benchmarks/bench_operation.py

Prints best-of-N times for the Lens 2016 year (8,784 hours): the core (hourly demand and
merit-order dispatch from a given temperature series; target under 5 ms), one draw of the
plants' stops with its dispatch (target under 3 ms), the expected year over all the outage
draws in ``run_operation`` (64 draws with the result tables; target under 100 ms), and the
least-cost linear program (scipy HiGHS) on the same hours, with the ratio and the two costs.
"""

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from heatnet.model import demand, dispatch  # noqa: E402
from heatnet.model import outages as outage_events  # noqa: E402
from heatnet.io.folder import load_network  # noqa: E402
from heatnet.model.economics import load_references  # noqa: E402
from heatnet.model.operation import OperationSettings, plants_in_service, run_operation, temperatures  # noqa: E402
from heatnet.scenarios import initial_state  # noqa: E402
from benchmarks.timing import best  # noqa: E402


def main():
    net = load_network(ROOT / "data" / "lens")
    subs = initial_state(net, 2016).substations
    refs = load_references()
    co2 = dict(zip(refs["co2"]["fuel"], refs["co2"]["kg_co2_per_kwh"]))
    settings = OperationSettings(dju=2483, outages=[{"plant_id": "lbe", "start": "2016-01-11", "end": "2016-02-21"}])
    temp = temperatures(settings, 2016, 2622)
    profiles = demand.read_profiles()
    plants = plants_in_service(net.plants, 2016)
    outages = [(o.plant_id, o.start, o.end) for o in settings.outages]

    def core():
        load_kw, _ = demand.network_load_kw(subs, temp, profiles)
        losses = demand.losses_kw(load_kw, 0.9)
        caps, _ = dispatch.available_capacity_kw(plants, 2016, outages)
        return dispatch.merit_order_dispatch(load_kw + losses, caps), load_kw + losses, caps

    t_core, ((production, unserved), demand_kw, caps) = best(core, 50)
    t_full, _ = best(lambda: run_operation(subs, net.plants, settings, year=2016, reference_dju=2622,
                                           co2_factors=co2, temp_c=temp), 20)
    drawn = OperationSettings(dju=2622)  # the expected year: DEFAULT_DRAWS draws of the plants' stops
    temp_ref = temperatures(drawn, 2016, 2622)
    t_expected, expected = best(lambda: run_operation(subs, net.plants, drawn, year=2016, reference_dju=2622,
                                                      co2_factors=co2, temp_c=temp_ref), 10)
    load_ref, _ = demand.network_load_kw(subs, temp_ref, profiles)
    demand_ref = load_ref + demand.losses_kw(load_ref, 0.9)
    caps_ref, _ = dispatch.available_capacity_kw(plants, 2016)

    def one_draw(seed=[0]):
        seed[0] += 1
        masks = outage_events.availability_masks(plants, len(demand_ref), 1, seed[0])
        return dispatch.merit_order_draws(demand_ref, caps_ref, masks, 1)

    t_draw, _ = best(one_draw, 50)
    cost = np.array([0.04462, 0.0568, 0.0570, 0.060, 0.061, 0.062])[:len(plants)]
    t_lp, (_, _, lp_cost) = best(lambda: dispatch.lp_dispatch(demand_kw, caps, cost), 3)
    merit_cost = dispatch.dispatch_cost_eur(production, unserved, cost)
    print(f"hours: {len(demand_kw)}, plants: {len(plants)}")
    print(f"demand + dispatch (core):        {t_core * 1000:7.2f} ms  (target < 5 ms: "
          f"{'met' if t_core < 0.005 else 'MISSED'})")
    print(f"run_operation (with tables):     {t_full * 1000:7.2f} ms")
    print(f"one draw of the stops + dispatch:{t_draw * 1000:7.2f} ms  (target < 3 ms: "
          f"{'met' if t_draw < 0.003 else 'MISSED'})")
    print(f"expected year, {expected.draws} draws:        {t_expected * 1000:7.1f} ms  (target < 100 ms: "
          f"{'met' if t_expected < 0.1 else 'MISSED'}); renewable {expected.renewable_frac:.1%} "
          f"(P10 {expected.renewable_frac_p10:.1%}, P90 {expected.renewable_frac_p90:.1%}), "
          f"LBE available {expected.availability_frac_realised['lbe']:.2%}")
    print(f"linear program (HiGHS):          {t_lp * 1000:7.1f} ms  -> merit order {t_lp / t_core:,.0f}x faster")
    print(f"cost: merit order {merit_cost:,.0f} EUR, LP {lp_cost:,.0f} EUR, gap {merit_cost / lp_cost - 1:+.2e}")


if __name__ == "__main__":
    main()
