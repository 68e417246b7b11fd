"""The pipe graph: lengths, downstream loads, densities, paths."""

import pytest
from numpy.testing import assert_allclose

from heatnet.io.folder import load_network
from heatnet.model.network import GraphError, build_graph
from heatnet.scenarios import initial_state
from tests.conftest import LENS, TINY


def graph_of(folder, year):
    net = load_network(folder)
    state = initial_state(net, year)
    return build_graph(state.nodes, state.pipes, state.substations, net.params["plant_node"])


def test_tiny_by_hand():
    g = graph_of(TINY, 2020)
    assert g.total_length_m == 400
    assert g.length_by_dn().to_dict() == {50.0: 100.0, 65.0: 200.0, 100.0: 100.0}
    assert g.downstream_load("p1") == {"subscribed_kw": 300.0, "heat_mwh": 450.0, "substations": 2}
    assert g.downstream_load("p4") == {"subscribed_kw": 300.0, "heat_mwh": 550.0, "substations": 1}
    assert g.linear_density() == {"length_m": 400.0, "mwh_per_m": 2.5, "kw_per_m": 1.5}
    assert g.path_to("B") == {"nodes": ["P", "J1", "B"], "pipes": ["p1", "p3"], "length_m": 150.0}
    branches = g.branch_summary()
    assert branches.loc["X", "length_m"] == 200 and branches.loc["X", "subscribed_kw"] == 300


def test_lens_length_within_two_percent_of_8300_m():
    g = graph_of(LENS, 2016)
    assert abs(g.total_length_m / 8300 - 1) < 0.02


def test_lens_every_substation_reachable_from_the_plant():
    g = graph_of(LENS, 2016)
    assert g.unreachable_substations() == []
    for sid in g.substations["id"]:
        path = g.path_to(sid)
        assert path["nodes"][0] == "PLANT" and path["length_m"] > 0


def test_lens_first_pipe_of_each_branch_carries_its_substations():
    g = graph_of(LENS, 2016)
    summary = g.branch_summary()
    loads = g.pipe_loads()
    for branch, row in summary.iterrows():
        subs = g.substations[g.substations["branch"] == branch]
        assert_allclose(loads.loc[row["first_pipe_id"], "downstream_subscribed_kw"], subs["subscribed_kw"].sum())
        assert_allclose(loads.loc[row["first_pipe_id"], "downstream_heat_mwh"], subs["heat_mwh"].sum())
    # the three branches together carry the whole network
    assert_allclose(summary["subscribed_kw"].sum(), 23992)
    # the study's trunk DNs
    assert set(g.pipes.loc[g.pipes["kind"] == "trunk", "dn_mm"]) == {244, 193, 350}


def test_pipe_loads_match_downstream_sets_everywhere():
    g = graph_of(LENS, 2016)
    loads = g.pipe_loads()
    for pipe_id in g.pipes["id"]:
        assert_allclose(loads.loc[pipe_id, "downstream_subscribed_kw"], g.downstream_load(pipe_id)["subscribed_kw"])


def test_meshed_network_orients_by_shortest_path(tiny_copy):
    pipes = tiny_copy / "pipes.csv"
    pipes.write_text(pipes.read_text() + "p5,A,C,50,500,X\n")
    g = graph_of(tiny_copy, 2020)
    assert g.pipe_loads().loc["p5", "downstream_subscribed_kw"] == 0  # the meshing pipe is outside the tree
    assert g.path_to("C")["pipes"] == ["p4"]


def test_unreachable_substation_is_an_error(tiny_copy):
    pipes = tiny_copy / "pipes.csv"
    pipes.write_text("\n".join(l for l in pipes.read_text().splitlines() if not l.startswith("p4")) + "\n")
    with pytest.raises(GraphError, match=r"\['C'\] cannot be reached"):
        graph_of(tiny_copy, 2020)


def test_unknown_pipe_and_substation():
    g = graph_of(TINY, 2020)
    with pytest.raises(GraphError, match="unknown pipe"):
        g.downstream_load("nope")
    with pytest.raises(GraphError, match="unknown substation"):
        g.path_to("nope")


def test_an_unknown_plant_node_is_named():
    net = load_network(TINY)
    state = initial_state(net, 2020)
    with pytest.raises(GraphError, match="plant node 'NOWHERE' is not a node of the network"):
        build_graph(state.nodes, state.pipes, state.substations, net.params["plant_node"], ("NOWHERE",))
    with pytest.raises(GraphError, match="plant node 'X9' is not a node"):
        build_graph(state.nodes, state.pipes, state.substations, "X9")
