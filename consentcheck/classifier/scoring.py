"""Sentence-level scores for the model card and threshold selection (no torch)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from consentcheck.classifier.card import LabelScore
from consentcheck.classifier.data import LabelledSentence


def label_score(gold: Sequence[bool], predicted: Sequence[bool]) -> LabelScore:
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = int((g & p).sum())
    precision = tp / int(p.sum()) if p.sum() else (1.0 if not g.sum() else 0.0)
    recall = tp / int(g.sum()) if g.sum() else (1.0 if not p.sum() else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelScore(gold=int(g.sum()), predicted=int(p.sum()), precision=round(precision, 4),
                      recall=round(recall, 4), f1=round(f1, 4))


GRID = [round(t, 2) for t in np.arange(0.05, 0.96, 0.05)] + [0.97, 0.98, 0.99]
OFF = 1.01  # a threshold no probability reaches: the classifier adds nothing for this label
PRECISION_MARGIN = 0.02


def best_f1_thresholds(sentences: list[LabelledSentence], probabilities: np.ndarray,
                       labels: Sequence[str]) -> dict[str, float]:
    """Per label, the threshold with the best F1 of the classifier alone (to pick the best epoch)."""
    result = {}
    for j, label in enumerate(labels):
        gold = [label in s.labels for s in sentences]
        result[label] = max(GRID, key=lambda t: (label_score(gold, probabilities[:, j] >= t).f1, t))
    return result


def pick_thresholds(sentences: list[LabelledSentence], probabilities: np.ndarray, labels: Sequence[str],
                    rule_labels: list[frozenset[str]]) -> dict[str, float]:
    """Per label, the threshold that maximises the F1 of rules and classifier combined, among those that
    keep the combined precision within PRECISION_MARGIN of the rules' own (ties: the higher threshold).

    The corpus the model learns from is written by the project; real policies differ, and a model
    that trades precision for recall on the corpus trades more of it on real text. Where no
    threshold keeps precision, the label is switched off (OFF) and the rules speak alone.
    """
    thresholds = {}
    for j, label in enumerate(labels):
        gold = [label in s.labels for s in sentences]
        rules = np.array([label in r for r in rule_labels], dtype=bool)
        floor = label_score(gold, rules).precision - PRECISION_MARGIN if rules.any() else 0.0
        best = (label_score(gold, rules).f1, OFF)
        for threshold in GRID:
            score = label_score(gold, rules | (probabilities[:, j] >= threshold))
            if score.precision >= floor and score.f1 >= best[0]:
                best = (score.f1, threshold)
        thresholds[label] = best[1]
    return thresholds


def split_scores(sentences: list[LabelledSentence], probabilities: np.ndarray, labels: Sequence[str],
                 thresholds: dict[str, float], rule_labels: list[frozenset[str]]) -> dict[str, dict[str, LabelScore]]:
    result: dict[str, dict[str, LabelScore]] = {"classifier": {}, "rules": {}, "combined": {}}
    for j, label in enumerate(labels):
        gold = [label in s.labels for s in sentences]
        model = probabilities[:, j] >= thresholds[label]
        rules = np.array([label in r for r in rule_labels], dtype=bool)
        result["classifier"][label] = label_score(gold, model)
        result["rules"][label] = label_score(gold, rules)
        result["combined"][label] = label_score(gold, model | rules)
    return result
