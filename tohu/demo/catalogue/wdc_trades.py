"""Demo micro-credentials developed by four WDCs: Waihanga Ara Rau, Hanga-Aro-Rau, Muka Tangata
and Toi Mai (all illustrative)."""

from __future__ import annotations

from datetime import date as d

from tohu.demo.specs import MicroCredentialSpec as MC
from tohu.demo.specs import StatusStep, VersionChange
from tohu.register.models import ListingStatus

WAIHANGA_ARA_RAU = (
    MC(
        title="Scaffolding Safety Awareness",
        level=2,
        credits=3,
        nzsced_code="040329",
        developer="waihanga-ara-rau",
        listed_on=d(2023, 4, 17),
        review_period_years=2,
        use="Used on construction sites to show workers can work safely around scaffolding.",
        learning_outcomes=(
            "Identify scaffold hazards on a worksite",
            "Check a scaffold tag before use",
        ),
        accredited=(("turanga-trades", d(2023, 6, 5)),),
    ),
    MC(
        title="Temporary Traffic Management Worksite Operations",
        level=3,
        credits=6,
        nzsced_code="030909",
        developer="waihanga-ara-rau",
        listed_on=d(2023, 9, 11),
        review_period_years=3,
        use="Used by road controlling authorities and contractors for worksite traffic staff.",
        learning_outcomes=(
            "Set up and remove temporary traffic management on a worksite",
            "Keep road users and workers safe at a worksite",
        ),
        versions=(
            VersionChange(
                approved_on=d(2025, 6, 9),
                effective_from=d(2025, 7, 1),
                change_summary="Updated to the new guide to temporary traffic management.",
                changes={"title": "Temporary Traffic Management Worksite Practice"},
            ),
        ),
        accredited=(("waikato-driver-training", d(2023, 11, 6)),),
    ),
    MC(
        title="Residential Drainage Basics",
        level=3,
        credits=12,
        nzsced_code="040327",
        developer="waihanga-ara-rau",
        listed_on=d(2024, 7, 1),
        review_period_years=3,
        use="Used by plumbing and drainage firms to recognise apprentices' drainage skills.",
        learning_outcomes=(
            "Lay and test residential drainage pipework",
            "Read drainage plans and consent documents",
        ),
        accredited=(("ara", d(2024, 9, 9)),),
    ),
    MC(
        title="Civil Infrastructure Site Supervision",
        level=5,
        credits=20,
        nzsced_code="040303",
        developer="waihanga-ara-rau",
        listed_on=d(2025, 3, 3),
        review_period_years=3,
        use="Used by civil contractors to develop site supervisors.",
        learning_outcomes=(
            "Plan daily work on a civil infrastructure site",
            "Lead a crew safely and record site quality",
        ),
        accredited=(("ara", d(2025, 5, 5)),),
    ),
    MC(
        title="Heat Pump Installation Fundamentals",
        level=4,
        credits=8,
        nzsced_code="031315",
        developer="waihanga-ara-rau",
        listed_on=d(2024, 10, 14),
        review_period_years=2,
        use="Used by installers to show heat pumps are installed safely and efficiently.",
        learning_outcomes=(
            "Install a split-system heat pump to the manufacturer's instructions",
            "Handle refrigerants safely",
        ),
    ),
)

