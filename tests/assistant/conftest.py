"""Conversations with the real engine, and data dirs for commands run as processes."""

from __future__ import annotations
