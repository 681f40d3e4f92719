"""Generate synthetic micro-credential definitions for benchmarks: varied, plausible, seeded.

The same seed gives the same definitions. Titles combine a topic from a real NZSCED field with a
level-appropriate opening and an optional setting; developers follow the framework's history
(WDCs from October 2021 to 2025, Industry Skills Boards from 2026, providers throughout).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tohu.core import policy
from tohu.demo.organisations import SUCCESSOR_OF, WDC_FROM, WDC_UNTIL
from tohu.demo.specs import MicroCredentialSpec, StatusStep, VersionChange
from tohu.register.models import ListingStatus
from tohu.rulebook import (
    CREDITS_BEFORE_2022_RULES,
    default_expiring_end_date,
    discontinued_after_expiry,
    hours_for_credits,
)

FIRST_LISTING = date(2019, 1, 7)
AS_OF = date(2026, 10, 30)

# NZSCED code, topic, who uses it.
TOPICS: tuple[tuple[str, str, str], ...] = (
    ("110109", "Commercial Cookery", "restaurants and cafés"),
    ("110103", "Beverage Service", "hospitality venues"),
    ("110303", "Barbering", "salons and barber shops"),
    ("110111", "Food Safety Practice", "food businesses"),
    ("040311", "Timber Framing", "residential builders"),
    ("040327", "Plumbing Maintenance", "plumbing firms"),
    ("040325", "Decorative Painting", "painting contractors"),
    ("040329", "Rigging", "construction companies"),
    ("031313", "Electrical Safety", "electrical contractors"),
    ("030503", "Light Vehicle Servicing", "automotive workshops"),
    ("030711", "Structural Welding", "steel fabricators"),
    ("030717", "Excavator Operation", "civil contractors"),
    ("039909", "Commercial Cleaning", "cleaning companies"),
    ("050301", "Orchard Management", "growers"),
    ("050501", "Forest Harvesting Safety", "forestry crews"),
    ("050105", "Calf Rearing", "dairy farms"),
    ("050701", "Aquaculture Husbandry", "marine farms"),
    ("059901", "Pest Animal Control", "conservation groups"),
    ("069907", "Workplace First Aid", "employers"),
    ("061301", "Health and Safety Representation", "workplaces"),
    ("069901", "Community Nutrition", "health promoters"),
    ("090507", "Aged Care Support", "aged residential care providers"),
    ("090509", "Disability Support", "disability services"),
    ("090505", "Youth Mentoring", "youth organisations"),
    ("020103", "Web Programming", "software companies"),
    ("020303", "Database Administration", "IT teams"),
    ("029901", "Network Security", "IT teams"),
    ("020119", "Applied Machine Learning", "data teams"),
    ("080101", "Payroll Administration", "businesses"),
    ("080303", "People Leadership", "organisations"),
    ("080315", "Agile Project Delivery", "project teams"),
    ("080505", "Digital Marketing", "small businesses"),
    ("080701", "Tour Guiding", "tourism operators"),
    ("091519", "Community Interpreting", "community services"),
    ("091101", "Court Support Services", "justice agencies"),
    ("092103", "Sports Coaching", "sports clubs"),
    ("100303", "Commercial Photography", "studios"),
    ("100501", "Graphic Design", "design studios"),
    ("100701", "Podcast Production", "media companies"),
    ("070101", "Early Childhood Practice", "early learning services"),
    ("070115", "Teaching English to Speakers of Other Languages", "language schools"),
    ("120103", "Workplace Literacy", "employers"),
    ("120501", "Career Planning", "career services"),
    ("010911", "Laboratory Microbiology", "laboratories"),
    ("010905", "Freshwater Ecology", "regional councils"),
    ("031101", "Drone Surveying", "surveyors"),
    ("099905", "Crowd Safety", "event security firms"),
)

OPENINGS_BY_BAND = {
    "foundation": ("Introduction to", "Foundations of", "Getting Started in"),
    "vocational": ("", "Practical", "Essentials of", "Core Skills in"),
    "advanced": ("Applied", "Advanced", "Specialist"),
    "postgraduate": ("Leading", "Strategic", "Research-informed"),
}
SETTINGS = (
    "",
    "",
    "",
    " for Small Business",
    " in Rural Communities",
    " for Team Leaders",
    " in Practice",
    " for Pacific Communities",
    " on Marae and in Communities",
)
REGIONS = (
    "across Aotearoa",
    "in Te Tai Tokerau",
    "in Tāmaki Makaurau",
    "in Waikato",
    "in Te Matau-a-Māui Hawke's Bay",
    "in Te Whanganui-a-Tara Wellington",
    "in Waitaha Canterbury",
    "in Ōtākou Otago and Murihiku Southland",
)
TITLES_MI = (
    "Ngā Pūkenga Mahi",
    "He Tīmatanga Hou",
    "Te Ara ki te Mahi",
    "Ngā Mahi Haumaru",
    "Te Ara Whakamua",
    "Ako Tahi",
)
PURPOSE_MI = "Ka whakawhanake tēnei tohu iti i ngā pūkenga o ngā ākonga mō te ao mahi."
COMMON_CREDITS = (2, 3, 4, 5, 5, 5, 6, 8, 10, 10, 10, 12, 15, 15, 20, 25, 30, 40)

# NZSCED broad field: the WDC that develops for it.
WDC_FOR_FIELD = {
    "01": "muka-tangata",
    "02": "toi-mai",
    "03": "hanga-aro-rau",
    "04": "waihanga-ara-rau",
    "05": "muka-tangata",
    "06": "toitu-te-waiora",
    "07": "toitu-te-waiora",
    "08": "ringa-hora",
    "09": "toitu-te-waiora",
    "10": "toi-mai",
    "11": "ringa-hora",
    "12": "ringa-hora",
}
UNIVERSITIES = ("massey", "waikato")
TERTIARY_PROVIDERS = (
    "ara",
    "open-polytechnic",
    "te-wananga-o-aotearoa",
    "awanuiarangi",
    "harbourside-hospitality",
    "ecnz",
    "pasifika-futures",
    "turanga-trades",
    "waikato-driver-training",
    "nzdf",
)
TE_PUKENGA = "te-pukenga"
SCHOOL = "te-kura"


def synthetic_specs(n: int, *, seed: int) -> list[MicroCredentialSpec]:
    """Return `n` synthetic definitions; the same seed gives the same list."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    return [_spec(rng) for _ in range(n)]


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _spec(rng: random.Random) -> MicroCredentialSpec:
    code, topic, users = rng.choice(TOPICS)
    listed_on = _day_between(rng, FIRST_LISTING, AS_OF - timedelta(days=30))
    approved_on = listed_on - timedelta(days=rng.randint(0, 21))
    developer = _developer(rng, code, listed_on)
    level = _level(rng, developer)
    credits = _credits(rng, approved_on)
    outcomes = _outcomes(rng, topic, users, level)
    te_reo = rng.random() < 0.08
    status_steps = _status_steps(rng, listed_on)
    last_day = status_steps[0].effective_on if status_steps else AS_OF
    return MicroCredentialSpec(
        title=_title(rng, topic, level),
        title_mi=rng.choice(TITLES_MI) if te_reo else "",
        purpose_mi=PURPOSE_MI if te_reo else "",
        level=level,
        credits=credits,
        nzsced_code=code,
        developer=developer,
        approved_on=approved_on,
        listed_on=listed_on,
        review_period_years=rng.choice((1, 2, 3, 3)),
        te_hono=rng.random() < 0.05,
        use=f"Used by {users} {rng.choice(REGIONS)} to recognise {topic.lower()} skills.",
        learning_outcomes=outcomes,
        accredited=_accreditations(rng, developer, listed_on, last_day),
        versions=_versions(rng, credits, outcomes, listed_on, last_day),
        status_steps=status_steps,
    )


