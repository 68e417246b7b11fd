"""Breadth-first walks of a network from its plant nodes, and the sums along their trees, in numpy.

A network whose pipes form a tree (a forest when each plant node feeds its own sub-network) is
walked level by level from the plant nodes; the sums a solve needs then take one numpy operation a
level: the load below each pipe (each node's subtree), and the pressure or temperature fall from the
plant (each node's path). A Lens-size network has a handful of levels and a generated city of 10^5
pipes about 200, so this costs less than importing scipy.sparse, which the meshed path needs (its
loop solve) and which a tree never imports. A network deeper than ``MAX_LEVELS`` levels (a long
chain of short pipes) goes to scipy's sparse solvers, whose cost does not grow with the depth.

The walk visits each node's neighbours in the order ``scipy.sparse.csgraph.breadth_first_order``
does on the pipes' adjacency matrix (the pipes the node starts, then those it ends, each by node
position), so both give the same order (tested). The path sums are SuperLU's triangular solves of
the same tree to the bit (one addition a node); a subtree sum adds a node's children from the last,
as SuperLU does column by column, but SuperLU groups some columns into blocks, so the last bits of a
sum over several children can differ.
"""

import numpy as np

MAX_LEVELS = 1000  # beyond: scipy's sparse solvers (a level costs about 40 us to walk, 5 us to sum)
MAX_NODES = 5000  # beyond: scipy's, faster per solve once imported (0.2 s) over the ~100 solves of a year


def breadth_first(n, frm, to, roots, max_levels=MAX_LEVELS):
    """Nodes breadth-first from ``roots`` (level 0, in the given order): (order, parent, starts), where
    ``parent`` is each node's predecessor (-1 at the roots and at nodes not reached) and level k is
    ``order[starts[k]:starts[k + 1]]``. None when the walk goes deeper than ``max_levels``."""
    m = len(frm)
    ends, others = np.r_[frm, to], np.r_[to, frm]
    side = np.r_[np.zeros(m, np.int8), np.ones(m, np.int8)]
    key = np.lexsort((others, side, ends))
    ends, others, side = ends[key], others[key], side[key]
    if m:  # parallel pipes: one entry of the adjacency matrix
        keep = np.r_[True, (ends[1:] != ends[:-1]) | (side[1:] != side[:-1]) | (others[1:] != others[:-1])]
        ends, others = ends[keep], others[keep]
    start_of = np.searchsorted(ends, np.arange(n + 1))
    parent = np.full(n, -1)
    seen = np.zeros(n, bool)
    frontier = np.asarray(roots, dtype=np.intp)
    seen[frontier] = True
    levels = [frontier]
    while len(levels) <= max_levels:
        first, counts = start_of[frontier], start_of[frontier + 1] - start_of[frontier]
        total = int(counts.sum())
        if not total:
            break
        # the frontier's neighbour lists one after the other, in the frontier's order (a queue's)
        offsets = np.cumsum(counts) - counts
        found = others[np.arange(total) + np.repeat(first - offsets, counts)]
        source = np.repeat(frontier, counts)
        new = ~seen[found]
        found, source = found[new], source[new]
        if not len(found):
            break
        _, at = np.unique(found, return_index=True)
        if len(at) < len(found):  # met twice (a loop): the first discovery holds, as in a queue
            at.sort()
            found, source = found[at], source[at]
        seen[found] = True
        parent[found] = source
        levels.append(found)
        frontier = found
    else:
        return None
    order = np.concatenate(levels)
    starts = np.r_[0, np.cumsum([len(level) for level in levels])]
    return order, parent, starts


class LevelSweeps:
    """The triangular solves of a tree, level by level: rows are the tree's nodes in breadth-first
    order (the roots left out), ``parent_row`` each row's parent row (-1 when the parent is a root),
    ``starts`` the levels' first rows (level 1, the roots' children, first).

    ``solve(b)`` solves x_r - sum of r's children's x = b_r (each node's subtree sum: the flow into
    it); ``solve(b, trans="T")`` solves x_r - x_parent = b_r (the sum along the path from the root).
    The same interface as the ``SuperLU`` object of the same triangular matrix.
    """

    def __init__(self, parent_row, starts):
        self.parent_row = np.asarray(parent_row)
        self.starts = np.asarray(starts)
        self.shape = (len(self.parent_row),) * 2

    def solve(self, rhs, trans="N"):
        x = np.array(rhs, dtype=float)
        starts, parent = self.starts, self.parent_row
        if trans == "N":  # deepest level first; each parent takes its children from the last
            for k in range(len(starts) - 2, 0, -1):
                rows = slice(starts[k + 1] - 1, starts[k] - 1 if starts[k] else None, -1)
                np.add.at(x, parent[rows], x[rows])
        else:  # the first level below the roots has nothing above it
            for k in range(1, len(starts) - 1):
                rows = slice(starts[k], starts[k + 1])
                x[rows] += x[parent[rows]]
        return x
