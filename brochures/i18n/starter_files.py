"""Turn a new language's names into the text of its starter glossary and claims rules."""

from __future__ import annotations

# The key terms of the brochures, from the English column of the Spanish glossary (the most
# complete one): a new glossary starts with them, so that no translator has to find them.
GLOSSARY_TERMS = (
    "exosome",
    "FDA / U.S. Food and Drug Administration",
    "approve / not approved",
    "review (by the FDA)",
    "registered with the FDA",
    "as of (a date)",
    "IND (Investigational New Drug)",
    "IND number (Words to know)",
    "MedWatch, 1-800-FDA-1088",
    "clinical trial",
    "biological product",
    "medical device (tests)",
    "lab-developed test",
    "research study",
    "researchers / scientists",
    "drug / medicine",
    "side effects",
    "immune system / immune cells",
    "inflammation / swelling",
    "autoimmune disease",
    "rheumatoid arthritis, lupus",
    "osteoarthritis / worn joints",
    "joint / cartilage",
    "Alzheimer's / Parkinson's disease",
    "stroke",
    "heart attack / heart disease",
    "blood-brain barrier",
    "intravenous (IV drip)",
    "shot (injection)",
    "breathed in / inhaled",
    "test (medical)",
    "biopsy / diagnosis",
    "tumor / melanoma",
    "stem cell",
    "acne scars / sagging skin",
    "wound healing",
    "heal / repair",
    "microneedling",
    "cancer doctor",
    "skin doctor (dermatologist)",
    "physical therapy",
    "insurance",
    "evidence (good evidence)",
    "Words to know (box heading)",
    "urgent care / call your doctor right away",
    "emergency / emergency number",
    "warning sign",
    "report (a problem to MedWatch)",
    "wheeze / short of breath",
    "germs",
    "lab / lab-grown cells",
)


def glossary_text(english_name: str, folder: str, translator: str | None, today: str) -> str:
    """A glossary laid out as the Spanish one: who and when, the register, then the table,
    its first column filled with the key terms and the others still empty."""
    who = f"by {translator}" if translator else "(no translator recorded yet: add your name)"
    rows = "\n".join(f"| {term} | | |" for term in GLOSSARY_TERMS)
    return f"""# {english_name} glossary ({folder}) for the exosome brochures

Translation started {who} on {today}. Not yet checked by a reviewer (Review-Status: unreviewed).
Register: (which form of address, formal or not, and which variety of the language, for which
patients). In the Note column: what to avoid and why (a word that also means "cure" or
"proof"), and where a term is explained at first mention.

| English term | {english_name} term | Note |
|---|---|---|
{rows}
"""


# The format explained as in locales/en/forbidden-claims.yaml, which is the model.
_FORMAT = """\
# Claims that must never describe exosome treatments in {english_name} patient text, and the
# cues that make a sentence honest. This is a starter file: its lists are empty, so nothing
# is refused yet. Model: locales/en/forbidden-claims.yaml; the format is explained in
# docs/claims.md; in short:
#   claims: a `phrase` (case-insensitive regular expression) of a `class`, with `why`.
#     A named group (?P<claim>...) marks the word a cue must govern; without it, the whole
#     phrase. `allowed_when` lists the contexts in which the phrase is an honest statement:
#     negated ("has not been approved") or hedged ("ask if it is approved"). A claim with no
#     `allowed_when` is refused whatever surrounds it.
#     Every class must be covered: cure, approval, proof, efficacy, results, testimonial,
#     safety, marketing.
#   cues: words that negate or hedge a claim `before` (default) or `after` them, within the
#     same clause and at most `scope` {units} away (`clause`: anywhere in the clause), and
#     not past a word of `stops_at`.
#   clause_breaks: where a cue's reach ends (punctuation, "but", "which" ...).
#   not_cues: look-alikes that are not negations ("not only", "no doubt").
# Give every rule a `why`, in {english_name} and in English. The corpus in
# tests/checks/claims_corpus/{folder}.yaml measures these rules (at least 20 sentences,
# overstated and honest); run `pytest -q tests/checks/test_claims_corpus.py -k {folder}`
# after every change.
"""

_WORD_RULES = """\
unit: word
# Add the language's "but", "although", "which" ...: '[,;:()—–]|\\s-\\s|\\b(but|which)\\b'
clause_breaks: '[,;:()—–]|\\s-\\s'
# not_cues: '\\bnot only\\b|\\bno doubt\\b'
"""

# Written without spaces between words: scopes count characters, and `\b` finds no words.
_CHAR_RULES = """\
# Written without spaces between words: scopes count characters. Do not use `\\b`, and never
# make a single common character a cue or a claim on its own.
unit: char
# Add the language's "but", "although" ...: '[,;:()，；：（）、—–]|但是|虽然'
clause_breaks: '[,;:()，；：（）、—–]'
# not_cues: '不仅|毫无疑问'
"""

_LISTS = """\
cues: []
  # - cue: '\\b(not|never)\\b'
  #   context: negated
  #   scope: 5
  #   why: '"has not been approved"'
claims: []
  # - class: approval
  #   phrase: '\\bFDA[- ](?P<claim>approved)\\b'
  #   allowed_when: [negated, hedged]
  #   why: claims FDA approval, which no exosome product has
"""


def claims_text(english_name: str, folder: str, unit: str) -> str:
    """Rules that load and refuse nothing yet, with the format explained for their writer."""
    units = "characters" if unit == "char" else "words"
    header = _FORMAT.format(english_name=english_name, folder=folder, units=units)
    return header + (_CHAR_RULES if unit == "char" else _WORD_RULES) + _LISTS
