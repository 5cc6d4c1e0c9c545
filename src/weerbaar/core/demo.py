"""The demo municipality, built from steps that each capability contributes.

Each app may have a ``demo.py`` module that registers steps::

    @demo_step(order=30)
    def build_scans(ctx: DemoContext) -> None:
        ...

``build_demo()`` runs all steps in order inside one transaction. The demo is fictional:
Gemeente Voorbeeld (about 25,000 inhabitants) and two more municipalities in its RIEC region.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from .registry import Registry


@dataclass
class DemoLogin:
    role: str
    label: str
    email: str
    password: str


@dataclass
class DemoContext:
    """What the steps share: created objects by key, the demo logins, a seeded RNG."""

    rng: random.Random
    now: Any
    size: str = "normal"  # "normal" for the demo, "small" for fast tests
    # Demo logins are flagged so they only work in demo mode; tests build them as ordinary users.
    demo_logins: bool = True
    objects: dict[str, Any] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)


@dataclass(frozen=True)
class DemoStep:
    """One step of building the demo; steps run by ``order``, then by key."""

    order: int
    run: Callable[[DemoContext], None]


DEMO_STEPS: Registry[DemoStep] = Registry("demo steps", discover="demo")
# Steps run when the demo restarts on its existing database (e.g. a fresh respondent link).
DEMO_RESTART_STEPS: Registry[DemoStep] = Registry("demo restart steps", discover="demo")


def demo_step(order: int) -> Callable[[Callable[[DemoContext], None]], Callable]:
    """Register the decorated function as a demo step (key: its module and name)."""

    def register(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        DEMO_STEPS.register(f"{func.__module__}.{func.__qualname__}", DemoStep(order, func))
        return func

    return register


def demo_restart_step(order: int) -> Callable[[Callable[[DemoContext], None]], Callable]:
    """Register the decorated function as a step of restarting an existing demo."""

    def register(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        key = f"{func.__module__}.{func.__qualname__}"
        DEMO_RESTART_STEPS.register(key, DemoStep(order, func))
        return func

    return register


def demo_steps(
    registry: Registry[DemoStep] = DEMO_STEPS,
) -> list[tuple[int, str, Callable[[DemoContext], None]]]:
    """Every registered step as ``(order, key, function)``, in the order they run."""
    steps = [(step.order, key, step.run) for key, step in registry.items()]
    return sorted(steps, key=lambda s: (s[0], s[1]))


def build_demo(size: str = "normal", seed: int = 2026, demo_logins: bool = True) -> DemoContext:
    """Create the demo organisations, users and scan data. Returns the context."""
    ctx = DemoContext(
        rng=random.Random(seed), now=timezone.now(), size=size, demo_logins=demo_logins
    )
    with transaction.atomic():
        for _order, _key, step in demo_steps():
            step(ctx)
    return ctx


def restart_demo(logins: list[DemoLogin]) -> DemoContext:
    """Run the restart steps on the existing demo database (its data and drafts are kept)."""
    ctx = DemoContext(rng=random.Random(), now=timezone.now(), logins=list(logins))
    with transaction.atomic():
        for _order, _key, step in demo_steps(DEMO_RESTART_STEPS):
            step(ctx)
    return ctx


def save_logins(path: Path, logins: list[DemoLogin]) -> None:
    """Keep the demo logins beside the demo database, to print them again on a restart."""
    text = json.dumps([asdict(login) for login in logins], indent=1)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # demo passwords
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def load_logins(path: Path) -> list[DemoLogin]:
    """The demo logins saved by :func:`save_logins` (none when the file is missing)."""
    if not path.exists():
        return []
    return [DemoLogin(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
