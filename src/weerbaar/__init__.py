"""Weerbaar: resilience of Dutch municipalities against subversive crime (ondermijning)."""

__version__ = "0.1.0"
