"""Saved state: sessions, turns, events and commitments in one private SQLite file."""

from voicecoach.store.db import Store

__all__ = ["Store"]
