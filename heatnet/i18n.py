"""What users read, in French by default and in English: labels and number formats.

One mapping serves the command line, the Excel workbook and the dashboard. Keys are the
model's English names (with their units); labels carry the unit as users write it.
"""

import math

LANGUAGES = ("fr", "en")

LABELS = {
    "scenario": ("Scénario", "Scenario"),
    "file": ("Fichier", "File"),
    "year": ("Année", "Year"),
    "substations": ("Sous-stations", "Substations"),
    "subscribed_kw": ("Puissance souscrite (kW)", "Subscribed power (kW)"),
    "heat_sold_mwh": ("Chaleur vendue (MWh)", "Heat sold (MWh)"),
    "heat_mwh": ("Chaleur (MWh)", "Heat (MWh)"),
    "network_length_m": ("Longueur du réseau (m)", "Network length (m)"),
    "r1_eur_per_mwh": ("R1 (€ HT/MWh)", "R1 (EUR excl. VAT/MWh)"),
    "r2_eur_per_kw": ("R2 (€ HT/kW)", "R2 (EUR excl. VAT/kW)"),
    "r1_revenue_eur": ("Recettes R1 (€ HT)", "R1 revenue (EUR excl. VAT)"),
    "r2_revenue_eur": ("Recettes R2 (€ HT)", "R2 revenue (EUR excl. VAT)"),
    "revenue_eur": ("Chiffre d'affaires (€ HT)", "Turnover (EUR excl. VAT)"),
    "average_price_eur_per_mwh": ("Prix moyen (€ HT/MWh)", "Average price (EUR excl. VAT/MWh)"),
    "average_price_ttc_eur_per_mwh": ("Prix moyen (€ TTC/MWh)", "Average price (EUR incl. VAT/MWh)"),
    "average_price_hold_total_eur_per_mwh": ("Prix, R2 total maintenu (€ HT/MWh)",
                                             "Price, R2 total held (EUR excl. VAT/MWh)"),
    "average_price_hold_unit_eur_per_mwh": ("Prix, R2 unitaire maintenu (€ HT/MWh)",
                                            "Price, R2 unit held (EUR excl. VAT/MWh)"),
    "average_price_tariff_basis_eur_per_mwh": ("Prix base tarifs (€ HT/MWh)", "Price, tariff basis (EUR/MWh)"),
    "average_price_accounts_basis_eur_per_mwh": ("Prix base comptes (€ HT/MWh)", "Price, accounts basis (EUR/MWh)"),
    "delta_price_frac": ("Écart de prix / référence (%)", "Price change vs reference (%)"),
    "delta_price_vs_first_frac": ("Écart de prix / 1er scénario (%)", "Price change vs first scenario (%)"),
    "renewable_frac": ("Taux EnR&R (%)", "Renewable & recovered share (%)"),
    "renewable_frac_p10": ("Taux EnR&R, P10 des tirages d'arrêts (%)", "Renewable share, P10 of the outage draws (%)"),
    "renewable_frac_p90": ("Taux EnR&R, P90 des tirages d'arrêts (%)", "Renewable share, P90 of the outage draws (%)"),
    "renewable_frac_areas": ("Taux EnR&R par réseau (réseau, voisin, ensemble)",
                             "Renewable share by network (network, neighbour, combined)"),
    "xl_renewable_of_area": ("Taux EnR&R : {area} (%)", "Renewable share: {area} (%)"),
    "xl_area_network": ("ce réseau", "this network"),
    "xl_area_combined": ("réseaux réunis", "networks combined"),
    "outage_draws": ("Tirages d'arrêts des unités", "Draws of the plants' outages"),
    "rigueur": ("Rigueur climatique (DJU / DJU de référence)", "Climate severity (DJU / reference DJU)"),
    "sales_dju": ("DJU de l'année des ventes", "DJU of the sales' year"),
    "heat_sold_corrected_mwh": ("Chaleur vendue corrigée du climat (MWh)", "Heat sold, climate-corrected (MWh)"),
    "availability_frac_realised": ("Disponibilité réalisée (%)", "Realised availability (%)"),
    "heat_loss_mwh": ("Pertes thermiques du réseau (MWh/an)", "Network heat losses (MWh/yr)"),
    "network_efficiency_frac": ("Rendement de distribution (%)", "Distribution efficiency (%)"),
    "pump_electricity_mwh": ("Électricité des pompes (MWh/an)", "Pump electricity (MWh/yr)"),
    "pump_head_bar": ("Hauteur manométrique des pompes (bar)", "Pump head (bar)"),
    "pump_power_kw": ("Puissance électrique des pompes (kW)", "Pump electric power (kW)"),
    "max_pipe_load_frac": ("Taux de charge maximal des conduites (%)", "Highest pipe load factor (%)"),
    "critical_node": ("Sous-station la plus défavorisée (nœud)", "Critical substation (node)"),
    "design_outdoor_c": ("Température extérieure de base (°C)", "Design outdoor temperature (°C)"),
    "design_load_outdoor_c": ("Température vue par les bâtiments au dimensionnement (°C, inertie)",
                              "Temperature the buildings follow at design (°C, inertia)"),
    "supply_design_c": ("Départ à la température de base (°C)", "Supply at design (°C)"),
    "return_c": ("Température de retour (°C)", "Return temperature (°C)"),
    "design_heat_loss_kw": ("Pertes à la température de base (kW)", "Heat loss at design (kW)"),
    "design_load": ("Charge de dimensionnement", "Design load"),
    "max_velocity_m_per_s": ("Vitesse maximale admise (m/s)", "Velocity limit (m/s)"),
    "max_pressure_gradient_pa_per_m": ("Perte de charge linéique maximale (Pa/m)", "Pressure-gradient limit (Pa/m)"),
    "loops": ("Mailles", "Loops"),
    "hy_branches": ("Antennes : charge et réserve de capacité", "Branches: load and spare capacity"),
    "hy_spare": ("réserve", "spare"),
    "hy_limiting": ("limitée par", "limited by"),
    "hy_beyond_catalogue": ("au-delà du plus gros DN du catalogue", "beyond the largest DN of the catalogue"),
    "hy_bottlenecks": ("Goulots (taux de charge > 100 %)", "Bottlenecks (load factor > 100 %)"),
    "hy_new_pipes": ("Conduites nouvelles (DN nécessaire)", "New pipes (DN needed)"),
    "hy_pipes": ("Conduites les plus chargées", "Most loaded pipes"),
    "hy_service": ("branchements", "service pipes"),
    "dn_mm": ("DN (mm)", "DN (mm)"),
    "required_dn_mm": ("DN nécessaire", "DN needed"),
    "linear_density_mwh_per_m": ("Densité thermique (MWh/ml/an)", "Linear heat density (MWh/m/yr)"),
    "linear_density_kw_per_m": ("Densité de puissance (kW/ml)", "Power density (kW/m)"),
    "turnover_hold_unit_eur": ("CA exploitant, R2 unitaire maintenu (€ HT)", "Operator turnover, R2 unit held (EUR)"),
    "operator_result_eur": ("Résultat d'exploitation (€ HT)", "Operating result (EUR excl. VAT)"),
    "r1_margin_eur": ("Marge R1 (€ HT)", "R1 margin (EUR excl. VAT)"),
    "r2_margin_eur": ("Marge R2 (€ HT)", "R2 margin (EUR excl. VAT)"),
    "r1_costs_eur": ("Charges R1 (€ HT)", "R1 costs (EUR excl. VAT)"),
    "r2_costs_eur": ("Charges R2 (€ HT)", "R2 costs (EUR excl. VAT)"),
    "nonrecurring_balance_eur": ("Solde non récurrent (€ HT)", "Non-recurring balance (EUR)"),
    "cep_operating_result_eur": ("Résultat CEP (€ HT)", "CEP operating result (EUR)"),
    "gap_to_cep_eur": ("Écart au CEP (€ HT)", "Gap to CEP (EUR)"),
    "co2_t": ("CO2 (t)", "CO2 (t)"),
    "co2_g_per_kwh": ("Contenu CO2 (g/kWh livré)", "CO2 content (g/kWh delivered)"),
    "gas_mwh": ("Gaz brûlé (MWh PCI)", "Gas burned (MWh LHV)"),
    "unserved_mwh": ("Chaleur non servie (MWh)", "Unserved heat (MWh)"),
    "price_basis": ("Base de prix", "Price basis"),
    "r2_policy": ("Politique R2", "R2 policy"),
    "length_m": ("Longueur (m)", "Length (m)"),
    "kw_per_m": ("kW/ml (hors branchements)", "kW/m (excluding services)"),
    "mwh_per_m": ("MWh/ml/an", "MWh/m/yr"),
    "capex_eur": ("Investissement (€ HT)", "Investment (EUR excl. VAT)"),
    "annuity_eur": ("Annuité (€ HT/an)", "Annuity (EUR/yr)"),
    "bridge": ("Pont de prix", "Price bridge"),
    "gaps": ("Écarts entre sources", "Gaps between sources"),
    "extensions": ("Extensions", "Extensions"),
}

POLICY_LABELS = {
    "contract": ("tarifs du contrat", "contract tariffs"),
    "hold_total": ("R2 total maintenu", "R2 total held"),
    "hold_unit": ("R2 unitaire maintenu", "R2 unit held"),
    "accounts": ("comptes d'exploitation", "operating accounts"),
    "tariff": ("tarifs x quantités", "tariffs x quantities"),
}


def check_lang(lang):
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {list(LANGUAGES)}")
    return lang


def label(key, lang="fr"):
    """The user-facing label of a key (the key itself when it has none)."""
    pair = LABELS.get(key) or POLICY_LABELS.get(key)
    return pair[LANGUAGES.index(check_lang(lang))] if pair else key


def decimals_for(key):
    if key.endswith("_frac"):
        return 1
    if key.endswith(("_eur_per_mwh", "_eur_per_kw", "_per_m", "_g_per_kwh", "_bar", "_per_s")):
        return 2
    return 0