HANGA_ARO_RAU = (
    MC(
        title="Forklift Operation in Warehousing",
        level=3,
        credits=5,
        nzsced_code="030717",
        developer="hanga-aro-rau",
        listed_on=d(2023, 6, 5),
        review_period_years=3,
        use="Used by warehouses and ports to show safe forklift operation.",
        learning_outcomes=(
            "Inspect a forklift before use",
            "Lift, move and stack loads safely",
        ),
        accredited=(("waikato-driver-training", d(2023, 8, 7)), ("nzdf", d(2024, 3, 4))),
    ),
    MC(
        title="Lean Manufacturing Practice",
        level=4,
        credits=10,
        nzsced_code="030101",
        developer="hanga-aro-rau",
        listed_on=d(2024, 1, 22),
        review_period_years=3,
        use="Used by manufacturers to build continuous improvement on the factory floor.",
        learning_outcomes=(
            "Map a production process and identify waste",
            "Lead a continuous improvement activity",
        ),
    ),
    MC(
        title="Welding Inspection Fundamentals",
        level=5,
        credits=15,
        nzsced_code="030711",
        developer="hanga-aro-rau",
        listed_on=d(2024, 5, 13),
        review_period_years=3,
        use="Used by fabrication firms to recognise staff who inspect welded joints.",
        learning_outcomes=(
            "Inspect welds visually against a welding procedure",
            "Record and report weld defects",
        ),
        accredited=(("ara", d(2024, 7, 8)),),
    ),
    MC(
        title="Supply Chain Logistics Coordination",
        level=4,
        credits=12,
        nzsced_code="089901",
        developer="hanga-aro-rau",
        listed_on=d(2025, 8, 4),
        review_period_years=2,
        use="Used by freight and distribution firms to develop logistics coordinators.",
        learning_outcomes=(
            "Coordinate inbound and outbound freight",
            "Use a warehouse management system to track stock",
        ),
        accredited=(("open-polytechnic", d(2025, 10, 6)),),
    ),
    MC(
        title="Electric Vehicle Safety for Automotive Technicians",
        level=4,
        credits=6,
        nzsced_code="030505",
        developer="hanga-aro-rau",
        listed_on=d(2023, 12, 4),
        review_period_years=2,
        use="Used by workshops to show technicians can work safely on electric vehicles.",
        learning_outcomes=(
            "Isolate a high-voltage vehicle system safely",
            "Identify electric vehicle hazards",
        ),
        versions=(
            VersionChange(
                approved_on=d(2025, 2, 24),
                effective_from=d(2025, 3, 10),
                change_summary="Added hydrogen fuel cell vehicles to the scope.",
                changes={
                    "title": "Electric and Hydrogen Vehicle Safety for Automotive Technicians",
                    "credits": 8,
                    "notional_hours": 80,
                },
            ),
        ),
        accredited=(("te-pukenga", d(2024, 2, 19)),),
    ),
)

MUKA_TANGATA = (
    MC(
        title="Dairy Farm Animal Welfare",
        level=3,
        credits=8,
        nzsced_code="050105",
        developer="muka-tangata",
        listed_on=d(2023, 2, 20),
        review_period_years=3,
        use="Used by dairy farmers to show staff meet animal welfare codes.",
        learning_outcomes=(
            "Recognise signs of ill health in dairy cattle",
            "Handle stock calmly and safely",
        ),
        accredited=(("te-pukenga", d(2023, 4, 3)),),
    ),
    MC(
        title="Apiculture Hive Management",
        level=3,
        credits=10,
        nzsced_code="050105",
        developer="muka-tangata",
        listed_on=d(2023, 10, 23),
        review_period_years=2,
        use="Used by beekeeping businesses, including mānuka honey producers.",
        learning_outcomes=(
            "Inspect a hive and assess colony health",
            "Manage pests and diseases in line with the American foulbrood plan",
        ),
        accredited=(("te-wananga-o-aotearoa", d(2024, 1, 15)),),
    ),
    MC(
        title="Kiwifruit Orchard Pruning",
        level=2,
        credits=5,
        nzsced_code="050301",
        developer="muka-tangata",
        listed_on=d(2024, 6, 24),
        review_period_years=3,
        use="Used by Bay of Plenty orchards to recognise seasonal and permanent pruners.",
        learning_outcomes=(
            "Prune kiwifruit vines to an orchard plan",
            "Use pruning tools safely",
        ),
        accredited=(("turanga-trades", d(2024, 8, 12)),),
    ),
    MC(
        title="Wool Handling in Shearing Sheds",
        level=2,
        credits=6,
        nzsced_code="050103",
        developer="muka-tangata",
        listed_on=d(2022, 9, 12),
        review_period_years=3,
        use="Used by shearing contractors to recognise wool handlers.",
        learning_outcomes=(
            "Skirt and throw a fleece",
            "Keep a wool shed board clean and safe",
        ),
        accredited=(("te-pukenga", d(2022, 11, 7)),),
        status_steps=(
            StatusStep(
                ListingStatus.EXPIRING,
                d(2023, 10, 2),
                "Developer review: not to continue; to be redeveloped.",
                end_date=d(2025, 9, 30),
            ),
            StatusStep(
                ListingStatus.DISCONTINUED,
                d(2025, 10, 1),
                "End date of expiring status passed (LOR-8.3).",
            ),
        ),
    ),
    MC(
        title="Safe Use of Plant Protection Products",
        level=3,
        credits=4,
        nzsced_code="059901",
        developer="muka-tangata",
        listed_on=d(2025, 2, 17),
        review_period_years=3,
        use="Used by growers and contractors who apply agrichemicals.",
        learning_outcomes=(
            "Select and apply plant protection products safely",
            "Store agrichemicals and record their use",
        ),
        accredited=(("te-pukenga", d(2025, 4, 14)),),
    ),
    MC(
        title="Seafood Processing Hygiene",
        level=2,
        credits=5,
        nzsced_code="110111",
        developer="muka-tangata",
        listed_on=d(2024, 3, 18),
        review_period_years=3,
        use="Used by seafood processors to meet food safety programme requirements.",
        learning_outcomes=(
            "Follow hygiene practices in a seafood processing plant",
            "Keep seafood at safe temperatures",
        ),
    ),
)

