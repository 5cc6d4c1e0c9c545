"""The one spelling of an e-mail address used for accounts, log-in and throttling."""

from __future__ import annotations


def normalise_email(value: str | None) -> str:
    """Strip surrounding white space and lower-case the whole address.

    Every place that stores, looks up or throttles by an account's e-mail address uses this,
    so ``Echt@Example.org`` and ``echt@example.org `` are one account with one lock-out.
    """
    return (value or "").strip().lower()
