"""Solve a network with pandapipes, in pandapipes' own environment: JSON on stdin, JSON on stdout.

Run by tests/test_against_pandapipes.py with the interpreter of .venv-pandapipes (pandapipes pins
pandas below 3, which heatnet's environment does not); imports nothing from heatnet.
"""

import json
import sys

import pandapipes as pp


def main():
    case = json.load(sys.stdin)
    net = pp.create_empty_network(fluid="water")
    t_k = case["supply_temp_c"] + 273.15
    index = {n: pp.create_junction(net, pn_bar=case["plant_pressure_bar"], tfluid_k=t_k, name=n)
             for n in case["nodes"]}
    pipe_index = []
    for p in case["pipes"]:
        pipe_index.append(pp.create_pipe_from_parameters(
            net, index[p["from_node"]], index[p["to_node"]], length_km=p["length_m"] / 1000.0,
            inner_diameter_mm=p["diameter_m"] * 1000.0, k_mm=p["roughness_m"] * 1000.0,
            u_w_per_m2k=p["u_w_per_m_k"] / (3.141592653589793 * p["diameter_m"]),
            text_k=case["ground_temp_c"] + 273.15, sections=p.get("sections", 1), name=p["id"]))
    plants = [case["plant_node"]] if isinstance(case["plant_node"], str) else case["plant_node"]
    for plant in plants:  # one a sub-network, each holding its pressure
        pp.create_ext_grid(net, index[plant], p_bar=case["plant_pressure_bar"], t_k=t_k)
    for node, mdot in case["sinks_kg_per_s"].items():
        if mdot > 0:
            pp.create_sink(net, index[node], mdot_kg_per_s=mdot)
    # Colebrook-White solved to 1e-12 (pandapipes' default stops its Newton at 1e-4 on the factor, up to
    # 0.1 % off); flows and pressures at the supply temperature's properties, as heatnet solves them; then the
    # temperatures, from a run with heat (which re-solves the flows with temperature-dependent water)
    pp.pipeflow(net, friction_model="colebrook", mode="hydraulics", tol_p=1e-8, tol_m=1e-10, iter=200,
                tolerance_colebrook=1e-12)
    res_pipe = net.res_pipe.loc[pipe_index].copy()
    res_j = net.res_junction.loc[[index[n] for n in case["nodes"]]].copy()
    if case.get("heat"):
        pp.pipeflow(net, friction_model="colebrook", mode="sequential", tol_p=1e-8, tol_m=1e-10, tol_T=1e-8,
                    iter=200, tolerance_colebrook=1e-12)
        res_j["t_k"] = net.res_junction.loc[[index[n] for n in case["nodes"]], "t_k"].to_numpy()
    fluid = pp.get_fluid(net)
    json.dump({"density_kg_per_m3": float(fluid.get_density(t_k)), "viscosity_pa_s": float(fluid.get_viscosity(t_k)),
               "heat_capacity_j_per_kg_k": float(fluid.get_heat_capacity(t_k)),
               "mass_flow_kg_per_s": res_pipe["mdot_from_kg_per_s"].tolist(),
               "pressure_drop_bar": (res_pipe["p_from_bar"] - res_pipe["p_to_bar"]).tolist(),
               "node_pressure_bar": res_j["p_bar"].tolist(),
               "node_temp_c": (res_j["t_k"] - 273.15).tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