def _developer(rng: random.Random, code: str, listed_on: date) -> str:
    if rng.random() < 0.5 and listed_on >= WDC_FROM:
        wdc = WDC_FOR_FIELD[code[:2]]
        return wdc if listed_on <= WDC_UNTIL else SUCCESSOR_OF[wdc]
    pool = list(TERTIARY_PROVIDERS)
    if listed_on <= WDC_UNTIL:
        pool.append(TE_PUKENGA)
    if rng.random() < 0.08:
        pool = list(UNIVERSITIES)
    return rng.choice(pool)


def _level(rng: random.Random, developer: str) -> int:
    if developer in UNIVERSITIES:
        return rng.choice((7, 7, 8, 8, 8, 9, 9, 10))
    return rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7))


def _credits(rng: random.Random, approved_on: date) -> int:
    credits = rng.choice(COMMON_CREDITS) if rng.random() < 0.85 else rng.randint(1, 40)
    # MC-size-pre2022: before the 2022 rules a micro-credential was 5 to 40 credits
    if approved_on < policy.current().rules_2022_cutover:
        return max(credits, min(CREDITS_BEFORE_2022_RULES))
    return credits


def _title(rng: random.Random, topic: str, level: int) -> str:
    band = (
        "foundation"
        if level <= 2
        else "vocational"
        if level <= 4
        else "advanced"
        if level <= 6
        else "postgraduate"
    )
    opening = rng.choice(OPENINGS_BY_BAND[band])
    return f"{opening} {topic}{rng.choice(SETTINGS)}".strip()


