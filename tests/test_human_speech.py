"""Real human speech (LibriVox sentences and the ``cards`` phrases from Debian's pocketsphinx-testdata)
through voicecoach: ``transcribe`` hears exactly what PocketSphinx alone hears, and so does a session:
its streamed pass (live CMN from a measured prior) gives the running text, and each turn is decoded
again with its own cepstral mean once the person stops (voicecoach/asr/sphinx.py, ``SecondPass``). Bounds are what scripts/eval_human.py measured, plus
two words of slack (0.028 on LibriVox's 71 words, 0.095 on the cards' 21) unless said otherwise.
"""

from __future__ import annotations

import pytest

from speech import load_script

pytestmark = [pytest.mark.slow]

eh = load_script("eval_human")
ITEMS = eh.librivox()
CARDS = eh.cards()
needs_librivox = pytest.mark.skipif(not ITEMS, reason="needs Debian's pocketsphinx-testdata "
                                                      "(scripts/install-system-deps.sh)")

RAW_WER = 0.282
"""PocketSphinx alone, each file one full utterance (20 errors in 71 words): measured here and by the
product team."""
TRANSCRIBE_WER_BOUND = 0.30
"""Measured: 0.282, the engine's own figure (before the fix: 0.338)."""
LIVE_FILE_WER_BOUND = RAW_WER
"""Measured: 0.268 on the joined files heard turn by turn from a WAV (19 errors; the engine alone: 20), each
turn decoded again once the person stops; streamed only: 0.296 (21), and 0.338 (24) before each turn
started from a measured cepstral mean."""
LIVE_MIC_WER_BOUND = RAW_WER
"""Measured: 0.239 (17 errors) on the same stream over a -55 dBFS floor from a live source (a quiet room:
suppression level 1, second pass waited for: the source is not paced); streamed only 0.296 (21). At level
2 (noise, a walk: no second pass) 0.310 (22)."""
CARDS_RAW_WER = 0.048
"""PocketSphinx alone on the cards phrases, each one full utterance (1 error in 21 words)."""
CARDS_LIVE_FILE_WER_BOUND = 0.286
"""Measured: 0.190 (4 errors) from a WAV, with or without the second pass (both hear "four of clubs" as
"for up close" in the last phrase); before the measured prior 0.381 (8 errors: the
first phrase was decoded from cmninit, "ten of clubs" -> "a ton of posts")."""
CARDS_LIVE_MIC_WER_BOUND = 0.143
"""Measured: 0.048 (1 error, the engine alone's) from a live source over a -55 dBFS floor, suppression
level 1 (a quiet room), second pass; streamed only 0.190 (4); 0.238 (5) at level 2; before the measured
prior: 0.429 (9 errors)."""


@needs_librivox
def test_the_set_is_what_the_bounds_were_measured_on():
    assert len(ITEMS) == 5 and sum(len(ref.split()) for _, ref in ITEMS) == 71


@needs_librivox
@pytest.mark.evaluation
def test_raw_engine_figure():
    assert eh.raw_engine(ITEMS)["wer"] == pytest.approx(RAW_WER, abs=0.001)


@needs_librivox
def test_transcribe_hears_human_speech_as_the_engine_alone_does(vc_bin):
    res = eh.transcribe_cli(ITEMS, vc_bin)
    print(f"transcribe on LibriVox: WER {res['wer']:.3f} (engine alone {RAW_WER})")
    assert res["wer"] <= TRANSCRIBE_WER_BOUND, res["texts"]
    assert res["wer"] <= RAW_WER + 1e-9, res["texts"]  # ratio voicecoach / raw <= 1.0


def _heard_every_turn(res: dict, items: list, bound: float, what: str) -> None:
    print(f"{what}: WER {res['wer']:.3f} in {res['turns']} turns")
    assert res["turns"] == len(items), res["texts"]
    assert res["wer"] <= bound, res["texts"]


@needs_librivox
def test_a_session_hears_human_speech_from_a_wav():
    _heard_every_turn(eh.live_file(ITEMS), ITEMS, LIVE_FILE_WER_BOUND, "Listener (WAV source) on LibriVox")


@needs_librivox
def test_a_session_hears_human_speech_from_a_quiet_microphone():
    res = eh.live_mic(ITEMS)
    _heard_every_turn(res, ITEMS, LIVE_MIC_WER_BOUND,
                      f"Listener (live source, -55 dBFS room, suppression {res['suppression']}) on LibriVox")


