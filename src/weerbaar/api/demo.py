"""Demo step: Gemeente Voorbeeld has an API token for a dashboard, and a revoked one (the
tokens themselves are not kept: a demo user makes their own on the API-sleutels page)."""

from __future__ import annotations

import datetime

from weerbaar.core.demo import DemoContext, demo_step

from .models import Scope
from .tokens import create_token, revoke_token


@demo_step(order=90)
def build_api_tokens(ctx: DemoContext) -> None:
    voorbeeld = ctx.objects["voorbeeld"]
    coordinator = ctx.objects["user_coordinator"]
    today = ctx.now.date()
    create_token(
        voorbeeld,
        name="Dashboard gemeenteraad",
        scopes=[Scope.READ.value],
        expires_on=today + datetime.timedelta(days=365),
        user=coordinator,
        now=ctx.now,
    )
    old = create_token(
        voorbeeld,
        name="Proef BI-koppeling",
        scopes=[Scope.READ.value, Scope.RESULTS.value],
        expires_on=today + datetime.timedelta(days=30),
        user=coordinator,
        now=ctx.now,
    )
    revoke_token(old.token, user=coordinator, now=ctx.now)
