"""Generated pipe networks for the hydraulics tests and benchmarks: random trees and meshes."""

import numpy as np
import pandas as pd

DNS = (50, 65, 80, 100, 125, 150, 200, 250, 300)


def random_network(n_pipes, extra_loops=0, seed=0):
    """A random tree of ``n_pipes`` pipes from node N0, plus ``extra_loops`` meshing pipes.

    Returns (node ids, pipes DataFrame, loads_kw Series at leaves and some junctions). DN shrinks
    away from the plant so that velocities stay plausible.
    """
    rng = np.random.default_rng(seed)
    nodes = ["N0"]
    rows, depth = [], {"N0": 0}
    for k in range(1, n_pipes + 1):
        parent = nodes[int(rng.integers(max(0, len(nodes) - 50), len(nodes)))] if k > 1 else "N0"
        node = f"N{k}"
        depth[node] = depth[parent] + 1
        nodes.append(node)
        rows.append((f"P{k}", parent, node, float(rng.uniform(20, 300))))
    pipes = pd.DataFrame(rows, columns=["id", "from_node", "to_node", "length_m"])
    existing = {frozenset((a, b)) for a, b in zip(pipes["from_node"], pipes["to_node"])}
    loops = []
    while len(loops) < extra_loops:
        a, b = rng.choice(nodes, 2, replace=False)
        if frozenset((a, b)) in existing:
            continue
        existing.add(frozenset((a, b)))
        loops.append((f"M{len(loops) + 1}", a, b, float(rng.uniform(50, 400))))
    pipes = pd.concat([pipes, pd.DataFrame(loops, columns=pipes.columns)], ignore_index=True)
    loads = pd.Series(rng.uniform(20, 400, len(nodes)), index=nodes)
    loads["N0"] = 0.0
    # size each pipe from the load beyond it in the tree (a design engineer's order of magnitude)
    downstream = loads.copy()
    for k in range(n_pipes, 0, -1):
        downstream[rows[k - 1][1]] += downstream[f"N{k}"]
    dn = [DNS[min(len(DNS) - 1, int(np.searchsorted([150, 400, 700, 1200, 2500, 5000, 12000, 25000],
                                                     downstream.get(b, 400.0))))]
          for b in pipes["to_node"]]
    pipes["dn_mm"] = dn
    return nodes, pipes, loads
