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
    "heat_loss_mwh": ("Pertes réseau (MWh)", "Network losses (MWh)"),
    "pump_electricity_mwh": ("Électricité de pompage (MWh)", "Pump electricity (MWh)"),
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
    if key.endswith(("_eur_per_mwh", "_eur_per_kw", "_per_m", "_g_per_kwh")):
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
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text + (" %" if percent and lang == "fr" else "%" if percent else "")


PLAIN_KEYS = {"year", "from_year", "commissioning_year", "substations"}


def format_value(key, value, lang="fr"):
    """Format a figure by its key's unit: shares as percent, prices with 2 decimals."""
    if key in PLAIN_KEYS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value))
    return format_number(value, lang, decimals_for(key), percent=key.endswith("_frac"))
