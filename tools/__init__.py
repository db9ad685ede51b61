"""Deterministic network tools (standard library only)."""