def format_number(value, lang="fr", decimals=0, percent=False):
    """``55.3504`` -> ``"55,35"`` in French (narrow no-break space for thousands), ``"55.35"`` in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, bool):
        return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")
    if not isinstance(value, (int, float)):
        return str(value)
    if percent:
        value = value * 100
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.001 shown at 2 decimals reads 0.00, not -0.00
        text = text[1:]
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text + (" %" if percent and lang == "fr" else "%" if percent else "")


def plan_part_text(name, lang="fr"):
    """A part of the district in a connection plan (heatnet.studies.plan_case.parts_report names them by
    the candidates' use, ``all`` and ``all but houses``)."""
    return label("plan_part_" + name.replace(" ", "_"), lang)


def clause_text(trigger, lang="fr"):
    """A review clause a year triggers (heatnet.studies.reviews.check_year) in words: the figure it watches, its
    rule, its threshold and its reference (the CEP, a year of the timeline, or none)."""
    metric, rule, reference = trigger["metric"], trigger.get("rule"), trigger["reference"]
    if rule == "deviation_above_frac":
        threshold = format_number(trigger["threshold"], lang, 0, percent=True)
    else:
        threshold = format_value(metric if reference == "absolute" else "x_frac", trigger["threshold"], lang)
    where = {"cep": label("clause_reference_cep", lang), "absolute": ""}.get(
        reference, label("clause_reference_year", lang).format(year=reference))
    key = "clause_" + (rule if rule in ("deviation_above_frac", "below", "above") else "above")
    return label(key + ("_absolute" if reference == "absolute" and rule != "deviation_above_frac" else ""),
                 lang).format(metric=label(metric, lang), threshold=threshold, reference=where)


def concession_assumption_text(assumption, lang="fr"):
    """One of a concession study's assumptions (``assumptions`` of its JSON) in words."""
    kind = assumption.get("kind")
    if kind not in ("indices_held", "indices_path", "reference_dju", "base_year"):
        return assumption.get("what", "")
    return label("concession_assumption_" + kind, lang).format(
        indices=", ".join(assumption.get("indices", ())), year=assumption.get("base_year"),
        dju=format_number(assumption.get("reference_dju"), lang, 0))


# an uncertainty study's inputs are named by heatnet.studies.uncertainty.registry from their kind and what they
# bear on: (pattern, label key, the group the label takes)
_UNCERTAINTY_INPUTS = ((r"energy_price_(\w+)_eur_per_mwh", "unc_in_energy_price"), (r"availability_(\w+)_frac",
                       "unc_in_availability"), (r"sales_scale_(\w+)", "unc_in_sales_scale"),
                       (r"step_(\w+)_year", "unc_in_step_year"), (r"index_path_(\w+)_rate", "unc_in_index_path"),
                       (r"(dju)", "unc_in_dju"), (r"(outage_realisation)", "unc_in_outages"),
                       (r"(renovation_saving_frac)", "unc_in_renovation"))


def uncertainty_input_text(name, lang="fr"):
    """An uncertain input's name in words: ``energy_price_wood_eur_per_mwh`` -> ``Prix de l'énergie : wood
    (€ HT/MWh)``; a name of no known pattern is its label, else itself."""
    import re

    for pattern, key in _UNCERTAINTY_INPUTS:
        match = re.fullmatch(pattern, name)
        if match:
            what = match.group(1)
            if key == "unc_in_sales_scale":
                what = category_label(what, lang)
            elif key == "unc_in_energy_price" and f"fuel_{what}" in LABELS:
                what = label(f"fuel_{what}", lang)
            return label(key, lang).format(what=what)
    return label(name, lang)


def format_change(key, value, lang="fr"):
    """A change as ``format_value`` writes it, with its sign: ``+0,39``, ``-8,22``, ``+19,9 %``; a change that
    rounds to zero reads ``+0,00``, never ``-0,00``; a missing one ``-``."""
    text = format_value(key, value, lang)
    return text if text.startswith("-") else "+" + text


PLAIN_KEYS = {"year", "from_year", "commissioning_year", "substations", "loops", "draws"}


def format_value(key, value, lang="fr"):
    """Format a figure by its key's unit: shares as percent, prices with 2 decimals."""
    if key in PLAIN_KEYS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value))
    return format_number(value, lang, decimals_for(key), percent=key.endswith("_frac"))


# ---------------------------------------------------------------- Excel workbook (heatnet.workbook)
# Data columns keep the model's names; ``xl_`` keys are the workbook's own headings and texts.
LABELS.update({
    "xl_title": ("Étude technico-économique du réseau de chaleur", "District heating techno-economic study"),
    "xl_generated": ("Produit par heatnet {version} le {date}", "Produced by heatnet {version} on {date}"),
    "xl_scenarios": ("Scénarios", "Scenarios"),
    "xl_sheet_summary": ("Synthèse", "Summary"),
    "xl_sheet_assumptions": ("Hypothèses", "Assumptions"),
    "xl_sheet_substations": ("Sous-stations", "Substations"),
    "xl_sheet_tariffs": ("Tarifs", "Tariffs"),
    "xl_sheet_accounts": ("Comptes", "Accounts"),
    "xl_sheet_energy": ("Énergie", "Energy"),
    "xl_sheet_bridge": ("Pont de prix", "Price bridge"),
    "xl_sheet_network": ("Réseau", "Network"),
    "xl_section_physics": ("{name} : pertes, pompage et capacité (à la température de base)",
                           "{name}: losses, pumping and capacity (at design temperature)"),
    "xl_section_pipes": ("Conduites à la température de base, tous scénarios", "Pipes at design temperature, all scenarios"),
    "xl_no_physics": ("{name} : pertes fixées par le scénario (operation.losses: fixed), pas de calcul du réseau",
                      "{name}: losses fixed by the scenario (operation.losses: fixed), no network computation"),
    "design_load_kw": ("Charge de base (kW)", "Design load (kW)"),
    "spare_kw": ("Réserve de capacité (kW)", "Spare capacity (kW)"),
    "limiting_pipe": ("Conduite limitante", "Limiting pipe"),
    "max_load_frac": ("Taux de charge maximal (%)", "Highest load factor (%)"),
    "pressure_gradient_pa_per_m": ("Perte de charge linéique (Pa/m)", "Pressure gradient (Pa/m)"),
    "new": ("Nouvelle", "New"),
    "xl_indicator": ("Indicateur (unité)", "Indicator (unit)"),
    "xl_key": ("Clé", "Key"),
    "xl_value": ("Valeur (unité : colonne Unité)", "Value (unit: Unit column)"),
    "xl_type": ("Type", "Type"),
    "xl_unit": ("Unité", "Unit"),
    "xl_source": ("Source", "Source"),
    "xl_description": ("Description", "Description"),
    "xl_role": ("Rôle", "Role"),
    "xl_scenario_no": ("N° scénario", "Scenario no."),
    "xl_delta": ("Écart {name} − {first} (même unité ; points pour les %)",
                 "Change {name} − {first} (same unit; points for %)"),
    "xl_default": ("valeur par défaut (absente du fichier)", "default value (not in the file)"),
    "xl_assumptions_note": ("Une ligne par clé ; modifiez la colonne Valeur puis « heatnet import-assumptions "
                            "classeur.xlsx --scenario NOM -o scenario.yaml ». Cellule vide = non renseigné. "
                            "Les lignes « network » sont des données du réseau, en lecture seule.",
                            "One row per key; edit the Value column then run \"heatnet import-assumptions "
                            "workbook.xlsx --scenario NAME -o scenario.yaml\". Empty cell = not set. "
                            "\"network\" rows are network data, read-only."),
    "xl_file_name": ("Fichier du scénario", "Scenario file"),
    "xl_section_r1": ("R1 du contrat à la date tarifaire", "Contract R1 on the tariff date"),
    "xl_section_r2": ("R2 du contrat à la date tarifaire", "Contract R2 on the tariff date"),
    "xl_section_units": ("Termes appliqués par le scénario (cellules jaunes modifiables)",
                         "Terms the scenario applies (yellow cells can be edited)"),
    "xl_section_formula": ("Prix moyen recalculé par formules (suit R1, R2 ci-dessus et la feuille Sous-stations)",
                           "Average price recomputed by formulas (follows R1, R2 above and the Substations sheet)"),
    "xl_formula_price": ("Prix moyen, formule (€ HT/MWh)", "Average price, formula (EUR excl. VAT/MWh)"),
    "xl_exported_price": ("Prix moyen exporté par le modèle (€ HT/MWh)", "Average price exported by the model "
                                                                         "(EUR excl. VAT/MWh)"),
    "xl_formula_gap": ("Écart formule − modèle (€ HT/MWh)", "Formula − model (EUR excl. VAT/MWh)"),
    "xl_formula_heat": ("Chaleur vendue, somme des sous-stations (MWh)", "Heat sold, sum of substations (MWh)"),
    "xl_formula_kw": ("Puissance souscrite, somme des sous-stations (kW)", "Subscribed power, sum of substations (kW)"),
    "xl_section_accounts": ("Comptes d'exploitation du réseau « {network} » (réels et CEP)",
                            "Operating accounts of the \"{network}\" network (actuals and CEP)"),
    "xl_section_gap_cep": ("Écarts au CEP ({cep})", "Gaps to the CEP ({cep})"),
    "xl_section_operator": ("Comptes projetés de l'exploitant, R2 unitaire maintenu, face au CEP ({cep})",
                            "Operator's projected accounts, R2 unit held, against the CEP ({cep})"),
    "xl_section_concession": ("Vue concession : résultat annuel jusqu'à la fin de la DSP",
                              "Concession view: yearly result to the end of the DSP"),
    "xl_no_concession": ("Vue concession non demandée (option --concession CHRONOLOGIE.yaml).",
                         "Concession view not requested (option --concession TIMELINE.yaml)."),
    "xl_no_accounts": ("Pas de comptes d'exploitation dans les données du réseau.",
                       "No operating accounts in the network data."),
    "xl_period": ("Période", "Period"),
    "xl_line": ("Poste", "Line"),
    "xl_actual": ("Réel (€ HT, MWh ou kW)", "Actual (EUR, MWh or kW)"),
    "xl_cep": ("CEP (€ HT, MWh ou kW)", "CEP (EUR, MWh or kW)"),
    "xl_gap": ("Écart (€ HT, MWh ou kW)", "Gap (EUR, MWh or kW)"),
    "xl_gap_frac": ("Écart (%)", "Gap (%)"),
    "xl_gap_to_cep_of": ("Écart au CEP : {line}", "Gap to CEP: {line}"),
    "xl_kind": ("Nature", "Kind"),
    "xl_kind_actual": ("réel", "actual"),
    "xl_kind_projection": ("projection", "projection"),
    "xl_section_monthly": ("{name} : production mensuelle par installation (MWh)",
                           "{name}: monthly production by plant (MWh)"),
    "xl_section_operation": ("{name} : exploitation horaire (synthèse)", "{name}: hourly operation (summary)"),
    "xl_not_computed": ("{name} : exploitation horaire non calculée pour ce scénario ; taux EnR&R : {renewable}.",
                        "{name}: hourly operation not computed for this scenario; renewable share: {renewable}."),
    "xl_section_reported": ("Chaleur produite déclarée par l'exploitant, réseau « {network} » (MWh PCI utile)",
                            "Heat input reported by the operator, \"{network}\" network (MWh LHV useful)"),
    "xl_month": ("Mois", "Month"),
    "xl_total": ("Total", "Total"),
    "xl_section_bridge": ("{name} : du prix de « {root} » au prix du scénario", "{name}: from the price of "
                                                                                  "\"{root}\" to the scenario's"),
    "xl_no_bridge": ("{name} : pas de pont de prix (scénario racine ou tarifs du contrat).",
                     "{name}: no price bridge (root scenario or contract tariffs)."),
    "xl_step": ("Étape", "Step"),
    "xl_label": ("Libellé", "Label"),
    "price_eur_per_mwh": ("Prix (€ HT/MWh)", "Price (EUR excl. VAT/MWh)"),
    "delta_eur_per_mwh": ("Variation (€ HT/MWh)", "Change (EUR excl. VAT/MWh)"),
    "xl_chart_base": ("Base du graphique, invisible (€ HT/MWh)", "Chart base, invisible (EUR excl. VAT/MWh)"),
    "xl_increase": ("Hausse (€ HT/MWh)", "Increase (EUR excl. VAT/MWh)"),
    "xl_decrease": ("Baisse (€ HT/MWh)", "Decrease (EUR excl. VAT/MWh)"),
    "xl_level": ("Niveau (€ HT/MWh)", "Level (EUR excl. VAT/MWh)"),
    "xl_step_start": ("départ", "start"),
    "xl_step_tariff": ("tarif", "tariff"),
    "xl_step_measure": ("mesure", "measure"),
    "xl_step_end": ("arrivée", "end"),
    "xl_step_climate_and_outages": ("climat et arrêts", "climate and stops"),
    "xl_section_mix": ("Bouquet énergétique (part de la chaleur produite, %)", "Energy mix (share of heat "
                                                                               "produced, %)"),
    "xl_mix_renewable": ("EnR&R", "Renewable & recovered"),
    "xl_mix_other": ("Non renouvelable", "Non-renewable"),
    "xl_mix_none": ("Bouquet non disponible (ni exploitation horaire ni taux EnR&R déclaré).",
                    "Mix not available (no hourly operation and no reported renewable share)."),
    "xl_chart_price": ("Prix moyen de la chaleur (€/MWh)", "Average heat price (EUR/MWh)"),
    "xl_chart_mix": ("Bouquet énergétique (%)", "Energy mix (%)"),
    "xl_chart_concession": ("Résultat cumulé de l'exploitant et du CEP (€ HT)",
                            "Cumulative operator result and CEP (EUR excl. VAT)"),
    "substation_id": ("Sous-station (id)", "Substation (id)"),
    "substation_no": ("N° de sous-station", "Substation no."),
    "building": ("Bâtiment", "Building"),
    "client": ("Client", "Client"),
    "category": ("Catégorie", "Category"),
    "branch": ("Antenne", "Branch"),
    "dwellings": ("Logements (nombre)", "Dwellings (number)"),
    "added_by": ("Ajoutée par (mesure)", "Added by (measure)"),
    "r1_eur": ("Part R1 (€ HT/an)", "R1 part (EUR excl. VAT/yr)"),
    "r2_eur": ("Part R2 (€ HT/an)", "R2 part (EUR excl. VAT/yr)"),
    "bill_eur": ("Facture (€ HT/an)", "Bill (EUR excl. VAT/yr)"),
    "heat_frac": ("Part des ventes (%)", "Share of heat sold (%)"),
    "subscribed_frac": ("Part de la puissance souscrite (%)", "Share of subscribed power (%)"),
    "turnover_frac": ("Part du chiffre d'affaires (%)", "Share of turnover (%)"),
    "effective_date": ("Date d'effet", "Effective date"),
    "tariff_date": ("Date tarifaire", "Tariff date"),
    "r1c_eur_per_mwh": ("R1c énergie, pondéré par le bouquet (€ HT/MWh)", "R1c energy, mix-weighted (EUR/MWh)"),
    "r1co2_eur_per_mwh": ("R1CO2 (€ HT/MWh)", "R1CO2 (EUR excl. VAT/MWh)"),
    "r1t_eur_per_mwh": ("R1t taxe TICGN (€ HT/MWh)", "R1t gas tax (EUR excl. VAT/MWh)"),
    "published_average_eur_per_mwh": ("R1 moyen publié (€ HT/MWh)", "Published R1 average (EUR excl. VAT/MWh)"),
    "r2_1_eur_per_kw": ("R2.1 électricité (€ HT/kW/an)", "R2.1 electricity (EUR/kW/yr)"),
    "r2_2_eur_per_kw": ("R2.2 conduite et petit entretien (€ HT/kW/an)", "R2.2 operation and maintenance (EUR/kW/yr)"),
    "r2_3_eur_per_kw": ("R2.3 gros entretien et renouvellement (€ HT/kW/an)", "R2.3 major maintenance and "
                                                                              "renewal (EUR/kW/yr)"),
    "r2_4_eur_per_kw": ("R2.4 financement des investissements (€ HT/kW/an)", "R2.4 investment financing "
                                                                             "(EUR/kW/yr)"),
    "r2_5_eur_per_kw": ("R2.5 redevance à la Ville (€ HT/kW/an)", "R2.5 royalty to the city (EUR/kW/yr)"),
    "published_total_eur_per_kw": ("R2 total publié (€ HT/kW/an)", "Published R2 total (EUR/kW/yr)"),
    "r1_costs_eur_per_mwh": ("Charges R1 unitaires (€ HT/MWh)", "R1 unit costs (EUR excl. VAT/MWh)"),
    "extension_annuity_in_r2_eur": ("Annuité d'extension incluse dans le R2 (€ HT/an)",
                                    "Extension annuity in the R2 total (EUR/yr)"),
    "accounts_period": ("Période des comptes", "Accounts period"),
    "turnover_eur": ("Chiffre d'affaires (€ HT)", "Turnover (EUR excl. VAT)"),
    "operating_result_eur": ("Résultat d'exploitation (€ HT)", "Operating result (EUR excl. VAT)"),
    "operating_result_published_eur": ("Résultat publié (€ HT)", "Published result (EUR excl. VAT)"),
    "r1_revenue_eur_per_mwh": ("Recette R1 unitaire (€ HT/MWh)", "R1 revenue per MWh (EUR/MWh)"),
    "r2_revenue_eur_per_kw": ("Recette R2 unitaire (€ HT/kW)", "R2 revenue per kW (EUR/kW)"),
    "cumulative_result_eur": ("Résultat cumulé (€ HT)", "Cumulative result (EUR excl. VAT)"),
    "cumulative_cep_eur": ("CEP cumulé (€ HT)", "Cumulative CEP (EUR excl. VAT)"),
    "year_frac_r1": ("Part de l'année dans la DSP, chaleur (%)", "Share of the year in the DSP, heat (%)"),
    "year_frac_r2": ("Part de l'année dans la DSP, abonnement (%)", "Share of the year in the DSP, R2 (%)"),
    "report_group": ("Installation (groupe déclaré)", "Plant (reported group)"),
    "xl_fuel_price": ("R1 {fuel} au contrat (€ HT/MWh)", "Contract R1 {fuel} (EUR excl. VAT/MWh)"),
    "xl_mix_weight": ("Poids du bouquet au contrat : {fuel} (%)", "Contract mix weight: {fuel} (%)"),
})


