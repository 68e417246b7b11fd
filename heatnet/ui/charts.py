"""Altair charts of the dashboard: network map, price bridge, bars. No Streamlit here.

The map draws the nodes' lon/lat in a Mercator projection (no base map tiles: the
dashboard works offline). Nodes a scenario adds without coordinates (extensions,
interconnections) are placed schematically by :func:`node_positions`.
"""

import math

import altair as alt
import networkx as nx
import pandas as pd

M_PER_DEG_LAT = 111_320.0

# Tableau 20: one colour per client, category or plant, given by its rank in the network's own tables,
# so the same client keeps its colour on every chart and in every scenario of a network.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac", "#a0cbe8", "#ffbe7d", "#8cd17d", "#f1ce63", "#86bcb6", "#ff9d9a", "#d4a6c8", "#fabfd2",
           "#d7b5a6", "#79706e")


def color_scale(names):
    """An Altair colour scale: ``names`` (the whole ordered domain of a network) to fixed colours."""
    names = list(dict.fromkeys(names))
    return alt.Scale(domain=names, range=[PALETTE[i % len(PALETTE)] for i in range(len(names))])


def node_positions(nodes, pipes, plant_node):
    """lon/lat of every node; a node without coordinates is placed from its upstream neighbour,
    continuing the upstream direction, at the pipe's length (siblings fanned out).

    Returns a DataFrame indexed by node id with lon, lat and ``placed`` (True where assumed here).
    """
    pos = {}
    for row in nodes.itertuples():
        if pd.notna(row.lon) and pd.notna(row.lat):
            pos[row.id] = (float(row.lon), float(row.lat))
    graph = nx.Graph()
    graph.add_nodes_from(nodes["id"])
    for p in pipes.itertuples():
        graph.add_edge(p.from_node, p.to_node, length_m=float(p.length_m))
    placed = set()
    if plant_node in graph and plant_node not in pos:
        pos[plant_node] = (0.0, 0.0)
    start = plant_node if plant_node in graph else next(iter(pos), None)
    if start is None:
        return pd.DataFrame(columns=["lon", "lat", "placed"])
    parent = {start: None}
    for a, b in nx.bfs_edges(graph, start):
        parent[b] = a
    order = [start] + [b for _, b in nx.bfs_edges(graph, start)]
    children = {}
    for node in order[1:]:
        if node not in pos:
            children.setdefault(parent[node], []).append(node)
    for node in order:
        kids = children.get(node)
        if not kids or node not in pos:
            continue
        lon0, lat0 = pos[node]
        up = parent.get(node)
        if up is not None and up in pos and pos[up] != pos[node]:
            dx = (lon0 - pos[up][0]) * math.cos(math.radians(lat0))
            dy = lat0 - pos[up][1]
            heading = math.atan2(dy, dx)
        else:
            heading = math.pi  # no parent to follow: westward, an arbitrary but fixed start
        spread = 0.0 if len(kids) == 1 else min(math.pi * 1.6, 0.25 * len(kids))
        for i, kid in enumerate(kids):
            angle = heading + (spread * (i / (len(kids) - 1) - 0.5) if len(kids) > 1 else 0.0)
            length_m = graph.edges[node, kid]["length_m"] or 10.0
            dlat = length_m * math.sin(angle) / M_PER_DEG_LAT
            dlon = length_m * math.cos(angle) / (M_PER_DEG_LAT * math.cos(math.radians(lat0)))
            pos[kid] = (lon0 + dlon, lat0 + dlat)
            placed.add(kid)
    frame = pd.DataFrame.from_dict(pos, orient="index", columns=["lon", "lat"])
    frame["placed"] = frame.index.isin(placed)
    return frame


