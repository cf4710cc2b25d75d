"""Turn review dates and the regulatory "status as of" date into warnings when they go stale."""

from __future__ import annotations

import datetime as dt

from brochures.content.library import Regulatory, Topic

# The FDA's position must have been checked within this many days.
REGULATORY_MAX_AGE_DAYS = 365


def stale_dates(topics: list[Topic], regulatory: Regulatory, today: dt.date) -> list[str]:
    """One message per brochure past its review date, and for an old regulatory status."""
    problems = []
    for topic in topics:
        if topic.next_review < today:
            problems.append(
                f"{topic.file}: next_review {topic.next_review} has passed; review "
                "the brochure, then set reviewed and next_review"
            )
    age = (today - regulatory.status_as_of).days
    if age > REGULATORY_MAX_AGE_DAYS:
        problems.append(
            f"{regulatory.file}: status_as_of {regulatory.status_as_of} is {age} days "
            "old; check the FDA's notices again and update the registry"
        )
    return problems
