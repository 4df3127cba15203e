"""The answer sheet: five questions a reader asks, answered yes / no / unclear from the findings."""

from __future__ import annotations

from consentcheck.models import MAX_QUOTES, DocumentFinding, Finding, QuestionAnswer, Quote

QUESTIONS = {
    "trains-on-data": {"en": "Is my data used to train AI?", "de": "Werden meine Daten für KI-Training genutzt?"},
    "which-data": {"en": "Which data?", "de": "Welche Daten?"},
    "can-i-say-no": {"en": "Can I say no, and how?", "de": "Kann ich widersprechen, und wie?"},
    "legal-basis": {"en": "On what legal basis?", "de": "Auf welcher Rechtsgrundlage?"},
    "limited-or-hedged": {
        "en": "Is any promise limited in time or hedged?",
        "de": "Ist eine Zusage zeitlich begrenzt oder eingeschränkt?",
    },
}
NOTES = {
    "stated": {"en": "The text says data is, or may be, used to train AI.",
               "de": "Der Text sagt, dass Daten für KI-Training genutzt werden (können)."},
    "denied": {"en": "The text only says data is not used for training.",
               "de": "Der Text sagt nur, dass Daten nicht für Training genutzt werden."},
    "denied-for-now": {
        "en": "The only denial is limited in time or hedged: it is no promise for later.",
        "de": "Die einzige Verneinung ist zeitlich begrenzt oder eingeschränkt: keine Zusage für später.",
    },
    "silent": {"en": "The text does not say whether data is used to train AI.",
               "de": "Der Text sagt nicht, ob Daten für KI-Training genutzt werden."},
    "vague": {"en": "Only open-ended purposes are named, which can include training.",
              "de": "Nur offene Zwecke werden genannt, die Training einschließen können."},
    "data-named": {"en": "Data named in the training statements.",
                   "de": "In den Aussagen zum Training genannte Daten."},
    "data-missing": {"en": "Training is stated, but no data is named.",
                     "de": "Training wird genannt, aber keine Daten."},
    "data-excluded": {"en": "Data is named only as excluded from training.",
                      "de": "Daten werden nur als vom Training ausgenommen genannt."},
    "opt-out-named": {"en": "A way to object or switch off is named.",
                      "de": "Ein Weg zum Widerspruch oder Abschalten wird genannt."},
    "opt-out-missing": {"en": "Training is stated, but no way to object is named.",
                        "de": "Training wird genannt, aber kein Weg zum Widerspruch."},
    "basis-named": {"en": "A legal basis is named for the training.",
                    "de": "Eine Rechtsgrundlage für das Training wird genannt."},
    "basis-missing": {"en": "Training is stated, but no legal basis is named for it.",
                      "de": "Training wird genannt, aber keine Rechtsgrundlage dafür."},
    "hedged": {"en": "Statements are limited in time, hedged or conditional.",
               "de": "Aussagen sind zeitlich begrenzt, offen formuliert oder an Bedingungen geknüpft."},
    "firm": {"en": "The statements carry no time limit, hedge or condition.",
             "de": "Die Aussagen sind weder zeitlich begrenzt noch eingeschränkt oder bedingt."},
    "denial-only": {"en": "The text states no training (only a denial), and names nothing for this.",
                    "de": "Der Text nennt kein Training (nur eine Verneinung) und hierzu nichts."},
    "nothing": {"en": "Nothing to answer from: the text makes no statement about training.",
                "de": "Keine Grundlage: Der Text trifft keine Aussage zum Training."},
}
LEGAL_BASES = {
    "consent": ("consent", "einwillig", "6(1)(a)", "lit. a", "zustimmung"),
    "legitimate-interests": ("legitimate interest", "berechtigt", "6(1)(f)", "lit. f"),
    "contract": ("contract", "vertrag"),
}
STATEMENT_CATEGORIES = ("ai-training", "ai-training-denial")


def answer_sheet(findings: list[Finding], document_findings: list[DocumentFinding], lang: str) -> list[QuestionAnswer]:
    by_category: dict[str, list[Finding]] = {}
    for finding in findings:
        by_category.setdefault(finding.category, []).append(finding)
    omitted = {d.category for d in document_findings}
    training = by_category.get("ai-training", [])
    denials = by_category.get("ai-training-denial", [])

    def answer(key: str, value: str, note: str, evidence: list[Finding], details: list[str] | None = None
               ) -> QuestionAnswer:
        return QuestionAnswer(
            id=key, question=QUESTIONS[key][lang], answer=value, details=details or [], note=NOTES[note][lang],
            evidence=[Quote.of(f) for f in evidence[:MAX_QUOTES]],
            evidence_count=len(evidence),
        )

    sheet = []
    if training:
        sheet.append(answer("trains-on-data", "yes", "stated", training))
    elif denials:
        limited = "time-limited-denial" in omitted
        sheet.append(answer("trains-on-data", "unclear" if limited else "no",
                            "denied-for-now" if limited else "denied", denials))
    else:
        vague = by_category.get("vague-purpose", [])
        sheet.append(answer("trains-on-data", "unclear", "vague" if vague else "silent", vague))

    named = [v for f in training if f.statement for v in f.statement.values("data") if v != "user-content"]
    if training:
        sheet.append(answer("which-data", "yes" if named else "unclear", "data-named" if named else "data-missing",
                            training, list(dict.fromkeys(named))))
    elif denials:
        excluded = [v for f in denials if f.statement for v in f.statement.values("data")]
        sheet.append(answer("which-data", "no", "data-excluded", denials, list(dict.fromkeys(excluded))))
    else:
        sheet.append(answer("which-data", "unclear", "nothing", []))

    opt_outs = by_category.get("opt-out", [])
    if opt_outs:
        sheet.append(answer("can-i-say-no", "yes", "opt-out-named", opt_outs))
    else:
        sheet.append(answer("can-i-say-no", "no", "opt-out-missing", training) if training
                     else answer("can-i-say-no", "unclear", "denial-only" if denials else "nothing", []))

    bases = by_category.get("legal-basis", [])
    if bases:
        details = [name for name, words in LEGAL_BASES.items()
                   if any(word in f.text.lower().replace(" ", "") or word in f.text.lower() for f in bases
                          for word in words)]
        sheet.append(answer("legal-basis", "yes", "basis-named", bases, details))
    else:
        sheet.append(answer("legal-basis", "no", "basis-missing", training) if training
                     else answer("legal-basis", "unclear", "denial-only" if denials else "nothing", []))

    statements = training + denials
    spans = {(f.start, f.end) for f in statements}
    hedges = [f for category in ("temporal-hedge", "hedge") for f in by_category.get(category, [])
              if (f.start, f.end) in spans]
    details = []
    if any(f.category == "temporal-hedge" for f in hedges) or "time-limited-denial" in omitted:
        details.append("time-limited")
    if any(f.category == "hedge" for f in hedges):
        details.append("hedged")
    conditional = [f for f in statements if f.statement and f.statement.condition]
    if conditional:
        details.append("conditional")
    if details:
        sheet.append(answer("limited-or-hedged", "yes", "hedged", hedges + conditional, details))
    else:
        sheet.append(answer("limited-or-hedged", "no", "firm", statements) if statements
                     else answer("limited-or-hedged", "unclear", "nothing", []))
    return sheet