def map_chart(pipes, substations, plants, title, color_by="dn_mm", color_title="DN (mm)", height=560,
              selected_pipe=None, selected_substation=None, path_pipes=(), client_scale=None, titles=None):
    """Pipes (rules) coloured and sized by ``color_by``; substations sized by kW; plants as squares.

    ``pipes`` needs lon, lat, lon2, lat2, id, dn_mm, length_m and ``color_by``; ``substations`` lon, lat, id,
    building, client, subscribed_kw, heat_mwh; ``plants`` lon, lat, name, capacity_kw. Selections are named
    ``pipe`` and ``substation`` (point selections on the id field).
    """
    projection = {"type": "mercator"}
    titles = titles or {}

    def title_of(key):  # the tooltips' titles, in the page's language
        return titles.get(key, key)

    pipe_sel = alt.selection_point(name="pipe", fields=["id"], on="click", clear="dblclick")
    sub_sel = alt.selection_point(name="substation", fields=["id"], on="click", clear="dblclick")
    pipes = pipes.assign(on_path=pipes["id"].isin(list(path_pipes)) | (pipes["id"] == selected_pipe))
    base_pipes = alt.Chart(pipes).encode(
        longitude="lon:Q", latitude="lat:Q", longitude2="lon2", latitude2="lat2")
    highlight = base_pipes.transform_filter(alt.datum.on_path).mark_rule(color="#ff2b2b", opacity=0.55).encode(
        strokeWidth=alt.value(11))
    lines = base_pipes.mark_rule(strokeCap="round").encode(
        color=alt.Color(f"{color_by}:Q", title=color_title, scale=alt.Scale(scheme="viridis", reverse=True)),
        strokeWidth=alt.StrokeWidth(f"{color_by}:Q", title=color_title, scale=alt.Scale(range=[1.5, 7]),
                                    legend=None),
        tooltip=[alt.Tooltip("id:N", title=title_of("pipe_id")), alt.Tooltip("dn_mm:Q", title="DN (mm)"),
                 alt.Tooltip("length_m:Q", format=".0f", title=title_of("length_m")),
                 alt.Tooltip(f"{color_by}:Q", title=color_title, format=".0%" if color_by.endswith("_frac") else ",.0f")],
    ).add_params(pipe_sel)
    subs = alt.Chart(substations).mark_circle(stroke="black", strokeWidth=0.6, opacity=0.85).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("subscribed_kw:Q", title="kW", scale=alt.Scale(range=[30, 900])),
        color=alt.Color("client:N", title="Client", scale=client_scale or alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(orient="bottom", columns=6)),
        tooltip=[alt.Tooltip("id:N", title=title_of("substation_id")), alt.Tooltip("building:N", title=title_of("building")),
                 alt.Tooltip("client:N", title=title_of("client")),
                 alt.Tooltip("subscribed_kw:Q", format=",.0f", title=title_of("subscribed_kw")),
                 alt.Tooltip("heat_mwh:Q", format=",.0f", title=title_of("heat_mwh"))],
    ).add_params(sub_sel)
    layers = [highlight, lines, subs]
    if selected_substation is not None:
        layers.append(alt.Chart(substations[substations["id"] == selected_substation]).mark_point(
            shape="circle", size=900, color="#ff2b2b", strokeWidth=3, filled=False).encode(
            longitude="lon:Q", latitude="lat:Q"))
    if plants is not None and not plants.empty:
        layers.append(alt.Chart(plants).mark_square(size=260, color="#d62728", stroke="black").encode(
            longitude="lon:Q", latitude="lat:Q",
            tooltip=[alt.Tooltip("name:N", title=title_of("ui_plant")),
                     alt.Tooltip("capacity_kw:Q", format=",.0f", title=title_of("capacity_kw"))]))
    return alt.layer(*layers).project(**projection).properties(title=title, height=height)


