#!/usr/bin/env python3
"""Experiments beyond the voice name: espeak-ng pitch / pitch range / word gap per role, text shaping
(a comma before clause-opening conjunctions) and the rate, measured with the team's check streamed.

A typed session (practice --text --output) runs with those settings patched into voicecoach's
synthesiser (this file re-invoked as ``--as-cli``; nothing in the product changes), and the WAV is
decoded by PocketSphinx alone, streamed (scripts/eval_voices.py's ``streamed_text``). WER overall and
split by speaker (coach / them) by aligning the hypothesis to the printed lines. Appends a JSON line
to --log.

Usage: python scripts/eval_voice_params.py [--coach V] [--other V] [--pc 0-100] [--rc 0-100] [--gc N]
       [--po ..] [--ro ..] [--go ..] [--shape commas] [--rate WPM] [--scenario NAME] [--answers A|B] [--full]
"""
import argparse, json, os, re, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve()


def patched_cli() -> None:
    from voicecoach.tts import pyttsx3_tts as T

    EXP = json.loads(os.environ.get("VC_EXP", "{}"))
    ROLE = {}  # voice id -> params
    for role in ("coach", "other"):
        p = EXP.get(role)
        if p:
            ROLE[p["voice"]] = p
    _orig_apply = T.Pyttsx3Synthesizer._apply

    def _apply(self, voice_id, rate_wpm):
        _orig_apply(self, voice_id, rate_wpm)
        e = T._espeak_lib()
        p = ROLE.get(voice_id, {})
        e.Synchronize()
        e.SetParameter(e.PITCH, int(p.get("pitch", 50)), 0)
        e.SetParameter(e.RANGE, int(p.get("range", 50)), 0)
        e.SetParameter(7, int(p.get("gap", 0)), 0)  # espeakWORDGAP (10 ms units)
        e.Synchronize()

    T.Pyttsx3Synthesizer._apply = _apply
    shape = EXP.get("shape")
    if shape:
        _orig_synth = T.Pyttsx3Synthesizer.synth
        def synth(self, text, voice=None, rate_wpm=None, fallback=None):
            if shape == "commas":  # a pause before conjunctions that open a clause
                text = re.sub(r"(?<![,;:.!?]) (and|but|because|so|when|that|like|which|while|if) ", r", \1 ", str(text))
            return _orig_synth(self, text, voice, rate_wpm, fallback)
        T.Pyttsx3Synthesizer.synth = synth
    from voicecoach.cli import main
    sys.argv = ["voicecoach", *sys.argv[2:]]
    main()


sys.path.insert(0, str(HERE.parent))
import eval_voices as E  # noqa: E402
PY = sys.executable
ANSWERS_B = E.SESSION_ANSWERS_B

def align_by_speaker(ref_words, spk, hyp_words):
    n, m = len(ref_words), len(hyp_words)
    D = [[0]*(m+1) for _ in range(n+1)]
    for i in range(n+1): D[i][0] = i
    for j in range(m+1): D[0][j] = j
    for i in range(1, n+1):
        for j in range(1, m+1):
            D[i][j] = min(D[i-1][j]+1, D[i][j-1]+1, D[i-1][j-1] + (ref_words[i-1] != hyp_words[j-1]))
    err = {}; i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and D[i][j] == D[i-1][j-1] + (ref_words[i-1] != hyp_words[j-1]):
            err[spk[i-1]] = err.get(spk[i-1], 0) + (ref_words[i-1] != hyp_words[j-1]); i -= 1; j -= 1
        elif i > 0 and D[i][j] == D[i-1][j] + 1:
            err[spk[i-1]] = err.get(spk[i-1], 0) + 1; i -= 1
        else:
            s = spk[i-1] if i > 0 else spk[0]; err[s] = err.get(s, 0) + 1; j -= 1
    return err

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coach", default="gmw/en-us+klatt2"); ap.add_argument("--other", default="gmw/en-us+f5")
    for r in ("c", "o"):
        ap.add_argument(f"--p{r}", type=int, default=50); ap.add_argument(f"--r{r}", type=int, default=50)
        ap.add_argument(f"--g{r}", type=int, default=0)
    ap.add_argument("--shape"); ap.add_argument("--scenario", default="cancelled-plans")
    ap.add_argument("--answers", default="A"); ap.add_argument("--full", action="store_true")
    ap.add_argument("--rate", type=int); ap.add_argument("--tag", default="")
    ap.add_argument("--log", default=os.devnull)
    a = ap.parse_args()
    exp = {"coach": {"voice": a.coach, "pitch": a.pc, "range": a.rc, "gap": a.gc},
           "other": {"voice": a.other, "pitch": a.po, "range": a.ro, "gap": a.go}, "shape": a.shape}
    answers = E.SESSION_ANSWERS if a.answers == "A" else ANSWERS_B
    with tempfile.TemporaryDirectory(prefix="vc-exp-") as t:
        work = Path(t); env = dict(os.environ, VOICECOACH_HOME=str(work / "home"), VC_EXP=json.dumps(exp))
        wav = work / "coach.wav"
        args = [PY, str(HERE), "--as-cli", "practice", "--scenario", a.scenario, "--text", "--output", str(wav),
                "--voice", a.coach, "--other-voice", a.other] + (["--rate", str(a.rate)] if a.rate else [])
        run = subprocess.run(args, input="".join(x + "\n" for x in answers), capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr[-800:]
        lines = [(ln.split(":", 1)[0], ln.split(":", 1)[1].strip()) for ln in run.stderr.splitlines()
                 if ln.startswith(("coach:", "them:"))]
        ref, spk = [], []
        for s, txt in lines:
            w = E.normalise(txt); ref += w; spk += [s] * len(w)
        t0 = time.time(); la0 = os.getloadavg()[0]
        hyp = E.normalise(E.streamed_text(wav))
        err = align_by_speaker(ref, spk, hyp)
        res = dict(tag=a.tag, coach=a.coach, other=a.other, exp=exp, scenario=a.scenario, answers=a.answers,
                   rate=a.rate, words=len(ref), wer_streamed=round(E.wer(ref, hyp), 3),
                   coach_wer=round(err.get("coach", 0) / max(1, spk.count("coach")), 3),
                   them_wer=round(err.get("them", 0) / max(1, spk.count("them")), 3),
                   coach_words=spk.count("coach"), them_words=spk.count("them"))
        if a.full:
            tr = subprocess.run([PY, "-m", "voicecoach", "transcribe", str(wav), "--engine", "sphinx", "--json"],
                                capture_output=True, text=True, env=env)
            res["wer_transcribe"] = round(E.wer(ref, E.normalise(json.loads(tr.stdout)[0]["text"])), 3)
        res["decode_s"] = round(time.time() - t0, 1); res["load"] = [la0, os.getloadavg()[0]]
    print(json.dumps(res)); open(a.log, "a").write(json.dumps(res) + "\n")

if __name__ == "__main__":
    if sys.argv[1:2] == ["--as-cli"]:
        patched_cli()
    else:
        main()