# ---------------------------------------------------------------- dashboard (heatnet.ui)
# ``ui_`` keys are the dashboard's own texts; model column names are added only where no
# other block defines them (setdefault), so the blocks can land in any order.
_UI_LABELS = {
    "ui_page_network": ("Réseau", "Network"),
    "ui_page_scenarios": ("Scénarios", "Scenarios"),
    "ui_page_economics": ("Économie", "Economics"),
    "ui_page_energy": ("Énergie", "Energy"),
    "ui_page_export": ("Export", "Export"),
    "ui_active_scenario": ("Scénario affiché", "Scenario shown"),
    "ui_active_scenario_help": ("Le scénario que montrent les pages Réseau, Économie et Énergie.",
                                "The scenario the Network, Economics and Energy pages show."),
    "ui_sidebar_note": ("Montants en € HT sauf mention TTC.", "Amounts in EUR excl. VAT unless marked."),
    "ui_running": ("Calcul du scénario…", "Running the scenario…"),
    "ui_scenario_error": ("Scénario impossible à calculer", "The scenario cannot run"),
    "ui_not_computed": ("non calculé pour ce scénario", "not computed for this scenario"),
    "ui_cannot_show": ("résultat présent mais impossible à afficher", "result present but cannot be shown"),
    "ui_composed": ("Composé", "Composed"),
    "ui_layout_reconstructed": (
        "Tracé reconstitué : l'étude ne donne ni les tracés ni l'antenne de chaque sous-station. Les positions "
        "et les longueurs de la carte sont une reconstitution schématique, pas le réseau réel.",
        "Reconstructed layout: the study gives neither the routes nor each substation's branch. Positions and "
        "lengths on this map are a schematic reconstruction, not the real network."),
    "ui_layout_schematic": ("tracé reconstitué (schématique)", "reconstructed layout (schematic)"),
    "ui_color_pipes_by": ("Couleur et épaisseur des conduites", "Pipe colour and width"),
    "ui_dn_mm": ("DN (mm)", "DN (mm)"),
    "ui_downstream_subscribed_kw": ("Puissance souscrite en aval (kW)", "Subscribed power downstream (kW)"),
    "ui_load_frac": ("Taux de charge à la température de base (%)", "Load factor at design temperature (%)"),
    "ui_downstream_heat_mwh": ("Chaleur vendue en aval (MWh)", "Heat sold downstream (MWh)"),
    "ui_downstream_substations": ("Sous-stations en aval", "Substations downstream"),
    "ui_map_help": ("Cliquer une conduite ou une sous-station pour la sélectionner (double-clic : effacer). "
                    "Carrés rouges : installations de production.",
                    "Click a pipe or a substation to select it (double-click: clear). Red squares: plants."),
    "ui_placed_nodes": ("{n} nœud(s) ajoutés par le scénario sans coordonnées : placés schématiquement.",
                        "{n} node(s) the scenario adds without coordinates: placed schematically."),
    "ui_substation": ("Sous-station", "Substation"),
    "ui_pick_substation": ("Choisir une sous-station", "Pick a substation"),
    "ui_pipe": ("Conduite", "Pipe"),
    "ui_pick_pipe": ("Choisir une conduite", "Pick a pipe"),
    "ui_branch": ("antenne", "branch"),
    "ui_path_length_m": ("Distance depuis la chaufferie (m)", "Distance from the plant (m)"),
    "ui_path_from_plant": ("Chemin depuis la chaufferie", "Path from the plant"),
    "ui_substations_table": ("Sous-stations", "Substations"),
    "ui_filter_clients": ("Filtrer par client", "Filter by client"),
    "ui_filter_branches": ("Filtrer par antenne", "Filter by branch"),
    "ui_table_totals": ("{n} sous-station(s) · {kw} kW · {mwh} MWh", "{n} substation(s) · {kw} kW · {mwh} MWh"),
    "ui_length_by_dn": ("Longueur par diamètre", "Length by diameter"),
    "ui_branches": ("Antennes", "Branches"),
    "ui_tab_compare": ("Comparer", "Compare"),
    "ui_tab_compose": ("Composer un scénario", "Compose a scenario"),
    "ui_compare_pick": ("Scénarios à comparer (le premier sert de référence)",
                        "Scenarios to compare (the first is the reference)"),
    "ui_compare_empty": ("Choisir au moins un scénario.", "Pick at least one scenario."),
    "ui_compare_active_added": ("Le scénario affiché est ajouté à la comparaison.",
                                "The scenario shown is added to the comparison."),
    "ui_price_eur_per_mwh": ("Prix moyen (€/MWh)", "Average price (EUR/MWh)"),
    "ui_no_bridge": ("Pas de pont de prix : scénario de référence ou tarifs du contrat.",
                     "No price bridge: reference scenario or contract tariffs."),
    "ui_bridge_table": ("Pont de prix, étape par étape", "Price bridge, step by step"),
    "ui_step": ("Étape", "Step"),
    "ui_delta_eur_per_mwh": ("Variation (€ HT/MWh)", "Change (EUR excl. VAT/MWh)"),
    "ui_compose_help": ("Partir d'un scénario livré et ajouter des mesures ; le résultat se met à jour à chaque "
                        "changement.", "Start from a shipped scenario and add measures; the result updates on "
                                       "every change."),
    "ui_base_scenario": ("Scénario de base", "Base scenario"),
    "ui_composed_name": ("Nom du scénario", "Scenario name"),
    "ui_composed_default_name": ("Scénario composé", "Composed scenario"),
    "ui_measure_remove": ("Départ d'abonnés", "Subscribers leaving"),
    "ui_measure_renovate": ("Rénovation d'abonnés", "Renovation of subscribers"),
    "ui_measure_extension": ("Extension du réseau", "Network extension"),
    "ui_measure_neighbour": ("Interconnexion avec un réseau voisin", "Interconnection with a neighbouring network"),
    "ui_by_client": ("Par client", "By client"),
    "ui_by_substation_no": ("Par n° de sous-station", "By substation number"),
    "ui_public_buildings": ("Bâtiments publics", "Public buildings"),
    "ui_energy_saving_pct": ("Économie d'énergie (%)", "Energy saving (%)"),
    "ui_subscribed_saving_pct": ("Baisse de puissance souscrite (%)", "Subscribed power reduction (%)"),
    "ui_add_extension": ("Ajouter une extension", "Add an extension"),
    "ui_extension_name": ("Nom de l'extension", "Extension name"),
    "ui_connect_to": ("Raccordée au nœud", "Connected at node"),
    "ui_trunk_length_m": ("Longueur de l'artère (m)", "Trunk length (m)"),
    "ui_trunk_dn_mm": ("DN de l'artère (mm)", "Trunk DN (mm)"),
    "ui_substation_count": ("Nombre de sous-stations", "Number of substations"),
    "ui_kw_per_substation": ("kW souscrits par sous-station", "Subscribed kW per substation"),
    "ui_mwh_per_substation": ("MWh/an par sous-station", "MWh/yr per substation"),
    "ui_client": ("Client", "Client"),
    "ui_service_length_m": ("Branchement par sous-station (m)", "Service pipe per substation (m)"),
    "ui_include_capex": ("Ajouter l'annuité de l'investissement au R2", "Add the investment annuity to R2"),
    "ui_join_neighbour": ("Raccorder le réseau voisin (vente en gros)", "Join the neighbouring network (bulk sale)"),
    "ui_pipe_length_m": ("Longueur de la conduite (m)", "Pipe length (m)"),
    "ui_neighbour_note": ("Vente en gros en un point du réseau ; la chaufferie gaz du réseau voisin sert en dernier "
                       "recours (valeurs par défaut : l'interconnexion qu'étudie un scénario du dossier, sinon un "
                       "voisin du cinquième de ce réseau).",
                       "Bulk sale at one point of the network; the neighbouring network's gas boilers serve as last "
                       "resort (defaults: the interconnection a scenario of the folder studies, else a neighbour a "
                       "fifth of this network's size)."),
    "ui_neighbour_name": ("Réseau voisin", "Neighbouring network"),
    "ui_neighbour_plant": ("Chaufferie gaz du réseau voisin", "The neighbouring network's gas boilers"),
    "ui_tariff": ("Tarif", "Tariff"),
    "ui_keep_base_r1": ("Garder le R1 du scénario de base", "Keep the base scenario's R1"),
    "ui_invalid_scenario": ("Scénario invalide", "Invalid scenario"),
    "ui_compose_nothing": ("Aucune mesure choisie : le scénario reprend sa base.",
                           "No measure chosen: the scenario repeats its base."),
    "ui_show_everywhere": ("Afficher ce scénario dans toutes les pages", "Show this scenario on every page"),
    "ui_save": ("Enregistrer dans scenarios/", "Save in scenarios/"),
    "ui_file_name": ("Nom du fichier (sans dossier)", "File name (no folder)"),
    "ui_save_button": ("Enregistrer", "Save"),
    "ui_saved": ("Enregistré : {path}", "Saved: {path}"),
    "ui_bad_file_name": ("Nom de fichier refusé", "File name refused"),
    "ui_confirm_overwrite": ("Le fichier {name} existe déjà. Le remplacer ?",
                             "The file {name} already exists. Replace it?"),
    "ui_replace": ("Remplacer", "Replace"),
    "ui_cancel": ("Annuler", "Cancel"),
    "ui_download_yaml": ("Télécharger le YAML", "Download the YAML"),
    "ui_r1_r2_breakdown": ("Décomposition du R1 et du R2", "R1 and R2 breakdown"),
    "ui_r1c": ("R1c énergie (bouquet)", "R1c energy (mix)"),
    "ui_r1t": ("R1t taxe (TICGN)", "R1t tax (TICGN)"),
    "ui_contract_total": ("Total du contrat", "Contract total"),
    "ui_published": ("Publié par l'étude", "Published by the study"),
    "ui_applied": ("Appliqué par le scénario", "Applied by the scenario"),
    "ui_contract_at": ("contrat au", "contract on"),
    "ui_component": ("Terme", "Term"),
    "ui_r2_parts_note": ("R2.1 électricité, R2.2 conduite et petit entretien, R2.3 gros entretien et "
                         "renouvellement, R2.4 financement, R2.5 redevance à la Ville.",
                         "R2.1 electricity, R2.2 operation and small maintenance, R2.3 major maintenance and "
                         "renewal, R2.4 financing, R2.5 royalty to the city."),
    "ui_bills": ("Factures des abonnés", "Subscribers' bills"),
    "ui_top_bills": ("Les 20 plus grosses factures (€ HT/an)", "The 20 largest bills (EUR excl. VAT/yr)"),
    "ui_category": ("Catégorie", "Category"),
    "ui_turnover_by_category": ("Chiffre d'affaires par catégorie", "Turnover by category"),
    "ui_all_bills": ("Toutes les factures", "All bills"),
    "ui_social_housing": ("Logement social : coût par logement", "Social housing: cost per dwelling"),
    "ui_no_social_housing": ("Aucun abonné de logement social avec un nombre de logements connu.",
                             "No social-housing subscriber with a known number of dwellings."),
    "ui_dwellings": ("Logements", "Dwellings"),
    "ui_per_dwelling_note": ("Facture de chauffage (R1 + R2, € HT/an) divisée par le nombre de logements de la "
                             "sous-station (chauffage seul quand l'eau chaude sanitaire n'est pas vendue par le réseau).",
                             "Heating bill (R1 + R2, EUR excl. VAT/yr) divided by the substation's dwellings; "
                             "heating only where the network does not sell domestic hot water."),
    "ui_accounts": ("Comptes d'exploitation et CEP", "Operating accounts and CEP"),
    "ui_no_accounts": ("Pas de comptes d'exploitation dans les données du réseau.",
                       "No operating accounts in the network data."),
    "ui_actual": ("Réel", "Actual"),
    "ui_margins_vs_cep": ("Marges et résultat : réel contre {cep}", "Margins and result: actual against {cep}"),
    "ui_operator_view": ("Comptes projetés de l'exploitant pour ce scénario (R2 unitaire maintenu)",
                         "Operator's projected accounts for this scenario (R2 unit held)"),
    "ui_line": ("Poste", "Line"),
    "ui_concession": ("La concession jusqu'en 2033", "The concession to 2033"),
    "ui_no_timeline": ("Pas de chronologie de concession.", "No concession timeline."),
    "ui_operation": ("Exploitation horaire (bouquet, monotone, CO2)", "Hourly operation (mix, load duration, CO2)"),
    "ui_hydraulics": ("Hydraulique (charges des conduites)", "Hydraulics (pipe loads)"),
    "ui_reported_mix": ("Chaleur produite déclarée par l'exploitant", "Heat input reported by the operator"),
    "ui_reported_mix_note": ("Données des comptes rendus annuels (MWh PCI utile), pas un calcul du modèle.",
                             "Figures from the annual reports (MWh LHV useful), not computed by the model."),
    "ui_heat_input_mwh": ("Chaleur produite (MWh)", "Heat input (MWh)"),
    "ui_monthly_mix": ("Production mensuelle par installation", "Monthly production by plant"),
    "ui_month": ("Mois", "Month"),
    "ui_plant": ("Installation", "Plant"),
    "ui_share": ("Part", "Share"),
    "ui_load_duration": ("Monotone de charge", "Load duration curve"),
    "ui_hours": ("Heures de l'année (classées)", "Hours of the year (sorted)"),
    "ui_heat_loss_kw": ("Pertes thermiques (kW)", "Heat losses (kW)"),
    "ui_bottlenecks": ("Conduites les plus chargées", "Most loaded pipes"),
    "ui_pipe_loads_topology": ("Charges en aval des conduites (topologie seule)",
                               "Loads downstream of each pipe (topology only)"),
    "ui_export_pick": ("Scénarios à exporter", "Scenarios to export"),
    "ui_scenario_files": ("Fichiers de scénario", "Scenario files"),
    "ui_files_note": ("Un scénario nomme sa base relativement à lui-même : télécharger aussi ses bases.",
                      "A scenario names its base relative to itself: download its bases too."),
    "ui_workbook": ("Classeur Excel", "Excel workbook"),
    "ui_workbook_full": ("Classeur complet : synthèse, hypothèses, sous-stations, tarifs, comptes, énergie, réseau "
                         "et pont de prix.", "Full workbook: summary, assumptions, substations, tariffs, accounts, "
                         "energy, network and price bridge."),
    "ui_prepare_workbook": ("Préparer le classeur", "Prepare the workbook"),
    "ui_download_workbook": ("Télécharger le classeur", "Download the workbook"),
    "bill_per_dwelling_eur": ("Facture par logement (€ HT/an)", "Bill per dwelling (EUR excl. VAT/yr)"),
    "heat_per_dwelling_mwh": ("Chaleur par logement (MWh/an)", "Heat per dwelling (MWh/yr)"),
    "downstream_subscribed_kw": ("Puissance souscrite en aval (kW)", "Subscribed power downstream (kW)"),
    "downstream_heat_mwh": ("Chaleur vendue en aval (MWh)", "Heat sold downstream (MWh)"),
    "downstream_substations": ("Sous-stations en aval", "Substations downstream"),
    "pipe_id": ("Conduite", "Pipe"),
    "id": ("Id", "Id"),
    "kind": ("Nature", "Kind"),
    "load_frac": ("Taux de charge (%)", "Load factor (%)"),
    "velocity_m_per_s": ("Vitesse (m/s)", "Velocity (m/s)"),
    "pressure_drop_bar": ("Perte de charge (bar)", "Pressure drop (bar)"),
    "heat_loss_kw": ("Pertes thermiques (kW)", "Heat loss (kW)"),
    "mass_flow_kg_per_s": ("Débit (kg/s)", "Mass flow (kg/s)"),
    "category_city": ("Ville", "City"),
    "category_social_housing": ("Logement social", "Social housing"),
    "category_health": ("Santé", "Health"),
    "category_education": ("Enseignement", "Education"),
    "category_private_housing": ("Logement privé", "Private housing"),
    "category_tertiary": ("Tertiaire", "Tertiary"),
    "category_industry": ("Industrie", "Industry"),
    "category_other_public": ("Autre public", "Other public"),
    "category_other": ("Autre", "Other"),
    "group_biomass": ("Biomasse (LBE)", "Biomass (LBE)"),
    "group_central_boilers": ("Chaufferie centrale gaz", "Central gas plant"),
    "group_hospital_boilers": ("Chaufferie de l'hôpital", "Hospital boiler house"),
    "group_hospital_chp": ("Cogénération de l'hôpital", "Hospital CHP"),
    "group_fuel_oil": ("Fioul", "Fuel oil"),
    # model column names the dashboard shows (another block may define them first)
    "building": ("Bâtiment", "Building"),
    "client": ("Client", "Client"),
    "category": ("Catégorie", "Category"),
    "branch": ("Antenne", "Branch"),
    "substation_no": ("N° de sous-station", "Substation no."),
    "dwellings": ("Logements (nombre)", "Dwellings (number)"),
    "r1_eur": ("Part R1 (€ HT/an)", "R1 part (EUR excl. VAT/yr)"),
    "r2_eur": ("Part R2 (€ HT/an)", "R2 part (EUR excl. VAT/yr)"),
    "bill_eur": ("Facture (€ HT/an)", "Bill (EUR excl. VAT/yr)"),
    "price_eur_per_mwh": ("Prix (€ HT/MWh)", "Price (EUR excl. VAT/MWh)"),
    "turnover_frac": ("Part du chiffre d'affaires (%)", "Share of turnover (%)"),
    "turnover_eur": ("Chiffre d'affaires (€ HT)", "Turnover (EUR excl. VAT)"),
    "operating_result_eur": ("Résultat d'exploitation (€ HT)", "Operating result (EUR excl. VAT)"),
    "cumulative_result_eur": ("Résultat cumulé (€ HT)", "Cumulative result (EUR excl. VAT)"),
    "cumulative_cep_eur": ("CEP cumulé (€ HT)", "Cumulative CEP (EUR excl. VAT)"),
}
for _key, _pair in _UI_LABELS.items():
    LABELS.setdefault(_key, _pair)


