"""A minimal valid network folder and its root scenario, for ``heatnet init FOLDER``.

The network is fictitious (``Exempleville``): one plant site, a trunk, four substations, a wood
boiler and a gas back-up, contract tariffs. Every file says what to replace; docs/network-format.md
lists the required and optional files. Nothing here comes from a study: each figure is marked
``example`` in its ``source`` column, so a folder still carrying them is easy to spot.
"""

from pathlib import Path

NETWORK_FILES = {
    "network.yaml": """\
# Parameters of the network (docs/network-format.md lists every key). Replace the example values.
name: Exempleville                 # the network's name, shown on every page
description: >-
  Réseau fictif écrit par heatnet init : remplacer chaque fichier par les données du réseau.
country: FR
reference_dju: 2400                # degree-days of the reference year (base 18 °C), your DJU source
layout_reconstructed: false        # true when nodes/pipes are a schematic reconstruction, not a survey
plant_node: PLANT                  # the node (nodes.csv) where the main plant injects heat
contract:                          # optional: the concession, if there is one
  authority: Commune d'Exempleville
  operator: Exploitant
  extension_min_kw_per_m: 3.0      # the contract's density rule for extensions, kW subscribed per metre
temperatures:                      # optional: supply and return temperatures
  supply_c: 85
  supply_design_c: 90
  design_outdoor_c: -7
  return_c: 60
hydraulics:                        # optional: overrides of data/france/parameters.yaml
  pressure_rating_bar: 16          # the pipes' nominal pressure (PN)
""",
    "clients.csv": """\
client,name,category,public_building,source
Commune,Commune d'Exempleville,city,true,example
Bailleur,Office HLM d'Exempleville,social_housing,false,example
""",
    "nodes.csv": """\
id,kind,lon,lat,source
PLANT,plant_site,2.3500,48.8500,example
J1,junction,2.3530,48.8510,example
N1,delivery,2.3545,48.8525,example
N2,delivery,2.3550,48.8500,example
J2,junction,2.3580,48.8515,example
N3,delivery,2.3590,48.8530,example
N4,delivery,2.3600,48.8505,example
""",
    "pipes.csv": """\
id,from_node,to_node,dn_mm,length_m,kind,source
P1,PLANT,J1,150,250,trunk,example
P2,J1,J2,125,300,trunk,example
S1,J1,N1,65,60,service,example
S2,J1,N2,65,80,service,example
S3,J2,N3,50,70,service,example
S4,J2,N4,80,90,service,example
""",
    "substations.csv": """\
id,substation_no,building,client,dwellings,node_id,source
SS1,1,Mairie,Commune,,N1,example
SS2,2,École des Tilleuls,Commune,,N2,example
SS3,3,Résidence des Peupliers,Bailleur,60,N3,example
SS4,4,Résidence du Parc,Bailleur,120,N4,example
""",
    "loads.csv": """\
substation_id,year,heat_mwh,subscribed_kw,source
SS1,2024,420,300,example
SS2,2024,380,280,example
SS3,2024,650,420,example
SS4,2024,1300,800,example
""",
    "plants.csv": """\
id,name,technology,fuel,node_id,capacity_kw,efficiency_frac,renewable,in_dsp,merit_order,source
wood,Chaudière bois,biomass_boiler,wood,PLANT,900,0.85,true,true,1,example
gas,Chaudière gaz d'appoint,gas_boiler,gas,PLANT,2500,0.92,false,true,2,example
""",
    "tariffs_r1.csv": """\
effective_date,component,fuel,eur_per_mwh,source
2024-01-01,energy,wood,38.00,example
2024-01-01,energy,gas,62.00,example
""",
    "mix_weights.csv": """\
effective_date,fuel,weight_frac,source
2024-01-01,wood,0.70,example
2024-01-01,gas,0.30,example
""",
    "tariffs_r2.csv": """\
effective_date,component,eur_per_kw,source
2024-01-01,r2_1,3.00,example
2024-01-01,r2_2,14.00,example
2024-01-01,r2_3,6.00,example
2024-01-01,r2_4,30.00,example
""",
    "SOURCES.md": """\
# Sources

Every figure of this folder is an example written by `heatnet init`. Replace each file with the
network's data and say in its `source` column where each row comes from (document, table, line).
""",
}

ROOT_SCENARIO = """\
# The root scenario: the network as it is in one year. Other scenarios name it as their `base`
# and add measures (docs/scenarios.md). Run it with `heatnet run baseline.yaml`.
name: Situation de référence       # shown on every page
description: Exempleville, année de référence (données d'exemple)
network: network                   # the network folder, relative to this file
year: 2024                         # the year the figures describe
load_year: 2024                    # the year of loads.csv to start from
operation:                         # the year's climate (docs/operation.md)
  dju: 2400                        # degree-days of the year simulated (default: reference_dju)
  sales_dju: 2400                  # degree-days of the year loads.csv was measured in: the heating part
                                   # of the sales follows dju / sales_dju, so equal DJU keep loads.csv's MWh
tariff:
  price_basis: tariff              # tariff: contract R1/R2 x quantities; accounts: the year's accounts.csv
  r2_policy: contract              # contract: the contract's R2; hold_total / hold_unit in derived scenarios
measures: []                       # e.g. - remove_substations: {substation_no: ["2"]}
"""


def write_template(folder, overwrite=False):
    """Write ``folder``/network/ (the network files) and ``folder``/baseline.yaml; return the written paths.

    An existing file is kept unless ``overwrite``: FileExistsError names it.
    """
    folder = Path(folder)
    targets = {folder / "network" / name: text for name, text in NETWORK_FILES.items()}
    targets[folder / "baseline.yaml"] = ROOT_SCENARIO
    existing = [str(p) for p in targets if p.exists()]
    if existing and not overwrite:
        raise FileExistsError(f"{existing[0]} already exists (--force replaces the template's files)")
    (folder / "network").mkdir(parents=True, exist_ok=True)
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    return list(targets)