needs_cards = pytest.mark.skipif(not CARDS, reason="needs Debian's pocketsphinx-testdata")


@needs_cards
@pytest.mark.evaluation
def test_cards_raw_engine_figure():
    assert len(CARDS) == 5 and sum(len(ref.split()) for _, ref in CARDS) == 21
    assert eh.raw_engine(CARDS)["wer"] == pytest.approx(CARDS_RAW_WER, abs=0.001)


@needs_cards
def test_a_new_speakers_short_phrases_from_a_wav():
    """The first turns of a session are where the engine's cmninit prior did most harm."""
    _heard_every_turn(eh.live_file(CARDS), CARDS, CARDS_LIVE_FILE_WER_BOUND, "Listener (WAV source) on cards")


@needs_cards
def test_a_new_speakers_short_phrases_from_a_quiet_microphone():
    _heard_every_turn(eh.live_mic(CARDS), CARDS, CARDS_LIVE_MIC_WER_BOUND, "Listener (live source) on cards")


@needs_librivox
def test_a_whole_buffer_after_streamed_turns_is_still_decoded_as_the_engine_alone():
    """Streaming switches PocketSphinx to live CMN for good; decode() must not inherit it (measured
    before the fix: 0.310 for full utterances on a decoder that had streamed)."""
    from speech import corpus_wer
    from voicecoach.asr import EngineChoice, open_recognizer

    rec = open_recognizer(EngineChoice("sphinx", None))
    pcm = eh.pcm_of(ITEMS[0][0])
    rec.start()
    for i in range(0, len(pcm), 3840):
        rec.accept(pcm[i : i + 3840])
    rec.finish()
    texts = [rec.decode(eh.pcm_of(path)).text for path, _ in ITEMS]
    assert corpus_wer(zip((ref for _, ref in ITEMS), texts)) <= RAW_WER + 1e-9, texts


JOINED_WER_BOUND = 0.282
"""The five sentences in one recording (2.5 s of silence after each), through ``transcribe``:
measured 0.268 piece by piece (19 errors); one utterance over the whole recording gave 0.296 (21)."""


@needs_librivox
def test_a_long_recording_is_cut_at_its_pauses():
    from voicecoach.audio.endpoint import pause_cuts

    pcm = eh.joined(ITEMS)
    cuts = pause_cuts(pcm)
    # one cut inside each silence between two sentences, none inside a sentence
    ends = []
    at = int(eh.LEAD_S * eh.RATE) * 2
    for path, _ in ITEMS:
        at += len(eh.pcm_of(path))
        ends.append(at)
        at += int(eh.GAP_S * eh.RATE) * 2
    assert len(cuts) == len(ITEMS) - 1
    for cut, end in zip(cuts, ends):
        assert end <= cut <= end + int(eh.GAP_S * eh.RATE) * 2
    assert pause_cuts(eh.pcm_of(ITEMS[0][0])) == []  # one sentence: no cut