# ---------------------------------------------------------------- the concession year by year (heatnet.studies)
LABELS.update({
    "subscribed_power": ("Puissance souscrite", "Subscribed power"),
    "climate": ("Climat (rigueur)", "Climate (rigueur)"),
    "other_volume": ("Autres volumes (ventes corrigées du climat)", "Other volume (climate-corrected sales)"),
    "r1_unit_price": ("Prix unitaire R1", "R1 unit price"),
    "r2_unit_price": ("Prix unitaire R2", "R2 unit price"),
    "energy_costs_and_mix": ("Coûts de l'énergie et bouquet", "Energy costs and mix"),
    "r2_costs": ("Charges R2", "R2 costs"),
    "nonrecurring": ("Exceptionnel", "Non-recurring"),
    "gap_eur": ("Écart total (€ HT)", "Total gap (EUR excl. VAT)"),
    "residual_eur": ("Résidu (€)", "Residual (EUR)"),
    "npv_eur": ("Valeur actuelle nette du résultat (€ HT)", "Net present value of the result (EUR excl. VAT)"),
    "discount_rate_frac": ("Taux d'actualisation (%)", "Discount rate (%)"),
    "royalty_eur": ("Redevance versée à la ville (€ HT)", "Royalty paid to the city (EUR excl. VAT)"),
    "dju": ("DJU", "Degree-days (DJU)"),
    "rigueur": ("Rigueur climatique", "Climate severity (rigueur)"),
    "triggers": ("Clauses de réexamen déclenchées", "Review clauses triggered"),
    "heat_sold_normal_mwh": ("Ventes corrigées du climat (MWh)", "Climate-corrected sales (MWh)"),
    "kind_actual": ("réel", "actual"),
    "kind_projection": ("projection", "projection"),
    "partial_year": ("année partielle", "partial year"),
    "concession_variance": ("Analyse des écarts du résultat : {a} -> {b}", "Variance of the result: {a} -> {b}"),
    "concession_method": ("Méthode : substitutions successives dans l'ordre ci-dessous ; les effets somment "
                          "exactement à l'écart.", "Method: sequential substitution in the order below; the "
                          "effects sum exactly to the gap."),
    "concession_totals": ("Totaux", "Totals"),
    "concession_assumptions": ("Hypothèses", "Assumptions"),
    "concession_assumption_indices_held": ("Indices maintenus à leur dernière valeur publiée : {indices}",
                                           "Indices held at their last published value: {indices}"),
    "concession_assumption_indices_path": ("Indices suivant les trajectoires de la chronique : {indices}",
                                           "Indices following the timeline's paths: {indices}"),
    "concession_assumption_reference_dju": ("Années projetées au climat de référence ({dju} DJU), sauf celles "
                                            "qu'operations.csv donne",
                                            "Projected years at the reference climate ({dju} DJU), except those "
                                            "operations.csv gives"),
    "concession_assumption_base_year": ("Recettes projetées aux termes du contrat de l'année de base de "
                                        "l'indexation ({year}), révisés par leurs formules",
                                        "Projected revenues at the contract's terms of the indexation base year "
                                        "({year}), revised by their formulas"),
    "clause_deviation_above_frac": ("{metric} à plus de {threshold} {reference}",
                                    "{metric} more than {threshold} from {reference}"),
    "clause_below": ("{metric} sous {threshold} fois la valeur {reference}", "{metric} below {threshold} times "
                                                                             "{reference}"),
    "clause_above": ("{metric} au-dessus de {threshold} fois la valeur {reference}",
                     "{metric} above {threshold} times {reference}"),
    "clause_below_absolute": ("{metric} sous {threshold}", "{metric} below {threshold}"),
    "clause_above_absolute": ("{metric} au-dessus de {threshold}", "{metric} above {threshold}"),
    "clause_reference_cep": ("du CEP", "the CEP"),
    "clause_reference_year": ("de {year}", "{year}"),
    "concession_no_cep": ("Pas de CEP pour cette année (le CEP n'a que les années publiées)",
                          "No CEP for this year (the CEP has its published years only)"),
    "ui_page_concession": ("Concession", "Concession"),
    "ui_concession_title": ("La concession année par année", "The concession year by year"),
    "ui_concession_timeline": ("Chronologie", "Timeline"),
    "ui_concession_compose": ("Composer une chronologie", "Compose a timeline"),
    "ui_concession_start": ("Première année", "First year"),
    "ui_concession_add_step": ("Ajouter une étape", "Add a step"),
    "ui_concession_run": ("Calculer la concession", "Compute the concession"),
    "ui_concession_pair": ("Écart analysé", "Gap analysed"),
    "ui_concession_none": ("Aucune chronologie pour ce réseau : composez-en une ci-dessous.",
                           "No timeline for this network: compose one below."),
    "ui_concession_end": ("Dernière année (le contrat du réseau ne donne pas de fin, dsp_end)",
                          "Last year (the network's contract gives no end, dsp_end)"),
    "ui_concession_needs": ("La vue année par année de la concession chiffre chaque année avec les tarifs du "
                            "contrat et leurs bases de coûts : il manque au dossier du réseau {files} "
                            "(docs/network-format.md).",
                            "The concession's year-by-year view prices each year from the contract's tariffs and "
                            "their cost bases: the network folder lacks {files} (docs/network-format.md)."),
    "ui_concession_caption": ("Résultat de l'exploitant par an, CEP quand il existe, effets des écarts",
                              "The operator's yearly result, the CEP where it exists, the variance effects"),
    "xl_section_concession_variance": ("Analyse des écarts : {a} -> {b} (formules)",
                                       "Variance analysis: {a} -> {b} (formulas)"),
    "xl_driver": ("Inducteur", "Driver"),
    "xl_reference": ("Référence", "Reference"),
    "xl_compared": ("Comparé", "Compared"),
    "xl_effect": ("Effet (€ HT)", "Effect (EUR excl. VAT)"),
    "xl_rebuilt_result": ("Résultat reconstitué", "Rebuilt result"),
    "xl_heating_frac": ("Part chauffage des ventes", "Heating part of sales"),
})

