"""The drawing as a graph: line ends snapped into nodes, tees split, points attached, and the
topological defects (duplicates, dangling ends, unconnected points, parts cut off from the plant).
"""

import numpy as np
import pandas as pd

from heatnet.io.folder import DataError
from heatnet.io.gis.layers import _cells, _check_types, _drop_empty, _ids
from heatnet.io.gis.report import MIN_LENGTH_M, _shapely


# ---------------------------------------------------------------- graph

def _snap(table, tolerance_m):
    """Join line ends closer than ``tolerance_m`` (chained: single linkage) into nodes.

    Returns the node positions (cluster centroids, numbered in order of first appearance)
    and the node of each pipe's start and end.
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    shapely = _shapely()
    geoms = table["geometry"].to_numpy()
    ends = np.empty((2 * len(geoms), 2))
    ends[0::2] = shapely.get_coordinates(shapely.get_point(geoms, 0))
    ends[1::2] = shapely.get_coordinates(shapely.get_point(geoms, -1))
    pairs = cKDTree(ends).query_pairs(tolerance_m, output_type="ndarray")
    size = len(ends)
    adjacency = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(size, size))
    _, labels = connected_components(adjacency, directed=False)
    _, first = np.unique(labels, return_index=True)
    rank = np.empty_like(first)
    rank[np.argsort(first)] = np.arange(len(first))
    labels = rank[labels]
    counts = np.bincount(labels)
    node_xy = np.column_stack([np.bincount(labels, ends[:, 0]) / counts, np.bincount(labels, ends[:, 1]) / counts])
    return node_xy, labels[0::2], labels[1::2]


def _start_xy(geoms):
    return _shapely().get_coordinates(_shapely().get_point(geoms, 0))


def _mid_xy(geoms):
    return _shapely().get_coordinates(_shapely().line_interpolate_point(geoms, 0.5, normalized=True))


def _drop_degenerate(table, tolerance_m, path, report):
    """Pipes whose ends are one node, or shorter than the schema's minimum: reported, left out."""
    measured = table["measured_m"].to_numpy()
    bad = (table["a"] == table["b"]).to_numpy() | (measured < MIN_LENGTH_M)
    zero = bad & (measured <= max(tolerance_m, MIN_LENGTH_M))
    for kind, mask, text in (
            ("zero_length_pipe", zero, "length {:.2f} m: its ends are one node (tolerance {:g} m); left out"),
            ("closed_pipe", bad & ~zero, "{:.1f} m long but starts and ends at the same node (tolerance {:g} m): "
                                          "split it where the ring closes; left out")):
        if mask.any():
            xy = _start_xy(table["geometry"].to_numpy()[mask])
            report.add(kind, path, list(table["feature"][mask]), xy[:, 0], xy[:, 1],
                       [text.format(m, tolerance_m) for m in measured[mask]])
    return table[~bad].reset_index(drop=True)


def _cut_line(coords, cum, d0, d1):
    """The vertices of the part of a polyline between the distances ``d0`` and ``d1`` from its start
    (``cum``: the distance of each vertex), as shapely's ``substring`` gives them, without its per-call cost."""
    inner = coords[np.searchsorted(cum, d0, side="right"):np.searchsorted(cum, d1, side="left")]
    ends = [[np.interp(d, cum, coords[:, 0]), np.interp(d, cum, coords[:, 1])] for d in (d0, d1)]
    return np.vstack([ends[0], inner, ends[1]])


def _pieces(row, cuts, chain, suffix):
    """Rows for ``row`` (a dict) cut at the distances ``cuts`` (from its start) through the nodes ``chain``."""
    shapely = _shapely()
    coords = shapely.get_coordinates(row["geometry"])
    cum = np.r_[0.0, np.cumsum(np.hypot(*np.diff(coords, axis=0).T))]
    cuts = np.asarray(cuts, dtype=float) * (cum[-1] / cuts[-1] if cuts[-1] > 0 else 1.0)
    out = []
    last = len(cuts) - 2
    for k in range(len(cuts) - 1):
        piece = dict(row)
        piece["geometry"] = shapely.linestrings(_cut_line(coords, cum, cuts[k], cuts[k + 1]))
        piece["measured_m"] = cuts[k + 1] - cuts[k]
        piece["length_m"] = row["length_m"] * piece["measured_m"] / row["measured_m"]
        piece["id"] = f"{row['id']}{suffix}{k + 1}"
        piece["a"], piece["b"] = chain[k], chain[k + 1]
        piece["start_name"] = row["start_name"] if k == 0 else ""
        piece["end_name"] = row["end_name"] if k == last else ""
        out.append(piece)
    return out


