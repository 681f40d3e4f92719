"""Demo micro-credentials developed by two WDCs: Ringa Hora (services) and Toitū te Waiora.

Two listings are real, with their published details: "Licence Controller Qualification – LCQ"
(listing 5056, level 4, 5 credits, Ringa Hora) and "Manage first aid in an emergency situation"
(level 3, 5 credits, Toitū te Waiora, approved November 2024, unit standards 6400, 6401 and
6402). Their dates, statements and accreditations, and everything else here, are illustrative.
"""

from __future__ import annotations

from datetime import date as d

from tohu.demo.specs import MicroCredentialSpec as MC
from tohu.demo.specs import StatusStep, VersionChange
from tohu.register.models import ListingStatus

_HOSPITALITY_REPLACED = "Developer review: replaced by the Services ISB's colour services listing."

RINGA_HORA = (
    MC(
        title="Licence Controller Qualification – LCQ",
        listing_number="5056",
        level=4,
        credits=5,
        nzsced_code="110101",
        developer="ringa-hora",
        listed_on=d(2023, 11, 20),
        review_period_years=3,
        use=(
            "Required under the Sale and Supply of Alcohol Act 2012 for anyone applying for a "
            "manager's certificate to run licensed premises in Aotearoa New Zealand."
        ),
        learning_outcomes=(
            "Explain the object of the Sale and Supply of Alcohol Act 2012 and licence types",
            "Apply host responsibility practices in licensed premises",
            "Identify the duties of a duty manager and the offences under the Act",
        ),
        standards_used=("4646", "16705"),
        pathways="Leads to a manager's certificate and to hospitality supervision study.",
        accredited=(
            ("harbourside-hospitality", d(2024, 2, 1)),
            ("open-polytechnic", d(2024, 3, 15)),
            ("te-pukenga", d(2024, 5, 6)),
        ),
    ),
    MC(
        title="Barista Skills",
        level=3,
        credits=5,
        nzsced_code="110103",
        developer="ringa-hora",
        listed_on=d(2023, 5, 22),
        review_period_years=2,
        use="Used by cafés and hospitality employers to recognise espresso coffee skills.",
        learning_outcomes=(
            "Prepare espresso-based beverages to a consistent standard",
            "Maintain and clean espresso equipment safely",
        ),
        accredited=(("harbourside-hospitality", d(2023, 7, 3)),),
    ),
    MC(
        title="Retail Customer Service Fundamentals",
        level=2,
        credits=5,
        nzsced_code="080501",
        developer="ringa-hora",
        listed_on=d(2023, 8, 14),
        review_period_years=3,
        use="Used by retailers to recognise new staff who serve customers well.",
        learning_outcomes=(
            "Greet and serve customers in a retail setting",
            "Handle a customer complaint calmly and fairly",
        ),
        accredited=(("turanga-trades", d(2023, 10, 2)), ("te-kura", d(2024, 1, 29))),
    ),
    MC(
        title="Security Officer Conflict De-escalation",
        level=3,
        credits=4,
        nzsced_code="099905",
        developer="ringa-hora",
        listed_on=d(2024, 4, 8),
        review_period_years=2,
        use="Used by security firms to show officers can defuse conflict before it escalates.",
        learning_outcomes=(
            "Recognise the signs of escalating conflict",
            "Use verbal techniques to de-escalate a confrontation",
        ),
        versions=(
            VersionChange(
                approved_on=d(2025, 5, 12),
                effective_from=d(2025, 6, 1),
                change_summary="Added an outcome on de-escalation in licensed premises.",
                changes={
                    "learning_outcomes": [
                        "Recognise the signs of escalating conflict",
                        "Use verbal techniques to de-escalate a confrontation",
                        "De-escalate conflict in licensed premises with duty managers",
                    ]
                },
            ),
        ),
        accredited=(("harbourside-hospitality", d(2024, 6, 3)),),
    ),
    MC(
        title="Property Management Practice",
        level=5,
        credits=15,
        nzsced_code="080503",
        developer="ringa-hora",
        listed_on=d(2024, 9, 2),
        review_period_years=3,
        use="Used by property managers to show they meet residential tenancy obligations.",
        learning_outcomes=(
            "Apply the Residential Tenancies Act 1986 to tenancy decisions",
            "Manage bonds, inspections and maintenance records",
            "Resolve disputes between landlords and tenants",
        ),
        accredited=(("open-polytechnic", d(2024, 11, 11)),),
    ),
    MC(
        title="Hair Colour Correction",
        level=4,
        credits=10,
        nzsced_code="110303",
        developer="ringa-hora",
        listed_on=d(2023, 3, 6),
        review_period_years=2,
        use="Used by salons to recognise stylists who correct and restore hair colour.",
        learning_outcomes=(
            "Analyse hair condition and previous colour treatments",
            "Plan and carry out a colour correction service",
        ),
        accredited=(("te-pukenga", d(2023, 5, 1)),),
        status_steps=(
            StatusStep(
                ListingStatus.EXPIRING,
                d(2026, 4, 1),
                _HOSPITALITY_REPLACED,
                end_date=d(2028, 3, 31),
            ),
        ),
    ),
)

