"""The learned layer over the reflection scorer's rules: a calibrated score and one measured gate.

A small logistic model reads the rules' outputs (verdict, coverage, the acts and additions they found)
plus cue features (question / advice / self-disclosure / opener cues, pronoun shares, statement length,
overlap, feeling words, hedges) and what the turn does, read from the phrase families of
``voicecoach/data/cues.toml`` (``reply_cues``): suggestion, reassurance, validation, "I understand",
reflection frames, self-disclosure, information, the future, and a feeling named for them ("you must be
so worried"). It is trained by ``scripts/train_scorer.py`` on AnnoMI (read in place,
never shipped), the project's labelled set and 1,300 peer-support replies (ESConv's, read in place from its
snapshot) that reviewers labelled reflection / partial / none; only the weights ship, in
``voicecoach/data/scorer_model.json``, with a fixed prior on advice, reassurance and information phrases
(``PRIOR_FEATURES``) that training fits around.

The reply's own length (words, clauses, sentences, its ratio to the statement) is not a feature: on AnnoMI
it mostly tells a counsellor's short "mm-hmm" or question from a reflection, and on peer-support replies
(ESConv's FailedESConv.json supporter turns, mostly full sentences) the model ranked worse with it than
without; a reply of three words or fewer (``short_reply``) stays.

- Its probability that the reply is a good reflection becomes ``score``.
- The gate: when the rules found no reflection and nothing else either ("missed", reason "unrelated":
  no question, advice, plan, reassurance, story or defence) but the model is confident the reply is a
  reflection (a paraphrase in other words), the verdict becomes "partial". The threshold is the one the
  training script measured to help on AnnoMI without moving any labelled "missed" reply.
  A gate on "defensive" (SCORING.md) was measured too and changed nothing once the rules judge
  defensiveness by acts, so there is none.

- The four-way model (``FourWay``, ``voicecoach/data/scorer_fourway.json``, trained on the labelled
  reviewer sets by ``scripts/train_scorer.py --four-way``): a multinomial logistic model of the verdict
  over these features, the rules' verdict and the defence acts they found, under a guard chosen by
  ``scripts/loso_scorer.py`` (see ``FourWay``).

Pure Python at run time (a few regular expressions and dot products of ~100 numbers); no numpy,
no scikit-learn.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from voicecoach.errors import VoicecoachError

__all__ = [
    "FEATURES",
    "FourWay",
    "Model",
    "ModelError",
    "features",
    "four_way",
    "four_way_features",
    "model",
    "promotable",
]

MODEL_FILE = "scorer_model.json"
FOUR_WAY_FILE = "scorer_fourway.json"


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


# --- what the turn does: phrase families from voicecoach/data/cues.toml ------------------------------------

CUES_FILE = "cues.toml"
CUE_FAMILIES = (
    "suggestion",
    "reassurance",
    "validation",
    "understanding",
    "reflection",
    "self_disclosure",
    "information",
    "future",
)


def _plain(text: str) -> str:
    """Lower case, apostrophes dropped, anything but letters and digits a space: typed and recogniser
    text read alike ("You're" and "youre" -> "youre")."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _alternation(phrases: list[str]) -> str:
    forms = sorted({f for f in map(_plain, phrases) if f}, key=len, reverse=True)
    return "|".join(re.escape(f) for f in forms)


@dataclass(frozen=True)
class _CueLists:
    families: dict[str, re.Pattern[str]]
    feeling_for_you: re.Pattern[str]


