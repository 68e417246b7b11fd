"""What each input of a scenario and of a network folder means, in French and in English.

The workbook's Assumptions sheet shows one of these beside every key (``heatnet.i18n.assumption_text``).
Keys are the machine keys with list indexes dropped (``add_substations.substations.heat_mwh``); network
folder rows start with ``network.`` and the plants table's columns are ``network.plants.<column>``. A key
is looked up whole, then without its leading parts (``renovate.clients`` falls back on ``clients``), so
the selector and plant fields shared by several measures are written once; a key naming an entry of a
mapping (``operation.availability_frac.<plant>``) takes its mapping's text. ``tests/workbook`` checks
that every field of the scenario schema and every network key has a text in both languages.
"""

ASSUMPTION_TEXTS = {
    # ------------------------------------------------------------ scenario file
    "name": ("Nom du scénario, repris dans les tableaux et les graphiques.",
             "Scenario name, shown in the tables and charts."),
    "description": ("Ce que le scénario étudie, en une phrase.", "What the scenario studies, in one sentence."),
    "base": ("Scénario de base (fichier), chemin relatif à ce fichier : le scénario en reprend l'état et "
             "y ajoute ses mesures.", "Base scenario file, relative to this file: the scenario starts from its "
                                      "state and adds its own measures."),
    "network": ("Dossier du réseau, chemin relatif à ce fichier (scénario racine).",
                "Network folder, relative to this file (root scenario)."),
    "year": ("Année étudiée (tarifs, climat, installations en service).",
             "Year studied (tariffs, climate, plants in service)."),
    "load_year": ("Année du tableau des consommations dont part le scénario racine.",
                  "Year of the loads table the root scenario starts from."),
    "measures": ("Mesures appliquées dans l'ordre (départs, rénovations, extensions, installations…).",
                 "Measures applied in order (departures, renovations, extensions, plants…)."),
    "tariff": ("Politique tarifaire du scénario.", "The scenario's tariff policy."),
    "operation": ("Réglages de l'exploitation horaire (non hérités de la base).",
                  "Hourly operation settings (not inherited from the base)."),
    # ------------------------------------------------------------ tariff policy
    "tariff.r1_eur_per_mwh": ("R1 imposé, € HT/MWh (sinon hérité de la base, ou tiré du contrat et du bouquet).",
                              "R1 given, EUR excl. VAT/MWh (else inherited, or from the contract and the mix)."),
    "tariff.tariff_date": ("Date tarifaire du contrat (par défaut : celle en vigueur au 1er janvier de l'année, "
                           "sinon la plus récente).", "Contract tariff date (default: the one in force on 1 "
                                                      "January of the year, else the latest)."),
    "tariff.r2_policy": ("Politique R2 : tarifs du contrat (défaut d'un scénario racine), R2 total maintenu "
                         "(défaut avec une base) ou R2 unitaire maintenu.",
                         "R2 policy: contract tariffs (root default), R2 total held (default with a base) or R2 "
                         "unit held."),
    "tariff.price_basis": ("Base de prix : tarifs × quantités, ou recettes réelles des comptes de la période "
                           "(scénario racine seulement).", "Price basis: tariffs × quantities, or the period's "
                                                           "revenues in the accounts (root scenario only)."),
    "tariff.accounts_period": ("Période des comptes pour la base comptes (par défaut : l'année).",
                               "Accounts period for the accounts basis (default: the year)."),
    "tariff.include_extension_capex": (
        "Ajoute l'annuité des extensions du scénario (nette des aides et des frais de raccordement) au R2 total "
        "et aux charges R2 de l'exploitant. Non, comme dans l'étude, quand le contrat finance déjà les "
        "extensions (R2.4).", "Adds the annuity of the scenario's extensions (net of subsidy and connection fees) "
                              "to the R2 total and to the operator's R2 costs. Off, as in the study, when the "
                              "contract already finances the extensions (R2.4)."),
    "tariff.capex_subsidy_frac": ("Part de l'investissement des extensions subventionnée (Fonds Chaleur…), 0..1.",
                                  "Share of the extensions' investment subsidised (Fonds Chaleur…), 0..1."),
    # ------------------------------------------------------------ selectors shared by the measures
    "ids": ("Identifiants des sous-stations visées (colonne id de substations.csv).",
            "Ids of the substations concerned (id column of substations.csv)."),
    "substation_no": ("Numéros de sous-station de l'étude ou de l'exploitant.",
                      "The study's or the operator's substation numbers."),
    "clients": ("Codes des clients visés (clients.csv).", "Codes of the clients concerned (clients.csv)."),
    "categories": ("Catégories de clients visées (ville, logement social, santé…).",
                   "Client categories concerned (city, social housing, health…)."),
    "branches": ("Antennes visées (codes).", "Branches concerned (codes)."),
    "public_buildings": ("Seulement les bâtiments publics (vrai) ou seulement les autres (faux).",
                         "Only public buildings (true) or only the others (false)."),
    "all": ("Toutes les sous-stations.", "Every substation."),
    # ------------------------------------------------------------ renovate, scale_substations
    "renovate.energy_saving_frac": ("Part de la chaleur économisée, 0..1.", "Share of heat saved, 0..1."),
    "renovate.subscribed_saving_frac": ("Part de la puissance souscrite abandonnée, 0..1.",
                                        "Share of the subscribed power given up, 0..1."),
    "scale_substations.heat_factor": ("Facteur appliqué à la chaleur vendue des sous-stations visées.",
                                      "Factor on the heat sold of the substations concerned."),
    "scale_substations.subscribed_factor": ("Facteur appliqué à la puissance souscrite des sous-stations visées.",
                                            "Factor on the subscribed power of the substations concerned."),
    "scale_substations.heat_sold_mwh": ("Chaleur vendue totale visée pour le réseau, MWh.",
                                        "Target total heat sold on the network, MWh."),
    "scale_substations.subscribed_kw": ("Puissance souscrite totale visée pour le réseau, kW.",
                                        "Target total subscribed power on the network, kW."),
    # ------------------------------------------------------------ add_substations (an extension)
    "add_substations.name": ("Nom de l'extension (repris dans les résultats).",
                             "Extension name (shown in the results)."),
    "add_substations.connect_to": ("Nœud existant d'où part l'artère de l'extension.",
                                   "Existing node the extension's trunk starts from."),
    "add_substations.trunk_length_m": ("Longueur de l'artère, du nœud de raccordement au nœud de l'extension, m.",
                                       "Trunk length, from the connection node to the extension's hub, m."),
    "add_substations.trunk_dn_mm": ("DN de l'artère, mm (dimensionné sur les kW de l'extension s'il manque).",
                                    "Trunk DN, mm (sized from the extension's kW when absent)."),
    "add_substations.hub_node": ("Identifiant du nouveau nœud au bout de l'artère ; les mesures suivantes peuvent "
                                 "s'y raccorder.", "Id of the new node at the trunk's end; later measures may "
                                                   "connect to it."),
    "add_substations.branch": ("Antenne sous laquelle classer les nouvelles conduites et sous-stations.",
                               "Branch to file the new pipes and substations under."),
    "add_substations.substations": ("Nouvelles sous-stations de l'extension.", "The extension's new substations."),
    "add_substations.substations.id": ("Identifiant de la nouvelle sous-station.", "Id of the new substation."),
    "add_substations.substations.building": ("Bâtiment(s) desservi(s).", "Building(s) served."),
    "add_substations.substations.client": ("Code du client abonné.", "Code of the subscribing client."),
    "add_substations.substations.substation_no": ("Numéro de la sous-station (étude ou exploitant).",
                                                  "Substation number (study or operator)."),
    "add_substations.substations.dwellings": ("Logements desservis par sous-station.",
                                              "Dwellings served per substation."),
    "add_substations.substations.subscribed_kw": ("Puissance souscrite par sous-station, kW.",
                                                  "Subscribed power per substation, kW."),
    "add_substations.substations.heat_mwh": ("Chaleur vendue par sous-station et par an, MWh.",
                                             "Heat sold per substation per year, MWh."),
    "add_substations.substations.pipe_length_m": ("Longueur du branchement de chaque sous-station, m.",
                                                  "Service pipe length of each substation, m."),
    "add_substations.substations.pipe_dn_mm": ("DN du branchement, mm (dimensionné sur les kW s'il manque).",
                                               "Service pipe DN, mm (sized from the kW when absent)."),
    "add_substations.substations.connect_to": ("Nœud où se raccorde la sous-station (par défaut : le nœud de "
                                               "l'extension).", "Node the substation connects at (default: the "
                                                                "extension's hub)."),
    "add_substations.substations.count": ("Nombre de sous-stations identiques.", "Number of identical substations."),
    "add_substations.substations.substation_capex_eur": (
        "Investissement propre de la sous-station (module de maison…), € HT ; sinon le coût de sa tranche de "
        "puissance.", "The substation's own investment (a house module…), EUR excl. VAT; else its power band's "
                      "cost."),
    "add_substations.csv": ("Fichier CSV des nouvelles sous-stations, chemin relatif au fichier du scénario.",
                            "CSV file of the new substations, relative to the scenario file."),
    "add_substations.clients": ("Nouveaux clients que l'extension introduit.", "New clients the extension brings."),
    "add_substations.routes": ("Nouvelles conduites de rue, dans l'ordre depuis le réseau ; les sous-stations "
                               "peuvent se raccorder à leurs nœuds.", "New street pipes, in order from the "
                                                                      "network; substations may connect to their "
                                                                      "nodes."),
    "add_substations.routes.id": ("Identifiant de la conduite.", "Pipe id."),
    "add_substations.routes.from_node": ("Nœud de départ du tronçon.", "Node the segment starts from."),
    "add_substations.routes.to_node": ("Nouveau nœud au bout du tronçon.", "New node at the segment's end."),
    "add_substations.routes.length_m": ("Longueur du tronçon, m.", "Segment length, m."),
    "add_substations.routes.dn_mm": ("DN du tronçon, mm.", "Segment DN, mm."),
    "add_substations.connection_fees_eur": ("Frais de raccordement payés par les nouveaux abonnés, € HT.",
                                            "Connection fees paid by the new subscribers, EUR excl. VAT."),
    "commissioning_year": ("Année de mise en service.", "Year of commissioning."),
    "lon": ("Longitude (WGS84, degrés).", "Longitude (WGS84, degrees)."),
    "lat": ("Latitude (WGS84, degrés).", "Latitude (WGS84, degrees)."),
    # new clients (an extension's or an interconnection's)
    "clients.client": ("Code du nouveau client.", "Code of the new client."),
    "clients.name": ("Nom du client.", "Client name."),
    "clients.category": ("Catégorie du client (ville, logement social, santé…).",
                         "Client category (city, social housing, health…)."),
    "clients.public_building": ("Ses bâtiments comptent comme bâtiments publics.",
                                "Its buildings count as public buildings."),
    "interconnect.client": ("Client qui représente le réseau voisin.", "Client that stands for the neighbouring "
                                                                       "network."),
    "client.client": ("Code du client qui représente le réseau voisin.",
                      "Code of the client that stands for the neighbouring network."),
    "client.name": ("Nom du client.", "Client name."),
    "client.category": ("Catégorie du client.", "Client category."),
    "client.public_building": ("Ses bâtiments comptent comme bâtiments publics.",
                               "Its buildings count as public buildings."),
    # ------------------------------------------------------------ interconnect
    "interconnect.name": ("Nom de l'interconnexion.", "Interconnection name."),
    "interconnect.connect_to": ("Nœud existant d'où part la conduite de transport.",
                                "Existing node the transmission pipe starts from."),
    "interconnect.pipe_length_m": ("Longueur de la conduite de transport, m.", "Transmission pipe length, m."),
    "interconnect.pipe_dn_mm": ("DN de la conduite de transport, mm.", "Transmission pipe DN, mm."),
    "interconnect.heat_mwh": ("Chaleur vendue par an au réseau voisin, MWh.",
                              "Heat sold per year to the neighbouring network, MWh."),
    "interconnect.subscribed_kw": ("Puissance souscrite par le réseau voisin, kW.",
                                   "Power the neighbouring network subscribes, kW."),
    "interconnect.plants": ("Installations propres du réseau voisin.", "The neighbouring network's own plants."),
    "interconnect.capex_eur": ("Investissement s'il est connu, € HT (sinon tiré du catalogue des conduites).",
                               "Investment if known, EUR excl. VAT (else from the pipe catalogue)."),
    # ------------------------------------------------------------ plants (add_plant, modify_plant, the network's)
    "id": ("Identifiant de l'installation.", "Plant id."),
    "technology": ("Technologie (chaudière gaz, cogénération biomasse, pompe à chaleur…).",
                   "Technology (gas boiler, biomass CHP, heat pump…)."),
    "fuel": ("Combustible ou source (clé des facteurs d'émission de CO2).", "Fuel or source (key of the CO2 "
                                                                             "factors)."),
    "node_id": ("Nœud où l'installation injecte sa chaleur.", "Node where the plant injects its heat."),
    "capacity_kw": ("Puissance thermique maximale, kW.", "Maximum heat output, kW."),
    "efficiency_frac": ("Rendement : chaleur produite / combustible (PCI) attribué à la chaleur.",
                        "Efficiency: heat out / fuel in (LHV) attributed to heat."),
    "renewable": ("Chaleur renouvelable ou de récupération (EnR&R).", "Renewable or recovered heat."),
    "in_dsp": ("Exploitée dans la concession (sinon chaleur achetée).", "Run within the concession (else heat "
                                                                         "bought)."),
    "merit_order": ("Rang d'appel dans le dispatching, 1 en premier.", "Dispatch rank, 1 first."),
    "winter_capacity_kw": ("Puissance garantie par le contrat pendant la période de fourniture, kW.",
                           "Output the contract guarantees in the supply period, kW."),
    "summer_capacity_kw": ("Puissance hors période de fourniture, kW.", "Output outside the supply period, kW."),
    "winter_start": ("Premier jour de la période de fourniture, MM-JJ.", "First day of the supply period, MM-DD."),
    "winter_end": ("Dernier jour de la période de fourniture, MM-JJ.", "Last day of the supply period, MM-DD."),
    "availability_frac": ("Disponibilité moyenne sur la période de fourniture, 0..1.",
                          "Mean availability over the supply period, 0..1."),
    "commissioned_year": ("Année de mise en service.", "Year in service."),
    "retired_year": ("Année d'arrêt définitif.", "Year out of service."),
    "report_group": ("Ligne du tableau de chaleur produite de l'exploitant où l'installation est déclarée.",
                     "Row of the operator's heat-input table the plant is reported in."),
    "source": ("D'où viennent les chiffres (document, tableau) ou comment ils sont déduits.",
               "Where the figures come from (document, table) or how they are derived."),
    "mean_repair_h": ("Durée moyenne d'un arrêt fortuit, heures.", "Mean length of a forced outage, hours."),
    "maintenance_days": ("Arrêt programmé pour entretien chaque année, jours.",
                         "Planned maintenance stop each year, days."),
    "maintenance_start": ("Premier jour de l'arrêt programmé, MM-JJ.", "First day of the planned stop, MM-DD."),
    "must_run_start": ("Premier jour de la période où l'installation est appelée en premier (cogénération en "
                       "saison), MM-JJ.", "First day of the period the plant runs first (a CHP in its season), "
                                          "MM-DD."),
    "must_run_end": ("Dernier jour de cette période d'appel prioritaire, MM-JJ.",
                     "Last day of that run-first period, MM-DD."),
    "called_start": ("Premier jour de la saison où le système électrique peut appeler l'installation (cogénération "
                     "dispatchable : elle tourne quand son électricité est appelée), MM-JJ.",
                     "First day of the season the electricity system may call the plant (a dispatchable CHP: it "
                     "runs when its electricity is called), MM-DD."),
    "called_end": ("Dernier jour de cette saison d'appel, MM-JJ.", "Last day of that called season, MM-DD."),
    "called_hours_per_year": ("Heures d'appel par an à pleine puissance : les heures de pointe des jours ouvrés les "
                              "plus froids de la saison.", "Hours a year it is called at full output: the peak hours "
                                                           "of the season's coldest weekdays."),
    "called_day_hours": ("Heures d'un jour d'appel, plages HH-HH séparées par « ; » (par défaut 07-15;18-20, les "
                         "heures PP1 du mécanisme de capacité).", "Hours of a called day, spans HH-HH separated by "
                                                                  "';' (default 07-15;18-20, the capacity mechanism's "
                                                                  "PP1 hours)."),
    "winter_energy_published_mwh": ("Chaleur que la garantie d'hiver doit donner selon le contrat, MWh (contrôlée "
                                    "face à puissance × durée × disponibilité).",
                                    "Heat the contract says the winter guarantee yields, MWh (checked against "
                                    "output × period × availability)."),
    "retire_plants.ids": ("Identifiants des installations arrêtées.", "Ids of the plants retired."),
    "modify_plant.id": ("Identifiant de l'installation modifiée.", "Id of the plant modified."),
    # ------------------------------------------------------------ operation (hourly)
    "operation.dju": ("Degrés-jours unifiés de l'année (par défaut : ceux de l'année de référence du réseau).",
                      "Degree-days of the year (default: the network's reference year)."),
    "operation.design_temp_c": ("Heure la plus froide de l'année type, °C.", "Coldest hour of the typical year, "
                                                                              "°C."),
    "operation.seed": ("Graine du tirage de la météo de l'année type.", "Seed of the typical year's weather."),
    "operation.weather_csv": ("Températures horaires mesurées (CSV), chemin relatif au fichier du scénario ; "
                              "remplacent l'année type.", "Measured hourly temperatures (CSV), relative to the "
                                                          "scenario file; they replace the typical year."),
    "operation.heating_threshold_c": ("Température extérieure sous laquelle les bâtiments se chauffent, °C.",
                                      "Outdoor temperature below which buildings need heating, °C."),
    "operation.heating_season_start": ("Premier jour de la saison de chauffe, MM-JJ (hypothèse : 1er octobre) ; "
                                       "vide : toute l'année.", "First day of the heating season, MM-DD "
                                                                "(assumption: 1 October); empty: all year."),
    "operation.heating_season_end": ("Dernier jour de la saison de chauffe, MM-JJ (hypothèse : 15 mai).",
                                     "Last day of the heating season, MM-DD (assumption: 15 May)."),
    "operation.losses": ("Pertes thermiques du réseau : calculées heure par heure sur les conduites (« physics ») "
                         "ou fixées par le rendement de distribution (« fixed »).",
                         "Network heat losses: from the pipes' physics hour by hour (physics) or fixed by the "
                         "distribution efficiency (fixed)."),
    "operation.network_efficiency_frac": ("Rendement de distribution (ventes / production) quand les pertes sont "
                                          "fixées (étude : environ 90 %).", "Distribution efficiency (sales / "
                                                                             "production) when losses are fixed "
                                                                             "(study: about 90 %)."),
    "operation.outages": ("Arrêts datés (ceux, connus ou calés, d'une année réelle).",
                          "Dated stops (an actual year's known or calibrated stops)."),
    "operation.outages.plant_id": ("Installation arrêtée.", "Plant stopped."),
    "operation.outages.start": ("Début de l'arrêt (date et heure).", "Start of the stop (date and time)."),
    "operation.outages.end": ("Fin de l'arrêt (date et heure).", "End of the stop (date and time)."),
    "operation.outages.reason": ("Motif de l'arrêt.", "Reason for the stop."),
    "operation.outage_draws": ("Tirages des arrêts fortuits et des fenêtres d'entretien ; 0 : les seuls arrêts "
                               "datés, installations disponibles sinon (année réelle aux arrêts connus).",
                               "Draws of the forced outages and maintenance windows; 0: the dated stops only, "
                               "plants otherwise available (an actual year whose stops are known)."),
    "operation.outage_seed": ("Graine des tirages d'arrêts.", "Seed of the outage draws."),
    "operation.sales_dju": ("DJU de l'année où les ventes des sous-stations ont été mesurées (par défaut : ceux de "
                            "la base, sinon ceux de l'année des consommations) ; la part chauffage des ventes suit "
                            "le rapport des DJU.", "DJU of the year the substations' sales were measured in "
                                                   "(default: the base's, else the load year's); the heating part "
                                                   "of sales follows the ratio of the DJU."),
    "operation.contract_minimum_only": ("Les installations à garantie saisonnière n'offrent que leurs minimums "
                                        "garantis (cas prudent).", "Plants with seasonal contract figures offer "
                                                                   "only their guaranteed minimums (a cautious "
                                                                   "case)."),
    "operation.availability_frac": ("Disponibilité moyenne d'une installation (par identifiant), 0..1.",
                                    "Mean availability of a plant (by id), 0..1."),
    "operation.called_hours": ("Heures d'appel à pleine puissance d'une installation appelée par le système "
                               "électrique (par identifiant) : celles d'une année réelle (chaleur publiée / "
                               "puissance), à la place de ses heures d'appel annuelles.",
                               "Hours at full output of a plant the electricity system calls (by id): an actual "
                               "year's (published heat / capacity), instead of its yearly called hours."),
    "operation.energy_prices": ("Prix de l'énergie pour l'exploitation horaire, € HT/MWh de chaleur.",
                                "Energy prices for the hourly operation, EUR excl. VAT/MWh of heat."),
    "operation.energy_prices.wood_eur_per_mwh": ("Prix de la chaleur issue du bois, € HT/MWh.",
                                                 "Price of the heat from wood, EUR excl. VAT/MWh."),
    "operation.energy_prices.gas_eur_per_mwh": ("Prix de la chaleur issue du gaz, € HT/MWh.",
                                                "Price of the heat from gas, EUR excl. VAT/MWh."),
    "operation.energy_prices.fuel_oil_eur_per_mwh": ("Prix de la chaleur issue du fioul, € HT/MWh.",
                                                     "Price of the heat from fuel oil, EUR excl. VAT/MWh."),
    "operation.resale_limit": ("Réseau voisin servi après le réseau, avec une limite sur la chaleur d'une "
                               "installation qui lui est revendue.", "A neighbouring network served after the "
                                                                     "network, with a limit on one plant's heat "
                                                                     "resold to it."),
    "operation.resale_limit.client": ("Client du point de livraison du réseau voisin.",
                                      "Client of the neighbouring network's delivery point."),
    "operation.resale_limit.plant_id": ("Installation dont la convention limite la chaleur revendue.",
                                        "Plant whose resold heat the agreement limits."),
    "operation.resale_limit.max_kw": ("Puissance de cette installation que le voisin peut prendre au plus, kW.",
                                      "Most of that plant's output the neighbour may take, kW."),
    # ------------------------------------------------------------ network folder (network.yaml, plants.csv)
    "network.name": ("Nom du réseau.", "Network name."),
    "network.description": ("Présentation du réseau.", "About the network."),
    "network.country": ("Code du pays (ISO).", "Country code (ISO)."),
    "network.climate_zone": ("Zone climatique (H1a…).", "Climate zone (H1a…)."),
    "network.reference_dju": ("DJU de l'année de référence (rigueur 1,00), base 18 °C.",
                              "Degree-days of the reference year (severity 1.00), base 18 °C."),
    "network.layout_reconstructed": ("Nœuds et conduites reconstitués plutôt que relevés.",
                                     "Nodes and pipes reconstructed rather than surveyed."),
    "network.plant_node": ("Nœud où la chaufferie principale injecte la chaleur (racine du graphe).",
                           "Node where the main plant injects heat (root of the graph)."),
    "network.network_length_published_m": ("Longueur publiée du réseau, m (comparée aux conduites).",
                                           "Published network length, m (checked against the pipes)."),
    "network.substations_published": ("Nombre publié de sous-stations.", "Published number of substations."),
    "network.contract": ("Concession : autorité, exploitant, dates et règles du contrat.",
                         "Concession: authority, operator, the contract's dates and rules."),
    "network.contract.authority": ("Autorité délégante.", "Awarding authority."),
    "network.contract.operator": ("Exploitant délégataire.", "Operator holding the concession."),
    "network.contract.dsp_start": ("Début de la délégation de service public.", "Start of the concession (DSP)."),
    "network.contract.dsp_end": ("Fin de la délégation de service public.", "End of the concession (DSP)."),
    "network.contract.extension_min_kw_per_m": ("Règle du contrat : puissance souscrite minimale d'une extension "
                                                "par mètre de réseau, kW/ml.", "Contract rule: least subscribed "
                                                                               "power of an extension per metre "
                                                                               "of network, kW/m."),
    "network.contract.extension_guarantee_years": ("Durée pendant laquelle l'abonné d'une extension garantit sa "
                                                   "puissance, années.", "Years an extension's subscriber "
                                                                         "guarantees its power."),
    "network.contract.cep_period": ("Colonne du compte d'exploitation prévisionnel (CEP) de référence.",
                                    "Column of the forecast accounts (CEP) taken as reference."),
    "network.contract.indexation_base_year": ("Année de base des formules de révision.",
                                              "Base year of the revision formulas."),
    "network.temperatures": ("Températures du réseau.", "The network's temperatures."),
    "network.temperatures.supply_c": ("Température de départ habituelle, °C.", "Usual supply temperature, °C."),
    "network.temperatures.supply_design_c": ("Température de départ à la température extérieure de base, °C.",
                                             "Supply temperature at the design outdoor temperature, °C."),
    "network.temperatures.supply_min_c": ("Température de départ la plus basse (sans besoin de chauffage), °C.",
                                          "Lowest supply temperature (no heating needed), °C."),
    "network.temperatures.design_outdoor_c": ("Température extérieure de base, °C.", "Design outdoor temperature, "
                                                                                      "°C."),
    "network.temperatures.return_c": ("Température de retour, °C.", "Return temperature, °C."),
    "network.hydraulics": ("Réglages de la physique du réseau propres à ce réseau.",
                           "This network's own settings of the network physics."),
    "network.hydraulics.insulation_series": ("Série d'isolation des conduites (1 à 3).",
                                             "Pipe insulation series (1 to 3)."),
    "network.hydraulics.insulation_ageing_factor": ("Facteur de vieillissement de l'isolant : pertes réelles / "
                                                    "pertes du catalogue.", "Insulation ageing factor: actual "
                                                                            "losses / catalogue losses."),
    "network.hydraulics.ground_temp_c": ("Température du sol autour des conduites, °C.",
                                         "Ground temperature around the pipes, °C."),
    "network.hydraulics.max_velocity_m_per_s": ("Vitesse maximale admise dans les conduites, m/s.",
                                                "Velocity limit in the pipes, m/s."),
    "network.hydraulics.max_pressure_gradient_pa_per_m": ("Perte de charge linéique maximale admise, Pa/m.",
                                                          "Pressure-gradient limit, Pa/m."),
    "network.hydraulics.pump_efficiency_frac": ("Rendement des pompes, 0..1.", "Pump efficiency, 0..1."),
    "network.hydraulics.substation_min_dp_bar": ("Pression différentielle minimale à la sous-station la plus "
                                                 "défavorisée, bar.", "Least differential pressure at the critical "
                                                                      "substation, bar."),
    "network.hydraulics.design_load": ("Charge de dimensionnement : appel à la température de base ou puissance "
                                       "souscrite de chaque sous-station.", "Design load: each substation's peak "
                                                                            "at the design temperature or its "
                                                                            "subscribed power."),
    "network.hydraulics.pressure_rating_bar": ("Pression nominale des conduites (PN), bar.",
                                               "Nominal pressure of the pipes (PN), bar."),
    "network.hydraulics.static_pressure_bar": ("Pression statique du réseau, bar.", "Static pressure of the network, "
                                                                                    "bar."),
    "network.hydraulics.plant_feeds": ("Injection de la chaleur : toute au nœud de la chaufferie principale, ou par "
                                       "sous-réseaux, chacun alimenté au nœud de ses propres installations.",
                                       "Where the heat comes in: all at the main plant's node, or by sub-networks, "
                                       "each fed at the node of its own plants."),
    "network.plants.name": ("Nom de l'installation.", "Plant name."),
    "plants.name": ("Nom de l'installation.", "Plant name."),
    "add_plant.name": ("Nom de l'installation.", "Plant name."),
    "modify_plant.name": ("Nom de l'installation.", "Plant name."),
}