TOITU_TE_WAIORA = (
    MC(
        title="Manage first aid in an emergency situation",
        level=3,
        credits=5,
        nzsced_code="069907",
        developer="toitu-te-waiora",
        approved_on=d(2024, 11, 14),
        listed_on=d(2024, 11, 18),
        review_period_years=3,
        use="Used by employers and community groups who need trained first aiders on site.",
        learning_outcomes=(
            "Provide first aid for life-threatening emergencies",
            "Provide basic life support and resuscitation",
            "Manage first aid in an emergency until help arrives",
        ),
        standards_used=("6400", "6401", "6402"),
        accredited=(
            ("ara", d(2025, 1, 20)),
            ("te-wananga-o-aotearoa", d(2025, 2, 10)),
            ("nzdf", d(2025, 3, 3)),
            ("te-kura", d(2025, 4, 7)),
        ),
    ),
    MC(
        title="Supporting People Living with Dementia",
        level=3,
        credits=10,
        nzsced_code="090507",
        developer="toitu-te-waiora",
        listed_on=d(2023, 7, 3),
        review_period_years=3,
        use="Used by aged residential care and home support providers for their kaimahi.",
        learning_outcomes=(
            "Describe how dementia affects a person and their whānau",
            "Support a person living with dementia with dignity",
        ),
        versions=(
            VersionChange(
                approved_on=d(2024, 6, 17),
                effective_from=d(2024, 7, 1),
                change_summary="Strengthened the outcome on working with whānau.",
                changes={
                    "learning_outcomes": [
                        "Describe how dementia affects a person and their whānau",
                        "Support a person living with dementia with dignity",
                        "Work alongside whānau in planning care",
                    ]
                },
            ),
            VersionChange(
                approved_on=d(2025, 8, 4),
                effective_from=d(2025, 9, 1),
                change_summary="Credits raised from 10 to 12 after the developer review.",
                changes={"credits": 12, "notional_hours": 120},
            ),
        ),
        accredited=(("te-pukenga", d(2023, 9, 4)), ("pasifika-futures", d(2024, 2, 5))),
    ),
    MC(
        title="Health Care Assistant Fundamentals",
        level=2,
        credits=10,
        nzsced_code="090511",
        developer="toitu-te-waiora",
        listed_on=d(2023, 10, 9),
        review_period_years=3,
        use="Used by hospitals and rest homes to prepare new health care assistants.",
        learning_outcomes=(
            "Provide personal care that respects privacy and dignity",
            "Follow infection prevention and control practices",
        ),
        accredited=(("pasifika-futures", d(2023, 12, 4)),),
    ),
    MC(
        title="Kaiāwhina Mauri Ora",
        in_te_reo_maori=True,
        purpose_mi=(
            "Ka whakarite tēnei tohu iti i ngā kaiāwhina ki te tautoko i te mauri ora o ngā "
            "whānau, mā ngā tikanga Māori me te mātauranga Māori."
        ),
        level=4,
        credits=15,
        nzsced_code="061305",
        developer="toitu-te-waiora",
        listed_on=d(2024, 6, 10),
        review_period_years=3,
        te_hono=True,
        use="Used by kaupapa Māori health providers to recognise kaiāwhina who support whānau.",
        learning_outcomes=(
            "Support whānau wellbeing using Te Whare Tapa Whā",
            "Apply tikanga Māori in health and social services",
            "Connect whānau with health and community services",
        ),
        accredited=(("te-wananga-o-aotearoa", d(2024, 8, 5)), ("awanuiarangi", d(2024, 9, 2))),
    ),
    MC(
        title="Youth Work Practice in Communities",
        level=5,
        credits=20,
        nzsced_code="090505",
        developer="toitu-te-waiora",
        listed_on=d(2024, 2, 12),
        review_period_years=3,
        use="Used by youth organisations to recognise youth workers' practice.",
        learning_outcomes=(
            "Apply a strengths-based approach to youth work",
            "Build safe relationships with rangatahi",
        ),
        accredited=(("pasifika-futures", d(2024, 4, 2)),),
    ),
    MC(
        title="Mental Health and Addiction Support Foundations",
        level=4,
        credits=15,
        nzsced_code="090513",
        developer="toitu-te-waiora",
        listed_on=d(2025, 4, 14),
        review_period_years=2,
        use="Used by mental health and addiction services for support workers new to the sector.",
        learning_outcomes=(
            "Describe recovery-focused approaches to mental health and addiction",
            "Respond safely to a person in distress",
        ),
        accredited=(("te-pukenga", d(2025, 6, 2)),),
    ),
)
