"""Decision kinds, read from the lead verb (DOMAIN.md §4).

- acknowledgement: thanks and recognition; nothing follows from it.
- adoption: takes effect when adopted (an endorsement, an approved budget, an appointment).
- mandate: somebody has to act (urge, authorise, continue, accept an offer to hold …).
"""

from __future__ import annotations

import re

ACKNOWLEDGEMENT = "acknowledgement"
ADOPTION = "adoption"
MANDATE = "mandate"

# What "approve" / "aprobar" takes as object decides its kind: approving a participation or the holding
# of an event sets work in motion (mandate); approving a document, budget or appointment is done (adoption).
_ACTIVITY_OBJECT = re.compile(
    r"^\s*(?:of\s+)?(?:the|its|their|la|el|su|sus)?\s*"
    r"(?:participation|participating|holding|hold|convening|participaci[oó]n|realizaci[oó]n|celebraci[oó]n)\b",
    re.IGNORECASE,
)
_OFFER_OBJECT = re.compile(
    r"^\s*(?:the|an|el|la|los|las)?\s*(?:offer|offering|invitation|ofrecimiento|oferta|invitaci[oó]n)",
    re.IGNORECASE,
)
# "Express (our deep) appreciation" / "Expresar su reconocimiento": the noun names the verb phrase.
_EXPRESS = re.compile(
    r"^(?P<verb>express(?:es|ed)?|expresa[rn]?|manifesta[rn]|manifiestan)\s+"
    r"(?:(?:its|their|our|his|her|the|deep|sincere|special|great|profound|warm|su|sus|el|la|profundo|"
    r"profunda|especial|sincero|sincera|más)\s+){0,3}(?P<noun>[\wáéíóúñ]+)",
    re.IGNORECASE,
)
_EXPRESS_VERBS = {"express": "express", "expres": "expresar", "manif": "manifestar"}