def _split_at_tees(table, node_xy, tolerance_m, path, report):
    """Cut a pipe where another pipe's end lies on it (within the tolerance) away from its own ends."""
    shapely = _shapely()
    geoms = table["geometry"].to_numpy()
    points = shapely.points(node_xy)
    node, line = shapely.STRtree(geoms).query(points, predicate="dwithin", distance=tolerance_m)
    a, b, measured = table["a"].to_numpy(), table["b"].to_numpy(), table["measured_m"].to_numpy()
    own = (a[line] == node) | (b[line] == node)
    node, line = node[~own], line[~own]
    at = shapely.line_locate_point(geoms[line], points[node])
    inner = (at > tolerance_m) & (at < measured[line] - tolerance_m)
    node, line, at = node[inner], line[inner], at[inner]
    if not len(line):
        return table
    order = np.lexsort((at, line))
    node, line, at = node[order], line[order], at[order]
    cut, first = np.unique(line, return_index=True)  # the pipes to cut; their cuts are consecutive
    nodes, dists = np.split(node, first[1:]), np.split(at, first[1:])
    rows = table.iloc[cut]
    report.add("pipe_split", path, list(rows["feature"]), node_xy[node[first], 0], node_xy[node[first], 1],
               [f"another pipe ends on it: cut into {len(n) + 1} pipes {pid}-1 ... at "
                + ", ".join(f"{d:.1f}" for d in ds) + " m from its start"
                for pid, n, ds in zip(rows["id"], nodes, dists)])
    pieces = _cut_rows(rows, nodes, dists)
    rest = table.drop(index=cut)
    return pd.concat([rest, pieces]).sort_values("src", kind="stable").reset_index(drop=True)


def _cut_rows(rows, nodes, dists):
    """The pieces of ``rows`` cut at the distances ``dists`` (one array per row) through ``nodes``, all at
    once: a drawing of crossing lines may have thousands of pipes to cut."""
    shapely = _shapely()
    count = np.array([len(n) for n in nodes]) + 1
    measured = rows["measured_m"].to_numpy(float)
    start = np.concatenate([np.r_[0.0, d] for d in dists])
    end = np.concatenate([np.r_[d, m] for d, m in zip(dists, measured)])
    k = np.concatenate([np.arange(c) for c in count])
    last = np.repeat(count - 1, count)
    out = rows.iloc[np.repeat(np.arange(len(rows)), count)].copy()
    geoms = out["geometry"].to_numpy()
    scale = shapely.length(geoms) / np.repeat(np.where(measured > 0, measured, 1.0), count)
    p0 = shapely.get_coordinates(shapely.line_interpolate_point(geoms, start * scale))
    p1 = shapely.get_coordinates(shapely.line_interpolate_point(geoms, end * scale))
    straight = shapely.get_num_coordinates(geoms) == 2
    pieces = np.empty(len(geoms), dtype=object)
    pieces[straight] = shapely.linestrings(np.stack([p0[straight], p1[straight]], axis=1))
    for i in np.flatnonzero(~straight):  # bends: keep the vertices between the cuts
        coords = shapely.get_coordinates(geoms[i])
        cum = np.r_[0.0, np.cumsum(np.hypot(*np.diff(coords, axis=0).T))]
        pieces[i] = shapely.linestrings(_cut_line(coords, cum, start[i] * scale[i], end[i] * scale[i]))
    out["geometry"] = pieces
    out["measured_m"] = end - start
    out["length_m"] = out["length_m"].to_numpy(float) * (end - start) / np.repeat(
        np.where(measured > 0, measured, 1.0), count)
    out["id"] = [f"{pid}-{j + 1}" for pid, j in zip(out["id"], k)]
    out["a"] = np.concatenate([np.r_[a, n] for a, n in zip(rows["a"], nodes)]).astype(out["a"].dtype)
    out["b"] = np.concatenate([np.r_[n, b] for n, b in zip(nodes, rows["b"])]).astype(out["b"].dtype)
    out["start_name"] = np.where(k == 0, out["start_name"].to_numpy(object), "")
    out["end_name"] = np.where(k == last, out["end_name"].to_numpy(object), "")
    return out