# ---------------------------------------------------------------- uncertainty studies (heatnet uncertainty)
LABELS.update({
    "unc_title": ("Incertitudes : {name}", "Uncertainty: {name}"),
    "unc_samples": ("{n} tirages (hypercube latin), graine {seed}, {elapsed} s sur {where}",
                    "{n} samples (Latin hypercube), seed {seed}, {elapsed} s on {where}"),
    "unc_figure": ("Indicateur", "Figure"),
    "unc_p5": ("P5", "P5"),
    "unc_p50": ("P50", "P50"),
    "unc_p95": ("P95", "P95"),
    "unc_mean_short": ("Moyenne", "Mean"),
    "unc_sem_short": ("Err. type", "Std. err."),
    "unc_serial": ("ce processus", "this process"),
    "fuel_wood": ("bois", "wood"),
    "fuel_gas": ("gaz", "gas"),
    "fuel_electricity": ("électricité", "electricity"),
    "fuel_fuel_oil": ("fioul", "fuel oil"),
    "fuel_heat": ("chaleur achetée", "heat bought"),
    "unc_in_energy_price": ("Prix de l'énergie : {what} (€ HT/MWh)", "Energy price: {what} (EUR excl. VAT/MWh)"),
    "unc_in_availability": ("Disponibilité : {what} (%)", "Availability: {what} (%)"),
    "unc_in_sales_scale": ("Ventes : {what} (facteur)", "Sales: {what} (factor)"),
    "unc_in_step_year": ("Année de l'étape {what}", "Year of step {what}"),
    "unc_in_index_path": ("Évolution de l'indice {what} (%/an)", "Growth of index {what} (%/yr)"),
    "unc_in_dju": ("Climat de l'année (DJU)", "The year's climate (DJU)"),
    "unc_in_outages": ("Tirage des arrêts des centrales", "Draw of the plants' stops"),
    "unc_in_renovation": ("Économie de la rénovation (%)", "Renovation saving (%)"),
    "unc_mean": ("Moyenne", "Mean"),
    "unc_sem": ("Erreur type de la moyenne", "Standard error of the mean"),
    "unc_deterministic": ("Déterministe (médianes)", "Deterministic (medians)"),
    "unc_events": ("Probabilité des événements", "Event probabilities"),
    "unc_event": ("Événement", "Event"),
    "unc_probability": ("Probabilité", "Probability"),
    "unc_tornado": ("Tornade : {figure}, chaque entrée à son P10 / P90, les autres à leur médiane",
                    "Tornado: {figure}, each input at its P10 / P90, the others at their median"),
    "unc_input": ("Entrée", "Input"),
    "unc_low": ("Entrée au P10", "Input at P10"),
    "unc_high": ("Entrée au P90", "Input at P90"),
    "unc_sobol": ("Indices de Sobol ({figure}) : premier ordre S1, total ST",
                  "Sobol indices ({figure}): first order S1, total ST"),
    "unc_progress": ("Tirages évalués", "Samples evaluated"),
    "unc_written": ("tirages écrits dans {path}", "samples written to {path}"),
    "xl_sheet_uncertainty": ("Incertitudes", "Uncertainty"),
    "ui_page_uncertainty": ("Incertitudes", "Uncertainty"),
    "ui_unc_study": ("Étude d'incertitude", "Uncertainty study"),
    "ui_unc_run": ("Lancer l'étude", "Run the study"),
    "ui_unc_samples": ("Nombre de tirages", "Number of samples"),
    "ui_unc_none": ("Aucune étude pour ce réseau : placez un fichier d'étude dans le dossier studies/ des "
                    "scénarios ouverts (voir docs/uncertainty.md).",
                    "No study for this network: put a study file in the open scenarios' studies/ folder (see "
                    "docs/uncertainty.md)."),
    "ui_unc_histogram": ("Distribution des tirages", "Distribution of the samples"),
    "ui_unc_fan": ("Éventail P5-P95 par indicateur (écart à la médiane, %)",
                   "P5-P95 fan by figure (gap to the median, %)"),
    "renewable_below_half": ("Taux EnR&R sous 50 % (TVA à 20 % sur R1)", "Renewable share below 50 % (20 % VAT on R1)"),
    "cumulative_result_below_cep": ("Résultat cumulé sous le CEP", "Cumulative result below the CEP"),
    "mean_price_eur_per_mwh": ("Prix moyen sur la période (€ HT/MWh)", "Mean price over the period (EUR excl. VAT/MWh)"),
    "final_price_eur_per_mwh": ("Prix la dernière année (€ HT/MWh)", "Price in the last year (EUR excl. VAT/MWh)"),
    "min_renewable_frac": ("Taux EnR&R le plus bas sur la période (%)", "Lowest renewable share over the period (%)"),
    "cumulative_gap_to_cep_eur": ("Écart cumulé au CEP (€ HT)", "Cumulative gap to the CEP (EUR excl. VAT)"),
    "operator_npv_contract_eur": ("VAN de l'exploitant à la fin du contrat (€ HT)", "Operator's NPV to the contract's end (EUR excl. VAT)"),
    "cost_per_dwelling_vs_gas_eur": ("Surcoût par logement face au gaz individuel (€ TTC/an)",
                                     "Cost per dwelling against individual gas (EUR incl. VAT/yr)"),
    "network_dearer_than_gas": ("Réseau plus cher que le gaz individuel (logement de référence)",
                                "Network dearer than individual gas (reference dwelling)"),
    "price_above_study_2020": ("Prix au-dessus des 61,4 € HT/MWh de l'étude", "Price above the study's 61.4 EUR/MWh"),
})

