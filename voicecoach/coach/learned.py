"""The learned layer over the reflection scorer's rules: a calibrated score and one measured gate.

A small logistic model reads the rules' outputs (verdict, coverage, the acts and additions they found)
plus cue features (question / advice / self-disclosure / opener cues, pronoun shares, lengths, overlap,
feeling words, hedges). It is trained by ``scripts/train_scorer.py`` on AnnoMI (read in place, never
shipped) and the project's labelled set; only the weights ship, in ``voicecoach/data/scorer_model.json``.

- Its probability that the reply is a good reflection becomes ``score``.
- The gate: when the rules found no reflection and nothing else either ("missed", reason "unrelated":
  no question, advice, plan, reassurance, story or defence) but the model is confident the reply is a
  reflection (a paraphrase in other words), the verdict becomes "partial". The threshold is the one the
  training script measured to help on AnnoMI without moving any labelled "missed" reply.
  A gate on "defensive" (SCORING.md) was measured too and changed nothing once the rules judge
  defensiveness by acts, so there is none.

Pure Python at run time (a dot product of ~80 numbers); no numpy, no scikit-learn.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from voicecoach.errors import VoicecoachError

__all__ = ["FEATURES", "Model", "ModelError", "features", "model", "promotable"]

MODEL_FILE = "scorer_model.json"


class ModelError(VoicecoachError):
    """The learned scorer file (voicecoach/data/scorer_model.json) cannot be used."""


_WH = frozenset({"what", "how", "why", "when", "where", "who", "which"})
_AUX = frozenset("do does did can could would will should are is was were have has".split())
_ACK = frozenset("okay ok yeah yes right mm mhm alright sure good great hmm uh um oh wow".split())


# Counts are capped near the 95th percentile of the training data (AnnoMI): a 300-word forum post must
# not push a linear model far outside what it has seen.
_MAX_WORDS = 60
_MAX_CONTENT = 30


def _log1p(x: float) -> float:
    return math.log1p(max(0.0, x))


def _words(n: int) -> float:
    return _log1p(min(n, _MAX_WORDS))


def _ratio(a: Any) -> float:
    return math.log((min(a.n_reply, _MAX_WORDS) + 1) / (min(a.n_statement, _MAX_WORDS) + 1))


# name -> how it is read from an Analysis (see voicecoach.coach.scorer.Analysis). Order is the file's order.
_SPEC: list[tuple[str, Any]] = [
    ("rule_accurate", lambda a, v: v == "accurate"),
    ("rule_partial", lambda a, v: v == "partial"),
    ("rule_missed", lambda a, v: v == "missed"),
    ("rule_defensive", lambda a, v: v == "defensive"),
    ("content", lambda a, v: a.content),
    ("feeling", lambda a, v: a.feeling),
    ("rule_base", lambda a, v: a.base),
    ("reflected", lambda a, v: a.reflected),
    ("named_for_them", lambda a, v: a.named_for_them),
    ("event_clause", lambda a, v: a.event),
    ("perspective_mine", lambda a, v: a.perspective == "mine"),
    ("perspective_mixed", lambda a, v: a.perspective == "mixed"),
    ("acts_phrase", lambda a, v: min(3, sum(1 for _, _, s in a.acts if s == "phrase"))),
    ("acts_structure", lambda a, v: min(3, sum(1 for _, _, s in a.acts if s == "structure"))),
    ("complaint", lambda a, v: a.complaint),
    ("add_question", lambda a, v: any(k == "question" for k, _ in a.additions)),
    ("add_advice", lambda a, v: any(k == "advice" for k, _ in a.additions)),
    ("add_own_story", lambda a, v: any(k == "own_story" for k, _ in a.additions)),
    (
        "add_plan_reassure",
        lambda a, v: any(k in {"plan", "reassurance", "topic_change"} for k, _ in a.additions),
    ),
    ("add_pleasantry", lambda a, v: any(k == "pleasantry" for k, _ in a.additions)),
    ("addition_share", lambda a, v: len(a.additions) / max(1, a.n_clauses)),
    ("question_first", lambda a, v: a.question_first),
    ("n_questions", lambda a, v: min(3, a.n_questions)),
    ("question_typed", lambda a, v: a.question_typed),
    ("ends_question", lambda a, v: a.ends_question),
    ("opener", lambda a, v: a.opener),
    ("sympathy", lambda a, v: a.sympathy is not None),
    ("starts_you", lambda a, v: a.starts_you),
    ("check", lambda a, v: a.check),
    ("acknowledgement", lambda a, v: a.acknowledgement or a.empty),
    ("speaker_share", lambda a, v: a.speaker_share),
    ("speaker_clause_share", lambda a, v: a.speaker_clauses / max(1, a.n_clauses)),
    ("listener_clause_share", lambda a, v: a.listener_clauses / max(1, a.n_clauses)),
    ("you_feel", lambda a, v: a.you_feel),
    ("log_reply_words", lambda a, v: _words(a.n_reply)),
    ("log_statement_words", lambda a, v: _words(a.n_statement)),
    ("length_ratio", lambda a, v: _ratio(a)),
    ("short_reply", lambda a, v: a.n_reply <= 3),
    ("backchannel_statement", lambda a, v: a.n_statement <= 3),
    ("overlap", lambda a, v: a.overlap),
    ("echo_share", lambda a, v: a.echo_share),
    ("novel_share", lambda a, v: a.novel_share),
    ("core_share", lambda a, v: a.n_core / max(1, a.n_body)),
    ("feelings_found", lambda a, v: min(3, len(a.found))),
    ("feelings_expected", lambda a, v: bool(a.expected)),
    ("one_concern", lambda a, v: a.concerns >= 2 and a.concerns_missed > 0),
    ("n_sentences", lambda a, v: min(4, a.n_sentences)),
    ("hedges", lambda a, v: min(3, a.cues.get("hedges", 0))),
    ("affirmation", lambda a, v: min(3, a.cues.get("affirmation", 0))),
    ("information", lambda a, v: min(3, a.cues.get("information", 0))),
    ("invitation", lambda a, v: min(3, a.cues.get("invitation", 0))),
    ("inner", lambda a, v: min(3, a.cues.get("inner", 0))),
    ("listener_self", lambda a, v: min(3, a.cues.get("listener_self", 0))),
    ("first_so", lambda a, v: a.first_word == "so"),
    ("first_and_but", lambda a, v: a.first_word in {"and", "but", "or", "because"}),
    ("first_it_that", lambda a, v: a.first_word in {"it", "that", "this", "sounds", "seems"}),
    ("first_you", lambda a, v: a.first_word in {"you", "your"}),
    ("first_wh", lambda a, v: a.first_word in _WH),
    ("first_aux", lambda a, v: a.first_word in _AUX),
    ("first_ack", lambda a, v: a.first_word in _ACK),
    ("first_we", lambda a, v: a.first_word in {"we", "let", "our"}),
    ("you_rate", lambda a, v: a.you_rate),
    ("own_share", lambda a, v: a.own_share),
    ("we_rate", lambda a, v: a.we_rate),
    ("you_know", lambda a, v: min(3, a.you_know)),
    ("continuation", lambda a, v: a.continuation),
    ("log_statement_content", lambda a, v: _log1p(min(a.statement_content, _MAX_CONTENT))),
    ("statement_question", lambda a, v: a.statement_question),
    ("first_pronoun_you", lambda a, v: a.first_pronoun == "you"),
    ("first_pronoun_we", lambda a, v: a.first_pronoun == "we"),
    ("log_clauses", lambda a, v: _log1p(a.n_clauses)),
    ("log_reply_words_sq", lambda a, v: _words(a.n_reply) ** 2),
    ("log_statement_words_sq", lambda a, v: _words(a.n_statement) ** 2),
    ("content_sq", lambda a, v: a.content**2),
    ("feeling_sq", lambda a, v: a.feeling**2),
    ("overlap_sq", lambda a, v: a.overlap**2),
    ("speaker_share_sq", lambda a, v: a.speaker_share**2),
    ("you_rate_sq", lambda a, v: a.you_rate**2),
    ("length_ratio_sq", lambda a, v: _ratio(a) ** 2),
    ("reflective_opener", lambda a, v: a.reflective_opener),
    ("felt_for_them", lambda a, v: a.felt),
    ("theirs_named", lambda a, v: min(3, a.theirs_named)),
    ("implied_feeling", lambda a, v: a.implied_feeling),
    ("paraphrase", lambda a, v: a.paraphrase),
    ("own_side", lambda a, v: min(3, a.own_side)),
    ("counterfactual", lambda a, v: min(2, a.counterfactual)),
    ("generalising", lambda a, v: min(2, a.generalising)),
    ("judging", lambda a, v: min(2, a.judging)),
    ("other_occasion", lambda a, v: min(2, a.other_occasion)),
    ("you_modal", lambda a, v: min(2, a.you_modal)),
    ("listener_modal", lambda a, v: min(2, a.listener_modal)),
]
FEATURES: tuple[str, ...] = tuple(name for name, _ in _SPEC)
# The side a feature's weight in the reflection model may take (+1: only ever raises the score, -1: only
# lowers it, 0: free), from what it means: more of their content or feeling never lowers the score; a
# question, advice, the listener's own story or a defence never raises it. Used by scripts/train_scorer.py.
_POSITIVE = {
    "rule_accurate",
    "content",
    "feeling",
    "rule_base",
    "reflected",
    "named_for_them",
    "event_clause",
    "opener",
    "you_feel",
    "overlap",
    "echo_share",
    "core_share",
    "feelings_found",
    "hedges",
    "inner",
    "check",
    "reflective_opener",
    "felt_for_them",
    "theirs_named",
    "paraphrase",
}
_NEGATIVE = {
    "rule_missed",
    "rule_defensive",
    "perspective_mine",
    "acts_phrase",
    "acts_structure",
    "add_question",
    "add_advice",
    "add_own_story",
    "add_plan_reassure",
    "add_pleasantry",
    "addition_share",
    "question_first",
    "n_questions",
    "question_typed",
    "ends_question",
    "acknowledgement",
    "affirmation",
    "information",
    "invitation",
    "listener_self",
    "one_concern",
    "first_wh",
    "first_aux",
    "first_ack",
    "first_we",
    "statement_question",
    "novel_share",
    "short_reply",
    "own_share",
    "listener_clause_share",
    "own_side",
    "counterfactual",
    "generalising",
    "judging",
    "other_occasion",
    "you_modal",
    "listener_modal",
}
SIGNS: tuple[int, ...] = tuple(1 if n in _POSITIVE else -1 if n in _NEGATIVE else 0 for n in FEATURES)


def features(analysis: Any, rule_verdict: str) -> list[float]:
    """The feature vector of one analysed pair (``scorer.analyse``) and the rules' verdict for it."""
    return [float(fn(analysis, rule_verdict)) for _, fn in _SPEC]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class _Logistic:
    weights: tuple[float, ...]
    bias: float

    def probability(self, x: list[float]) -> float:
        return _sigmoid(self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True)))