def _duplicates(table, node_xy, tolerance_m, path, report):
    """Pipes joining the same two nodes: same route (Hausdorff < tolerance) left out, another route cut in two."""
    shapely = _shapely()
    lo = np.minimum(table["a"], table["b"])
    hi = np.maximum(table["a"], table["b"])
    pair = pd.Series(list(zip(lo, hi)), index=table.index)
    repeated = pair.duplicated(keep=False)
    if not repeated.any():
        return table, node_xy
    drop, pieces, new_xy = [], [], []
    for _, group in table[repeated].groupby(pair[repeated], sort=False):  # the few repeated pairs
        kept = [group.index[0]]
        for index in group.index[1:]:
            row = table.loc[index]
            gaps = shapely.hausdorff_distance(row["geometry"], table.loc[kept, "geometry"].to_numpy())
            mid = _mid_xy(np.array([row["geometry"]]))[0]
            drop.append(index)
            if (gaps < tolerance_m).any():
                first = table.loc[kept[int(np.argmin(gaps))]]
                report.add("duplicate_pipe", path, [row["feature"]], mid[0], mid[1],
                           f"joins the same two nodes as {first['feature']} along the same route (Hausdorff "
                           f"distance {gaps.min():.2f} m < {tolerance_m:g} m): left out")
                continue
            node = len(node_xy) + len(new_xy)
            new_xy.append(mid)
            half = row["measured_m"] / 2
            pieces += _pieces(row, [0.0, half, row["measured_m"]], [row["a"], node, row["b"]], "-")
            report.add("parallel_pipe", path, [row["feature"]], mid[0], mid[1],
                       f"joins the same two nodes as {table.loc[kept[0], 'feature']} by another route: cut in two "
                       f"at its middle ({row['id']}-1, {row['id']}-2)")
            kept.append(index)
    table = pd.concat([table.drop(index=drop), pd.DataFrame(pieces)]).sort_values("src", kind="stable")
    return table.reset_index(drop=True), np.vstack([node_xy, *new_xy]) if new_xy else node_xy


# ---------------------------------------------------------------- points

def _read_points(layer, report):
    """One row per point: src, id, feature, node_name (its node_id attribute), x, y, and its other attributes."""
    shapely = _shapely()
    _check_types(layer, (0, 4), "Point")
    geoms = np.asarray(layer.frame.geometry.array).copy()
    multi = shapely.get_type_id(geoms) == 4
    several = np.flatnonzero(multi & (shapely.get_num_geometries(geoms) > 1))
    if len(several):
        raise DataError(layer.path, f"a MultiPoint of {shapely.get_num_geometries(geoms[several[0]])} points: "
                                    "expected one point per feature", line=f"feature {several[0] + 1}")
    geoms[multi] = shapely.get_geometry(geoms[multi], 0)
    ids = _ids(layer, report)
    labels = layer.labels(ids)
    keep = _drop_empty(layer, labels, report)
    xy = np.full((len(geoms), 2), np.nan)
    xy[keep] = shapely.get_coordinates(geoms[keep])
    skip = {layer.columns["id"], layer.columns["node_id"], layer.frame.geometry.name}
    attributes = {c: _cells(layer.frame, c) for c in layer.frame.columns if c not in skip}
    table = pd.DataFrame({"src": np.arange(len(geoms)), "id": ids, "feature": labels,
                          "node_name": _cells(layer.frame, layer.columns["node_id"]), "x_l93": xy[:, 0],
                          "y_l93": xy[:, 1], **{k: v for k, v in attributes.items() if k not in
                                                ("src", "feature", "node_name", "x_l93", "y_l93", "id")}})
    return table[keep].reset_index(drop=True)


def _attach(points, node_xy, degree, tolerance_m, connect_tolerance_m):
    """Node of each point: the nearest node within the tolerance, else the nearest free pipe end within
    ``connect_tolerance_m``; -1 if none. Returns (node, distance_m)."""
    from scipy.spatial import cKDTree

    xy = points[["x_l93", "y_l93"]].to_numpy()
    node = np.full(len(xy), -1)
    dist = np.full(len(xy), np.inf)
    for candidates, radius in ((np.flatnonzero(degree > 0), tolerance_m),
                               (np.flatnonzero(degree == 1), connect_tolerance_m)):
        if not len(candidates) or not len(xy):
            continue
        d, i = cKDTree(node_xy[candidates]).query(xy, distance_upper_bound=radius)
        use = (node < 0) & np.isfinite(d)
        node[use], dist[use] = candidates[i[use]], d[use]
    return node, dist


