"""Demo micro-credentials listed from 2026 for the Industry Skills Boards, and by NZQA
(all illustrative)."""

from __future__ import annotations

from datetime import date as d

from tohu.demo.specs import MicroCredentialSpec as MC

INDUSTRY_SKILLS_BOARD_LISTINGS = (
    MC(
        title="Hospitality Supervision Essentials",
        level=4,
        credits=8,
        nzsced_code="080319",
        developer="isb-services",
        listed_on=d(2026, 3, 9),
        review_period_years=3,
        use="Used by hospitality businesses to prepare shift supervisors.",
        learning_outcomes=(
            "Lead a hospitality team through a shift",
            "Manage rosters, stock and cash handling",
        ),
        accredited=(("harbourside-hospitality", d(2026, 5, 4)),),
    ),
    MC(
        title="Hair Colour Services",
        level=4,
        credits=12,
        nzsced_code="110303",
        developer="isb-services",
        listed_on=d(2026, 3, 30),
        review_period_years=3,
        use="Used by salons to recognise colour services, replacing Hair Colour Correction.",
        learning_outcomes=(
            "Consult with clients on colour services",
            "Carry out colour and colour correction services",
        ),
        accredited=(("ara", d(2026, 6, 1)),),
    ),
    MC(
        title="Temporary Works Awareness",
        level=3,
        credits=4,
        nzsced_code="030901",
        developer="isb-construction",
        listed_on=d(2026, 5, 18),
        review_period_years=2,
        use="Used by construction firms so crews recognise temporary works risks.",
        learning_outcomes=(
            "Identify temporary works on a construction site",
            "Report temporary works that are not as designed",
        ),
    ),
    MC(
        title="Robotic Process Operation",
        level=5,
        credits=10,
        nzsced_code="030703",
        developer="isb-manufacturing",
        listed_on=d(2026, 6, 22),
        review_period_years=3,
        use="Used by manufacturers adopting industrial robots.",
        learning_outcomes=(
            "Operate an industrial robot cell safely",
            "Adjust a robot program for a new product",
        ),
    ),
    MC(
        title="Regenerative Pasture Management",
        level=5,
        credits=15,
        nzsced_code="050101",
        developer="isb-food-fibre",
        listed_on=d(2026, 4, 13),
        review_period_years=3,
        use="Used by farmers and farm advisers managing pasture for soil health.",
        learning_outcomes=(
            "Assess pasture and soil health",
            "Plan grazing to improve soil and water outcomes",
        ),
        accredited=(("te-wananga-o-aotearoa", d(2026, 6, 15)),),
    ),
    MC(
        title="Wool Harvesting Foundations",
        level=2,
        credits=8,
        nzsced_code="050103",
        developer="isb-food-fibre",
        listed_on=d(2026, 2, 16),
        review_period_years=3,
        use="Used by shearing contractors; redeveloped from Wool Handling in Shearing Sheds.",
        learning_outcomes=(
            "Handle wool in a shearing shed to industry standards",
            "Work safely and look after your body in a shed",
        ),
    ),
    MC(
        title="Whānau Ora Navigation",
        title_mi="Te Ara Whānau Ora",
        purpose_mi=(
            "Ka whakapakari tēnei tohu iti i ngā kaiārahi ki te hāpai i ngā whānau kia tutuki "
            "ō rātou wawata."
        ),
        level=4,
        credits=12,
        nzsced_code="090515",
        developer="isb-health-community",
        listed_on=d(2026, 7, 6),
        review_period_years=3,
        te_hono=True,
        use="Used by Whānau Ora providers to recognise navigators who work with whānau.",
        learning_outcomes=(
            "Build a whānau plan with whānau",
            "Connect whānau with services that meet their aspirations",
        ),
        accredited=(("awanuiarangi", d(2026, 9, 7)),),
    ),
    MC(
        title="Screen Production Assistant",
        level=3,
        credits=10,
        nzsced_code="100701",
        developer="isb-creative-technology",
        listed_on=d(2026, 8, 17),
        review_period_years=2,
        use="Used by screen production companies to recognise crew new to sets.",
        learning_outcomes=(
            "Work safely and professionally on a film set",
            "Support a production department during a shoot",
        ),
    ),
)

NZQA_LISTINGS = (
    MC(
        title="Te Reo Māori mō te Wāhi Mahi",
        in_te_reo_maori=True,
        purpose_mi=(
            "Ka ako ngā ākonga i te reo Māori mō ia rā i te wāhi mahi: te mihi, te karakia me te "
            "whakawhitiwhiti kōrero ki ngā hoa mahi me ngā kiritaki."
        ),
        level=2,
        credits=5,
        nzsced_code="091599",
        developer="nzqa",
        listed_on=d(2023, 6, 19),
        review_period_years=3,
        use="Used by employers across Aotearoa who want staff to use everyday te reo Māori.",
        learning_outcomes=(
            "Greet and farewell people in te reo Māori",
            "Take part in a simple karakia and mihi",
        ),
        accredited=(
            ("te-wananga-o-aotearoa", d(2023, 8, 7)),
            ("te-kura", d(2023, 9, 4)),
            ("nzdf", d(2024, 1, 22)),
        ),
    ),
    MC(
        title="Literacy and Numeracy for Work",
        level=1,
        credits=5,
        nzsced_code="120103",
        developer="nzqa",
        listed_on=d(2023, 9, 4),
        review_period_years=3,
        use="Used by foundation programmes and employers to recognise everyday work literacy.",
        learning_outcomes=(
            "Read and complete a workplace form",
            "Use measurement and money calculations at work",
        ),
        accredited=(("turanga-trades", d(2023, 11, 13)), ("te-kura", d(2024, 3, 4))),
    ),
)