# the connection plan (heatnet plan) and the per-dwelling comparator
_PLAN_LABELS = {
    "plan_objective": ("Objectif du plan", "Plan objective"),
    "plan_objective_line": ("Objectif du plan : {objective} = {value} ({status}, {seconds} s)",
                            "Plan objective: {objective} = {value} ({status}, {seconds} s)"),
    "plan_objective_npv": ("VAN du résultat de l'exploitant (€ HT)", "operator's NPV (EUR excl. VAT)"),
    "plan_objective_territory_cost": ("coût annuel du chauffage du territoire (€ HT/an)",
                                      "territory's annual heating cost (EUR excl. VAT/yr)"),
    "plan_objective_dwellings": ("logements raccordés (nombre)", "dwellings connected (number)"),
    # a written plan's scenario name, in French like the study's scenarios (it is data, read in both languages)
    "plan_scenario_name": ("Plan de raccordement ({objective})", "Connection plan ({objective})"),
    "plan_name_npv": ("VAN de l'exploitant", "operator's NPV"),
    "plan_name_territory_cost": ("coût du territoire", "territory's cost"),
    "plan_name_dwellings": ("logements raccordés", "dwellings connected"),
    "plan_status_optimal": ("optimal", "optimal"),
    "plan_status_time_limit": ("limite de temps atteinte", "time limit reached"),
    "plan_part_house": ("maisons individuelles", "individual houses"),
    "plan_part_collective": ("logements collectifs", "collective housing"),
    "plan_part_public": ("bâtiments publics", "public buildings"),
    "plan_part_tertiary": ("tertiaire", "tertiary"),
    "plan_part_all": ("tout le quartier", "the whole district"),
    "plan_part_all_but_houses": ("tout sauf les maisons", "all but the houses"),
    "use_house": ("maison individuelle", "individual house"),
    "use_collective": ("logements collectifs", "collective housing"),
    "use_public": ("bâtiment public", "public building"),
    "use_tertiary": ("tertiaire", "tertiary"),
    "plan_houses_line": ("Maisons individuelles (subvention {subsidy}, R3 {r3} € HT/kW) : VAN apportée par les "
                         "maisons {npv} € HT ; une maison {network} € TTC/an sur le réseau contre {alternative} "
                         "€ TTC/an ({mode})",
                         "Individual houses (subsidy {subsidy}, R3 {r3} EUR excl. VAT/kW): NPV the houses add "
                         "{npv} EUR excl. VAT; one house {network} EUR incl. VAT/yr on the network against "
                         "{alternative} EUR incl. VAT/yr ({mode})"),
    "plan_npv_note": ("VAN sur les {years} années restantes du contrat, actualisées à {rate}",
                      "NPV over the contract's remaining {years} years, discounted at {rate}"),
    "xl_sheet_plan": ("Plan", "Plan"),
    "ui_page_planning": ("Planification", "Planning"),
    "ui_planning_help": ("Bâtiments candidats, le plan de raccordement optimisé (programme linéaire en nombres "
                         "entiers), pourquoi chaque bâtiment est retenu ou non, et le coût global d'un logement "
                         "sur le réseau et avec ses alternatives (méthode AMORCE / France Chaleur Urbaine).",
                         "Candidate buildings, the optimised connection plan (a mixed-integer program), why each "
                         "building is in or out, and a dwelling's full cost on the network and with its "
                         "alternatives (AMORCE / France Chaleur Urbaine method)."),
    "ui_dwelling_cost_caption": ("Méthode {method} · le réseau au R1 et au R2 du scénario ({year}), les autres "
                                 "modes aux prix {prices} · règles de TVA au {date}",
                                 "Method {method} · the network at the scenario's R1 and R2 ({year}), the other "
                                 "modes at the {prices} prices · VAT rules as of {date}"),
    "price_set_fcu_2024": ("2024 du comparateur France Chaleur Urbaine", "2024 France Chaleur Urbaine comparator"),
    "price_set_amorce_2022": ("2022 reconstitués (enquête AMORCE)", "reconstructed 2022 (AMORCE survey)"),
    "ui_candidates_file": ("Couche des bâtiments candidats", "Candidate buildings layer"),
    "ui_streets_file": ("Couche des rues (tracés candidats)", "Street layer (candidate routes)"),
    "ui_no_candidates": ("Aucune couche de bâtiments candidats à côté de ce scénario (data/candidates*.geojson "
                         "ou .gpkg) : indiquez-en une pour établir un plan de raccordement.",
                         "No candidate buildings layer beside this scenario (data/candidates*.geojson or .gpkg): "
                         "give one to draw up a connection plan."),
    "ui_objective_npv": ("VAN de l'exploitant", "Operator's NPV"),
    "ui_objective_territory_cost": ("Coût total du territoire", "Territory's total cost"),
    "ui_objective_dwellings": ("Logements raccordés (hausse de prix bornée)", "Dwellings connected (price rise capped)"),
    "ui_contract_rule": ("Règle du contrat (kW/ml)", "Contract rule (kW/m)"),
    "ui_run_plan": ("Calculer le plan", "Run the plan"),
    "value": ("Valeur", "Value"),
    "status": ("Statut du solveur", "Solver status"),
    "mip_gap": ("Écart d'optimalité", "Optimality gap"),
    "seconds": ("Durée (s)", "Time (s)"),
    "plan_file": ("Fichier du plan", "Plan file"),
    "trench_length_m": ("Longueur de tranchée (m)", "Trench length (m)"),
    "operator_margin_eur": ("Marge annuelle R1 + R2 (€ HT/an)", "Annual R1 + R2 margin (EUR excl. VAT/yr)"),
    "annuity_eur": ("Annuité de l'investissement (€ HT/an)", "Investment annuity (EUR excl. VAT/yr)"),
    "subsidy_frac": ("Subvention (%)", "Subsidy (%)"),
    "r3_eur_per_kw": ("R3 (€ HT/kW)", "R3 (EUR excl. VAT/kW)"),
    "houses_increment_npv_eur": ("VAN apportée par les maisons (€ HT)", "NPV the houses add (EUR excl. VAT)"),
    "houses_increment_territory_eur": ("Coût du territoire ajouté par les maisons (€ HT/an)",
                                       "Territory cost the houses add (EUR excl. VAT/yr)"),
    "network_ttc_eur": ("Réseau, une maison (€ TTC/an)", "Network, one house (EUR incl. VAT/yr)"),
    "alternative_ttc_eur": ("Alternative, une maison (€ TTC/an)", "Alternative, one house (EUR incl. VAT/yr)"),
    "use": ("Usage", "Use"),
    "own_margin_eur": ("Marge propre (€ HT/an)", "Own margin (EUR excl. VAT/yr)"),
    "own_annuity_eur": ("Annuité propre (€ HT/an)", "Own annuity (EUR excl. VAT/yr)"),
    "street_alone_m": ("Rue nécessaire seul (m)", "Street needed alone (m)"),
    "kw_per_m_alone": ("kW/ml seul", "kW/m alone"),
    "plan_connected": ("Bâtiments raccordés", "Buildings connected"),
    "plan_segments": ("Tronçons de rue construits", "Street segments built"),
    "plan_part": ("Partie du quartier", "Part of the district"),
    "plan_houses": ("Maisons individuelles", "Individual houses"),
    "candidates": ("Candidats (nombre)", "Candidates (number)"),
    "heat_mwh": ("Chaleur (MWh/an)", "Heat (MWh/yr)"),
    "street_length_m": ("Longueur de rue (m)", "Street length (m)"),
    "kw_per_m": ("Densité (kW/ml hors branchements)", "Density (kW/m excl. service pipes)"),
    "mwh_per_m": ("Densité (MWh/ml)", "Density (MWh/m)"),
    "operator_annual_eur": ("Résultat annuel de l'exploitant (€ HT/an)", "Operator's annual result (EUR excl. VAT/yr)"),
    "territory_annual_change_eur": ("Variation du coût du territoire (€ HT/an)",
                                    "Change of the territory's cost (EUR excl. VAT/yr)"),
    "price_change_frac": ("Variation du prix moyen (%)", "Change of the average price (%)"),
    "p1_eur": ("P1 énergie et abonnement (€ HT/an)", "P1 energy and subscription (EUR excl. VAT/yr)"),
    "p1_aux_eur": ("P1' électricité des auxiliaires (€ HT/an)", "P1' auxiliary electricity (EUR excl. VAT/yr)"),
    "p2_eur": ("P2 entretien (€ HT/an)", "P2 maintenance (EUR excl. VAT/yr)"),
    "p3_eur": ("P3 gros entretien (€ HT/an)", "P3 major repairs (EUR excl. VAT/yr)"),
    "p4_eur": ("P4 investissement (€ HT/an)", "P4 investment (EUR excl. VAT/yr)"),
    "total_eur": ("Coût global (€ HT/an)", "Full cost (EUR excl. VAT/yr)"),
    "total_ttc_eur": ("Coût global (€ TTC/an)", "Full cost (EUR incl. VAT/yr)"),
    "co2_kg": ("CO2 (kg/an)", "CO2 (kg/yr)"),
    "mode_network": ("Réseau de chaleur", "Heat network"),
    "mode_gas_individual": ("Chaudière gaz individuelle à condensation", "Individual condensing gas boiler"),
    "mode_gas_collective": ("Chaufferie gaz collective", "Collective gas boiler"),
    "mode_heat_pump_individual": ("Pompe à chaleur air/eau individuelle", "Individual air-water heat pump"),
    "mode_wood_collective": ("Chaufferie bois collective", "Collective wood boiler"),
    "mode_electric_individual": ("Électrique individuel", "Individual electric"),
    "mode_fuel_oil_collective": ("Fioul collectif", "Collective fuel oil"),
    "connected": ("Raccordé", "Connected"),
    "reason": ("Pourquoi", "Why"),
    "network_eur_per_dwelling": ("Réseau (€ HT/logement/an)", "Network (EUR excl. VAT/dwelling/yr)"),
    "alternative_eur_per_dwelling": ("Alternative (€ HT/logement/an)", "Alternative (EUR excl. VAT/dwelling/yr)"),
}
for _key, _pair in _PLAN_LABELS.items():
    LABELS.setdefault(_key, _pair)

