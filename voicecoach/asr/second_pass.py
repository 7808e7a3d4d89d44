"""A second PocketSphinx decoder in a process of its own, for the second pass over a free-text turn.

The session's decoder streams a turn with a cepstral mean it had to guess before the speech; once the
person stops, the turn so far is decoded again with its own exact mean (``SecondPass``), as the engine
alone decodes a file. It runs in a child process, not a thread: PocketSphinx holds the GIL inside
``process_raw`` (measured: a main-thread loop got 2 ticks in 4.6 s while one call decoded the LibriVox
set), so a decoding thread starves the listener's own thread in the end-of-turn window. The child uses
the other core and cannot slow the listener down.

Protocol (parent -> child, on the child's stdin): a header ``<BII`` (kind, job, length) and ``length``
bytes: kind 1 = decode (payload: the mean as 13 little-endian doubles, then 16 kHz PCM), kind 2 =
cancel. A new message stops the job under way. Child -> parent: one JSON line per finished job on its
protocol stream (stdout; anything the libraries print goes to stderr), ``{"ready": true}`` first.
"""

from __future__ import annotations

import json
import os
import select
import struct
import subprocess
import sys
import threading
import weakref
from collections import deque

from voicecoach.asr.base import Utterance, Word, utterance_from_words

HEADER = struct.Struct("<BII")
DECODE, CANCEL = 1, 2
CHUNK_BYTES = 3200
"""Audio the child decodes between two looks for a newer message (0.1 s)."""


# ---------------------------------------------------------------------------------------------- child
class _Inbox:
    """Messages from the parent, read from fd 0 without Python's buffering (so ``ready`` is exact)."""

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd
        self.buf = bytearray()
        self.closed = False

    def _fill(self, block: bool) -> None:
        if self.closed or (not block and not select.select([self.fd], [], [], 0)[0]):
            return
        data = os.read(self.fd, 1 << 16)
        if not data:
            self.closed = True
        self.buf += data

    def _complete(self) -> bool:
        return len(self.buf) >= HEADER.size and len(self.buf) >= HEADER.size + HEADER.unpack_from(self.buf)[2]

    def ready(self) -> bool:
        """A whole message (or the end) is waiting; reads what the pipe holds, never blocks."""
        self._fill(block=False)
        return self._complete() or self.closed

    def next(self) -> tuple[int, int, bytes] | None:
        """The next message, waiting for it; None at the end."""
        while not self._complete():
            if self.closed:
                return None
            self._fill(block=True)
        kind, job, n = HEADER.unpack_from(self.buf)
        payload = bytes(self.buf[HEADER.size : HEADER.size + n])
        del self.buf[: HEADER.size + n]
        return kind, job, payload


def serve(kwargs: dict) -> None:
    """The child's loop: decode each turn it is sent, until its stdin closes."""
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever the libraries print must not mix with the protocol
    from pocketsphinx import Decoder

    from voicecoach.asr.sphinx import cmn_string, utterance_of

    dec = Decoder(**kwargs)
    out.write('{"ready": true}\n')
    inbox = _Inbox()
    while (msg := inbox.next()) is not None:
        kind, job, payload = msg
        if kind != DECODE:
            continue
        n = struct.unpack_from("<I", payload)[0]
        mean = list(struct.unpack_from(f"<{n}d", payload, 4))
        pcm = payload[4 + 8 * n :]
        dec.reinit_feat()
        dec.set_cmn(cmn_string(mean))
        dec.start_utt()
        for i in range(0, len(pcm), CHUNK_BYTES):
            if inbox.ready():  # a newer job, a cancel, or the end: this one is over
                break
            dec.process_raw(pcm[i : i + CHUNK_BYTES], False, False)
        else:
            dec.end_utt()
            utt = utterance_of(dec, 0)
            words = [[w.word, w.start_s, w.end_s, w.conf] for w in utt.words]
            out.write(json.dumps({"job": job, "text": utt.text, "words": words}) + "\n")
            continue
        dec.end_utt()


