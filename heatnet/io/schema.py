"""The network-folder format, declared as data.

Every table of a network folder is described here once: its file, its key, and for each
column the type, the unit (in the name), whether it is required, its range and the table
it refers to. The loader (``heatnet.io.folder``) validates against these declarations and
``docs/network-format.md`` documents them; a test keeps the two in step.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "str", "float", "int", "bool", "date", "monthday"
    description: str
    required: bool = True  # the column must be present
    nullable: bool = False  # a cell may be empty
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None
    ref: str | None = None  # "table.column" this column must point into


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    optional: bool = False  # the file may be absent from a folder
    geometry: str | None = None  # "point" or "line": may also come as GeoJSON / GeoPackage
    extra_columns: bool = True  # columns not declared here are kept as they are

    def column(self, name):
        return next(c for c in self.columns if c.name == name)


def _source():
    return Column("source", "str", "Where the row's figures come from (document, table, line) or how derived.",
                  required=False, nullable=True)


TABLES: dict[str, Table] = {}


def _add(table):
    TABLES[table.name] = table


_add(Table("clients", "clients.csv", "Subscribers' organisations and their category.", (
    Column("client", "str", "Client code used by substations.csv and scenario selectors."),
    Column("name", "str", "Full name.", nullable=True, required=False),
    Column("category", "str", "Category of client.",
           choices=("city", "social_housing", "health", "education", "private_housing", "tertiary", "industry",
                    "other_public", "other")),
    Column("public_building", "bool", "Whether its buildings count as public buildings (renovation scenarios)."),
    _source()), key=("client",)))

_add(Table("branches", "branches.csv", "Main branches of the network.", (
    Column("branch", "str", "Branch code."),
    Column("name", "str", "Branch name.", nullable=True, required=False),
    Column("dn_mm", "float", "Nominal diameter of the branch's trunk, mm.", min=10, max=2000),
    Column("description", "str", "What the branch serves.", nullable=True, required=False),
    _source()), key=("branch",), optional=True))

_add(Table("nodes", "nodes.csv", "Graph nodes: plant sites, junctions, delivery points.", (
    Column("id", "str", "Node id."),
    Column("kind", "str", "Node kind.", choices=("plant_site", "junction", "delivery")),
    Column("lon", "float", "Longitude, WGS84 degrees.", min=-180, max=180, nullable=True, required=False),
    Column("lat", "float", "Latitude, WGS84 degrees.", min=-90, max=90, nullable=True, required=False),
    Column("reconstructed", "bool", "True where the position is a reconstruction, not a survey.",
           required=False, nullable=True)), key=("id",), geometry="point"))

_add(Table("pipes", "pipes.csv", "Pipes (supply and return pair) between two nodes.", (
    Column("id", "str", "Pipe id."),
    Column("from_node", "str", "Upstream node (toward the plant for a tree).", ref="nodes.id"),
    Column("to_node", "str", "Downstream node.", ref="nodes.id"),
    Column("dn_mm", "float", "Nominal diameter, mm.", min=10, max=2000),
    Column("length_m", "float", "Trench length, m.", min=0.1, max=100_000),
    Column("branch", "str", "Branch the pipe belongs to.", ref="branches.branch", nullable=True, required=False),
    Column("kind", "str", "Pipe role.", choices=("trunk", "distribution", "service", "transmission"),
           required=False, nullable=True),
    Column("reconstructed", "bool", "True where route or length is a reconstruction.", required=False,
           nullable=True),
    Column("insulation_series", "int", "Insulation series 1-3 of the pipe catalogue (default: the network's).",
           min=1, max=3, required=False, nullable=True),
    Column("u_w_per_m_k", "float", "Measured heat-loss coefficient of each pipe of the pair, W/m/K (replaces "
           "the catalogue's).", min=0, max=10, required=False, nullable=True)), key=("id",), geometry="line"))

_add(Table("substations", "substations.csv", "Substations (delivery points with a heat exchanger).", (
    Column("id", "str", "Unique substation id."),
    Column("substation_no", "str", "The operator's or study's substation number (may repeat).",
           required=False, nullable=True),
    Column("building", "str", "Building(s) served.", nullable=True, required=False),
    Column("client", "str", "Client code.", ref="clients.client"),
    Column("dwellings", "int", "Number of dwellings served (housing only).", min=0, max=100_000, nullable=True,
           required=False),
    Column("branch", "str", "Branch it is fed from.", ref="branches.branch", nullable=True, required=False),
    Column("node_id", "str", "Node it is connected at.", ref="nodes.id"),
    _source()), key=("id",)))

_add(Table("loads", "loads.csv", "Annual heat and subscribed power of each substation, by year.", (
    Column("substation_id", "str", "Substation id.", ref="substations.id"),
    Column("year", "int", "Year of the figures.", min=1900, max=2100),
    Column("heat_mwh", "float", "Heat delivered over the year, MWh.", min=0, max=1e7),
    Column("subscribed_kw", "float", "Subscribed power, kW.", min=0, max=1e7),
    _source()), key=("substation_id", "year")))

_add(Table("plants", "plants.csv", "Heat production plants (owned or heat bought).", (
    Column("id", "str", "Plant id."),
    Column("name", "str", "Plant name.", nullable=True, required=False),
    Column("technology", "str", "Technology.",
           choices=("gas_boiler", "oil_boiler", "biomass_boiler", "biomass_chp", "gas_chp", "heat_pump",
                    "geothermal", "waste_heat", "incineration", "solar_thermal", "electric_boiler",
                    "interconnection")),
    Column("fuel", "str", "Fuel or source (key of the CO2 factors).",
           choices=("gas", "fuel_oil", "wood", "wood_pellets", "electricity", "geothermal", "waste_heat",
                    "solar", "waste", "mixed")),
    Column("node_id", "str", "Node where the plant injects heat.", ref="nodes.id"),
    Column("capacity_kw", "float", "Maximum heat output, kW.", min=0, max=1e7),
    Column("efficiency_frac", "float", "Heat out / fuel in (PCI) attributed to heat.", min=0.05, max=6.0),
    Column("renewable", "bool", "Renewable or recovered heat (EnR&R)."),
    Column("in_dsp", "bool", "Owned and run within the concession (else heat bought)."),
    Column("commissioned_year", "int", "Year in service.", min=1900, max=2100, nullable=True, required=False),
    Column("retired_year", "int", "Year out of service.", min=1900, max=2100, nullable=True, required=False),
    Column("report_group", "str", "Row of the operator's heat-input table it is reported in.", nullable=True,
           required=False),
    Column("merit_order", "int", "Dispatch rank, 1 first.", min=1, max=1000),
    Column("winter_capacity_kw", "float", "Contractual guaranteed output in the supply period, kW.", min=0,
           max=1e7, nullable=True, required=False),
    Column("summer_capacity_kw", "float", "Output outside the supply period, kW.", min=0, max=1e7, nullable=True,
           required=False),
    Column("winter_start", "monthday", "First day of the supply period, MM-DD.", nullable=True, required=False),
    Column("winter_end", "monthday", "Last day of the supply period, MM-DD.", nullable=True, required=False),
    Column("availability_frac", "float", "Mean availability over the supply period.", min=0, max=1,
           nullable=True, required=False),
    Column("mean_repair_h", "float", "Mean length of a forced outage, hours (the forced-outage rate follows "
           "from the availability; default 72 h).", min=1, max=8760, nullable=True, required=False),
    Column("maintenance_days", "float", "Planned maintenance window each year, days (counts in the "
           "unavailability).", min=0, max=365, nullable=True, required=False),
    Column("maintenance_start", "monthday", "First day of the planned maintenance window, MM-DD.", nullable=True,
           required=False),
    Column("must_run_start", "monthday", "First day of the period the plant runs first, whatever its merit "
           "order (a CHP in its operating season), MM-DD.", nullable=True, required=False),
    Column("must_run_end", "monthday", "Last day of the must-run period, MM-DD.", nullable=True, required=False),
    Column("called_start", "monthday", "First day of the season the electricity system may call the plant (a "
           "dispatchable CHP: it runs when its electricity is called, its heat goes to the network), MM-DD.",
           nullable=True, required=False),
    Column("called_end", "monthday", "Last day of that season, MM-DD.", nullable=True, required=False),
    Column("called_hours_per_year", "float", "Hours a year it is called at full output: the peak hours of the "
           "season's coldest weekdays (docs/operation.md).", min=0, max=8784, nullable=True, required=False),
    Column("called_day_hours", "str", "Hours of a called day, spans HH-HH separated by ';' (default 07-15;18-20, "
           "the capacity mechanism's PP1 hours).", nullable=True, required=False),
    Column("winter_energy_published_mwh", "float", "Heat the contract says the winter guarantee yields, MWh "
           "(checked against capacity x period x availability).", min=0, max=1e8, nullable=True, required=False),
    _source()), key=("id",)))

_add(Table("published_totals", "published_totals.csv", "Totals printed under a table, checked against "
          "the sum of its rows.", (
    Column("year", "int", "Year of the loads.", min=1900, max=2100),
    Column("heat_mwh", "float", "Printed total heat, MWh.", min=0, max=1e8),
    Column("subscribed_kw", "float", "Printed total subscribed power, kW.", min=0, max=1e8),
    _source()), key=("year",), optional=True))

_add(Table("tariffs_r1", "tariffs_r1.csv", "R1 energy-term components by effective date, EUR HT per MWh.", (
    Column("effective_date", "date", "Date the values apply from."),
    Column("component", "str", "Component: energy (R1c, by fuel or already mix-weighted), co2, tax, or "
           "average_published (a published total, checked, not used).",
           choices=("energy", "co2", "tax", "average_published")),
    Column("fuel", "str", "Fuel of an energy component (empty when already mix-weighted).", nullable=True,
           required=False),
    Column("eur_per_mwh", "float", "Value, EUR HT per MWh.", min=-1000, max=10_000),
    _source()), key=("effective_date", "component", "fuel"), optional=True))

_add(Table("tariffs_r2", "tariffs_r2.csv", "R2 subscription-term components by effective date, EUR HT per kW.", (
    Column("effective_date", "date", "Date the values apply from."),
    Column("component", "str", "r2_1 ... r2_9, or total_published (checked, not used).",
           choices=tuple(f"r2_{i}" for i in range(1, 10)) + ("total_published",)),
    Column("eur_per_kw", "float", "Value, EUR HT per kW subscribed per year.", min=-1000, max=10_000),
    _source()), key=("effective_date", "component"), optional=True))

_add(Table("mix_weights", "mix_weights.csv", "Contractual mix weights of the R1 energy components.", (
    Column("effective_date", "date", "Date the weights apply from."),
    Column("fuel", "str", "Fuel."),
    Column("weight_frac", "float", "Weight, 0..1; the weights of one date sum to 1.", min=0, max=1),
    _source()), key=("effective_date", "fuel"), optional=True))

_add(Table("operations", "operations.csv", "Operating data by period (actual years and forecast).", (
    Column("period", "str", "Period label, e.g. 2016 or CEP 2016."),
    Column("year", "int", "Calendar year.", min=1900, max=2100),
    Column("kind", "str", "actual or forecast (the CEP).", choices=("actual", "forecast")),
    Column("subscribed_kw", "float", "Subscribed power, kW.", min=0, max=1e8),
    Column("heat_sold_mwh", "float", "Heat sold, MWh.", min=0, max=1e8),
    Column("rigueur", "float", "Climate severity: DJU of the year / reference DJU.", min=0.3, max=2.0,
           nullable=True, required=False),
    Column("dju", "float", "Heating degree-days, base 18 °C.", min=0, max=8000, nullable=True, required=False),
    Column("efficiency_frac_published", "float", "Published network efficiency (sold / produced).", min=0.3,
           max=1.0, nullable=True, required=False),
    _source()), key=("period",), optional=True))

_add(Table("heat_input", "heat_input.csv", "Heat fed into the network by plant group and period, MWh.", (
    Column("period", "str", "Period label.", ref="operations.period"),
    Column("report_group", "str", "Plant group (plants.csv report_group) or another reported source."),
    Column("heat_mwh", "float", "Useful heat input, MWh PCI utile.", min=0, max=1e8),
    Column("share_frac_published", "float", "Published share of the mix.", min=0, max=1, nullable=True,
           required=False),
    _source()), key=("period", "report_group"), optional=True))

_add(Table("accounts", "accounts.csv", "Operating accounts of the concession by period, kEUR HT.", (
    Column("period", "str", "Period label.", ref="operations.period"),
    Column("r1_revenue_keur", "float", "R1 revenue, kEUR.", min=0, max=1e7),
    Column("r1_costs_keur", "float", "R1 costs (fuel, heat bought), kEUR.", min=0, max=1e7),
    Column("r2_revenue_keur", "float", "R2 revenue, kEUR.", min=0, max=1e7),
    Column("r2_costs_keur", "float", "R2 costs, kEUR.", min=0, max=1e7),
    Column("nonrecurring_income_keur", "float", "Non-recurring income, kEUR.", min=0, max=1e7, nullable=True,
           required=False),
    Column("nonrecurring_costs_keur", "float", "Non-recurring costs, kEUR.", min=0, max=1e7, nullable=True,
           required=False),
    Column("r1_margin_published_keur", "float", "Published R1 margin (checked).", min=-1e7, max=1e7,
           nullable=True, required=False),
    Column("r2_margin_published_keur", "float", "Published R2 margin (checked).", min=-1e7, max=1e7,
           nullable=True, required=False),
    Column("nonrecurring_balance_published_keur", "float", "Published non-recurring balance (checked).",
           min=-1e7, max=1e7, nullable=True, required=False),
    Column("operating_result_published_keur", "float", "Published operating result (checked).", min=-1e7,
           max=1e7, nullable=True, required=False),
    _source()), key=("period",), optional=True))


_add(Table("indexation", "indexation.csv", "Tariff and cost revision formulas: each term's fixed part and "
          "coefficients on indices (the coefficients of a term sum to 1).", (
    Column("term", "str", "Revised term: r1_energy, r1_co2, r1_tax, r2_1 ... r2_9 (tariff), or a cost term named "
           "by energy_costs.csv / r2_costs.csv."),
    Column("index", "str", "Index id of indices.csv, or fixed for the fixed part."),
    Column("coefficient_frac", "float", "Weight of the index ratio (index / base index) in the formula.", min=0,
           max=1),
    _source()), key=("term", "index"), optional=True))

_add(Table("indices", "indices.csv", "Index series by year (the base year's value is the formulas' base).", (
    Column("index", "str", "Index id used by indexation.csv."),
    Column("year", "int", "Year of the value.", min=1900, max=2100),
    Column("value", "float", "Index value (yearly average).", min=0, max=1e6),
    Column("identifier", "str", "Official name or identifier of the series (INSEE idbank ...).", nullable=True,
           required=False),
    _source()), key=("index", "year"), optional=True))

_add(Table("energy_costs", "energy_costs.csv", "Prices of the heat bought and the fuel burned (R1 costs), in the "
          "indexation base year.", (
    Column("supplier", "str", "A plant id (heat or fuel of that plant) or a fuel (every plant burning it)."),
    Column("basis", "str", "heat: per MWh of heat from the plant; fuel: per MWh PCI of fuel burned.",
           choices=("heat", "fuel")),
    Column("eur_per_mwh", "float", "Price, EUR HT per MWh (heat or fuel).", min=0, max=10_000),
    Column("tax_eur_per_mwh", "float", "Taxes per MWh on the same basis, not indexed.", min=0, max=10_000,
           nullable=True, required=False),
    Column("term", "str", "Revision term of indexation.csv (empty: not revised).", nullable=True, required=False),
    _source()), key=("supplier",), optional=True))

_add(Table("r2_costs", "r2_costs.csv", "The operator's R2 costs by component in the indexation base year.", (
    Column("component", "str", "r2_1 ... r2_9 (R2.1 electricity, R2.2 operation, R2.3 renewal, R2.4 financing, "
           "R2.5 royalty)."),
    Column("cost_eur", "float", "Fixed cost of the component in the base year, EUR HT.", min=0, max=1e9),
    Column("electricity_eur_per_mwh", "float", "Electricity price: the component adds the network's pumping "
           "electricity (physics) x this price.", min=0, max=10_000, nullable=True, required=False),
    Column("term", "str", "Revision term of indexation.csv (empty: not revised).", nullable=True, required=False),
    Column("end_year", "int", "Last year the cost runs (an annuity); empty: every year.", min=1900, max=2100,
           nullable=True, required=False),
    _source()), key=("component",), optional=True))

_add(Table("review_clauses", "review_clauses.csv", "The contract's review clauses, checked year by year.", (
    Column("clause", "str", "Clause id."),
    Column("metric", "str", "Yearly figure the clause watches.",
           choices=("subscribed_kw", "heat_sold_mwh", "heat_sold_normal_mwh", "renewable_frac",
                    "average_price_eur_per_mwh", "operating_result_eur")),
    Column("reference", "str", "cep (the CEP's figure of the year), a year (that year's figure) or empty "
           "(the threshold is absolute).", nullable=True, required=False),
    Column("rule", "str", "deviation_above_frac (|metric / reference - 1| > threshold), below or above.",
           choices=("deviation_above_frac", "below", "above")),
    Column("threshold", "float", "Threshold (a fraction for deviation_above_frac).", min=-1e9, max=1e9),
    Column("consequence", "str", "What the clause triggers.", nullable=True, required=False),
    _source()), key=("clause",), optional=True))

# Keys of network.yaml: name -> (type, required, description)
NETWORK_PARAMETERS = {
    "name": (str, True, "Network name."),
    "description": (str, False, "One paragraph on the network."),
    "country": (str, False, "ISO country code (FR)."),
    "climate_zone": (str, False, "Climate zone (H1a ...)."),
    "reference_dju": (float, True, "Degree-days of the reference year (rigueur 1.00), base 18 °C."),
    "layout_reconstructed": (bool, True, "Whether nodes and pipes are a reconstruction rather than a survey."),
    "plant_node": (str, True, "Node where the main plant injects heat (root of the graph)."),
    "network_length_published_m": (float, False, "Published network length, m (checked against pipes)."),
    "substations_published": (int, False, "Published number of substations (reported)."),
    "contract": (dict, False, "Concession: authority, operator, dsp_start, dsp_end, extension_min_kw_per_m, "
                              "extension_guarantee_years, cep_period, indexation_base_year."),
    "temperatures": (dict, False, "supply_c, supply_design_c, supply_min_c, design_outdoor_c, return_c."),
    "hydraulics": (dict, False, "Overrides of the physics defaults (data/france/parameters.yaml): insulation_series, "
                                "insulation_ageing_factor, "
                                "ground_temp_c, max_velocity_m_per_s, max_pressure_gradient_pa_per_m, "
                                "pump_efficiency_frac, substation_min_dp_bar, design_load, pressure_rating_bar (PN of "
                                "the pipes), static_pressure_bar, plant_feeds (plant_node: all heat at the plant node; plants: "
                                "sub-networks, each fed at the one node its plants stand at)."),
    "heating": (dict, False, "building_time_constant_h (the buildings' inertia the heating follows the outdoor "
                             "temperature through), full_output_kw and full_output_below_c (a statement of the load "
                             "the time constant is calibrated on)."),
}

PP1_DAY_HOURS = "07-15;18-20"  # the French capacity mechanism's PP1 hours: 7 h-15 h and 18 h-20 h (RTE's rules)


def parse_day_hours(text):
    """The hours of the day of ``text``, spans ``HH-HH`` separated by ``;`` (end excluded): "07-15;18-20"
    -> [7, 8, ..., 14, 18, 19]. Raises ValueError on anything else."""
    hours = []
    for span in str(text).split(";"):
        parts = span.strip().split("-")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
            raise ValueError(f"{text!r}: expected spans of hours HH-HH separated by ';', e.g. {PP1_DAY_HOURS!r}")
        first, last = int(parts[0]), int(parts[1])
        if not 0 <= first < last <= 24:
            raise ValueError(f"{text!r}: span {span.strip()!r} is not within 0-24 h with its start before its end")
        hours.extend(range(first, last))
    if len(set(hours)) != len(hours):
        raise ValueError(f"{text!r}: spans overlap")
    return sorted(hours)


def called_season_problem(value):
    """The first rule a plant's called season breaks, as ``(column, message)``, or None: both ends of the
    season or neither, called hours and day hours only with a season, not also a must-run period (one
    rule per plant), day hours readable. ``value(column)``: the plant's value, None where not given. The
    rules of plants.csv (heatnet.io.folder) and of a plant a scenario adds (heatnet.scenarios.measures)."""
    season = [value("called_start") is not None, value("called_end") is not None]
    if any(season) and not all(season):
        return ("called_start" if not season[0] else "called_end"), "called_start and called_end go together"
    for column in ("called_hours_per_year", "called_day_hours"):
        if value(column) is not None and not all(season):
            return column, f"{column} needs a called season (called_start and called_end)"
    if all(season) and (value("must_run_start") is not None or value("must_run_end") is not None):
        return "called_start", "both a must-run period and a called season: one rule per plant"
    if value("called_day_hours") is not None:
        try:
            parse_day_hours(value("called_day_hours"))
        except ValueError as err:
            return "called_day_hours", f"called_day_hours {err}"
    return None


CONTRACT_KEYS = {
    "authority": str, "operator": str, "dsp_start": "date", "dsp_end": "date",
    "extension_min_kw_per_m": float, "extension_guarantee_years": int, "cep_period": str,
    "indexation_base_year": int,
}
TEMPERATURE_KEYS = {"supply_c": float, "supply_design_c": float, "supply_min_c": float, "design_outdoor_c": float,
                    "return_c": float}
HYDRAULIC_KEYS = {"insulation_series": int, "insulation_ageing_factor": float, "ground_temp_c": float, "max_velocity_m_per_s": float,
                  "max_pressure_gradient_pa_per_m": float, "pump_efficiency_frac": float,
                  "substation_min_dp_bar": float, "design_load": str, "pressure_rating_bar": float,
                  "static_pressure_bar": float, "plant_feeds": str}
HEATING_KEYS = {"building_time_constant_h": float, "full_output_kw": float, "full_output_below_c": float}
HEATING_RANGES = {"building_time_constant_h": (0.0, 500.0), "full_output_kw": (0.0, 1e7),
                  "full_output_below_c": (-50.0, 30.0)}
# degree-days (base 18 °C) a year may have: 500 lies far below the warmest French station (about 1,000 on
# the Riviera); below it the typical year cannot reach its design temperature and the buildings'
# signatures lose their meaning (a scenario's operation.dju and sales_dju use the same range)
DJU_RANGE = (500.0, 8000.0)
# accepted ranges of the other numbers of network.yaml (every number must also be finite)
PARAMETER_RANGES = {"reference_dju": DJU_RANGE, "network_length_published_m": (0.0, 1e7),
                    "substations_published": (0, 1_000_000)}
CONTRACT_RANGES = {"extension_min_kw_per_m": (0.0, 1000.0), "extension_guarantee_years": (0, 100)}
TEMPERATURE_RANGES = {"supply_c": (30.0, 200.0), "supply_design_c": (30.0, 200.0), "supply_min_c": (30.0, 200.0),
                      "design_outdoor_c": (-50.0, 0.0), "return_c": (5.0, 150.0)}
# what the physics takes when network.yaml does not say (supply_design_c and supply_min_c default to supply_c)
TEMPERATURE_DEFAULTS = {"supply_c": 85.0, "design_outdoor_c": -9.0, "return_c": 60.0}
# accepted values of the hydraulics keys: (min, max) or a tuple of choices
HYDRAULIC_RANGES = {"insulation_series": (1, 3), "insulation_ageing_factor": (0.5, 5.0), "ground_temp_c": (-10.0, 40.0),
                    "max_velocity_m_per_s": (0.1, 10.0), "max_pressure_gradient_pa_per_m": (1.0, 10_000.0),
                    "pump_efficiency_frac": (0.05, 1.0), "substation_min_dp_bar": (0.0, 20.0),
                    "design_load": ("peak", "subscribed"), "pressure_rating_bar": (1.0, 100.0),
                    "static_pressure_bar": (0.0, 30.0), "plant_feeds": ("plant_node", "plants")}
