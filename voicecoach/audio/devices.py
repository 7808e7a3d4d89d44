"""Listing and choosing audio devices (PortAudio through PyAudio)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from voicecoach.errors import DeviceError


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    """Input channels (0 for output-only devices)."""
    outputs: int
    default_rate_hz: int
    is_default_input: bool = False
    is_default_output: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def list_devices() -> list[Device]:
    from voicecoach.audio.quiet import pyaudio_instance, silenced_fd

    pa = pyaudio_instance()
    with silenced_fd(2):
        try:
            default_in = pa.get_default_input_device_info()["index"]
        except OSError:
            default_in = None
        try:
            default_out = pa.get_default_output_device_info()["index"]
        except OSError:
            default_out = None
        infos = [pa.get_device_info_by_index(i) for i in range(pa.get_device_count())]
    return [
        Device(
            index=int(info["index"]),
            name=str(info["name"]),
            inputs=int(info["maxInputChannels"]),
            outputs=int(info["maxOutputChannels"]),
            default_rate_hz=int(info["defaultSampleRate"]),
            is_default_input=info["index"] == default_in,
            is_default_output=info["index"] == default_out,
        )
        for info in infos
    ]


def find_input_device(spec: str | int | None) -> Device:
    """The input device named by ``spec`` (an index, or part of its name), or the default one."""
    devices = [d for d in list_devices() if d.inputs > 0]
    if not devices:
        raise DeviceError("no microphone found; plug one in, or use --input FILE.wav or --text")
    if spec is None or spec == "":
        for d in devices:
            if d.is_default_input:
                return d
        return devices[0]
    text = str(spec).strip()
    if text.isdigit():
        for d in devices:
            if d.index == int(text):
                return d
        raise DeviceError(f"no input device with index {text}; see `voicecoach devices`")
    matches = [d for d in devices if text.lower() in d.name.lower()]
    if not matches:
        raise DeviceError(f"no input device matching '{text}'; see `voicecoach devices`")
    exact = [d for d in matches if d.name.lower() == text.lower()]
    return (exact or matches)[0]
