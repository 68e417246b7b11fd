"""The numpy walk and sums of a tree against scipy's breadth-first order and SuperLU's triangular solves."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order
from scipy.sparse.linalg import splu

from heatnet.model import forest
from heatnet.model.hydraulics import PipeNetwork
from heatnet.model.network import build_graph
from tests.network_cases import random_network


def _codes(nodes, pipes):
    index = pd.Index(nodes)
    return index.get_indexer(pipes["from_node"]), index.get_indexer(pipes["to_node"])


def _scipy_walk(n, frm, to, roots):
    """scipy's order and predecessors from the roots (several: through a node joined to each, as
    PipeNetwork walks sub-networks)."""
    k = len(roots)
    joined = csr_matrix((np.ones(len(frm) + k), (np.r_[frm, np.full(k, n)], np.r_[to, roots])), shape=(n + 1, n + 1))
    order, pred = breadth_first_order(joined, n, directed=False, return_predecessors=True)
    pred = pred[:n]
    pred[roots] = -1
    return order[1:], np.where(pred < 0, -1, pred)


def _forest(n_pipes, cuts, seed):
    """A random tree cut into sub-trees: each cut pipe removed and its far end made a root."""
    nodes, pipes, _ = random_network(n_pipes, 0, seed)
    rng = np.random.default_rng(seed)
    cut = rng.choice(len(pipes), size=min(cuts, len(pipes)), replace=False)
    roots = np.r_[0, np.sort(pd.Index(nodes).get_indexer(pipes["to_node"].iloc[cut]))]
    return nodes, pipes.drop(index=pipes.index[cut]).reset_index(drop=True), roots


@settings(max_examples=40, deadline=None)
@given(n_pipes=st.integers(1, 300), cuts=st.integers(0, 5), loops=st.integers(0, 6), seed=st.integers(0, 10_000))
def test_walk_is_scipys_breadth_first_order(n_pipes, cuts, loops, seed):
    nodes, pipes, roots = _forest(n_pipes, cuts, seed)
    if loops:  # meshes: a node met twice keeps its first discovery
        nodes, pipes, _ = random_network(n_pipes, min(loops, n_pipes // 2), seed)
        roots = np.array([0])
    frm, to = _codes(nodes, pipes)
    order, parent, starts = forest.breadth_first(len(nodes), frm, to, roots)
    expected_order, expected_parent = _scipy_walk(len(nodes), frm, to, roots)
    np.testing.assert_array_equal(order, expected_order)
    np.testing.assert_array_equal(parent, expected_parent)
    assert starts[0] == 0 and starts[1] == len(roots) and starts[-1] == len(nodes)
    depth = np.zeros(len(nodes), int)
    for k in range(1, len(starts) - 1):  # every node one level below its parent
        level = order[starts[k]:starts[k + 1]]
        depth[level] = k
        assert (depth[parent[level]] == k - 1).all()


@settings(max_examples=40, deadline=None)
@given(n_pipes=st.integers(1, 300), cuts=st.integers(0, 5), seed=st.integers(0, 10_000))
def test_sweeps_solve_the_trees_triangular_systems(n_pipes, cuts, seed):
    nodes, pipes, roots = _forest(n_pipes, cuts, seed)
    n, k = len(nodes), len(roots)
    frm, to = _codes(nodes, pipes)
    order, parent, starts = forest.breadth_first(n, frm, to, roots)
    row_of = np.full(n, -1)
    row_of[order[k:]] = np.arange(n - k)
    parent_row = np.where(np.isin(parent[order[k:]], roots), -1, row_of[parent[order[k:]]])
    sweeps = forest.LevelSweeps(parent_row, starts[1:] - k)
    inner = np.flatnonzero(parent_row >= 0)
    upper = csr_matrix((np.r_[np.ones(n - k), -np.ones(len(inner))],
                        (np.r_[np.arange(n - k), parent_row[inner]], np.r_[np.arange(n - k), inner])),
                       shape=(n - k, n - k))
    lu = splu(upper.tocsc(), permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True})
    rhs = np.random.default_rng(seed).normal(size=n - k) * 10.0 ** np.random.default_rng(seed + 1).uniform(-3, 3, n - k)
    # along the path from the root: one addition a node, SuperLU's to the bit
    np.testing.assert_array_equal(sweeps.solve(rhs, trans="T"), lu.solve(rhs, trans="T"))
    # the subtree sums: the same sums (SuperLU may group a node's children otherwise: the last bits)
    np.testing.assert_allclose(sweeps.solve(rhs), lu.solve(rhs), rtol=1e-13, atol=1e-13 * np.abs(rhs).sum())
    # and exactly what they are: each node's value plus its children's sums
    up = sweeps.solve(rhs)
    children_sum = np.bincount(parent_row[inner], weights=up[inner], minlength=n - k)
    np.testing.assert_allclose(up - children_sum, rhs, rtol=0, atol=1e-12 * np.abs(up).max(initial=0.0))


def test_a_deep_chain_is_left_to_scipy():
    n = forest.MAX_LEVELS + 5
    frm, to = np.arange(n - 1), np.arange(1, n)
    assert forest.breadth_first(n, frm, to, [0]) is None
    nodes = [f"N{i}" for i in range(n)]
    pipes = pd.DataFrame({"id": [f"P{i}" for i in range(n - 1)], "from_node": nodes[:-1], "to_node": nodes[1:],
                          "dn_mm": 100.0, "length_m": 10.0})
    network = PipeNetwork(nodes, pipes, "N0")
    assert not isinstance(network.tree_lu, forest.LevelSweeps)
    flows = network.solve(np.r_[0.0, np.full(n - 1, 10.0)]).mass_flow_kg_per_s
    assert np.all(np.diff(flows) < 0)  # each pipe carries the loads beyond it


@pytest.mark.parametrize("cuts", [0, 3])
def test_small_trees_solve_as_scipy_does(monkeypatch, cuts):
    nodes, pipes, roots = _forest(400, cuts, 11)
    loads = np.random.default_rng(2).uniform(10, 300, len(nodes))
    plants = [nodes[r] for r in roots]
    plant = plants[0] if len(plants) == 1 else plants
    ours = PipeNetwork(nodes, pipes, plant)
    assert isinstance(ours.tree_lu, forest.LevelSweeps)
    monkeypatch.setattr(forest, "MAX_NODES", 0)
    theirs = PipeNetwork(nodes, pipes, plant)
    assert not isinstance(theirs.tree_lu, forest.LevelSweeps)
    a, b = ours.solve(loads), theirs.solve(loads)
    for name in ("mass_flow_kg_per_s", "supply_pressure_pa", "return_pressure_pa", "node_temp_c"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-12, err_msg=name)
    assert a.pump_head_bar == pytest.approx(b.pump_head_bar, rel=1e-12) and a.critical_node == b.critical_node
    np.testing.assert_array_equal(ours.part == ours.part[ours.roots][:, None], theirs.part == theirs.part[theirs.roots][:, None])

    subs = pd.DataFrame({"id": [f"S{i}" for i in range(len(nodes))], "node_id": nodes, "subscribed_kw": loads,
                         "heat_mwh": loads * 1.7})
    with_numpy = build_graph(pd.DataFrame({"id": nodes, "kind": "junction"}), pipes, subs, plants[0], plants[1:])
    monkeypatch.setattr(forest, "MAX_NODES", 5000)
    assert with_numpy.levels is None  # built while scipy's path was forced
    numpy_graph = build_graph(pd.DataFrame({"id": nodes, "kind": "junction"}), pipes, subs, plants[0], plants[1:])
    assert numpy_graph.levels is not None
    np.testing.assert_array_equal(numpy_graph.parent, with_numpy.parent)
    np.testing.assert_array_equal(numpy_graph.order, with_numpy.order)  # distances to the bit
    pd.testing.assert_frame_equal(numpy_graph.pipe_loads(), with_numpy.pipe_loads(), rtol=1e-13)
