"""Demo: the rekenkamer's researcher has the research file of the closed staff survey."""

from __future__ import annotations

from weerbaar.core.demo import DemoContext, demo_step

from . import services


@demo_step(order=86)
def grant_demo_research(ctx: DemoContext) -> None:
    survey = ctx.objects["survey_staff"]
    if services.research_refusals(survey):
        return  # a small demo (tests) has too few respondents for a research file
    services.grant_research(
        survey,
        researcher=ctx.objects["user_onderzoeker"],
        reason="Onderzoek van de rekenkamer naar de weerbaarheid (voorbeeld).",
        by=ctx.objects["user_secretaris"],
    )