# ---------------------------------------------------------------- warnings (heatnet.scenarios.warnings)
# One sentence per kind, with the figures formatted in the language; {subject} as users name it.
WARNING_TEXTS = {
    "pipe_overload": ("Conduite {subject} chargée à {value} de sa capacité à la température de base (limite {limit})",
                      "Pipe {subject} loaded at {value} of its capacity at the design temperature (limit {limit})"),
    "pipe_overload_extension": ("Conduite de l'extension « {subject} » chargée à {value} de sa capacité à la "
                                "température de base (limite {limit})",
                                "A pipe of the extension \"{subject}\" loaded at {value} of its capacity at the "
                                "design temperature (limit {limit})"),
    "pressure_over_rating": ("Pression au départ {value} bar (statique {static} + pompes {head}) au-dessus de la "
                             "pression nominale des conduites PN {limit}",
                             "Supply pressure {value} bar (static {static} + pumps {head}) above the pipes' "
                             "nominal pressure PN {limit}"),
    "peak_over_subscribed": ("Sous-station {subject} : appel à la température de base égal à {value} de la puissance "
                             "souscrite", "Substation {subject}: peak at the design temperature {value} of its "
                                          "subscribed power"),
    "bill_per_dwelling_outlier": ("Sous-station {subject} : {value} € HT par logement et par an, plus de trois fois "
                                  "la médiane de sa catégorie (seuil {limit} €) : nombre de logements à vérifier",
                                  "Substation {subject}: {value} EUR excl. VAT per dwelling per year, over three "
                                  "times its category's median (threshold {limit} EUR): check its dwellings"),
    "density_contract": ("Extension {subject} : {value} kW/ml, sous la règle du contrat ({limit} kW/ml)",
                         "Extension {subject}: {value} kW/m, under the contract's rule ({limit} kW/m)"),
    "density_fonds_chaleur": ("Extension {subject} : {value} MWh/ml/an, sous le critère du Fonds Chaleur "
                              "({limit} MWh/ml/an)", "Extension {subject}: {value} MWh/m/yr, under the Fonds "
                                                     "Chaleur criterion ({limit} MWh/m/yr)"),
}
_WARNING_FORMATS = {  # kind -> (decimals, percent)
    "pipe_overload": (0, True), "peak_over_subscribed": (0, True), "pressure_over_rating": (1, False),
    "bill_per_dwelling_outlier": (0, False), "density_contract": (2, False), "density_fonds_chaleur": (2, False),
}
LABELS.update({
    "warnings": ("Alertes", "Warnings"),
    "warning_alarm": ("alerte", "alarm"),
    "warning_notice": ("à vérifier", "to check"),
    "warning_none": ("Aucune alerte.", "No warning."),
    "warning_network": ("réseau", "network"),
})


def warning_text(warning, lang="fr"):
    """The sentence of one warning of heatnet.scenarios.warnings, figures formatted in ``lang``."""
    decimals, percent = _WARNING_FORMATS.get(warning["kind"], (2, False))
    pair = WARNING_TEXTS.get(warning["kind"] + ("_extension" if warning.get("extension") else ""))
    if pair is None:
        return f"{warning['kind']}: {warning['subject']}"
    while decimals < 3 and isinstance(warning.get("value"), float) and isinstance(warning.get("limit"), float) and \
            warning["value"] != warning["limit"] and format_number(warning["value"], "en", decimals, percent) == \
            format_number(warning["limit"], "en", decimals, percent):
        decimals += 1  # a peak 0.4 % over reads "100,4 %", not "100 %" as if it were not over
    return pair[LANGUAGES.index(check_lang(lang))].format(
        subject=warning["subject"], value=format_number(warning["value"], lang, decimals, percent),
        limit=format_number(warning["limit"], lang, decimals if not percent else 0, percent),
        static=format_number(warning.get("static_pressure_bar"), lang, 1),
        head=format_number(warning.get("pump_head_bar"), lang, 1))


# ---------------------------------------------------------------- measures in words (price bridge, steps)
_MEASURE_VERBS = {  # kind -> (fr, en): what the measure does to what it selects
    "remove_substations": ("Départ", "Departure"),
    "renovate": ("Rénovation", "Renovation"),
    "scale_substations": ("Ajustement des consommations", "Consumption restated"),
    "add_substations": ("Extension", "Extension"),
    "interconnect": ("Interconnexion", "Interconnection"),
    "retire_plants": ("Arrêt", "Retirement"),
    "add_plant": ("Nouvelle installation", "New plant"),
    "modify_plant": ("Installation modifiée", "Plant modified"),
}
_SELECTION_WORDS = {  # (fr singular, fr plural, en singular, en plural)
    "substations": ("de la sous-station", "des sous-stations", "of substation", "of substations"),
    "clients": ("du client", "des clients", "of client", "of clients"),
    "categories": ("de la catégorie", "des catégories", "of category", "of categories"),
    "branches": ("de l'antenne", "des antennes", "of branch", "of branches"),
    "plants": ("de l'installation", "des installations", "of plant", "of plants"),
}


def category_label(category, lang="fr"):
    """A client category in words (``social_housing`` -> Logement social)."""
    return label(f"category_{category}", lang) if f"category_{category}" in LABELS else str(category)


def _selection_words(desc, lang):
    fr = lang == "fr"
    parts = []
    for key in ("substations", "clients", "categories", "branches", "plants"):
        values = desc.get(key) or []
        if key == "categories":
            values = [category_label(v, lang) for v in values]
        if values:
            words = _SELECTION_WORDS[key][(0 if fr else 2) + (len(values) > 1)]
            parts.append(f"{words} {', '.join(map(str, values))}")
    if desc.get("public_buildings") is not None:
        public = desc["public_buildings"]
        parts.append(("des bâtiments publics" if public else "des bâtiments non publics") if fr else
                     ("of public buildings" if public else "of non-public buildings"))
    if desc.get("all"):
        parts.append("de toutes les sous-stations" if fr else "of every substation")
    return (" et " if fr else " and ").join(parts)


def describe_measure(desc, lang="fr"):
    """A measure in words: ``Départ de la sous-station 14 (Hôpital)`` (from heatnet.scenarios.measures)."""
    kind = desc.get("kind", "")
    verb = _MEASURE_VERBS.get(kind, (kind, kind))[LANGUAGES.index(check_lang(lang))]
    if desc.get("name"):
        return f"{verb} : {desc['name']}" if lang == "fr" else f"{verb}: {desc['name']}"
    text = f"{verb} {_selection_words(desc, lang)}".strip()
    if kind == "renovate":
        energy = format_number(desc.get("energy_saving_frac", 0), lang, 0, True)
        power = format_number(desc.get("subscribed_saving_frac", 0), lang, 0, True)
        if desc.get("subscribed_saving_frac"):
            text += (f" (−{energy} de chaleur, −{power} de puissance)" if lang == "fr" else
                     f" (−{energy} heat, −{power} power)")
        else:  # the subscribed power kept: said so, not "−0 %"
            text += (f" (−{energy} de chaleur, puissance souscrite inchangée)" if lang == "fr" else
                     f" (−{energy} heat, subscribed power unchanged)")
    return text


def bridge_step_text(step, lang="fr"):
    """The label of one price-bridge step in words."""
    if step.get("step") == "tariff" and step.get("r1_to_eur_per_mwh") is not None:
        return (f"R1 {format_number(step['r1_from_eur_per_mwh'], lang, 2)} → "
                f"{format_number(step['r1_to_eur_per_mwh'], lang, 2)} " + ("€ HT/MWh" if lang == "fr" else "EUR/MWh"))
    if step.get("measure"):
        return describe_measure(step["measure"], lang)
    if step.get("step") == "climate_and_outages":
        stops = (label("bridge_outage_draws", lang).format(n=step["outage_draws"]) if step.get("outage_draws")
                 else label("bridge_dated_outages", lang))
        return label("bridge_climate_outages", lang).format(
            dju_from=format_number(step.get("dju_from") or 0, lang, 0), dju_to=format_number(step.get("dju_to") or 0,
                                                                                             lang, 0), stops=stops)
    return str(step.get("label", ""))


def year_basis_text(figures, lang="fr"):
    """What a result's year is, in words, from its figures: an actual year (its own climate and its
    dated stops: ``outage_draws`` 0), the normalised year (the reference DJU, rigueur 1, and the
    plants' expected availabilities: stops drawn), or a year of another stated climate with the
    expected availabilities."""
    year, dju = figures.get("year"), format_number(figures.get("dju") or 0, lang, 0)
    return label("basis_" + year_basis(figures)[0], lang).format(year=year, dju=dju)


def year_basis(figures):
    """``(kind, dju)`` of a result's year: ``actual_year`` (dated stops), ``normalised_year`` (reference DJU,
    stops drawn) or ``climate_year`` (another DJU, stops drawn). Two results with different bases are not
    operated under the same conditions: their renewable shares, gas and costs differ for that too."""
    if not figures.get("outage_draws"):
        kind = "actual_year"
    elif abs((figures.get("rigueur") or 0.0) - 1.0) < 1e-9:
        kind = "normalised_year"
    else:
        kind = "climate_year"
    return kind, round(figures.get("dju") or 0.0, 6)


def delta_reference_text(name, figures, lang="fr"):
    """What a delta compares with: the reference scenario ``name`` and the kind of year it is."""
    return label("ui_delta_vs_reference", lang).format(name=name, basis=year_basis_text(figures, lang))


LABELS.update({
    "storage": ("Stockage de chaleur (programme linéaire, mêmes tirages d'arrêts avec et sans)",
                "Heat storage (linear program, the same outage draws with and without)"),
    "storage_capacity_mwh": ("Capacité (MWh)", "Capacity (MWh)"),
    "storage_power_kw": ("Puissance (kW)", "Power (kW)"),
    "storage_draws": ("Tirages d'arrêts résolus", "Outage draws solved"),
    "storage_renewable_frac_without": ("Taux EnR&R sans stockage (%)", "Renewable share without storage (%)"),
    "storage_renewable_frac_with": ("Taux EnR&R avec stockage (%)", "Renewable share with storage (%)"),
    "storage_charged_mwh": ("Chaleur stockée (MWh/an)", "Heat stored (MWh/yr)"),
    "storage_discharged_mwh": ("Chaleur restituée (MWh/an)", "Heat returned (MWh/yr)"),
    "storage_lost_mwh": ("Pertes du stockage (MWh/an)", "Storage losses (MWh/yr)"),
    "basis_actual_year": ("{year} réel : climat de l'année ({dju} DJU), arrêts datés des centrales",
                          "{year} actual: the year's own climate ({dju} DJU), the plants' dated stops"),
    "basis_normalised_year": ("année normalisée {year} : DJU de référence ({dju}), disponibilités attendues des "
                              "centrales (arrêts tirés au sort)",
                              "normalised year {year}: reference DJU ({dju}), the plants' expected availabilities "
                              "(stops drawn at random)"),
    "basis_climate_year": ("{year} au climat de {dju} DJU, disponibilités attendues des centrales (arrêts tirés au "
                           "sort)", "{year} at a climate of {dju} DJU, the plants' expected availabilities (stops "
                           "drawn at random)"),
    "ui_delta_vs_reference": ("Écarts par rapport à « {name} » ({basis})", "Changes against “{name}” ({basis})"),
    "ui_shown_basis": ("Année du scénario affiché : {basis}", "Year of the scenario shown: {basis}"),
    "ui_compare_bases": ("Année de chaque colonne", "Year of each column"),
    "year_basis": ("Année exploitée (climat, arrêts des centrales)", "Year operated (climate, plant stops)"),
    "compare_bases_differ": ("Attention : les colonnes ne sont pas exploitées dans les mêmes conditions (climat, "
                             "arrêts des centrales) ; leurs écarts de taux EnR&R, de gaz, de CO2 et de marges mêlent "
                             "ces conditions aux mesures.",
                             "Caution: the columns are not operated under the same conditions (climate, plant "
                             "stops); their differences in renewable share, gas, CO2 and margins blend these "
                             "conditions with the measures."),
    "ui_compare_first": ("Écart de prix / 1er scénario : par rapport à « {name} » ({basis})",
                         "Price change vs first scenario: against “{name}” ({basis})"),
})

