"""Carry the registers forward when a follow-up scan is created."""

from __future__ import annotations


def carry_forward_on_new_scan(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """A new scan with a ``previous_scan`` starts from a copy of that scan's registers."""
    if raw or not created or instance.previous_scan_id is None:
        return
    from .services import carry_forward

    carry_forward(instance.previous_scan, instance)