def waterfall_chart(bridge, price_title, height=None):
    """The price bridge as a horizontal waterfall: one row per step, its label in full on the left,
    start and end as bars from zero, each step a floating bar, and every bar's figure written beside it."""
    rows = []
    for i, step in enumerate(bridge):
        price = step["price_eur_per_mwh"]
        delta = step["delta_eur_per_mwh"]
        if step["step"] in ("start", "end"):
            low, high, kind = 0.0, price, "total"
        else:
            low, high = price - delta, price
            kind = "up" if delta >= 0 else "down"
        rows.append({"order": i, "label": step["label"], "low": min(low, high), "high": max(low, high),
                     "price_eur_per_mwh": price, "delta_eur_per_mwh": delta, "kind": kind,
                     "text": step.get("text", f"{price:.2f}")})
    frame = pd.DataFrame(rows)
    y = alt.Y("label:N", sort=list(frame["label"]), title=None,
              axis=alt.Axis(labelLimit=0, labelOverlap=False, labelFontSize=12))  # 0: never truncated
    bars = alt.Chart(frame).mark_bar(height=18).encode(
        y=y, x=alt.X("low:Q", title=price_title), x2="high:Q",
        color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=["total", "up", "down"],
                                                             range=["#4c78a8", "#e45756", "#54a24b"])),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("text:N")])
    text = alt.Chart(frame).mark_text(align="left", dx=4, fontSize=12).encode(y=y, x="high:Q", text="text:N")
    # SVG: the labels are text a browser (and its tests, and screen readers) can read
    return (bars + text).properties(height=height or 34 * len(frame) + 50,
                                    usermeta={"embedOptions": {"renderer": "svg"}})


def bar_chart(frame, x, y, x_title, y_title, color=None, sort="-y", height=320, horizontal=False):
    enc_x = alt.X(f"{x}:N", sort=sort, title=x_title, axis=alt.Axis(labelOverlap=False, labelLimit=300,
                                                                     labelAngle=-40))
    enc_y = alt.Y(f"{y}:Q", title=y_title)
    if horizontal:
        enc_x = alt.X(f"{y}:Q", title=y_title)
        enc_y = alt.Y(f"{x}:N", sort="-x", title=x_title, axis=alt.Axis(labelOverlap=False, labelLimit=400))
    chart = alt.Chart(frame).mark_bar().encode(x=enc_x, y=enc_y, tooltip=list(frame.columns))
    if color:
        chart = chart.encode(color=alt.Color(f"{color}:N"))
    return chart.properties(height=height)


def variance_waterfall(pair, effect_label, value_title, fmt, height=380):
    """A variance analysis as a waterfall: the reference result, each effect as a floating bar
    (green raises the result, red lowers it), the compared result."""
    rows = [{"label": pair["from"], "low": 0.0, "high": pair["from_result_eur"], "kind": "total",
             "eur": pair["from_result_eur"]}]
    level = pair["from_result_eur"]
    for effect in pair["effects"]:
        new = level + effect["eur"]
        rows.append({"label": effect_label(effect["effect"]), "low": level, "high": new,
                     "kind": "up" if effect["eur"] >= 0 else "down", "eur": effect["eur"]})
        level = new
    rows.append({"label": pair["to"], "low": 0.0, "high": pair["to_result_eur"], "kind": "total",
                 "eur": pair["to_result_eur"]})
    frame = pd.DataFrame(rows)
    frame["text"] = [fmt(v) for v in frame["eur"]]
    x = alt.X("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelAngle=-25, labelLimit=260))
    bars = alt.Chart(frame).mark_bar().encode(
        x=x, y=alt.Y("low:Q", title=value_title), y2="high:Q",
        color=alt.Color("kind:N", legend=None, scale=alt.Scale(domain=["total", "up", "down"],
                                                             range=["#4c78a8", "#54a24b", "#e45756"])),
        tooltip=[alt.Tooltip("label:N"), alt.Tooltip("text:N")])
    text = alt.Chart(frame).mark_text(dy=-8).encode(x=x, y="high:Q", text="text:N")
    return (bars + text).properties(height=height)