def _unconnected(points, node, node_xy, degree, table, role, path, tolerances, report):
    """Report points with no node; each gets an isolated node at its position. Returns the extended node_xy."""
    from scipy.spatial import cKDTree

    shapely = _shapely()
    lost = np.flatnonzero(node < 0)
    if not len(lost):
        return node_xy
    xy = points[["x_l93", "y_l93"]].to_numpy()[lost]
    ends = node_xy[np.flatnonzero(degree > 0)]  # node_xy may already hold the isolated nodes of other points
    d_node = cKDTree(ends).query(xy)[0] if len(ends) else np.full(len(xy), np.inf)
    (_, pipe), d_pipe = shapely.STRtree(table["geometry"].to_numpy()).query_nearest(
        shapely.points(xy), all_matches=False, return_distance=True)
    report.add(f"unconnected_{role[:-1]}", path, list(points["feature"].iloc[lost]), xy[:, 0], xy[:, 1],
               [f"{dn:.1f} m from the nearest pipe end, {dp:.1f} m from pipe {pid}: beyond the tolerances "
                f"({tolerances[0]:g} m, {tolerances[1]:g} m to a free pipe end); draw its service pipe or move the "
                "point onto the pipe end" for dn, dp, pid in zip(d_node, d_pipe, table["id"].iloc[pipe])])
    node[lost] = len(node_xy) + np.arange(len(lost))
    return np.vstack([node_xy, xy])


# ---------------------------------------------------------------- node names

def _name_nodes(size, table, points, node_xy, path, report):
    """Node ids: the points' node_id, else the pipes' from_node / to_node, else generated N0001 ...

    ``points``: (role, frame with columns node, node_name) in priority order.
    """
    frames = [pd.DataFrame({"node": p["node"], "name": p["node_name"], "priority": 0}) for _, p in points]
    frames += [pd.DataFrame({"node": table[end], "name": table[col], "priority": 1})
               for end, col in (("a", "start_name"), ("b", "end_name"))]
    cand = pd.concat(frames, ignore_index=True)
    cand = cand[cand["name"] != ""].sort_values("priority", kind="stable")
    several = cand.groupby("node", sort=False)["name"].unique()
    several = several[several.map(len) > 1]
    names = np.full(size, None, dtype=object)
    winners = cand.drop_duplicates("node")
    clash = winners.duplicated("name").to_numpy()
    names[winners["node"].to_numpy()[~clash]] = winners["name"].to_numpy()[~clash]
    taken = set(winners["name"])
    free = pd.isna(names)
    width = max(4, len(str(size)))
    generated = [n for n in (f"N{k:0{width}d}" for k in range(1, size + len(taken) + 1)) if n not in taken]
    names[free] = generated[:int(free.sum())]
    if len(several):
        nodes = several.index.to_numpy()
        report.add("node_id_conflict", path, [f"node {names[n]}" for n in nodes], node_xy[nodes, 0],
                   node_xy[nodes, 1], [f"one node named {list(v)}: {names[n]} kept" for n, v in several.items()])
    lost = winners[clash]
    if len(lost):
        nodes = lost["node"].to_numpy()
        report.add("node_id_conflict", path, [f"node {names[n]}" for n in nodes], node_xy[nodes, 0],
                   node_xy[nodes, 1], [f"the name {v!r} is already the name of another node: this one is "
                                       f"{names[n]}" for n, v in zip(nodes, lost["name"])])
    return names


# ---------------------------------------------------------------- topology

def _graph(table, size):
    from scipy.sparse import coo_matrix

    return coo_matrix((table["length_m"].to_numpy(), (table["a"].to_numpy(), table["b"].to_numpy())),
                      shape=(size, size)).tocsr()