TOI_MAI = (
    MC(
        title="Introduction to Cloud Computing Support",
        level=4,
        credits=10,
        nzsced_code="020113",
        developer="toi-mai",
        listed_on=d(2023, 9, 25),
        review_period_years=3,
        use="Used by IT service firms to recognise entry-level cloud support staff.",
        learning_outcomes=(
            "Deploy and monitor a cloud service",
            "Manage user access to cloud resources",
        ),
        accredited=(("open-polytechnic", d(2023, 11, 20)),),
    ),
    MC(
        title="Cyber Security Awareness for Small Business",
        level=3,
        credits=5,
        nzsced_code="029901",
        developer="toi-mai",
        listed_on=d(2024, 2, 26),
        review_period_years=2,
        use="Used by small businesses to protect their systems and customer data.",
        learning_outcomes=(
            "Recognise phishing and social engineering",
            "Apply basic security controls to business devices",
        ),
        versions=(
            VersionChange(
                approved_on=d(2024, 10, 7),
                effective_from=d(2024, 11, 1),
                change_summary="Added an outcome on multi-factor authentication.",
                changes={
                    "learning_outcomes": [
                        "Recognise phishing and social engineering",
                        "Apply basic security controls to business devices",
                        "Set up multi-factor authentication",
                    ]
                },
            ),
            VersionChange(
                approved_on=d(2025, 9, 15),
                effective_from=d(2025, 10, 1),
                change_summary="Review period changed to 3 years after the developer review.",
                changes={"review_period_years": 3},
            ),
        ),
        accredited=(("open-polytechnic", d(2024, 4, 8)), ("te-kura", d(2024, 5, 6))),
    ),
    MC(
        title="Game Development Fundamentals",
        level=5,
        credits=30,
        nzsced_code="020115",
        developer="toi-mai",
        listed_on=d(2024, 8, 19),
        review_period_years=3,
        use="Used by game studios to recognise junior developers.",
        learning_outcomes=(
            "Build a playable game prototype in a game engine",
            "Work in an agile game development team",
        ),
    ),
    MC(
        title="Kapa Haka Performance Practice",
        title_mi="Te Mahi Kapa Haka",
        purpose_mi=(
            "Ka whakanui tēnei tohu iti i ngā pūkenga kapa haka, i te reo me ngā tikanga o te "
            "whakaari Māori."
        ),
        level=3,
        credits=10,
        nzsced_code="100199",
        developer="toi-mai",
        listed_on=d(2023, 8, 28),
        review_period_years=3,
        use="Used by kura, kapa haka rōpū and iwi to recognise performers' skills.",
        learning_outcomes=(
            "Perform waiata-ā-ringa and haka with correct technique",
            "Explain the tikanga of a kapa haka performance",
        ),
        accredited=(("te-wananga-o-aotearoa", d(2023, 10, 30)), ("te-kura", d(2024, 2, 12))),
    ),
    MC(
        title="Sound Engineering for Live Events",
        level=4,
        credits=12,
        nzsced_code="100701",
        developer="toi-mai",
        listed_on=d(2025, 5, 12),
        review_period_years=3,
        use="Used by event companies and venues for live sound technicians.",
        learning_outcomes=(
            "Set up a live sound system for a venue",
            "Mix sound for a live performance",
        ),
    ),
    MC(
        title="Outdoor Recreation Leadership",
        level=4,
        credits=15,
        nzsced_code="092101",
        developer="toi-mai",
        listed_on=d(2024, 11, 4),
        review_period_years=3,
        use="Used by outdoor centres to recognise leaders of safe outdoor activities.",
        learning_outcomes=(
            "Plan a safe outdoor activity",
            "Lead a group in the outdoors and manage risk",
        ),
        accredited=(("nzdf", d(2025, 2, 3)),),
    ),
)
