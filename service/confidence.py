"""One fitted, calibrated confidence instead of hand-set thresholds.

The evidence signals of a question (sentence similarity and its margin,
coverage, unknown words, answer-type and named-thing checks, agreement of
the retrieval legs, ...) go into a logistic regression fitted offline on the
train split (``vraagbaak eval --fit-confidence``, eval/fit.py), whose score
is then Platt-scaled on out-of-fold predictions. Both steps are linear in the
features, so the product needs only the coefficients: a small JSON file,
read here with numpy. The operator chooses one threshold (``min_confidence``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

DEFAULT_MODEL = "confidence.json"


class ConfidenceModelError(RuntimeError):
    """The model file is missing or does not fit this version's features."""


@dataclass(frozen=True)
class ConfidenceModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    platt_a: float = 1.0
    platt_b: float = 0.0
    sentence_weights: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)
    rerank: dict | None = None  # the re-ranker's coefficients (service/rerank.py), fitted in the same pass

    def decision(self, signals: dict[str, float]) -> float:
        z = self.intercept
        for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            z += w * (float(signals.get(name, 0.0)) - mu) / (sd or 1.0)
        return z

    @property
    def threshold(self) -> float:
        """The abstention threshold chosen with the model on the train split."""
        return float(self.meta.get("threshold", 0.5))

    def mean_of(self, name: str) -> float:
        """The training mean of a feature: the value that adds nothing to the score."""
        return self.mean[self.features.index(name)] if name in self.features else 0.0

    def probability(self, signals: dict[str, float]) -> float:
        """Calibrated probability that the answer is supported by its citations."""
        t = self.platt_a * self.decision(signals) + self.platt_b
        t = max(-60.0, min(60.0, t))
        return 1.0 / (1.0 + math.exp(-t))

    def to_json(self) -> dict:
        return {
            "features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
            "coef": list(self.coef), "intercept": self.intercept, "platt_a": self.platt_a, "platt_b": self.platt_b,
            "sentence_weights": self.sentence_weights, "meta": self.meta,
            **({"rerank": self.rerank} if self.rerank is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict) -> ConfidenceModel:
        try:
            n = len(data["features"])
            if not (len(data["mean"]) == len(data["scale"]) == len(data["coef"]) == n):
                raise ConfidenceModelError("model: features, mean, scale en coef verschillen in lengte")
            return cls(
                tuple(data["features"]), tuple(map(float, data["mean"])), tuple(map(float, data["scale"])),
                tuple(map(float, data["coef"])), float(data["intercept"]), float(data.get("platt_a", 1.0)),
                float(data.get("platt_b", 0.0)), {k: float(v) for k, v in data.get("sentence_weights", {}).items()},
                data.get("meta", {}), data.get("rerank"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfidenceModelError(f"ongeldig betrouwbaarheidsmodel: {exc}") from exc


def load_model(path: Path | None = None) -> ConfidenceModel:
    """The operator's model file, or the one shipped with the service."""
    if path is None:
        text = resources.files("service").joinpath("data", DEFAULT_MODEL).read_text(encoding="utf-8")
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfidenceModelError(f"kan betrouwbaarheidsmodel {path} niet lezen: {exc}") from exc
    try:
        return ConfidenceModel.from_json(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ConfidenceModelError(f"betrouwbaarheidsmodel is geen JSON: {exc}") from exc