def _orient(table, size, root):
    """Swap the ends of pipes so that ``a`` is nearer the root (shortest path by length)."""
    if root is None:
        return table
    from scipy.sparse.csgraph import dijkstra

    dist = dijkstra(_graph(table, size), directed=False, indices=root)
    swap = dist[table["b"].to_numpy()] < dist[table["a"].to_numpy()]
    if swap.any():
        table = table.copy()
        table.loc[swap, ["a", "b"]] = table.loc[swap, ["b", "a"]].to_numpy()
        table.loc[swap, "geometry"] = _shapely().reverse(table.loc[swap, "geometry"].to_numpy())
    return table


def _disconnected(table, node_xy, names, root, path, report):
    """Report each part of the pipes not connected to the root's part (or to the longest part)."""
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    size = len(node_xy)
    _, comp = connected_components(_graph(table, size), directed=False)
    part = comp[table["a"].to_numpy()]
    lengths = pd.Series(table["length_m"].to_numpy()).groupby(part).sum()
    main = comp[root] if root is not None and (part == comp[root]).any() else lengths.idxmax()
    if len(lengths) == 1:
        return
    on_pipes = np.zeros(size, dtype=bool)
    on_pipes[table[["a", "b"]].to_numpy().ravel()] = True
    main_nodes = np.flatnonzero(on_pipes & (comp == main))
    other = np.flatnonzero(on_pipes & (comp != main))
    gap, nearest = cKDTree(node_xy[main_nodes]).query(node_xy[other])
    closest = pd.DataFrame({"node": other, "comp": comp[other], "gap": gap, "to": main_nodes[nearest]})
    closest = closest.loc[closest.groupby("comp")["gap"].idxmin()].set_index("comp")
    reference = f"the plant node {names[root]}" if root is not None and comp[root] == main else "the longest part"
    # one row per part cut off, computed for all parts at once (a drawing may have thousands)
    rest = pd.DataFrame({"part": part, "feature": table["feature"].to_numpy(),
                         "length_m": table["length_m"].to_numpy()})[part != main]
    groups = rest.groupby("part", sort=True)
    head = rest[groups.cumcount().to_numpy() < 3]
    parts = pd.DataFrame({"count": groups.size(), "length_m": groups["length_m"].sum(),
                          "first": head.groupby("part", sort=True)["feature"].agg(", ".join)}).join(closest)
    nodes, tos = parts["node"].to_numpy(int), parts["to"].to_numpy(int)
    shown = [first + (f" and {count - 3} more" if count > 3 else "") for first, count in
             zip(parts["first"], parts["count"])]
    report.add("disconnected_part", path, shown, node_xy[nodes, 0], node_xy[nodes, 1],
               [f"{count} pipes, {length:.1f} m, not connected to {reference}; closest to it at node {names[node]}, "
                f"{gap:.1f} m from node {names[to]}" for count, length, node, gap, to in
                zip(parts["count"], parts["length_m"], nodes, parts["gap"], tos)])


def _dangling(table, node_xy, has_point, tolerance_m, path, report):
    """Report degree-1 nodes with no substation or plant."""
    from scipy.spatial import cKDTree

    ends = np.r_[table["a"].to_numpy(), table["b"].to_numpy()]
    degree = np.bincount(ends, minlength=len(node_xy))
    loose = np.flatnonzero((degree == 1) & ~has_point)
    if not len(loose):
        return
    pipe_of = pd.Series(np.r_[np.arange(len(table)), np.arange(len(table))], index=ends)
    pipe = pipe_of[~pipe_of.index.duplicated()].loc[loose].to_numpy()
    on_pipes = np.flatnonzero(degree > 0)
    if len(on_pipes) > 1:
        d, _ = cKDTree(node_xy[on_pipes]).query(node_xy[loose], k=2)
        near = d[:, 1]
    else:
        near = np.full(len(loose), np.inf)
    report.add("dangling_end", path, list(table["feature"].iloc[pipe]), node_xy[loose, 0], node_xy[loose, 1],
               [f"end of pipe {pid} touches no other pipe, substation or plant; the nearest other node is {d:.2f} m "
                f"away (tolerance {tolerance_m:g} m)" for pid, d in zip(table["id"].iloc[pipe], near)])


def _unique_ids(ids):
    ids = pd.Series(ids, dtype=object)
    while ids.duplicated().any():
        repeat = ids.duplicated()
        ids[repeat] = ids[repeat] + "-" + (ids.groupby(ids).cumcount()[repeat] + 1).astype(str)
    return ids.to_numpy(dtype=object)
