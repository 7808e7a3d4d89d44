"""scripts/bench.py runs end to end on a tiny option set and prints one JSON object.

A smoke test only: it checks the figures exist and are physically sensible, never how fast
anything is (benchmarks measure; tests don't assert wall-clock times).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.needs_speech_tools, pytest.mark.slow]

BENCH = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"


def test_bench_quick_json_sphinx(tmp_path, monkeypatch):
    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, str(BENCH), "--json", "--quick", "--engines", "sphinx", "--answers", "2",
         "--idle-seconds", "1", "--voices", "default"],  # the Piper voice has its own tests (test_voices)
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout)  # stdout is exactly one JSON object; progress went to stderr
    assert "[bench]" in out.stderr
    assert report["headline_engine"] == "sphinx"
    eng = report["engines"]["sphinx"]
    assert eng["answers"] == 2 and eng["turns"] == 2
    assert eng["heard_pipeline"][0]  # the pipeline really recognised the first answer
    for key in ("rtf_engine", "rtf_pipeline", "rtf_overhead_ratio", "turn_latency_ms_p50", "turn_latency_ms_p95",
                "first_prompt_ms", "model_load_ms", "rss_mb"):
        assert isinstance(eng[key], (int, float)) and eng[key] > 0, key
        assert report.get(key, eng[key]) is not None
    assert eng["turn_latency_ms_p50"] <= eng["turn_latency_ms_p95"]
    # the perceived gap (end of turn + reply) per kind of step, as history's timing gives it
    assert eng["perceived_gap_ms_p50"] > eng["end_of_turn_ms_p50"] > 0
    assert set(eng["perceived_gap_by_kind"]) <= {"answer", "reflection", "commitment", "yesno", "command", "unheard"}
    assert eng["speech_fed_s"] < eng["audio_s"]  # the VAD gate kept silence from the recogniser
    assert report["rtf_overhead_ratio"] == pytest.approx(eng["rtf_overhead_ratio"])
    assert 0 <= report["idle_cpu_pct"] <= 100 * report["machine"]["cores"]
    assert report["idle"]["digital_silence_16k"]["frames_decoded"] == 0  # no recognition work on silence
    assert report["scorer_ms_p50"] > 0 and report["scorer"]["calls"] > 0
    assert report["rss_mb"]["sphinx"] > 10
    assert set(report["goals"]) == {"rtf_overhead_ratio", "turn_latency_ms_p50", "first_prompt_ms",
                                    "scorer_ms_p50", "idle_cpu_pct", "perceived_gap_ms_p50",
                                    "perceived_gap_ms_p95", "perceived_gap_yesno_ms_p50",
                                    "human_wer_ratio_transcribe", "human_wer_ratio_live"}
    assert report["machine"]["python"] and report["models"]["sphinx"]["path"]


def test_bench_rejects_unknown_engine():
    out = subprocess.run([sys.executable, str(BENCH), "--engines", "whisper"], capture_output=True, text=True,
                         timeout=60, check=False)
    assert out.returncode != 0 and "unknown engine" in out.stderr