@dataclass(frozen=True)
class Model:
    """The shipped weights: feature scaling, the logistic model, the gate's threshold."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    reflect: _Logistic
    promote_above: float  # a rules' "missed" (nothing added) with P(reflection) at or above this is "partial"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        try:
            names = tuple(data["features"])
            if names != FEATURES:
                raise ModelError(
                    f"{MODEL_FILE} was trained on other features; retrain with scripts/train_scorer.py"
                )
            n = len(names)
            mean = tuple(float(x) for x in data["mean"])
            scale = tuple(float(x) if float(x) > 0 else 1.0 for x in data["scale"])
            weights = tuple(float(x) for x in data["reflect"]["weights"])
            if len(weights) != n or len(mean) != n or len(scale) != n:
                raise ModelError(f"{MODEL_FILE}: {len(weights)} weights for {n} features")
            return cls(
                mean,
                scale,
                _Logistic(weights, float(data["reflect"]["bias"])),
                float(data["gate"]["promote_above"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{MODEL_FILE} is not a valid scorer model: {exc}") from exc

    def probability(self, x: list[float]) -> float:
        """P(good reflection) for a raw feature vector."""
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        return self.reflect.probability(z)

    def promotes(self, analysis: Any, rule_verdict: str, reason: str | None, p_reflect: float) -> bool:
        """Whether the gate turns the rules' "missed" into "partial" (see the module docstring)."""
        return p_reflect >= self.promote_above and promotable(analysis, rule_verdict, reason)


def promotable(analysis: Any, rule_verdict: str, reason: str | None) -> bool:
    """Whether the gate may turn this "missed" into "partial" when the model is confident: the rules
    found nothing at all (no question, advice, plan, reassurance, story, defence) and, in a complaint
    about the listener, something of theirs came back (a content word or a feeling): an off-topic reply
    that merely sounds like a reflection stays missed."""
    if rule_verdict != "missed" or reason != "unrelated":
        return False
    return not analysis.complaint or analysis.content > 0 or bool(analysis.found)


def load(data: bytes | str) -> Model:
    try:
        return Model.from_dict(json.loads(data))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{MODEL_FILE} is not valid JSON: {exc}") from exc


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, loaded once; None when the package has no model file (rules' score only)."""
    try:
        data = resources.files("voicecoach.data").joinpath(MODEL_FILE).read_bytes()
    except FileNotFoundError:
        return None
    return load(data)
