"""voicecoach: an offline, hands-free voice coach for repairing a relationship."""

__version__ = "0.1.0"
