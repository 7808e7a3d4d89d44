"""Errors that reach the user as one clear line (the CLI turns them into exit code 1)."""


class VoicecoachError(Exception):
    """A problem the user can act on. ``str(err)`` is the one line they see."""

    exit_code = 1


class InputError(VoicecoachError):
    """Bad input: a missing, empty or unreadable file, an unknown id, an empty answer."""

    exit_code = 2


class AudioFormatError(InputError):
    """An audio file that cannot be read as WAV."""


class EngineError(VoicecoachError):
    """A speech engine or model that cannot be used."""


class ModelError(EngineError):
    """A model that is missing, broken, or refused (checksum, unsafe archive)."""


class DeviceError(VoicecoachError):
    """No microphone or speaker, or one that cannot be opened."""


class StoreError(VoicecoachError):
    """The data folder or database cannot be used (corrupt, not writable, disk full)."""


class UnreadableStoreError(StoreError):
    """The database file is damaged or not SQLite: kept untouched (only `forget --everything` deletes it)."""
