"""A logistic check over a set of word features: the shape the tail check and the aside check share.

Each is a last look at one verdict the judge reached, with one weight per word, word pair or cue it reads
(absent: 0), a bias, and the log-odds above which it flags. Its weights ship as a small JSON file; pure
Python at run time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from voicecoach.coach.learned import ModelError

__all__ = ["WordCheck"]


@dataclass(frozen=True)
class WordCheck:
    weights: dict[str, float]
    bias: float
    threshold: float

    FILE: ClassVar[str] = ""  # the shipped file, named in errors
    NAME: ClassVar[str] = "word check"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        try:
            weights = {str(g): float(w) for g, w in data["weights"].items()}
            bias, threshold = float(data["bias"]), float(data["threshold"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"{cls.FILE} is not a valid {cls.NAME}: {exc}") from exc
        if not all(math.isfinite(v) for v in (bias, threshold, *weights.values())):
            raise ModelError(f"{cls.FILE}: a weight that is not a finite number")
        return cls(weights, bias, threshold)

    def log_odds(self, grams: set[str]) -> float:
        """The bias plus the weights of ``grams``."""
        return self.bias + sum(self.weights.get(g, 0.0) for g in grams)