@needs_librivox
def test_a_long_recording_of_human_speech_is_transcribed_piece_by_piece(tmp_path, vc_bin):
    import json
    import subprocess

    from voicecoach.audio.wavio import write_wav

    wav = tmp_path / "five.wav"
    pcm = eh.joined(ITEMS)
    write_wav(str(wav), pcm, eh.RATE)
    res = subprocess.run([*vc_bin, "transcribe", str(wav), "--engine", "sphinx", "--json"], check=False,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    item = json.loads(res.stdout)[0]
    wer = eh.corpus_wer([(eh.reference(ITEMS), item["text"])])
    print(f"transcribe on the five sentences in one recording: WER {wer:.3f}")
    assert wer <= JOINED_WER_BOUND, item["text"]
    # word times are the recording's, not each piece's: the last words are in the last sentence
    starts = [w["start"] for w in item["words"]]
    assert starts == sorted(starts)
    last_sentence_s = (len(pcm) - len(eh.pcm_of(ITEMS[-1][0]))) / 2 / eh.RATE - eh.GAP_S
    assert starts[-1] > last_sentence_s


def _live_listener(pcm: bytes, settings=None):
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.config import ListenSettings

    class LiveSource(PcmSource):
        live = True

    return Listener(LiveSource(pcm), open_recognizer(EngineChoice("sphinx", None)), settings or ListenSettings())


@needs_librivox
def test_noise_suppression_follows_the_room():
    """A quiet room (-55 dBFS) gets light suppression, level 1 (human speech: LibriVox 0.310 -> 0.296,
    cards 0.238 -> 0.190); street-like noise keeps level 2 (at 15 and 10 dB SNR level 1 loses words and
    commands), and so does a walk, which leaves the room it calibrated in."""
    from voicecoach.config import Settings
    from voicecoach.runner import settings_for_mode

    listener = _live_listener(eh.joined(ITEMS[:1], eh.ROOM_FLOOR_DBFS))
    listener.calibrate()
    assert listener.denoiser.level == 1
    heard = listener.listen()
    assert heard.text and listener.denoiser.level == 1
    assert listener.recognizer.second_pass  # a quiet room: each turn is decoded again
    listener = _live_listener(eh.joined(ITEMS[:1], -30.0, seed=1))
    listener.calibrate()
    assert listener.denoiser.level == 2
    walk = settings_for_mode(Settings(), "walk").listen
    assert settings_for_mode(Settings(), "practice").listen.noise_suppression is None
    listener = _live_listener(eh.joined(ITEMS[:1], eh.ROOM_FLOOR_DBFS), walk)
    listener.calibrate()
    assert listener.denoiser.level == 2
    assert listener.listen().text and not listener.recognizer.second_pass  # level 2: streamed text only


@needs_librivox
def test_a_turn_is_decoded_again_once_the_person_stops():
    """A free-text turn from a file: the second decoder's text is what the session hears, and it is
    decoded from the turn's audio up to the pause (not the streamed decoder's guess of the mean)."""
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.config import ListenSettings

    rec = open_recognizer(EngineChoice("sphinx", None))
    sent, results = [], []
    start, result = rec._second.start, rec._second.result
    rec._second.start = lambda audio, mean: (sent.append(len(audio)), start(audio, mean))[1]
    rec._second.result = lambda timeout_s=float("inf"): results.append(result(timeout_s)) or results[-1]
    listener = Listener(PcmSource(eh.joined(ITEMS[1:2])), rec, ListenSettings())
    heard = listener.listen("answer")
    assert results and results[-1] is not None and heard.text == results[-1].text
    speech = len(eh.pcm_of(ITEMS[1][0]))
    assert speech <= sent[-1] <= speech + 32000 * 1.0  # the turn up to the pause: pre-roll and ~150 ms of quiet
    assert {"young", "man", "not"} <= set(heard.text.split()), heard.text
    assert heard.utterance.words and heard.utterance.words[-1].end_s <= sent[-1] / 32000
    rec.close()
    assert rec._second.failed  # closed: the child is gone and nothing waits for it


@needs_librivox
def test_speech_after_a_pause_is_decoded_again_with_the_rest():
    """A pass begun at a pause is given up when the person goes on: the turn's text has both parts."""
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource

    first, second = eh.pcm_of(ITEMS[1][0]), eh.pcm_of(ITEMS[2][0])
    pcm = eh.silence(eh.LEAD_S) + first + eh.silence(0.6) + second + eh.silence(eh.GAP_S)
    rec = open_recognizer(EngineChoice("sphinx", None))
    starts = []
    original = rec._second.start
    rec._second.start = lambda audio, mean: (starts.append(len(audio)), original(audio, mean))[1]
    heard = Listener(PcmSource(pcm), rec).listen("answer", silence_s=1.5)
    words = heard.text.split()
    assert len(starts) >= 2 and starts[-1] > len(first) + len(second), starts
    assert {"man", "young"} <= set(words) and {"rather", "selfish"} <= set(words), heard.text


@needs_librivox
def test_a_turn_cut_off_while_speaking_keeps_its_streamed_text():
    """The longest answer is cut mid-sentence: a pass from an earlier pause lacks its end, so it is dropped."""
    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.config import ListenSettings

    first, second = eh.pcm_of(ITEMS[1][0]), eh.pcm_of(ITEMS[0][0])
    pcm = eh.silence(eh.LEAD_S) + first + eh.silence(0.6) + second
    rec = open_recognizer(EngineChoice("sphinx", None))
    limit = (len(first) + len(second) // 2) / 32000 + 0.6
    heard = Listener(PcmSource(pcm), rec, ListenSettings(max_utterance_s=limit)).listen("answer", silence_s=1.5)
    assert rec.second_pass is False
    assert {"young", "man"} <= set(heard.text.split()) and len(heard.text.split()) > 6, heard.text