@lru_cache(maxsize=1)
def cue_lists() -> _CueLists:
    """The phrase families of ``cues.toml``, compiled once (whole words, on ``_plain`` text)."""
    try:
        raw = resources.files("voicecoach.data").joinpath(CUES_FILE).read_text(encoding="utf-8")
        data = tomllib.loads(raw)
        fams = data["families"]
        missing = [k for k in CUE_FAMILIES if not fams.get(k)]
        if missing:
            raise ModelError(f"{CUES_FILE}: no phrases for {', '.join(missing)}")
        families = {
            k: re.compile(rf"(?<![a-z0-9])(?:{_alternation(fams[k])})(?![a-z0-9])") for k in CUE_FAMILIES
        }
        fe = data["feeling"]
        feeling = re.compile(
            rf"(?<![a-z0-9])(?:{_alternation(fe['subjects'])})(?: [a-z0-9]+){{0,3}} "
            rf"(?:{_alternation(fe['words'])})(?![a-z0-9])"
        )
    except (FileNotFoundError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{CUES_FILE} cannot be read: {exc}") from exc
    return _CueLists(families, feeling)


@dataclass(frozen=True)
class ReplyCues:
    """What the reply does, read from its words; see ``reply_cues``."""

    counts: dict[str, int]  # CUE_FAMILIES -> matches in the reply
    feeling_for_you: int  # "you … <feeling>" ("you must be so worried")


def reply_cues(reply: str) -> ReplyCues:
    """Count the cue families of ``cues.toml`` in ``reply`` (typed or recogniser text read alike)."""
    lists = cue_lists()
    plain = _plain(reply)
    counts = {k: len(rx.findall(plain)) for k, rx in lists.families.items()}
    return ReplyCues(counts, len(lists.feeling_for_you.findall(plain)))


# name -> how it is read from an Analysis (see voicecoach.coach.scorer.Analysis). Order is the file's order.
_SPEC: list[tuple[str, Any]] = [
    ("rule_accurate", lambda a, v, t: v == "accurate"),
    ("rule_partial", lambda a, v, t: v == "partial"),
    ("rule_missed", lambda a, v, t: v == "missed"),
    ("rule_defensive", lambda a, v, t: v == "defensive"),
    ("content", lambda a, v, t: a.content),
    ("feeling", lambda a, v, t: a.feeling),
    ("rule_base", lambda a, v, t: a.base),
    ("reflected", lambda a, v, t: a.reflected),
    ("named_for_them", lambda a, v, t: a.named_for_them),
    ("event_clause", lambda a, v, t: a.event),
    ("perspective_mine", lambda a, v, t: a.perspective == "mine"),
    ("perspective_mixed", lambda a, v, t: a.perspective == "mixed"),
    ("acts_phrase", lambda a, v, t: min(3, sum(1 for _, _, s in a.acts if s == "phrase"))),
    ("acts_structure", lambda a, v, t: min(3, sum(1 for _, _, s in a.acts if s == "structure"))),
    ("complaint", lambda a, v, t: a.complaint),
    ("add_question", lambda a, v, t: any(k == "question" for k, _ in a.additions)),
    ("add_advice", lambda a, v, t: any(k == "advice" for k, _ in a.additions)),
    ("add_own_story", lambda a, v, t: any(k == "own_story" for k, _ in a.additions)),
    (
        "add_plan_reassure",
        lambda a, v, t: any(k in {"plan", "reassurance", "topic_change"} for k, _ in a.additions),
    ),
    ("add_pleasantry", lambda a, v, t: any(k == "pleasantry" for k, _ in a.additions)),
    ("addition_share", lambda a, v, t: len(a.additions) / max(1, a.n_clauses)),
    ("question_first", lambda a, v, t: a.question_first),
    ("n_questions", lambda a, v, t: min(3, a.n_questions)),
    ("question_typed", lambda a, v, t: a.question_typed),
    ("ends_question", lambda a, v, t: a.ends_question),
    ("opener", lambda a, v, t: a.opener),
    ("sympathy", lambda a, v, t: a.sympathy is not None),
    ("starts_you", lambda a, v, t: a.starts_you),
    ("check", lambda a, v, t: a.check),
    ("acknowledgement", lambda a, v, t: a.acknowledgement or a.empty),
    ("speaker_share", lambda a, v, t: a.speaker_share),
    ("speaker_clause_share", lambda a, v, t: a.speaker_clauses / max(1, a.n_clauses)),
    ("listener_clause_share", lambda a, v, t: a.listener_clauses / max(1, a.n_clauses)),
    ("you_feel", lambda a, v, t: a.you_feel),
    ("log_statement_words", lambda a, v, t: _words(a.n_statement)),
    ("short_reply", lambda a, v, t: a.n_reply <= 3),
    ("backchannel_statement", lambda a, v, t: a.n_statement <= 3),
    ("overlap", lambda a, v, t: a.overlap),
    ("echo_share", lambda a, v, t: a.echo_share),
    ("novel_share", lambda a, v, t: a.novel_share),
    ("core_share", lambda a, v, t: a.n_core / max(1, a.n_body)),
    ("feelings_found", lambda a, v, t: min(3, len(a.found))),
    ("feelings_expected", lambda a, v, t: bool(a.expected)),
    ("one_concern", lambda a, v, t: a.concerns >= 2 and a.concerns_missed > 0),
    ("hedges", lambda a, v, t: min(3, a.cues.get("hedges", 0))),
    ("affirmation", lambda a, v, t: min(3, a.cues.get("affirmation", 0))),
    ("information", lambda a, v, t: min(3, a.cues.get("information", 0))),
    ("invitation", lambda a, v, t: min(3, a.cues.get("invitation", 0))),
    ("inner", lambda a, v, t: min(3, a.cues.get("inner", 0))),
    ("listener_self", lambda a, v, t: min(3, a.cues.get("listener_self", 0))),
    ("first_so", lambda a, v, t: a.first_word == "so"),
    ("first_and_but", lambda a, v, t: a.first_word in {"and", "but", "or", "because"}),
    ("first_it_that", lambda a, v, t: a.first_word in {"it", "that", "this", "sounds", "seems"}),
    ("first_you", lambda a, v, t: a.first_word in {"you", "your"}),
    ("first_wh", lambda a, v, t: a.first_word in _WH),
    ("first_aux", lambda a, v, t: a.first_word in _AUX),
    ("first_ack", lambda a, v, t: a.first_word in _ACK),
    ("first_we", lambda a, v, t: a.first_word in {"we", "let", "our"}),
    ("you_rate", lambda a, v, t: a.you_rate),
    ("own_share", lambda a, v, t: a.own_share),
    ("we_rate", lambda a, v, t: a.we_rate),
    ("you_know", lambda a, v, t: min(3, a.you_know)),
    ("continuation", lambda a, v, t: a.continuation),
    ("log_statement_content", lambda a, v, t: _log1p(min(a.statement_content, _MAX_CONTENT))),
    ("statement_question", lambda a, v, t: a.statement_question),
    ("first_pronoun_you", lambda a, v, t: a.first_pronoun == "you"),
    ("first_pronoun_we", lambda a, v, t: a.first_pronoun == "we"),
    ("log_statement_words_sq", lambda a, v, t: _words(a.n_statement) ** 2),
    ("content_sq", lambda a, v, t: a.content**2),
    ("feeling_sq", lambda a, v, t: a.feeling**2),
    ("overlap_sq", lambda a, v, t: a.overlap**2),
    ("speaker_share_sq", lambda a, v, t: a.speaker_share**2),
    ("you_rate_sq", lambda a, v, t: a.you_rate**2),
    ("reflective_opener", lambda a, v, t: a.reflective_opener),
    ("felt_for_them", lambda a, v, t: a.felt),
    ("theirs_named", lambda a, v, t: min(3, a.theirs_named)),
    ("implied_feeling", lambda a, v, t: a.implied_feeling),
    ("paraphrase", lambda a, v, t: a.paraphrase),
    ("own_side", lambda a, v, t: min(3, a.own_side)),
    ("counterfactual", lambda a, v, t: min(2, a.counterfactual)),
    ("generalising", lambda a, v, t: min(2, a.generalising)),
    ("judging", lambda a, v, t: min(2, a.judging)),
    ("other_occasion", lambda a, v, t: min(2, a.other_occasion)),
    ("you_modal", lambda a, v, t: min(2, a.you_modal)),
    ("listener_modal", lambda a, v, t: min(2, a.listener_modal)),
    # what the turn does, from the phrase families of voicecoach/data/cues.toml (see _reply_cues)
    ("cue_suggestion", lambda a, v, t: min(3, t.counts["suggestion"])),
    ("cue_reassurance", lambda a, v, t: min(3, t.counts["reassurance"])),
    ("cue_validation", lambda a, v, t: min(3, t.counts["validation"])),
    ("cue_understanding", lambda a, v, t: min(3, t.counts["understanding"])),
    ("cue_reflection", lambda a, v, t: min(3, t.counts["reflection"])),
    ("cue_self_disclosure", lambda a, v, t: min(3, t.counts["self_disclosure"])),
    ("cue_information", lambda a, v, t: min(3, t.counts["information"])),
    ("cue_future", lambda a, v, t: min(3, t.counts["future"])),
    ("feeling_for_you", lambda a, v, t: min(3, t.feeling_for_you)),
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
    "cue_reflection",
    "feeling_for_you",
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
    "cue_suggestion",
    "cue_reassurance",
    "cue_self_disclosure",
    "cue_information",
    "cue_future",
}
SIGNS: tuple[int, ...] = tuple(1 if n in _POSITIVE else -1 if n in _NEGATIVE else 0 for n in FEATURES)
# A fixed prior, not fitted: each advice, reassurance or information phrase lowers the logit by
# PRIOR_WEIGHT on top of what training learns. METHOD.md §2 says a reflection adds none of the listener's
# own material, but AnnoMI (counsellors) has too few such turns to learn how much it weighs: counsellors
# rarely reassure or advise in so many words, peer supporters often do. The training script fits every
# other weight around this offset. Its size (-0.5 of 0, -0.5, -1) was chosen on ESConv's
# FailedESConv.json conversations (not its test or dev split) and AnnoMI's cross-validation (-1 took the
# recogniser-style AUC below 0.85). Self-disclosure is left to training (cue_self_disclosure, weight
# <= 0): the two peer-support schemes disagree on it (ESConv codes it apart from reflections, EPITOME
# counts "I went through that too" as understanding), and with it in the prior EPITOME's AUC fell by 0.05
# for +0.005 on ESConv; that choice was made after seeing both held-out figures.
PRIOR_FEATURES: tuple[str, ...] = (
    "cue_suggestion",
    "cue_reassurance",
    "cue_information",
)
PRIOR_WEIGHT = -0.5
_PRIOR_INDEX = tuple(FEATURES.index(n) for n in PRIOR_FEATURES)


def prior_offset(x: list[float], weight: float = PRIOR_WEIGHT) -> float:
    """The fixed prior's share of the logit for a raw feature vector."""
    return weight * sum(x[i] for i in _PRIOR_INDEX)


def features(analysis: Any, rule_verdict: str) -> list[float]:
    """The feature vector of one analysed pair (``scorer.analyse``) and the rules' verdict for it."""
    cues = reply_cues(analysis.reflection or "")
    return [float(fn(analysis, rule_verdict, cues)) for _, fn in _SPEC]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class _Logistic:
    weights: tuple[float, ...]
    bias: float

    def probability(self, x: list[float], offset: float = 0.0) -> float:
        return _sigmoid(offset + self.bias + sum(w * v for w, v in zip(self.weights, x, strict=True)))


@dataclass(frozen=True)
class Model:
    """The shipped weights: feature scaling, the logistic model, the gate's threshold."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    reflect: _Logistic
    promote_above: float  # a rules' "missed" (nothing added) with P(reflection) at or above this is "partial"
    prior_weight: float = 0.0  # per phrase of PRIOR_FEATURES, on the raw counts (see PRIOR_WEIGHT)

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
            prior = data.get("prior", {"features": list(PRIOR_FEATURES), "weight": 0.0})
            if tuple(prior["features"]) != PRIOR_FEATURES:
                raise ModelError(
                    f"{MODEL_FILE}: its prior is on other features; retrain with scripts/train_scorer.py"
                )
            return cls(
                mean,
                scale,
                _Logistic(weights, float(data["reflect"]["bias"])),
                float(data["gate"]["promote_above"]),
                float(prior["weight"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{MODEL_FILE} is not a valid scorer model: {exc}") from exc

    def probability(self, x: list[float]) -> float:
        """P(good reflection) for a raw feature vector."""
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        offset = prior_offset(x, self.prior_weight) if self.prior_weight else 0.0
        return self.reflect.probability(z, offset)

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


def _parse(data: bytes | str, cls, name: str):
    """A model of class ``cls`` from its JSON text (``name``: its file, for the error)."""
    try:
        return cls.from_dict(json.loads(data))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{name} is not valid JSON: {exc}") from exc


def _shipped(name: str) -> bytes | None:
    """A data file shipped in the package; None when it is absent."""
    try:
        return resources.files("voicecoach.data").joinpath(name).read_bytes()
    except FileNotFoundError:
        return None


def _load_shipped(name: str, cls):
    """The model of class ``cls`` in the shipped data file ``name``; None when the package has none."""
    data = _shipped(name)
    return None if data is None else _parse(data, cls, name)


def load(data: bytes | str) -> Model:
    return _parse(data, Model, MODEL_FILE)


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped model, loaded once; None when the package has no model file (rules' score only)."""
    return _load_shipped(MODEL_FILE, Model)


# --- the four-way model: which verdict, over the rules' -----------------------------------------------------

FOUR_WAY_LABELS = ("accurate", "partial", "missed", "defensive")
# the kinds of defence act the rules find (scorer.ACT_KINDS, in a fixed order for the file)
DEFENCE_KINDS = ("correction", "justification", "counter_complaint", "minimising", "blame", "sarcasm")
FOUR_WAY_L2 = 10.0  # chosen by scripts/loso_scorer.py among 1, 10, 30 (leave-one-reviewer-set-out)


def four_way_features(analysis: Any, rule_verdict: str, base: list[float] | None = None) -> list[float]:
    """The four-way model's features: the learned layer's (``features``; ``base`` when already computed), the
    rules' verdict one-hot, which kinds of defence act the rules found and how many."""
    kinds = {k for k, _, _ in analysis.acts}
    return (
        (features(analysis, rule_verdict) if base is None else base)
        + [1.0 if rule_verdict == v else 0.0 for v in FOUR_WAY_LABELS]
        + [1.0 if k in kinds else 0.0 for k in DEFENCE_KINDS]
        + [float(len(analysis.acts))]
    )


ASKED_KINDS = frozenset({"question", "plan", "advice"})


def asked(analysis: Any, rule_verdict: str) -> bool:
    """The rules judged the reply by what it asked or proposed: only a question, nothing of theirs given
    back ("How did your exams go, actually?": missed), or their words given back as a question or with a
    question, plan or advice of the listener's ("Did you feel alone because I didn't show up?", "…and I
    stayed quiet. Maybe we could have them over less": partial; the method says it back, adds nothing,
    then checks)."""
    if rule_verdict == "missed":
        return bool(analysis.question_first) and not analysis.reflected
    return rule_verdict == "partial" and (
        bool(analysis.question_first) or any(k in ASKED_KINDS for k, _ in analysis.additions)
    )


def feeling_missed(analysis: Any) -> bool:
    """A feeling was expected (said, or the scenario's hint) and the reply did not give it back."""
    return bool(analysis.expected) and not analysis.feeling_ok


def four_way_header(
    data: dict[str, Any], rows: str, name: str, retrain: str
) -> tuple[tuple[float, ...], tuple[float, ...], tuple[tuple[float, ...], ...], tuple[float, ...]]:
    """(mean, scale, weight rows, bias) of a model file over ``four_way_features``: one row of four verdicts
    per feature under the key ``rows``; ModelError (naming ``name`` and the ``retrain`` command) when the
    file was trained on other features or its shapes are wrong."""
    if tuple(data["features"]) != FEATURES or tuple(data["labels"]) != FOUR_WAY_LABELS:
        raise ModelError(f"{name} was trained on other features; retrain with {retrain}")
    n = len(FEATURES) + len(FOUR_WAY_LABELS) + len(DEFENCE_KINDS) + 1
    mean = tuple(float(x) for x in data["mean"])
    scale = tuple(float(x) if float(x) > 0 else 1.0 for x in data["scale"])
    weights = tuple(tuple(float(w) for w in row) for row in data[rows])
    bias = tuple(float(x) for x in data["bias"])
    if len(mean) != n or len(scale) != n or len(weights) != n or len(bias) != 4:
        raise ModelError(f"{name}: {len(weights)} weight rows for {n} features")
    if any(len(row) != 4 for row in weights):
        raise ModelError(f"{name}: a weight row without four verdicts")
    return mean, scale, weights, bias


def dense_logits(
    x: list[float],
    mean: tuple[float, ...],
    scale: tuple[float, ...],
    rows: tuple[tuple[float, ...], ...],
    bias: tuple[float, ...],
) -> list[float]:
    """The four verdicts' logits of a raw feature vector: bias plus each standardised feature times its row."""
    z = list(bias)
    for v, m, s, row in zip(x, mean, scale, rows, strict=True):
        u = (v - m) / s
        if u:
            for k in range(4):
                z[k] += row[k] * u
    return z


def softmax(z: list[float]) -> list[float]:
    top = max(z)
    e = [math.exp(t - top) for t in z]
    total = sum(e)
    return [t / total for t in e]


@dataclass(frozen=True)
class FourWay:
    """A multinomial logistic model of the verdict over the rules' (``four_way_features``), trained on every
    labelled reviewer set by ``scripts/train_scorer.py --four-way`` (``voicecoach/data/scorer_fourway.json``).

    Its most probable verdict replaces the rules' unless the guard forbids it, and then the rules' verdict
    stands. The guard (``SHIPPED_GUARD`` in scripts/loso_scorer.py, recorded in the model file):

    - where the rules found a defence act, only "defensive" (the rules' verdict) may come out: the model
      never talks a defence away (tried again over 33 held-out sets: it cut false defences but also
      textbook justifications, and did not help on sets it was not fitted on);
    - "defensive" never without a defence act the rules found (the coach names the phrase);
    - never "accurate" where the rules did not say it (a defence the rules did not see, judged accurate,
      is the costliest error after calling a reflection defensive: under leave-one-set-out over 25 sets,
      turning the rules' "partial" into "accurate" gained 0.2 points and added 2 such errors); so never
      where a feeling was expected (said, or the scenario's hint) and not given back either, which the rules
      call "partial" (the coach names the feeling they missed);
    - a reply the rules judged by what it asked or proposed (only a question: "missed"; their words asked
      back, or with a question, advice or a plan of the listener's: "partial") keeps the rules' verdict:
      the method says it back, adds nothing, then checks.

    So it re-decides only among accurate / partial / missed where no defence was found (and the gate may
    still promote a "missed" it left alone). Leave one reviewer set out (31 held-out sets, 3,410 pairs, L2
    10, rules of round 22; scripts/loso_scorer.py): four-way agreement 0.891 against the scorer's 0.866
    without it (rules and gate); defensive replies judged accurate 12, missed judged defensive 25, accurate
    judged defensive 30, all as without it: the model only moves verdicts the rules' defences and
    "accurate" leave open (letting it also turn "partial" into "accurate" gave 0.896 but 14 defensive
    replies judged accurate). Shipped fitted on the own and dev sets and fresh sets 1-29 (3,637 pairs from
    30 sets): refitted with sets 30 and 31 too, it took two short accurate reflections of the own set's
    case section to "partial" (96.8 %, under the issue's 97 % floor), so that fit was not shipped. Other
    guards tried are listed in scripts/loso_scorer.py.
    """

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[tuple[float, ...], ...]  # one row of four per feature
    bias: tuple[float, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FourWay:
        try:
            mean, scale, weights, bias = four_way_header(
                data, "weights", FOUR_WAY_FILE, "scripts/train_scorer.py"
            )
            return cls(mean, scale, weights, bias)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{FOUR_WAY_FILE} is not a valid four-way model: {exc}") from exc

    def probabilities(self, x: list[float]) -> list[float]:
        """P(verdict) in FOUR_WAY_LABELS order for a raw ``four_way_features`` vector."""
        return softmax(dense_logits(x, self.mean, self.scale, self.weights, self.bias))

    def verdict(self, analysis: Any, rule_verdict: str, base: list[float] | None = None) -> str:
        """The guarded verdict (see the class docstring); ``base``: ``features(analysis, rule_verdict)`` when
        the caller has it already."""
        if asked(analysis, rule_verdict):
            return rule_verdict  # METHOD: say it back, add nothing, then check
        p = self.probabilities(four_way_features(analysis, rule_verdict, base))
        best = FOUR_WAY_LABELS[max(range(4), key=lambda k: p[k])]
        if (best == "defensive") != bool(analysis.acts):  # a defence only where the rules found its phrase
            return rule_verdict
        if best == "accurate":
            return rule_verdict  # the rules' own "accurate" only (they never say it with the feeling missed)
        return best


def load_four_way(data: bytes | str) -> FourWay:
    return _parse(data, FourWay, FOUR_WAY_FILE)


@lru_cache(maxsize=1)
def four_way() -> FourWay | None:
    """The shipped four-way model, loaded once; None when the package has none (the rules' verdicts)."""
    return _load_shipped(FOUR_WAY_FILE, FourWay)
