"""The sentence classifier: the shipped model, training (tiny, seconds), fusion with the rules, and the
promise that the default path never imports torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from consentcheck.classifier import DEFAULT_MODEL_DIR, ModelCard, SentenceClassifier, load_default
from consentcheck.engine import Checker
from consentcheck.ingest import Document
from consentcheck.rulepack import compile_packs, load_packs

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "corpora" / "src").glob("*-w[12456]-*.txt"))


def test_shipped_model_loads_and_is_small() -> None:
    model = load_default()
    assert model is not None, "the default model is part of the package"
    size = sum(f.stat().st_size for f in DEFAULT_MODEL_DIR.iterdir())
    assert size <= 25 * 1024 * 1024
    card = model.card
    assert set(card.thresholds) == set(card.labels) and "ai-training" in card.labels
    assert "test" in card.scores and card.scores["test"].combined["ai-training"].gold > 0
    assert card.created and card.seed is not None


def test_predictions_are_deterministic() -> None:
    checker = Checker.default(classifier="default")
    texts = ["Wir nutzen deine Beiträge, damit unser Assistent besser antwortet.",
             "Your chats help shape the next generation of our assistant."]
    first = checker.check(Document("-", " ".join(texts), "0", "text"), "en")
    second = checker.check(Document("-", " ".join(texts), "0", "text"), "en")
    assert [(f.category, f.score) for f in first.findings] == [(f.category, f.score) for f in second.findings]


class FakeModel:
    """A stand-in with the classifier's interface: fixed probabilities for marked sentences."""

    labels = ["ai-training", "ai-training-denial", "opt-out", "vague-purpose", "temporal-hedge"]
    name = "fake@1"

    def __init__(self, marks: dict[str, str] | None = None) -> None:
        self.marks = {word: self.labels.index(label) for word, label in (marks or {"Nimbus": "ai-training"}).items()}

    class card:  # noqa: N801 - mirrors the attribute of the real classifier
        concept_tags: list[str] = []

    def predict(self, texts: list[str], tags: list[str] | None = None) -> np.ndarray:
        rows = []
        for text in texts:
            row = [0.01] * len(self.labels)
            for word, column in self.marks.items():
                if word in text:
                    row[column] = 0.97
            rows.append(row)
        return np.array(rows, dtype=np.float32)

    def decide(self, probabilities: np.ndarray) -> list[dict[str, float]]:
        return [{self.labels[j]: float(p) for j, p in enumerate(row) if p >= 0.5} for row in probabilities]


@pytest.fixture(scope="module")
def rules():  # noqa: ANN201
    return compile_packs(load_packs())


def check(checker: Checker, text: str) -> dict[str, tuple[str, float, str]]:
    report = checker.check(Document("-", text, "0", "text"), "en")
    return {f"{f.text}|{f.category}": (f.source, f.score, f.message) for f in report.findings}


def test_fusion_sources_and_scores(rules) -> None:  # noqa: ANN001
    text = ("We use your posts to train our AI models.\n\n"
            "Nimbus models are refined on what people write in the app.\n\n"
            "We use Nimbus servers in Frankfurt.\n")
    found = check(Checker(rules, FakeModel()), text)
    assert found["We use your posts to train our AI models.|ai-training"][0] == "rule"
    assert found["We use your posts to train our AI models.|ai-training"][1] == pytest.approx(0.01)
    source, score, message = found["Nimbus models are refined on what people write in the app.|ai-training"]
    assert source == "classifier" and score == pytest.approx(0.97) and "classifier" in message
    report = Checker(rules, FakeModel()).check(Document("-", text, "0", "text"), "en")
    model_finding = next(f for f in report.findings if f.source == "classifier")
    assert model_finding.statement is not None and model_finding.evidence  # attributes and gate words
    assert {e.text for e in model_finding.evidence} >= {"models"}
    # the gate: a sentence without AI or training words is no training statement, whatever the model says
    assert not any(key.startswith("We use Nimbus servers") for key in found)


@pytest.mark.parametrize(("lang", "training", "other", "switch"), [
    ("en", "Nimbus Assistant learns from the conversations you have with it.", "We count visits with cookies.",
     "You can switch this off under Privacy > History."),
    ("de", "Der Nimbus-Assistent lernt aus den Gesprächen, die Sie mit ihm führen.", "Wir zählen Besuche mit Cookies.",
     "Sie können das unter Einstellungen > Verlauf ausschalten."),
])
def test_classifier_opt_out_needs_a_training_statement_nearby(rules, lang: str, training: str,  # noqa: ANN001
                                                               other: str, switch: str) -> None:
    # the model alone (no rules): it flags the training sentence and the switch
    checker = Checker(rules, FakeModel({"Nimbus": "ai-training", "Privacy": "opt-out", "Einstellungen": "opt-out"}),
                      use_rules=False)
    beside = checker.check(Document("-", f"{training}\n\n{switch}\n", "0", "text"), lang).findings
    assert [(f.category, f.source) for f in beside] == [("ai-training", "classifier"), ("opt-out", "classifier")]
    # the same switch after a sentence about cookies: the gate's context is missing, nothing is reported
    alone = checker.check(Document("-", f"{other}\n\n{switch}\n", "0", "text"), lang).findings
    assert alone == []


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Nimbus uses the information we collect to develop and improve our products and systems."),
    ("de", "Nimbus verwendet die erhobenen Informationen, um unsere Produkte und Systeme weiterzuentwickeln."),
])
def test_a_classifier_guess_never_removes_a_rule_finding(rules, lang: str, text: str) -> None:  # noqa: ANN001
    # the rules call the purpose open-ended; the model (here: a fake) calls it AI training. The packs
    # suppress vague-purpose beside ai-training, but a guess does not outweigh a rule's evidence:
    # the rule's finding stays and the guess goes
    report = Checker(rules, FakeModel()).check(Document("-", text, "0", "text"), lang)
    assert [(f.category, f.source) for f in report.findings] == [("vague-purpose", "rule")]
    alone = Checker(rules, FakeModel(), use_rules=False).check(Document("-", text, "0", "text"), lang)
    assert [(f.category, f.source) for f in alone.findings] == [("ai-training", "classifier")]


