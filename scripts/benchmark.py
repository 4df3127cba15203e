"""Speed and memory of checking, next to spaCy's bare tokenizer on the same text.

    python scripts/benchmark.py [--mb 2] [--memory-mb 20] [--seed 1]

Generates a German and an English policy-like text (varied vocabulary: sentences are assembled from
word lists, about one in eight speaks about data use or AI training, with headings and list items),
then reports MB/s and sentences/s of spaCy's blank tokenizer and of `Checker.check` with the rules
alone (medians of three alternating rounds, each with a new checker), and the peak resident memory
and time of `consentcheck check` on one generated file of --memory-mb MB, each run in its own
process: with `--no-classifier` and as by default (rules and the shipped classifier). This is a
benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 3
sys.path.insert(0, str(ROOT))

WORDS = {
    "en": {
        "subject": ["We", "Our partners", "The company", "Our service providers", "Nimbus", "Our affiliates",
                    "The app", "Our support team", "Advertisers", "Payment processors"],
        "verb": ["collect", "store", "process", "share", "analyse", "retain", "encrypt", "delete", "review",
                 "transfer", "combine", "display", "protect", "export", "aggregate"],
        "object": ["your e-mail address", "device identifiers", "payment details", "the posts you publish",
                   "your location history", "crash reports", "usage statistics", "support tickets",
                   "profile photos", "contact lists", "voice recordings", "browser settings", "order history",
                   "newsletter preferences", "login timestamps", "shipping addresses"],
        "purpose": ["to deliver your orders", "to prevent fraud", "for billing", "to answer your requests",
                    "to comply with tax law", "to secure your account", "to show relevant offers",
                    "for as long as your account exists", "in the European Union", "on servers in Ireland",
                    "with your consent", "under Art. 6(1)(b) GDPR", "for 30 days", "e.g. for audits"],
        "ai": ["We may use public posts to train our generative AI models.",
               "Your conversations help improve the models behind Nimbus Assist.",
               "We do not use private messages to train our models.",
               "At this time, uploaded photos are not used for AI training.",
               "You can turn off training in Settings > Privacy > AI.",
               "We use information to develop and improve our products and services.",
               "We conduct research and develop new features."],
        "heading": ["What we collect", "How we share data", "Your rights", "Retention", "Cookies",
                    "International transfers", "Children", "Contact"],
    },
    "de": {
        "subject": ["Wir", "Unsere Partner", "Das Unternehmen", "Unsere Dienstleister", "Nimbus",
                    "Verbundene Unternehmen", "Die App", "Unser Kundenservice", "Werbepartner",
                    "Zahlungsdienstleister"],
        "verb": ["erheben", "speichern", "verarbeiten", "übermitteln", "analysieren", "löschen", "verschlüsseln",
                 "prüfen", "kombinieren", "schützen", "exportieren", "aggregieren"],
        "object": ["Ihre E-Mail-Adresse", "Gerätekennungen", "Zahlungsdaten", "veröffentlichte Beiträge",
                   "Ihren Standortverlauf", "Absturzberichte", "Nutzungsstatistiken", "Supportanfragen",
                   "Profilbilder", "Kontaktlisten", "Sprachaufnahmen", "Browsereinstellungen", "Bestellungen",
                   "Newsletter-Einstellungen", "Anmeldezeitpunkte", "Lieferadressen"],
        "purpose": ["zur Vertragserfüllung", "zur Betrugsprävention", "für die Abrechnung",
                    "zur Beantwortung Ihrer Anfragen", "gem. Art. 6 Abs. 1 lit. c DSGVO", "zum Schutz Ihres Kontos",
                    "für personalisierte Angebote", "solange Ihr Konto besteht", "innerhalb der EU",
                    "auf Servern in Frankfurt", "mit Ihrer Einwilligung", "für 30 Tage", "z. B. für Prüfungen"],
        "ai": ["Wir können öffentliche Beiträge nutzen, um unsere KI-Modelle zu trainieren.",
               "Ihre Unterhaltungen fließen in die Verbesserung unserer Sprachmodelle ein.",
               "Private Nachrichten verwenden wir nicht für das KI-Training.",
               "Derzeit werden hochgeladene Fotos nicht zum Training genutzt.",
               "Sie können dem Training in den Einstellungen widersprechen.",
               "Wir verwenden Daten zur Verbesserung und Weiterentwicklung unserer Dienste.",
               "Wir betreiben Forschung und entwickeln neue Funktionen."],
        "heading": ["Welche Daten wir erheben", "Weitergabe", "Ihre Rechte", "Speicherdauer", "Cookies",
                    "Drittlandübermittlung", "Kinder", "Kontakt"],
    },
}


SYLLABLES = ["ka", "lo", "mi", "ter", "van", "sol", "rin", "bex", "dor", "pha", "qui", "zen", "tal", "mur"]


def _name(rng: random.Random) -> str:
    """An invented product or place name, so that the vocabulary keeps growing with the text."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def generate(lang: str, size: int, seed: int) -> str:
    """A policy-like text of about ``size`` characters with varied sentences."""
    rng = random.Random(seed)
    words = WORDS[lang]
    parts: list[str] = []
    length = 0
    while length < size:
        block: list[str] = [f"## {rng.choice(words['heading'])} {rng.randint(1, 999)}", ""]
        sentences = []
        for _ in range(rng.randint(3, 8)):
            if rng.random() < 0.12:
                sentences.append(rng.choice(words["ai"]))
            else:
                subject, verb = rng.choice(words["subject"]), rng.choice(words["verb"])
                objects = rng.sample(words["object"], 2)
                joiner = " und " if lang == "de" else " and "
                where = (" in " if lang == "en" else " in ") + _name(rng)
                sentences.append(
                    f"{subject} {verb} {objects[0]}{joiner}{objects[1]} {rng.choice(words['purpose'])}{where} "
                    f"({rng.randint(1, 9999)})."
                )
        block.append(" ".join(sentences))
        if rng.random() < 0.3:
            block += [""] + [f"- {rng.choice(words['object'])} {rng.choice(words['purpose'])};" for _ in range(3)]
        text = "\n".join(block) + "\n\n"
        parts.append(text)
        length += len(text)
    return "".join(parts)


