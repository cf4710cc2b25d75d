"""Turn the topics' research cards into the problems that make their evidence disagree.

One source of truth: a condition has one stage wherever it is named, an overview card that
points at a topic (`see:`) says what that topic says, and a card that claims studies in
people cites one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from brochures.content import schema as s
from brochures.errors import ContentError, Problem

if TYPE_CHECKING:
    from brochures.content.library import Topic

REFERENCE_KINDS = ("human-study", "animal-study", "lab-study", "review", "regulator")
# Stages that claim studies in people: a card at one of them cites a human study.
HUMAN_STAGES = ("early-human", "trials")
# Tests are a stage of their own; their conditions are compared only with other tests.
TESTS_STAGE = "research-tests"


def check_citations(data: dict[str, Any], ctx: s.Context) -> None:
    """Within one topic file: reference ids are unique, `cites` names them, and every
    card at a human stage cites at least one reference of kind human-study."""
    kinds: dict[str, str | None] = {}
    for index, reference in enumerate(data["references"] or ()):
        if not reference or not reference.get("id"):
            continue
        if reference["id"] in kinds:
            path = f"references[{index}].id"
            ctx.report(s.node_at(ctx.root, path), path, f"id {reference['id']!r} is used twice")
        kinds[reference["id"]] = reference.get("kind")
    for index, card in enumerate(data["research"] or ()):
        if not card:
            continue
        cites = [cite for cite in card.get("cites") or () if cite]
        for position, cite in enumerate(cites):
            if cite not in kinds:
                path = f"research[{index}].cites[{position}]"
                ctx.report(
                    s.node_at(ctx.root, path),
                    path,
                    f"unknown reference {cite!r}",
                    hint="cite the `id` of a reference in this file: "
                    + (", ".join(sorted(kinds)) or "none has an id yet"),
                )
        if card.get("stage") in HUMAN_STAGES and not any(
            kinds.get(cite) == "human-study" for cite in cites
        ):
            path = f"research[{index}].cites" if cites else f"research[{index}].stage"
            ctx.report(
                s.node_at(ctx.root, path),
                path,
                f"a card at stage {card['stage']} must cite a reference of kind human-study",
                hint="add the study in people to `references` (with an id and "
                "kind: human-study) and list its id under `cites`, or lower the stage",
            )


def check_agreement(topics: Mapping[str, Topic]) -> None:
    """Across files: the same condition (compared casefolded) has the same stage in every
    card, and each condition of a card with `see: <topic>` appears in that topic's cards
    at the same stage. Raises one ContentError listing every problem."""
    problems: dict[tuple[str, str], Problem] = {}
    roots = {slug: s.compose(topic.file) for slug, topic in topics.items()}

    def report(slug: str, path: str, message: str, hint: str) -> None:
        node = s.node_at(roots[slug], path)
        line = node.start_mark.line + 1 if node is not None else None
        # One problem per field: a stage that disagrees with two files is one thing to fix.
        problems.setdefault((slug, path), Problem(message, topics[slug].file, line, path, hint))

    first_seen: dict[tuple[str, bool], tuple[str, int, str]] = {}
    for slug in sorted(topics):
        for index, card in enumerate(topics[slug].research):
            for condition in card.conditions:
                key = (condition.casefold(), card.stage == TESTS_STAGE)
                where = first_seen.setdefault(key, (slug, index, card.stage))
                if where[2] != card.stage:
                    report(
                        slug,
                        f"research[{index}].stage",
                        f"{condition!r} is at stage {card.stage} here but {where[2]} in "
                        f"{topics[where[0]].file.name} research[{where[1]}]",
                        "give a condition the same stage in every file: split the card "
                        "if its conditions have different stages",
                    )
    for slug in sorted(topics):
        for index, card in enumerate(topics[slug].research):
            if card.see is not None:
                _check_see(topics, slug, index, report)
    if problems:
        raise ContentError.listing(problems.values())


def _check_see(topics: Mapping[str, Topic], slug: str, index: int, report: Any) -> None:
    card = topics[slug].research[index]
    target = topics.get(card.see or "")
    if target is None or card.see == slug:
        report(
            slug,
            f"research[{index}].see",
            f"{card.see!r} is not another topic",
            "name the topic whose cards this card sums up: " + ", ".join(sorted(topics)),
        )
        return
    stages = {c.casefold(): other.stage for other in target.research for c in other.conditions}
    for position, condition in enumerate(card.conditions):
        stage = stages.get(condition.casefold())
        if stage is None:
            report(
                slug,
                f"research[{index}].conditions[{position}]",
                f"{condition!r} is not a condition in {target.file.name}",
                f"name conditions exactly as {target.file.name} does, or drop `see`",
            )
        elif stage != card.stage:
            report(
                slug,
                f"research[{index}].stage",
                f"{condition!r} is at stage {card.stage} here but {stage} in {target.file.name}",
                f"use the stage {target.file.name} gives it, or split the card",
            )