def _outcomes(rng: random.Random, topic: str, users: str, level: int) -> tuple[str, ...]:
    subject = topic.lower()
    candidates = [
        f"Describe the principles and terms of {subject}",
        f"Apply {subject} skills in a real workplace",
        f"Work safely and follow good practice in {subject}",
        f"Communicate clearly with colleagues and clients of {users}",
    ]
    if level >= 5:
        candidates.append(f"Evaluate and improve {subject} practice")
    if level >= 7:
        candidates.append(f"Lead change in {subject} using current research")
    return tuple(rng.sample(candidates, rng.randint(2, 4)))


def _status_steps(rng: random.Random, listed_on: date) -> tuple[StatusStep, ...]:
    draw = rng.random()
    first_possible = listed_on + timedelta(days=365)
    if draw < 0.07 and first_possible <= date(2024, 9, 30):
        expiring_on = _day_between(rng, first_possible, date(2024, 9, 30))
        end_date = default_expiring_end_date(expiring_on, years=policy.current().expiring_years)
        discontinued_on = discontinued_after_expiry(end_date)
        assert discontinued_on is not None, "years from 2024 stay within the calendar"
        return (
            StatusStep(
                ListingStatus.EXPIRING,
                expiring_on,
                "Developer review: not to continue.",
                end_date=end_date,
            ),
            StatusStep(
                ListingStatus.DISCONTINUED,
                discontinued_on,
                "End date of expiring status passed (LOR-8.3).",
            ),
        )
    if draw < 0.18 and first_possible <= AS_OF:
        expiring_on = _day_between(rng, max(first_possible, date(2025, 1, 1)), AS_OF)
        return (
            StatusStep(
                ListingStatus.EXPIRING,
                expiring_on,
                "Being replaced by a redeveloped micro-credential.",
                end_date=default_expiring_end_date(
                    expiring_on, years=policy.current().expiring_years
                ),
            ),
        )
    return ()


def _accreditations(
    rng: random.Random, developer: str, listed_on: date, last_day: date
) -> tuple[tuple[str, date], ...]:
    granted: dict[str, date] = {}
    developer_is_provider = developer in (*TERTIARY_PROVIDERS, *UNIVERSITIES, TE_PUKENGA)
    if developer_is_provider and rng.random() < 0.8:
        granted[developer] = listed_on
    if developer not in UNIVERSITIES:
        for provider in rng.sample((*TERTIARY_PROVIDERS, SCHOOL, TE_PUKENGA), rng.randint(0, 3)):
            day = _day_between(rng, listed_on, min(last_day, listed_on + timedelta(days=540)))
            if provider == TE_PUKENGA and day > WDC_UNTIL:
                continue
            granted.setdefault(provider, day)
    return tuple(sorted(granted.items(), key=lambda item: (item[1], item[0])))


def _versions(
    rng: random.Random,
    credits: int,
    outcomes: tuple[str, ...],
    listed_on: date,
    last_day: date,
) -> tuple[VersionChange, ...]:
    changes: list[VersionChange] = []
    approved_on = listed_on
    for number in (2, 3):
        if rng.random() >= (0.12 if number == 2 else 0.25):
            break
        approved_on = _day_between(rng, approved_on + timedelta(days=120), last_day)
        if approved_on >= last_day:
            break
        credits = min(credits + rng.choice((1, 2, 5)), 40)
        changes.append(
            VersionChange(
                approved_on=approved_on,
                effective_from=approved_on + timedelta(days=14),
                change_summary=f"Developer review: credits raised to {credits}; outcomes updated.",
                changes={
                    "credits": credits,
                    "notional_hours": hours_for_credits(credits),
                    "learning_outcomes": [*outcomes, "Reflect on practice with a mentor"],
                },
            )
        )
    return tuple(changes)
