"""The model card: what a trained model is, what it was trained on, and how well it does."""

from __future__ import annotations

from pydantic import BaseModel, Field


class LabelScore(BaseModel):
    gold: int
    predicted: int
    precision: float
    recall: float
    f1: float


class SplitScores(BaseModel):
    """Per-label scores on one split, for the classifier alone, the rules alone and both combined."""

    classifier: dict[str, LabelScore] = Field(default_factory=dict)
    rules: dict[str, LabelScore] = Field(default_factory=dict)
    combined: dict[str, LabelScore] = Field(default_factory=dict)


class DataStats(BaseModel):
    documents: int
    sentences: int
    positives: dict[str, int]


class ModelCard(BaseModel):
    name: str
    version: str
    created: str = Field(description="ISO date of training")
    seed: int
    labels: list[str]
    thresholds: dict[str, float] = Field(description="per-label decision thresholds, picked on the validation split")
    max_length: int
    concept_tags: list[str] = Field(
        default_factory=list, description="concepts given to the model as tags beside the words (empty: words only)")
    rules_version: str = Field(default="", description="the rule packs whose concepts were used as tags")
    architecture: str
    base: str | None = Field(default=None, description="the checkpoint fine-tuned, or None when trained from scratch")
    epochs: int
    training: DataStats
    validation: DataStats
    test: DataStats | None = None
    scores: dict[str, SplitScores] = Field(default_factory=dict, description="split name -> scores")
    notes: str = ""
