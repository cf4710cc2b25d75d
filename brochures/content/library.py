"""Turn the YAML files under content/ into checked Brochure models (plain dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from brochures.content import schema as s
from brochures.content.emergency import load_emergency_numbers
from brochures.content.evidence import REFERENCE_KINDS, check_agreement, check_citations
from brochures.content.words import WORDS_SCHEMA, Word, load_words
from brochures.errors import ContentError

EVIDENCE_STAGES = ("lab", "animal", "early-human", "trials", "research-tests")
# What a brochure is about: treatments (the default) or medical tests. The safety block
# differs: tests are devices, reviewed (or not) as tests, with no IND number to ask for.
TOPIC_KINDS = ("treatments", "tests")
WORDS_FILE = "words.yaml"
EMERGENCY_FILE = "emergency-numbers.yaml"

TOPIC_SCHEMA = s.Record(
    {
        "title": s.Field(s.Prose()),
        "about": s.Field(s.OneOf(TOPIC_KINDS), required=False),
        "summary": s.Field(s.ListOf(s.Prose())),
        "sections": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "heading": s.Field(s.Prose()),
                        "paragraphs": s.Field(s.ListOf(s.Prose()), required=False),
                        "bullets": s.Field(s.ListOf(s.Prose()), required=False),
                    }
                )
            )
        ),
        "research_heading": s.Field(s.Prose()),
        "research": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "area": s.Field(s.Prose()),
                        "conditions": s.Field(s.ListOf(s.Prose())),
                        "studying": s.Field(s.Prose()),
                        "stage": s.Field(s.OneOf(EVIDENCE_STAGES)),
                        # An overview card that sums up a topic's cards (brochures/content/
                        # evidence.py checks that they agree).
                        "see": s.Field(s.Slug(), required=False),
                        # The `id`s of the references that back the card.
                        "cites": s.Field(s.ListOf(s.Slug()), required=False),
                    }
                )
            )
        ),
        "routes": s.Field(s.ListOf(s.Slug(), min_items=0)),
        # "brief" gives only what happens, "names" only the names: for the overview, which
        # names all six routes;
        # every route is shown in full in at least one topic brochure.
        "route_detail": s.Field(s.OneOf(("full", "brief", "names")), required=False),
        "questions": s.Field(s.ListOf(s.Prose())),
        "reviewed": s.Field(s.Date()),
        "next_review": s.Field(s.Date()),
        "references": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "citation": s.Field(s.Text()),
                        "url": s.Field(s.Url(), required=False),
                        "id": s.Field(s.Slug(), required=False),
                        "kind": s.Field(s.OneOf(REFERENCE_KINDS), required=False),
                    }
                )
            )
        ),
    }
)

ROUTE_SCHEMA = s.Record(
    {
        "name": s.Field(s.Prose()),
        "what_happens": s.Field(s.Prose()),
        "what_to_expect": s.Field(s.Prose()),
        "ask": s.Field(s.Prose()),
    }
)

REGULATORY_SCHEMA = s.Record(
    {
        "regulator": s.Field(s.Text()),
        "status_as_of": s.Field(s.Date()),
        "report_url": s.Field(s.Url()),
        "report_phone": s.Field(s.Text()),
        # Where to tell the regulator about an offer of treatment outside a clinical trial.
        "trial_offers_email": s.Field(s.Text()),
        # Where its other warnings are: the block shows some of them, never all.
        "more_url": s.Field(s.Url()),
        "notices": s.Field(
            s.ListOf(
                s.Record(
                    {
                        "title": s.Field(s.Text()),
                        "date": s.Field(s.Date()),
                        "url": s.Field(s.Url()),
                        "summary": s.Field(s.Prose()),
                    }
                )
            )
        ),
    }
)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]
    bullets: tuple[str, ...]


@dataclass(frozen=True)
class Research:
    area: str
    conditions: tuple[str, ...]
    studying: str
    stage: str
    see: str | None = None  # the topic whose cards this one sums up
    cites: tuple[str, ...] = ()  # reference ids


@dataclass(frozen=True)
class Reference:
    citation: str
    url: str | None
    id: str | None = None
    kind: str | None = None  # one of evidence.REFERENCE_KINDS


@dataclass(frozen=True)
class Route:
    slug: str
    name: str
    what_happens: str
    what_to_expect: str
    ask: str


@dataclass(frozen=True)
class Notice:
    title: str
    date: dt.date
    url: str
    summary: str


@dataclass(frozen=True)
class Regulatory:
    file: Path
    regulator: str
    status_as_of: dt.date
    report_url: str
    report_phone: str
    trial_offers_email: str
    more_url: str
    notices: tuple[Notice, ...]


@dataclass(frozen=True)
class Topic:
    file: Path
    slug: str
    title: str
    about: str  # "treatments" or "tests"
    summary: tuple[str, ...]
    sections: tuple[Section, ...]
    research_heading: str
    research: tuple[Research, ...]
    routes: tuple[Route, ...]
    route_detail: str
    questions: tuple[str, ...]
    reviewed: dt.date
    next_review: dt.date
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Library:
    """Everything under content/ that brochures are made of, checked and cross-referenced."""

    topics: dict[str, Topic]
    routes: dict[str, Route]
    regulatory: Regulatory
    words: tuple[Word, ...]  # the words to know (content/words.yaml)
    emergency_numbers: dict[str, str]  # country code -> number (content/emergency-numbers.yaml)


def topic_files(content_dir: Path) -> list[Path]:
    """The topics are the YAML files in content/topics: the folder is the registry."""
    return sorted((content_dir / "topics").glob("*.yaml"))


def route_files(content_dir: Path) -> list[Path]:
    return sorted((content_dir / "routes").glob("*.yaml"))


def _check_slug(file: Path, ctx: s.Context) -> None:
    if not s.SLUG.match(file.stem):
        ctx.report(
            None,
            "",
            f"file name {file.name!r} is not a valid slug",
            hint="use lowercase letters, digits and hyphens, e.g. tissue-repair.yaml",
        )


def load_route(file: Path) -> Route:
    with s.checking(file, ROUTE_SCHEMA) as (data, ctx):
        _check_slug(file, ctx)
    return Route(slug=file.stem, **data)


def load_regulatory(file: Path) -> Regulatory:
    data, _ = s.load(file, REGULATORY_SCHEMA)
    notices = tuple(sorted((Notice(**n) for n in data["notices"]), key=lambda n: n.date))
    return Regulatory(
        file=file,
        regulator=data["regulator"],
        status_as_of=data["status_as_of"],
        report_url=data["report_url"],
        report_phone=data["report_phone"],
        trial_offers_email=data["trial_offers_email"],
        more_url=data["more_url"],
        notices=notices,
    )


def _check_routes(data: dict, ctx: s.Context, routes: dict[str, Route]) -> None:
    """Each route a topic names exists and is named once."""
    route_nodes = getattr(ctx.node_of("routes"), "value", [])
    for index, (slug, node) in enumerate(zip(data["routes"] or (), route_nodes, strict=False)):
        if slug is None:  # not a slug: already reported
            continue
        if slug in data["routes"][:index]:
            ctx.report(node, f"routes[{index}]", f"route {slug!r} is listed twice")
        elif slug not in routes:
            ctx.report(
                node,
                f"routes[{index}]",
                f"unknown route {slug!r}",
                hint="known routes: " + ", ".join(sorted(routes)),
            )


def load_topic(file: Path, routes: dict[str, Route]) -> Topic:
    with s.checking(file, TOPIC_SCHEMA) as (data, ctx):
        _check_slug(file, ctx)
        _check_routes(data, ctx, routes)
        check_citations(data, ctx)
        if data["reviewed"] and data["next_review"] and data["next_review"] <= data["reviewed"]:
            ctx.report(ctx.node_of("next_review"), "next_review", "must be later than 'reviewed'")
    return Topic(
        file=file,
        slug=file.stem,
        title=data["title"],
        about=data["about"] or "treatments",
        summary=tuple(data["summary"]),
        sections=tuple(
            Section(
                heading=x["heading"],
                paragraphs=tuple(x["paragraphs"] or ()),
                bullets=tuple(x["bullets"] or ()),
            )
            for x in data["sections"]
        ),
        research_heading=data["research_heading"],
        research=tuple(
            Research(
                area=r["area"],
                conditions=tuple(r["conditions"]),
                studying=r["studying"],
                stage=r["stage"],
                see=r["see"],
                cites=tuple(r["cites"] or ()),
            )
            for r in data["research"]
        ),
        routes=tuple(routes[slug] for slug in data["routes"]),
        route_detail=data["route_detail"] or "full",
        questions=tuple(data["questions"]),
        reviewed=data["reviewed"],
        next_review=data["next_review"],
        references=tuple(Reference(**r) for r in data["references"]),
    )


def load_library(content_dir: Path) -> Library:
    """Load every route, topic and the regulatory registry under `content_dir`."""
    routes = {route.slug: route for route in map(load_route, route_files(content_dir))}
    files = topic_files(content_dir)
    if not files:
        raise ContentError(
            "no topics found",
            file=content_dir / "topics",
            hint="add a YAML file per brochure, e.g. content/topics/overview.yaml",
        )
    topics = {topic.slug: topic for topic in (load_topic(f, routes) for f in files)}
    check_agreement(topics)
    return Library(
        topics=topics,
        routes=routes,
        regulatory=load_regulatory(content_dir / "regulatory.yaml"),
        words=load_words(content_dir / WORDS_FILE),
        emergency_numbers=load_emergency_numbers(content_dir / EMERGENCY_FILE),
    )


def schema_for(file: Path) -> s.Record | None:
    """Which schema a content file follows, by where it lives; None for files with no prose."""
    if file.parent.name == "topics":
        return TOPIC_SCHEMA
    if file.parent.name == "routes":
        return ROUTE_SCHEMA
    if file.name == "regulatory.yaml":
        return REGULATORY_SCHEMA
    if file.name == WORDS_FILE:
        return WORDS_SCHEMA
    return None
