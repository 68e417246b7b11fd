"""What a French (or English) user reads must not show program identifiers or known English leftovers.

``offenders(texts, lang)`` returns the snake_case identifiers and the words of ``KNOWN_OFFENDERS`` found
in the texts (paths and file names excepted: ``scenarios/2020_balance.yaml`` is a name users type).
The dashboard, command-line and workbook language tests share it.
"""

import re

SNAKE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9](?![\w-])")
# a path, a file name, or "file.yaml: key" (where a value is set, as the Hypothèses sheet's sources say)
PATHLIKE = re.compile(r"\S+\.(?:yaml|yml|csv)(?::\s*[\w.\[\]]+)?|\S*(?:/|\\\\)\S*|\S+\.(?:xlsx|md|py|json|zip)\b")
# leftovers measured in issue 18, and their kin: English in the French interface
KNOWN_OFFENDERS = {
    "fr": ("Choose an option", "Choose options", "is not a plain file name", "public buildings", "actual",
           "unserved", "heatnet.export", "peak", "Substation", "substation", "Extension annuity", "Price basis",
           "Heat sold", "sum of rows", "vs published", "Leaving", "Departure", "Renovation of", "Warnings",
           "No data", "valid.", "Other", "Biomass", "pipes,", "plants:", "NPV", "all but houses",
           "collective", "dwellings"),
    "en": ("Choisir une option", "Sous-station", "Départ de", "Chaleur vendue", "Alerte",
           "dossier valide", "Logement social", "réel", "VAN"),
}



def offenders(texts, lang):
    """The offending fragments found in ``texts`` (strings), each with a little context."""
    found = []
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        plain = PATHLIKE.sub(" ", text)
        for match in SNAKE.finditer(plain):
            found.append(f"identifier {match.group(0)!r} in {text[:120]!r}")
        for word in KNOWN_OFFENDERS[lang]:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", plain):
                found.append(f"{word!r} in {text[:120]!r}")
    return found
