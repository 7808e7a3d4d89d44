"""What the last looks over the judge's verdict share (voicecoach/coach/word_check.py): their files."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from voicecoach.coach import aside_check as AC
from voicecoach.coach import tail_check as TC

CHECKS = [(TC.load_tail, TC.TAIL_FILE, "tail check"), (AC.load_aside, AC.ASIDE_FILE, "aside check")]


@pytest.mark.parametrize(
    ("shipped", "load", "name"),
    [(TC.tail_check, TC.load_tail, TC.TAIL_FILE), (AC.aside_check, AC.load_aside, AC.ASIDE_FILE)],
)
def test_the_shipped_check_loads(shipped, load, name):
    check = shipped()
    assert check is not None and check.weights
    assert load(resources.files("voicecoach.data").joinpath(name).read_text()) == check


@pytest.mark.parametrize(("load", "name", "what"), CHECKS)
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("threshold"), "not a valid {what}"),
        (lambda d: d.__setitem__("bias", "x"), "not a valid {what}"),
        (lambda d: d.__setitem__("weights", [1.0]), "not a valid {what}"),
        (lambda d: d["weights"].__setitem__("you", float("nan")), "not a finite number"),
        (lambda d: d.__setitem__("threshold", float("inf")), "not a finite number"),
    ],
)
def test_a_broken_file_gives_one_clear_error(load, name, what, change, message, one_clear_model_error):
    data = json.loads(resources.files("voicecoach.data").joinpath(name).read_text())
    change(data)
    one_clear_model_error(load, json.dumps(data), message.format(what=what))