def test_both_and_modes(rules) -> None:  # noqa: ANN001
    text = "We use your posts to train the Nimbus AI models."
    assert check(Checker(rules, FakeModel()), text)[f"{text}|ai-training"][0] == "both"
    only = check(Checker(rules, FakeModel(), use_rules=False), text)
    assert only[f"{text}|ai-training"][0] == "classifier"
    assert check(Checker(rules, None), text)[f"{text}|ai-training"][:2] == ("rule", 1.0)


def test_default_path_never_imports_torch() -> None:
    code = ("import sys\n"
            "from consentcheck.cli import app\n"
            "from consentcheck import check_text\n"
            "from consentcheck.engine import Checker\n"
            "from consentcheck.ingest import Document\n"
            "report = check_text('Your chats help shape the next generation of our assistant.')\n"
            "Checker.default(classifier='default').check(Document('-', 'We train on your posts.', '0', 'text'))\n"
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules, 'torch imported'\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _tiny_corpus(tmp_path: Path) -> Path:
    from consentcheck.corpus import build

    sources = tmp_path / "src"
    sources.mkdir()
    picked = [p for p in SOURCES if p.name.startswith("de-")][:4] + [p for p in SOURCES if p.name.startswith("en-")][:4]
    for path in picked:
        (sources / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    build(sources, corpus)
    return corpus


def test_training_end_to_end_is_reproducible(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="training needs the train extra (torch, transformers)")
    from consentcheck.classifier.train import train

    corpus = _tiny_corpus(tmp_path)
    cards = []
    for name in ("a", "b"):
        cards.append(train(corpus, tmp_path / name, seed=7, epochs=2, vocab_size=400, log=lambda _: None))
    for name in ("a", "b"):
        assert {p.name for p in (tmp_path / name).iterdir()} == {"model.onnx", "tokenizer.json", "card.json"}
    assert cards[0].thresholds == cards[1].thresholds and cards[0].seed == 7
    card = ModelCard.model_validate_json((tmp_path / "a" / "card.json").read_text(encoding="utf-8"))
    assert card.concept_tags and card.training.sentences > 0 and "validation" in card.scores
    texts = ["Wir nutzen deine Fotos, um unsere KI zu trainieren.", "We never train on your messages."]
    tags = ["[c:train-verb]", "[c:negation] [c:train-verb]"]
    first = SentenceClassifier(tmp_path / "a", n_threads=1).predict(texts, tags)
    second = SentenceClassifier(tmp_path / "b", n_threads=1).predict(texts, tags)
    assert first.shape == (2, len(card.labels))
    assert np.array_equal(first, second), "the same seed gives the same model"


def test_fine_tuning_a_local_checkpoint(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="training needs the train extra (torch, transformers)")
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    from consentcheck.classifier.train import train

    words = sorted({w.lower() for p in SOURCES[:8] for w in p.read_text(encoding="utf-8").split() if w.isalpha()})
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words[:2000]]) + "\n", encoding="utf-8")
    base = tmp_path / "base"
    BertTokenizerFast(vocab_file=str(vocab)).save_pretrained(base)
    config = BertConfig(vocab_size=5 + min(len(words), 2000), hidden_size=32, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=128)
    BertForSequenceClassification(config).save_pretrained(base)  # random weights, saved by the test itself
    card = train(_tiny_corpus(tmp_path), tmp_path / "tuned", seed=3, epochs=1, base=base, log=lambda _: None)
    assert card.base == str(base) and "fine-tuned" in card.architecture
    model = SentenceClassifier(tmp_path / "tuned", n_threads=1)
    assert model.predict(["We train on your posts."], ["[c:train-verb]"]).shape == (1, len(card.labels))


def test_cli_classifier_flags(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from consentcheck.cli import app

    runner = CliRunner()
    text = "We use your posts to train our AI models.\n"
    rules_only = json.loads(runner.invoke(app, ["check", "-", "-f", "json", "--lang", "en", "--no-classifier"],
                                          input=text).stdout)
    assert {f["source"] for f in rules_only["documents"][0]["findings"]} == {"rule"}
    assert {f["score"] for f in rules_only["documents"][0]["findings"]} == {1.0}
    combined = runner.invoke(app, ["check", "-", "-f", "json", "--lang", "en"], input=text)  # the default
    assert combined.exit_code == 0, combined.output
    findings = json.loads(combined.stdout)["documents"][0]["findings"]
    assert {f["source"] for f in findings} <= {"rule", "both"}  # the rules' finding stays, scored by the model
    assert all(0.0 <= f["score"] <= 1.0 for f in findings) and any(f["score"] < 1.0 for f in findings)
    only = json.loads(runner.invoke(app, ["check", "-", "-f", "json", "--lang", "en", "--classifier-only"],
                                    input=text).stdout)
    assert {f["source"] for f in only["documents"][0]["findings"]} <= {"classifier"}
    # the terminal names who found each finding
    assert "+ classifier" in runner.invoke(app, ["check", "-", "--lang", "en"], input=text).stdout
    assert "+ classifier" not in runner.invoke(app, ["check", "-", "--lang", "en", "--no-classifier"], input=text).stdout
    missing = runner.invoke(app, ["check", "-", "--model", str(tmp_path)], input=text)
    assert missing.exit_code == 2 and "not a consentcheck model" in missing.stderr