def tokenizer_speed(texts: dict[str, str]) -> tuple[float, float]:
    import spacy

    start = time.perf_counter()
    for lang, text in texts.items():
        tokenizer = spacy.blank(lang).tokenizer
        for _ in tokenizer.pipe(text.split("\n\n")):
            pass
    return time.perf_counter() - start, sum(len(t.encode()) for t in texts.values()) / 1e6


def checker_speed(texts: dict[str, str]) -> tuple[float, int, int]:
    from consentcheck.engine import Checker
    from consentcheck.ingest import Document
    from consentcheck.segment import segments

    checker = Checker.default()
    checker.check(Document("warm-up", texts["en"][:2000], "0", "text"))  # load the rules outside the timing
    sentences = sum(1 for lang, text in texts.items() for _ in segments(text, lang))
    findings = 0
    start = time.perf_counter()
    for lang, text in texts.items():
        document = Document(f"bench-{lang}", text, hashlib.sha256(text.encode()).hexdigest(), "text")
        report = checker.check(document)
        assert report.language == lang
        findings += len(report.findings)
    return time.perf_counter() - start, sentences, findings


MEASURE = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_memory(megabytes: int, seed: int, *options: str) -> tuple[float, float, int]:
    """Peak RSS (MB), wall time and JSON size of one `consentcheck check` run, in a process of its own."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large-policy.txt"
        path.write_text(generate("en", megabytes * 1_000_000, seed), encoding="utf-8")
        output = Path(folder) / "report.json"
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(output),
             sys.executable, "-m", "consentcheck", "check", str(path), "--format", "json", *options],
            cwd=ROOT, capture_output=True, check=True, text=True,
        )
        elapsed = time.perf_counter() - start
        size = output.stat().st_size
    return int(result.stdout.strip()) / 1024, elapsed, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the generated input, DE + EN together")
    parser.add_argument("--memory-mb", type=int, default=20, help="size of the file for the memory run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    half = int(args.mb * 1_000_000 / 2)
    texts = {"de": generate("de", half, args.seed), "en": generate("en", half, args.seed + 1)}
    size_mb = sum(len(t.encode()) for t in texts.values()) / 1e6
    print(f"input: {size_mb:.2f} MB (UTF-8), German and English, {sum(len(set(t.split())) for t in texts.values())}"
          " distinct word forms")
    # three rounds, alternating, each checker built anew (cold word cache); medians, because the
    # machine's cores are shared and single runs vary by several per cent
    rounds = [(tokenizer_speed(texts)[0], checker_speed(texts)) for _ in range(ROUNDS)]
    tok_seconds = statistics.median(tok for tok, _ in rounds)
    print(f"spaCy blank tokenizer:      {size_mb / tok_seconds:6.2f} MB/s (median of {ROUNDS} rounds)")
    seconds = statistics.median(check[0] for _, check in rounds)
    _, segments, findings = rounds[0][1]
    print(f"consentcheck (rules only):  {size_mb / seconds:6.2f} MB/s, {segments / seconds:,.0f} sentences/s "
          f"({segments:,} sentences, {findings:,} findings)")
    print(f"ratio checker / tokenizer:  {tok_seconds / seconds:.2f}")
    for label, options in (("--no-classifier", ("--no-classifier",)), ("default (rules + classifier)", ())):
        peak, elapsed, output = peak_memory(args.memory_mb, args.seed, *options)
        print(f"consentcheck check on one {args.memory_mb} MB file, {label}: peak RSS {peak:.0f} MB, "
              f"{elapsed:.1f} s, {output / 1e6:.1f} MB of JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main())
