"""Training the sentence classifier (torch + transformers: ``pip install "consentcheck[train]"``).

From scratch: a WordPiece vocabulary is trained on the corpus with ``tokenizers`` and a small BERT
(2 layers, hidden size 128) is trained on the labelled sentences. With ``base``: a local Hugging
Face checkpoint is fine-tuned instead. Either way the best epoch and the per-label thresholds are
picked on a validation split of the training documents, the model is exported to ONNX (checked
against torch), and a model card records the data, date, seed and scores.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from consentcheck.classifier.card import DataStats, ModelCard, SplitScores
from consentcheck.classifier.data import MODEL_LABELS, LabelledSentence, is_validation, labelled_sentences, load_split
from consentcheck.classifier.features import concept_tags, tag_token, tag_vocabulary
from consentcheck.classifier.runtime import CARD_FILE, MODEL_FILE, TOKENIZER_FILE, SentenceClassifier
from consentcheck.classifier.scoring import best_f1_thresholds, pick_thresholds, split_scores
from consentcheck.errors import ModelError
from consentcheck.rulepack import compile_packs, load_packs

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _require_torch() -> Any:
    try:
        import torch
        import transformers  # noqa: F401
    except ImportError:
        raise ModelError(
            'training needs torch and transformers: pip install "consentcheck[train]" (CPU torch==2.13.0)'
        ) from None
    return torch


def _sentences(documents: list[tuple[Any, str]]) -> list[LabelledSentence]:
    return [s for gold, text in documents for s in labelled_sentences(gold, text)]


def _stats(documents: list[tuple[Any, str]], sentences: list[LabelledSentence]) -> DataStats:
    counts = Counter(label for s in sentences for label in s.labels)
    return DataStats(documents=len(documents), sentences=len(sentences),
                     positives={label: counts.get(label, 0) for label in MODEL_LABELS})


def train_tokenizer(texts: list[str], vocab_size: int, extra_tokens: list[str]) -> Any:
    """A WordPiece tokenizer whose vocabulary is chosen deterministically from ``texts``.

    The ``tokenizers`` trainer breaks ties between equally frequent merges differently from run to
    run, so the same seed would not give the same model. Here the vocabulary is: the special and tag
    tokens, every character (word-initial and ``##`` continuation), then word-initial and
    continuation pieces of 2 to 10 characters ranked by frequency x length, ties by the piece itself.
    """
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=False, clean_text=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words: Counter[str] = Counter()
    for text in texts:
        words.update(word for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text)))
    characters = sorted({ch for word in words for ch in word})
    pieces: Counter[str] = Counter()
    for word, count in words.items():
        for length in range(2, min(len(word), 10) + 1):
            pieces[word[:length]] += count * length
            if len(word) > length:
                pieces["##" + word[-length:]] += count * length
    vocabulary = list(dict.fromkeys(SPECIAL + extra_tokens + characters + ["##" + ch for ch in characters]))
    ranked = sorted(pieces.items(), key=lambda item: (-item[1], item[0]))
    vocabulary += [piece for piece, _ in ranked[:max(0, vocab_size - len(vocabulary))]]
    tokenizer = Tokenizer(models.WordPiece({token: i for i, token in enumerate(vocabulary)}, unk_token="[UNK]",
                                           max_input_chars_per_word=100))
    tokenizer.add_special_tokens(SPECIAL + extra_tokens)
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.decoder = decoders.WordPiece()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", tokenizer.token_to_id("[CLS]")), ("[SEP]", tokenizer.token_to_id("[SEP]"))])
    return tokenizer


def rule_labels(documents: list[tuple[Any, str]], sentences: list[LabelledSentence]) -> list[frozenset[str]]:
    """The categories the rules give each sentence (same segmentation, so spans match exactly)."""
    from consentcheck.engine import Checker
    from consentcheck.ingest import Document

    checker = Checker.default(classifier=None)
    found: dict[tuple[str, int, int], set[str]] = {}
    for gold, text in documents:
        report = checker.check(Document(gold.id, text, "0", "text"), gold.lang)
        for finding in report.findings:
            found.setdefault((gold.id, finding.start, finding.end), set()).add(finding.category)
    return [frozenset(found.get((s.document, s.start, s.end), set())) for s in sentences]


def train(corpus: Path, out: Path, seed: int = 13, epochs: int | None = None, base: Path | None = None,
          max_length: int = 160, vocab_size: int = 8000, batch_size: int = 32, threads: int = 1,
          max_pos_weight: float = 3.0,
          tags: bool = True, name: str = "consentcheck-sentences", version: str = "0.1.0",
          log: Any = print) -> ModelCard:
    """Train, pick thresholds, export to ONNX and write the model card into ``out``."""
    torch = _require_torch()
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        BertConfig,
        BertForSequenceClassification,
    )

    training_docs = load_split(corpus / "train")
    if not training_docs:
        raise ModelError(f"{corpus}: no training split (train/gold.jsonl); build it with scripts/build_corpus.py")
    test_docs = load_split(corpus / "test")
    fit_docs = [d for d in training_docs if not is_validation(d[0].id)]
    val_docs = [d for d in training_docs if is_validation(d[0].id)] or training_docs[:1]
    fit, val, test = _sentences(fit_docs), _sentences(val_docs), _sentences(test_docs)
    labels = list(MODEL_LABELS)
    packs = compile_packs(load_packs())
    vocabulary = tag_vocabulary(packs) if tags else []
    tag_tokens = [tag_token(name) for name in vocabulary]
    tag_cache: dict[tuple[str, str], str] = {}

    def tags_of(sentences: list[LabelledSentence]) -> list[str]:
        for s in sentences:
            if (s.lang, s.text) not in tag_cache:
                tag_cache[(s.lang, s.text)] = concept_tags(packs, s.text, s.lang, vocabulary)
        return [tag_cache[(s.lang, s.text)] for s in sentences]

    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)

    def reseed() -> None:
        # also right before the model is built: the first use of a transformers model class in a
        # process imports modules that draw from torch's generator
        random.seed(seed)
        np.random.seed(seed)
        torch.manual_seed(seed)

    reseed()

    if base is None:
        tokenizer = train_tokenizer([s.text for s in fit], vocab_size, tag_tokens)
        config = BertConfig(vocab_size=tokenizer.get_vocab_size(), hidden_size=128, num_hidden_layers=2,
                            num_attention_heads=2, intermediate_size=256, max_position_embeddings=max_length + 2,
                            num_labels=len(labels), problem_type="multi_label_classification",
                            hidden_dropout_prob=0.2, attention_probs_dropout_prob=0.1)
        BertForSequenceClassification(BertConfig(vocab_size=8, hidden_size=8, num_hidden_layers=1,
                                                 num_attention_heads=1, intermediate_size=8))  # warm-up import
        reseed()
        model = BertForSequenceClassification(config)
        architecture = "BERT from scratch: 2 layers, hidden 128, 2 heads, WordPiece vocabulary trained on the corpus"
        learning_rate, default_epochs = 1e-3, 20
    else:
        hf_tokenizer = AutoTokenizer.from_pretrained(str(base), local_files_only=True)
        if not getattr(hf_tokenizer, "is_fast", False):
            raise ModelError(f"{base}: the checkpoint needs a fast tokenizer (tokenizer.json)")
        if tag_tokens:
            hf_tokenizer.add_special_tokens({"additional_special_tokens": tag_tokens})
        tokenizer = hf_tokenizer.backend_tokenizer
        reseed()
        model = AutoModelForSequenceClassification.from_pretrained(
            str(base), num_labels=len(labels), problem_type="multi_label_classification",
            ignore_mismatched_sizes=True, local_files_only=True)
        model.resize_token_embeddings(len(hf_tokenizer))
        architecture = f"fine-tuned {model.config.model_type} from {base}"
        learning_rate, default_epochs = 5e-5, 4
    epochs = epochs or default_epochs
    tokenizer.enable_truncation(max_length)
    tokenizer.no_padding()
    pad_id = tokenizer.token_to_id("[PAD]") or 0

    def batches(sentences: list[LabelledSentence], shuffle: bool) -> Any:
        order = list(range(len(sentences)))
        if shuffle:
            random.shuffle(order)
        chosen = [sentences[i] for i in order]
        encodings = tokenizer.encode_batch(list(zip(tags_of(chosen), [s.text for s in chosen], strict=True))
                                           if tags else [s.text for s in chosen])
        for begin in range(0, len(order), batch_size):
            chunk = encodings[begin:begin + batch_size]
            width = max(len(e.ids) for e in chunk)
            ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for row, encoding in enumerate(chunk):
                ids[row, :len(encoding.ids)] = torch.tensor(encoding.ids)
                mask[row, :len(encoding.ids)] = 1
            target = torch.tensor([[float(label in sentences[i].labels) for label in labels]
                                   for i in order[begin:begin + batch_size]])
            yield ids, mask, target, order[begin:begin + batch_size]

    def predict(sentences: list[LabelledSentence]) -> np.ndarray:
        model.eval()
        result = np.zeros((len(sentences), len(labels)), dtype=np.float32)
        with torch.no_grad():
            for ids, mask, _, index in batches(sentences, shuffle=False):
                result[index] = torch.sigmoid(model(input_ids=ids, attention_mask=mask).logits).numpy()
        return result

    positives = torch.tensor([sum(label in s.labels for s in fit) for label in labels], dtype=torch.float)
    pos_weight = ((len(fit) - positives) / positives.clamp(min=1)).clamp(max=max_pos_weight)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    steps = epochs * ((len(fit) + batch_size - 1) // batch_size)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / max(1, steps // 10)) * max(0.0, 1 - step / steps))
    val_rules = rule_labels(val_docs, val)
    reseed()
    best: tuple[float, int, dict[str, Any]] = (-1.0, 0, {})
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for ids, mask, target, _ in batches(fit, shuffle=True):
            optimizer.zero_grad()
            loss = loss_fn(model(input_ids=ids, attention_mask=mask).logits, target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            total += float(loss.detach())
        probabilities = predict(val)
        scores = split_scores(val, probabilities, labels, best_f1_thresholds(val, probabilities, labels),
                              val_rules)["classifier"]
        macro = sum(scores[label].f1 for label in labels) / len(labels)
        log(f"epoch {epoch}: loss {total:.2f}, validation macro-F1 (classifier) {macro:.3f}")
        if macro > best[0]:
            best = (macro, epoch, {k: v.detach().clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[2])
    log(f"best epoch: {best[1]}")

    out.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(out / TOKENIZER_FILE))
    _export(torch, model, out / MODEL_FILE, pad_id)
    val_probabilities = predict(val)
    thresholds = pick_thresholds(val, val_probabilities, labels, val_rules)
    card = ModelCard(
        name=name, version=version, created=dt.date.today().isoformat(), seed=seed, labels=labels,
        thresholds=thresholds, max_length=max_length, concept_tags=vocabulary, rules_version=packs.version,
        architecture=architecture,
        base=str(base) if base else None, epochs=best[1], training=_stats(fit_docs, fit),
        validation=_stats(val_docs, val), test=_stats(test_docs, test) if test_docs else None,
        notes="Scores are sentence-level (a sentence is one prediction per label); "
              "consentcheck eval gives span-level figures on gold sets.",
    )
    (out / CARD_FILE).write_text(card.model_dump_json(indent=2), encoding="utf-8")
    runtime = SentenceClassifier(out, n_threads=1)
    _check_export(runtime, val, val_probabilities, tags_of(val) if tags else None)
    for split, docs, sentences in (("validation", val_docs, val), ("test", test_docs, test)):
        if sentences:
            rules = val_rules if split == "validation" else rule_labels(docs, sentences)
            probabilities = runtime.predict([s.text for s in sentences], tags_of(sentences) if tags else None)
            card.scores[split] = SplitScores(**split_scores(sentences, probabilities, labels, thresholds, rules))
    (out / CARD_FILE).write_text(card.model_dump_json(indent=2), encoding="utf-8")
    return card


def _export(torch: Any, model: Any, path: Path, pad_id: int) -> None:
    import warnings

    model.eval()
    ids = torch.full((2, 12), pad_id, dtype=torch.long)
    ids[:, :8] = 5
    mask = (ids != pad_id).long()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"], output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "logits": {0: "batch"}},
            opset_version=17, dynamo=False,
        )


def _check_export(runtime: SentenceClassifier, sentences: list[LabelledSentence], expected: np.ndarray,
                  tags: list[str] | None) -> None:
    """The ONNX model must give what torch gave, padded batches included."""
    sample = sentences[:200]
    got = runtime.predict([s.text for s in sample], tags[:200] if tags is not None else None)
    difference = float(np.abs(got - expected[:len(sample)]).max()) if sample else 0.0
    if difference > 1e-3:
        raise ModelError(f"the exported ONNX model differs from torch by {difference:.5f}; export failed")