# (pattern matched at the start of the text, canonical lead verb, kind). Order matters only where two
# patterns could match the same words; multi-word phrases come first.
_VERBS: list[tuple[str, str, str]] = [
    (r"take[sn]?\s+note|took\s+note", "take note", ACKNOWLEDGEMENT),
    (r"toma[rn]?\s+(?:debida\s+)?nota", "tomar nota", ACKNOWLEDGEMENT),
    (r"bring(?:s)?\s+closer|brought\s+closer", "bring closer", MANDATE),
    (r"call(?:s|ed)?\s+(?:up)?on", "call on", MANDATE),
    (r"thank(?:s|ed)?", "thank", ACKNOWLEDGEMENT),
    (r"recogni[sz](?:e|es|ed)", "recognize", ACKNOWLEDGEMENT),
    (r"acknowledge[sd]?", "acknowledge", ACKNOWLEDGEMENT),
    (r"welcome[sd]?", "welcome", ACKNOWLEDGEMENT),
    (r"congratulate[sd]?", "congratulate", ACKNOWLEDGEMENT),
    (r"note[sd]?", "note", ACKNOWLEDGEMENT),
    (r"agradece[rn]?", "agradecer", ACKNOWLEDGEMENT),
    (r"reconoce[rn]?", "reconocer", ACKNOWLEDGEMENT),
    (r"felicita[rn]?", "felicitar", ACKNOWLEDGEMENT),
    (r"saluda[rn]?", "saludar", ACKNOWLEDGEMENT),
    (r"endorse[sd]?", "endorse", ADOPTION),
    (r"approve[sd]?", "approve", ADOPTION),
    (r"modif(?:y|ies|ied)", "modify", ADOPTION),
    (r"amend(?:s|ed)?", "amend", ADOPTION),
    (r"appoint(?:s|ed)?", "appoint", ADOPTION),
    (r"designate[sd]?", "designate", ADOPTION),
    (r"adopt(?:s|ed)?", "adopt", ADOPTION),
    (r"accept(?:s|ed)?", "accept", ADOPTION),
    (r"respalda[rn]?", "respaldar", ADOPTION),
    (r"avala[rn]?", "avalar", ADOPTION),
    (r"aproba[rn]?|aprueban", "aprobar", ADOPTION),
    (r"modifica[rn]?", "modificar", ADOPTION),
    (r"enmenda[rn]?", "enmendar", ADOPTION),
    (r"nombra[rn]?", "nombrar", ADOPTION),
    (r"designa[rn]?", "designar", ADOPTION),
    (r"adopta[rn]?", "adoptar", ADOPTION),
    (r"acepta[rn]?", "aceptar", ADOPTION),
    (r"urge[sd]?", "urge", MANDATE),
    (r"authori[sz](?:e|es|ed)", "authorize", MANDATE),
    (r"continue[sd]?", "continue", MANDATE),
    (r"request(?:s|ed)?", "request", MANDATE),
    (r"instruct(?:s|ed)?", "instruct", MANDATE),
    (r"entrust(?:s|ed)?", "entrust", MANDATE),
    (r"strengthen(?:s|ed)?", "strengthen", MANDATE),
    (r"promote[sd]?", "promote", MANDATE),
    (r"establish(?:es|ed)?", "establish", MANDATE),
    (r"develop(?:s|ed)?", "develop", MANDATE),
    (r"encourage[sd]?", "encourage", MANDATE),
    (r"invite[sd]?", "invite", MANDATE),
    (r"remind(?:s|ed)?", "remind", MANDATE),
    (r"reaffirm(?:s|ed)?", "reaffirm", MANDATE),
    (r"reiterate[sd]?", "reiterate", MANDATE),
    (r"support(?:s|ed)?", "support", MANDATE),
    (r"create[sd]?", "create", MANDATE),
    (r"hold(?:s)?|held", "hold", MANDATE),
    (r"convene[sd]?", "convene", MANDATE),
    (r"prepare[sd]?", "prepare", MANDATE),
    (r"implement(?:s|ed)?", "implement", MANDATE),
    (r"carry\s+out|carried\s+out", "carry out", MANDATE),
    (r"work(?:s|ed)?", "work", MANDATE),
    (r"commit(?:s|ted)?", "commit", MANDATE),
    (r"insta[rn]?", "instar", MANDATE),
    (r"exhorta[rn]?", "exhortar", MANDATE),
    (r"autoriza[rn]?", "autorizar", MANDATE),
    (r"continua[rn]?|continúan", "continuar", MANDATE),
    (r"solicita[rn]?", "solicitar", MANDATE),
    (r"encomenda[rn]?|encomiendan", "encomendar", MANDATE),
    (r"instrui[rn]?|instruyen", "instruir", MANDATE),
    (r"fortalece[rn]?", "fortalecer", MANDATE),
    (r"promove[rn]?|promueven", "promover", MANDATE),
    (r"impulsa[rn]?", "impulsar", MANDATE),
    (r"acerca[rn]?", "acercar", MANDATE),
    (r"establece[rn]?", "establecer", MANDATE),
    (r"desarrolla[rn]?", "desarrollar", MANDATE),
    (r"invita[rn]?", "invitar", MANDATE),
    (r"alenta[rn]?|alientan", "alentar", MANDATE),
    (r"recorda[rn]?|recuerdan", "recordar", MANDATE),
    (r"reitera[rn]?", "reiterar", MANDATE),
    (r"reafirma[rn]?", "reafirmar", MANDATE),
    (r"apoya[rn]?", "apoyar", MANDATE),
    (r"crea[rn]?", "crear", MANDATE),
    (r"realiza[rn]?", "realizar", MANDATE),
    (r"celebra[rn]?", "celebrar", MANDATE),
    (r"trabaja[rn]?", "trabajar", MANDATE),
    (r"implementa[rn]?", "implementar", MANDATE),
]
_COMPILED = [(re.compile(rf"^(?:{pattern})\b", re.IGNORECASE), verb, kind) for pattern, verb, kind in _VERBS]
# Words that may stand before the verb without changing it ("To urge", "a) Instar").
_LEADING = re.compile(r"^(?:to|and|also|further|furthermore|asimismo|además|y)\s+", re.IGNORECASE)


def classify(text: str) -> tuple[str, str] | None:
    """(lead verb, kind) for the verb the text starts with, or None when the verb is not known."""
    text = _LEADING.sub("", text.lstrip(" \"'“(-–"))
    express = _EXPRESS.match(text)
    if express:
        return _express_phrase(express), ACKNOWLEDGEMENT
    for pattern, verb, kind in _COMPILED:
        match = pattern.match(text)
        if match:
            return verb, _refine(verb, kind, text[match.end() :])
    return None


def first_word(text: str) -> str:
    match = re.search(r"[^\W\d_]+", text)
    return match.group().lower() if match else ""


def _express_phrase(match: re.Match[str]) -> str:
    verb = match["verb"].lower()
    canonical = next(value for prefix, value in _EXPRESS_VERBS.items() if verb.startswith(prefix))
    return f"{canonical} {match['noun'].lower()}"


def _refine(verb: str, kind: str, rest: str) -> str:
    """Kinds that depend on the object: approving a participation, accepting an offer to hold."""
    if verb in {"approve", "aprobar"} and _ACTIVITY_OBJECT.match(rest):
        return MANDATE
    if verb in {"accept", "aceptar"} and _OFFER_OBJECT.match(rest):
        return MANDATE
    return kind
