"""Voice commands: recognised in speech, never confused with answers that contain the word."""

from __future__ import annotations

import pytest
from speech import flite, pcm16k, silence

from voicecoach.coach.commands import grammar_phrases, match_command


@pytest.mark.parametrize(
    "text,expected",
    [
        ("say that again", "repeat"),
        ("please say that again", "repeat"),
        ("could you repeat that please", "repeat"),
        ("say that a gain", "repeat"),
        ("slower please", "slower"),
        ("faster", "faster"),
        ("skip", "skip"),
        ("okay pause", "pause"),
        ("continue", "continue"),
        ("i'm ready", "continue"),
        ("help", "help"),
        ("what can i say", "help"),
        ("play my commitments", "commitments"),
        ("how am i doing", "progress"),
        ("Stop.", "stop"),
        ("stop now", "stop"),
        # answers that merely contain a command word
        ("i will stop shouting at you", None),
        ("next time i will pause before i answer", None),
        ("i need help with the kids", None),
        ("we should continue this conversation tomorrow", None),
        ("i felt like you wanted me to stop talking", None),
        ("yes", None),
        ("no", None),
        ("", None),
        ("stuff", None),
    ],
)
def test_text_commands(text, expected):
    match = match_command(text)
    assert (match.name if match else None) == expected


def test_grammar_confirms_a_misheard_short_command():
    assert match_command("say that a game", "say that again").name == "repeat"
    # a doubted free transcript takes the grammar's word, but never for stop/skip
    assert match_command("gelb", "help", text_confidence=0.02).name == "help"
    assert match_command("stub", "stop", text_confidence=0.02) is None
    assert match_command("gelb", "help", text_confidence=0.9) is None
    # a long answer is never a command, whatever the grammar says
    assert match_command("i was late because the train stopped", "stop", text_confidence=0.1) is None


COMMANDS = {
    "help": "help", "stop": "stop", "slower": "slower", "faster": "faster", "skip": "skip", "pause": "pause",
    "continue": "continue", "repeat": "repeat", "say that again": "repeat", "play my commitments": "commitments",
    "how am i doing": "progress", "what can i say": "help", "carry on": "continue", "slow down": "slower",
    "say it again": "repeat",
}
ANSWERS = ["yes", "no", "partly", "maybe", "i don't know", "okay", "sure", "not really", "thank you",
           "i was late", "nothing", "i will stop yelling", "next time i will call first"]


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_spoken_commands_with_pocketsphinx(speech_cache):
    """Free text streamed as the Listener streams a turn, plus a grammar decode of the same audio,
    as the session does (measured: 15/15 commands, 0/13 answers taken for commands)."""
    from voicecoach.asr import EngineChoice, open_recognizer

    rec = open_recognizer(EngineChoice("sphinx", None))
    grammar = grammar_phrases()

    def detect(text):
        pcm = silence(0.3) + pcm16k(flite(text, speech_cache)) + silence(0.6)
        rec.start()
        for i in range(0, len(pcm), 3840):  # the Listener's 4 x 30 ms batches
            rec.accept(pcm[i : i + 3840])
        free = rec.finish()
        gram = rec.decode(pcm, grammar)
        match = match_command(free.text, gram.text, free.confidence)
        return match.name if match else None

    hits = sum(detect(text) == name for text, name in COMMANDS.items())
    false_alarms = [a for a in ANSWERS if detect(a) is not None]
    print(f"commands recognised {hits}/{len(COMMANDS)}; answers taken for commands {len(false_alarms)}/{len(ANSWERS)}")
    assert hits >= len(COMMANDS) - 2
    assert false_alarms == []


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_spoken_commands_through_the_listener_and_the_second_pass(speech_cache):
    """The session's own path: each phrase heard by the Listener from a file (where every free-text turn is
    decoded a second time, with its own cepstral mean) and checked by ``Coach._detect_command``. A one-word
    command's own mean is a poor one ("pause" heard "because" with confidence 0.73, "sure" heard "share"):
    commands are judged on the streamed pass's text and confidence, as before the second pass (measured:
    16/16 commands, 0/13 answers taken for commands). A turn whose words span under
    ``SECOND_PASS_MIN_SPEECH_S`` keeps its streamed text; a longer one takes the pass's."""
    from types import SimpleNamespace

    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.asr.sphinx import SECOND_PASS_MIN_SPEECH_S
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.session import Coach

    rec = open_recognizer(EngineChoice("sphinx", None))
    seconds_passes = []  # (span of the streamed words, whether the second pass gave the text)

    def detect(text):
        pcm = silence(1.0) + pcm16k(flite(text, speech_cache)) + silence(2.5)
        listener = Listener(PcmSource(pcm), rec)
        heard = listener.listen("answer")
        assert heard.text, text
        streamed = heard.utterance.streamed or heard.utterance
        span = streamed.words[-1].end_s - streamed.words[0].start_s if streamed.words else 0.0
        seconds_passes.append((span, heard.utterance.streamed is not None))
        return Coach._detect_command(SimpleNamespace(listener=listener), heard)

    commands = {**COMMANDS, "pause": "pause"}
    missed = [text for text, name in commands.items() if detect(text) != name]
    false_alarms = [a for a in ANSWERS if detect(a) is not None]
    print(f"missed commands {missed}; answers taken for commands {false_alarms}")
    assert all(again == (span >= SECOND_PASS_MIN_SPEECH_S) for span, again in seconds_passes), seconds_passes
    assert any(again for _, again in seconds_passes)  # the longer answers were decoded again
    assert len(missed) <= 2 and "pause" not in missed, missed
    assert false_alarms == []


@pytest.mark.parametrize(
    "said, name",
    [("I want to stop", "stop"), ("enough", "stop"), ("I can't do this right now", "pause"),
     ("i cant do this right now", "pause"), ("I need a break", "pause"), ("I will stop shouting", None)],
)
def test_an_upset_person_s_way_of_asking_to_stop_or_pause(said, name):
    # exploratory testing, stop 42: "I want to stop" was judged as a reflection and answered "Not quite"
    from voicecoach.coach.commands import match_command

    found = match_command(said)
    assert (found.name if found else None) == name