# --------------------------------------------------------------------------------------------- parent
class _Child:
    """The child process and the two threads that talk to it. They hold this object, not the
    ``SecondPass``, so that a recogniser nobody closes is still collected, and its child then stopped."""

    def __init__(self, kwargs: dict) -> None:
        self.cond = threading.Condition()
        self.results: dict[int, Utterance] = {}
        self.outbox: deque[bytes] = deque()
        self.failed = False
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "voicecoach.asr.second_pass", json.dumps(kwargs)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True)
        threading.Thread(target=self._read, name="vc-second-pass-read", daemon=True).start()
        threading.Thread(target=self._write, name="vc-second-pass-write", daemon=True).start()

    def _fail(self) -> None:
        with self.cond:
            self.failed = True
            self.cond.notify_all()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if "job" in msg:
                words = [Word(w, s, e, c) for w, s, e, c in msg["words"]]
                with self.cond:
                    self.results[msg["job"]] = utterance_from_words(msg["text"], words, 0)
                    self.cond.notify_all()
        self._fail()  # the child is gone

    def _write(self) -> None:
        """Writes queued messages to the child (a write may block while it decodes: not on the listener)."""
        assert self.proc.stdin is not None
        while True:
            with self.cond:
                while not self.outbox and not self.failed:
                    self.cond.wait()
                if self.failed:
                    return
                data = self.outbox.popleft()
            try:
                self.proc.stdin.write(data)
                self.proc.stdin.flush()
            except (OSError, ValueError):
                self._fail()
                return

    def send(self, kind: int, job: int, payload: bytes = b"") -> None:
        with self.cond:
            self.outbox.append(HEADER.pack(kind, job, len(payload)) + payload)
            self.cond.notify_all()

    def close(self) -> None:
        """Stop the child: its stdin closes and it exits."""
        self._fail()
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            self.proc.kill()


class SecondPass:
    """The parent's side: ``start`` sends the turn so far (and its mean), ``result`` waits for what the
    child heard, ``cancel`` gives the job up. The child (~90 MB, ~1 s to start) is started by ``load``,
    the first time a free-text turn starts; if it cannot start or dies, ``failed`` turns true and the
    streamed text stands."""

    def __init__(self, kwargs: dict) -> None:
        self._kwargs = kwargs
        self._child: _Child | None = None
        self._job = 0
        self._waiting = False
        """A job was sent and neither its result nor a cancel has come since."""
        self._failed = False
        self.sent_s = 0.0
        """How much audio the last job was given (seconds)."""

    @property
    def failed(self) -> bool:
        return self._failed or (self._child is not None and self._child.failed)

    def load(self) -> None:
        """Start the child (once), without waiting for it."""
        if self._child is not None or self._failed:
            return
        try:
            self._child = _Child(self._kwargs)
        except OSError:
            self._failed = True
            return
        weakref.finalize(self, self._child.close)

    def start(self, pcm: bytes, mean: list[float]) -> None:
        """Decode ``pcm`` (a whole turn so far) again with this cepstral mean; replaces a job under way."""
        self.load()
        if self.failed or self._child is None:
            return
        self.sent_s = len(pcm) / 32000
        with self._child.cond:
            self._job += 1
            self._child.results.clear()
        self._child.send(DECODE, self._job, struct.pack(f"<I{len(mean)}d", len(mean), *mean) + pcm)
        self._waiting = True

    def cancel(self) -> None:
        if self._waiting and self._child is not None:
            self._job += 1
            self._child.send(CANCEL, self._job)
        self._waiting = False

    def result(self, timeout_s: float = float("inf")) -> Utterance | None:
        """What the child heard in the last job sent, waiting at most ``timeout_s``; None when there was
        no job, it failed or it was not done in time (the job is then given up)."""
        child = self._child
        if not self._waiting or child is None:
            return None
        job = self._job
        with child.cond:
            child.cond.wait_for(lambda: job in child.results or child.failed,
                                None if timeout_s == float("inf") else timeout_s)
            utt = child.results.pop(job, None)
        if utt is None:
            self.cancel()
        self._waiting = False
        return utt

    def close(self) -> None:
        self._failed = True
        if self._child is not None:
            self._child.close()


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
