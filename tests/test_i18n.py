"""heatnet.i18n: numbers as users read them."""


def test_numbers_that_round_to_zero_lose_their_minus_sign():
    from heatnet.i18n import format_change, format_number

    assert format_number(-0.004, "fr", 2) == "0,00" and format_number(-0.004, "en", 2) == "0.00"
    assert format_number(-0.0004, "fr", 1, percent=True) == "0,0 %"
    assert format_number(-1234.5, "fr", 0) == "-1\u202f234" and format_number(-0.006, "en", 2) == "-0.01"
    assert format_change("x_eur_per_mwh", -1e-14, "fr") == "+0,00"
    assert format_change("x_eur_per_mwh", -8.22, "en") == "-8.22" and format_change("delta_price_frac", 0.199) == "+19,9 %"
    assert format_change("x_eur_per_mwh", None) == "-"


def test_a_renovation_that_keeps_the_subscribed_power_says_so_not_minus_zero():
    from heatnet.i18n import describe_measure

    kept = {"kind": "renovate", "public_buildings": True, "energy_saving_frac": 0.25, "subscribed_saving_frac": 0.0}
    assert "−0" not in describe_measure(kept) and "puissance souscrite inchangée" in describe_measure(kept)
    assert "subscribed power unchanged" in describe_measure(kept, "en")
    lowered = dict(kept, subscribed_saving_frac=0.1)
    assert "(−25 % de chaleur, −10 % de puissance)" in describe_measure(lowered)


def test_a_warning_never_rounds_its_figure_onto_its_limit():
    # substation 60's peak is 100.43 % of its subscribed power: "égal à 100 %" read as if it were not over
    from heatnet.i18n import warning_text

    warning = {"kind": "peak_over_subscribed", "severity": "notice", "subject": "60 (68 logements rue Alain)",
               "value": 1.0042822024921438, "limit": 1.0}
    assert "égal à 100,4 % de la puissance" in warning_text(warning)
    assert "154 %" in warning_text(dict(warning, value=1.539154325721278))
