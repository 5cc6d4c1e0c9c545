"""Accounts: users, log-in, the second factor and password recovery."""

from .emails import normalise_email

__all__ = ["normalise_email"]