LABELS.update({
    "bridge_climate_outages": ("Climat et arrêts des centrales : DJU {dju_from} → {dju_to}, {stops}",
                               "Climate and plant stops: DJU {dju_from} → {dju_to}, {stops}"),
    "bridge_outage_draws": ("arrêts tirés au sort ({n} tirages)", "stops drawn at random ({n} draws)"),
    "bridge_dated_outages": ("arrêts datés de l'année", "the year's dated stops"),
})

# ---------------------------------------------------------------- extension appraisal (workbook, dashboard)
LABELS.update({
    "xl_section_appraisal": ("Bilan des extensions : densités, investissement, aides, annuité, effet sur le prix",
                             "Extensions appraised: densities, investment, subsidy, annuity, price effect"),
    "xl_severity": ("Gravité", "Severity"),
    "xl_warning": ("Alerte", "Warning"),
    "length_excluding_services_m": ("Longueur hors branchements (m)", "Length excluding service pipes (m)"),
    "contract_min_kw_per_m": ("Règle du contrat (kW/ml au moins)", "Contract rule (kW/m at least)"),
    "fonds_chaleur_min_mwh_per_m": ("Critère Fonds Chaleur (MWh/ml/an au moins)",
                                    "Fonds Chaleur criterion (MWh/m/yr at least)"),
    "capex_subsidy_frac": ("Taux d'aide à l'investissement (%)", "Investment subsidy rate (%)"),
    "subsidy_eur": ("Aide à l'investissement (€ HT)", "Investment subsidy (EUR excl. VAT)"),
    "annuity_net_eur": ("Annuité nette des aides (€ HT/an)", "Annuity net of subsidy (EUR/yr)"),
    "annuity_eur_per_mwh": ("Annuité par MWh vendu de l'extension (€ HT/MWh)",
                            "Annuity per MWh the extension sells (EUR/MWh)"),
    "price_effect_eur_per_mwh": ("Effet sur le prix moyen (€ HT/MWh, pont de prix)",
                                 "Effect on the average price (EUR/MWh, price bridge)"),
    "meets_contract_rule": ("Respecte la règle du contrat", "Meets the contract rule"),
    "meets_fonds_chaleur": ("Éligible au Fonds Chaleur (densité)", "Fonds Chaleur density met"),
    "ui_appraisal": ("Extensions : bilan", "Extensions appraised"),
    "ui_headline": ("Chiffres clés", "Headline figures"),
})

LABELS.update({
    "ui_unserved": ("Chaleur non servie", "Unserved heat"),
    "ui_trunk": ("artère", "trunk"),
    "ui_service_pipe": ("branchement", "service pipe"),
    "ui_headline_note": ("Prix moyen de la chaleur vendue ; TTC avec la TVA du taux EnR&R.",
                         "Average price of the heat sold; incl. VAT at the rate the renewable share gives."),
    "ui_groups": ("Groupe", "Group"),
    "ui_group_volumes": ("Volumes", "Volumes"),
    "ui_group_prices": ("Prix", "Prices"),
    "ui_group_energy": ("Énergie et réseau", "Energy and network"),
    "ui_group_operator": ("Exploitant", "Operator"),
    "ui_points": ("pt", "pt"),
})
LABELS.update({
    "ui_choose": ("Choisir", "Choose"),
    "ui_plain_file_name": ("« {name} » n'est pas un simple nom de fichier (lettres, chiffres, « - », « _ », « . », "
                           "espaces ; ni dossier ni « .. »)", "\"{name}\" is not a plain file name (letters, digits, "
                           "'-', '_', '.', spaces; no folder, no '..')"),
})

# ---------------------------------------------------------------- command line (heatnet.cli)
LABELS.update({
    "cli_init_done": ("Réseau d'exemple écrit dans {folder} :", "Example network written in {folder}:"),
    "cli_init_next": ("Remplacer les fichiers de {folder}/network par les données du réseau (docs/network-format.md), "
                      "puis : heatnet check {folder}/network ; heatnet run {folder}/baseline.yaml",
                      "Replace the files of {folder}/network with the network's data (docs/network-format.md), "
                      "then: heatnet check {folder}/network; heatnet run {folder}/baseline.yaml"),
})

# ---------------------------------------------------------------- gaps between sources (heatnet.model.checks)
GAP_TEXTS = {
    "rows_vs_total_heat": ("Tableau des sous-stations {year} : somme des lignes face au total imprimé (chaleur)",
                           "Substation table {year}: sum of rows against the printed total (heat)"),
    "rows_vs_total_kw": ("Tableau des sous-stations {year} : somme des lignes face au total imprimé (puissance "
                         "souscrite)", "Substation table {year}: sum of rows against the printed total "
                                       "(subscribed power)"),
    "r1_vs_published": ("R1 au {date} : somme des composantes face au R1 moyen publié",
                        "R1 on {date}: sum of components against the published average"),
    "r2_vs_published": ("R2 au {date} : somme des termes face au R2 total publié",
                        "R2 on {date}: sum of parts against the published total"),
    "plant_winter_energy": ("{plant} : garantie d'hiver × durée × disponibilité face à l'énergie annoncée",
                            "{plant}: winter guarantee × period × availability against the stated energy"),
    "accounts_recomputed": ("Comptes {period} : {line} recalculé(e) face au chiffre publié",
                            "Accounts {period}: {line} recomputed against the published figure"),
    "accounts_r2_vs_contract": ("Comptes {period} : recette R2 par kW face au R2 du contrat au {date}",
                                "Accounts {period}: R2 revenue per kW against the contract R2 on {date}"),
    "heat_input_share": ("Chaleur produite {period} : part de « {group} » face à la part publiée",
                         "Heat input {period}: share of \"{group}\" against the published share"),
    "efficiency_vs_published": ("Exploitation {period} : chaleur vendue / produite face au rendement publié",
                                "Operations {period}: heat sold / heat input against the published efficiency"),
    "length_vs_published": ("Longueur du réseau : conduites face à la longueur publiée",
                            "Network length: pipes against the published length"),
    "heat_sold_tables": ("Chaleur vendue : tableau des sous-stations face au tableau d'exploitation",
                         "Heat sold: substation table against the operating table"),
    "accounts_vs_tariff": ("Prix : base comptes d'exploitation face à la base tarifs × quantités",
                           "Price: operating-accounts basis against the tariffs × quantities basis"),
}
LABELS.update({
    "cli_check_valid": ("{name} : {substations} sous-stations, {pipes} conduites, {plants} installations : "
                        "dossier valide.", "{name}: {substations} substations, {pipes} pipes, {plants} plants: "
                                           "valid."),
    "cli_computed": ("calculé", "computed"),
    "cli_published": ("publié", "published"),
})


def gap_text(gap, lang="fr"):
    """What a gap between sources compares, in words (the ``what`` key when its check has no text)."""
    pair = GAP_TEXTS.get(gap.get("check"))
    if pair is None:
        return str(gap.get("what", ""))
    fields = {k: v for k, v in gap.items() if isinstance(v, str)}
    if "line" in fields:
        fields["line"] = label(f"{fields['line']}_eur", lang).split(" (")[0]
    if "group" in fields and f"group_{fields['group']}" in LABELS:
        fields["group"] = label(f"group_{fields['group']}", lang)
    try:
        return pair[LANGUAGES.index(check_lang(lang))].format(**fields)
    except KeyError:
        return str(gap.get("what", ""))
_GAP_NOTES = {  # notes the checks write themselves (a note from the data's source column is shown as written)
    "R1c = contract mix weights x fuel prices": ("R1c = poids du bouquet au contrat × prix des combustibles",
                                                 "R1c = contract mix weights × fuel prices"),
    "published shares are rounded to 1 %": ("parts publiées arrondies à 1 %", "published shares are rounded to 1 %"),
    "published efficiency is rounded to 1 %": ("rendement publié arrondi à 1 %",
                                               "published efficiency is rounded to 1 %"),
    "reconstructed layout": ("tracé reconstitué", "reconstructed layout"),
}


def gap_note(gap, lang="fr"):
    note = gap.get("note") or ""
    pair = _GAP_NOTES.get(note)
    return pair[LANGUAGES.index(check_lang(lang))] if pair else note

LABELS.update({
    "ui_open": ("Ouvrir un autre réseau", "Open another network"),
    "ui_open_current": ("Dossier affiché", "Folder shown"),
    "ui_open_path": ("Dossier de scénarios ou de réseau (chemin)", "Folder of scenarios or network folder (path)"),
    "ui_open_zip": ("… ou une archive zip", "… or a zip archive"),
    "ui_open_button": ("Ouvrir", "Open"),
    "ui_open_reset": ("Revenir aux scénarios livrés", "Back to the shipped scenarios"),
    "ui_open_error": ("Dossier impossible à ouvrir", "The folder cannot be opened"),
    "ui_zip_not_zip": ("ce fichier n'est pas une archive zip lisible", "this file is not a readable zip archive"),
    "ui_zip_outside": ("le chemin « {member} » sort de l'archive (« .. » ou chemin absolu) : archive refusée",
                       "the path \"{member}\" points outside the archive ('..' or an absolute path): archive "
                       "refused"),
    "ui_zip_too_large": ("{size} Mio une fois décompressée, au-delà des {limit} Mio admis : archive refusée",
                         "{size} MiB once unzipped, more than the {limit} MiB allowed: archive refused"),
    "ui_zip_too_many": ("{count} fichiers dans l'archive, au-delà des {limit} admis : archive refusée",
                        "{count} files in the archive, more than the {limit} allowed: archive refused"),
    "ui_not_a_folder": ("ce n'est pas un dossier", "not a folder"),
    "ui_folder_empty": ("ni fichier de scénario (*.yaml) ni network.yaml dans ce dossier",
                        "no scenario file (*.yaml) and no network.yaml in this folder"),
    "ui_zip_empty": ("ni fichier de scénario (*.yaml) ni network.yaml dans l'archive",
                     "no scenario file (*.yaml) and no network.yaml in the archive"),
})
LABELS.update({
    "design_load_peak": ("appel de chaque sous-station à la température de base",
                         "each substation's peak at the design temperature"),
    "design_load_subscribed": ("puissance souscrite de chaque sous-station", "each substation's subscribed power"),
})
LABELS.update({
    "xl_mix_share_of": ("Part de la chaleur produite : {plant} (%)", "Share of heat produced: {plant} (%)"),
    "heat_input_mwh": ("Chaleur produite (MWh)", "Heat input (MWh)"),
    "losses_mwh": ("Pertes du réseau (MWh)", "Network losses (MWh)"),
    "dju": ("Degrés-jours unifiés (DJU, base 18 °C)", "Heating degree-days (base 18 °C)"),
})
LABELS.setdefault("capacity_kw", ("Puissance (kW)", "Capacity (kW)"))


# ---------------------------------------------------------------- the Assumptions sheet's descriptions
def assumption_text(key, lang="fr"):
    """What an input means, in words (heatnet/i18n_assumptions.py): ``key`` without list indexes, network
    folder keys under ``network.``; looked up whole, then without its leading parts, then as its mapping's."""
    from heatnet.i18n_assumptions import ASSUMPTION_TEXTS
    parts = [p for p in key.split(".") if p]
    while parts:
        for start in range(len(parts)):
            pair = ASSUMPTION_TEXTS.get(".".join(parts[start:]))
            if pair is not None:
                return pair[LANGUAGES.index(check_lang(lang))]
        parts = parts[:-1]
    return None
