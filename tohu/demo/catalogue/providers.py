"""Demo micro-credentials developed by providers: Te Pūkenga and polytechnics, wānanga, PTEs, a
GTE and universities (NZQA lists university ones; Universities New Zealand approves them).

"He Pātaka Reo" (level 5, 12 credits, Early Childhood New Zealand) is a real micro-credential;
its dates and statement here, and everything else in this module, are illustrative. Listings
approved before the 2022 rules took effect (16 January 2023) show the 1-year review (REV-period).
"""

from __future__ import annotations

from datetime import date as d

from tohu.demo.specs import MicroCredentialSpec as MC
from tohu.demo.specs import StatusStep, VersionChange
from tohu.register.models import ListingStatus

TE_PUKENGA_AND_POLYTECHNICS = (
    MC(
        title="Carpentry Framing Fundamentals",
        level=3,
        credits=20,
        nzsced_code="040311",
        developer="te-pukenga",
        approved_on=d(2022, 10, 24),
        listed_on=d(2022, 11, 7),
        review_period_years=2,
        use="Used by builders to recognise pre-apprentices who can frame a house.",
        learning_outcomes=(
            "Set out and construct timber wall frames",
            "Use power tools safely on a building site",
        ),
        accredited=(("te-pukenga", d(2022, 11, 7)),),
        status_steps=(
            StatusStep(
                ListingStatus.EXPIRING,
                d(2026, 2, 2),
                "Te Pūkenga's review lapsed at its disestablishment; polytechnics are "
                "redeveloping the framing outcomes.",
                end_date=d(2027, 12, 31),
            ),
        ),
    ),
    MC(
        title="Sustainable Building Practice",
        level=5,
        credits=10,
        nzsced_code="040301",
        developer="te-pukenga",
        listed_on=d(2023, 5, 8),
        review_period_years=3,
        use="Used by designers and builders working towards low-carbon, healthy homes.",
        learning_outcomes=(
            "Apply passive design principles to a residential building",
            "Compare the embodied carbon of building materials",
        ),
        versions=(
            VersionChange(
                approved_on=d(2024, 9, 23),
                effective_from=d(2024, 10, 7),
                change_summary="Updated for the H1 energy efficiency requirements of the code.",
                changes={"title": "Sustainable and Energy-efficient Building Practice"},
            ),
        ),
        accredited=(("te-pukenga", d(2023, 5, 8)), ("ara", d(2023, 8, 14))),
    ),
    MC(
        title="Acute Care Triage Practice",
        level=7,
        credits=15,
        nzsced_code="060309",
        developer="te-pukenga",
        listed_on=d(2023, 8, 21),
        review_period_years=3,
        use="Used by hospital emergency departments for registered nurses who triage patients.",
        learning_outcomes=(
            "Apply the Australasian Triage Scale to patient presentations",
            "Recognise and escalate the deteriorating patient",
        ),
        pathways="Credit towards postgraduate nursing study.",
        accredited=(("te-pukenga", d(2023, 8, 21)),),
    ),
    MC(
        title="Human Factors in Aircraft Maintenance",
        level=5,
        credits=5,
        nzsced_code="031503",
        developer="ara",
        listed_on=d(2023, 2, 27),
        review_period_years=3,
        use="Used by aviation maintenance organisations under Civil Aviation Rules Part 145.",
        learning_outcomes=(
            "Explain how human factors contribute to maintenance errors",
            "Apply error management practices in aircraft maintenance",
        ),
        accredited=(("ara", d(2023, 2, 27)),),
    ),
    MC(
        title="Introduction to Bookkeeping",
        level=3,
        credits=10,
        nzsced_code="080101",
        developer="open-polytechnic",
        approved_on=d(2021, 8, 2),
        listed_on=d(2021, 8, 16),
        review_period_years=3,
        use="Used by small businesses and community organisations that keep their own books.",
        learning_outcomes=(
            "Record business transactions",
            "Prepare a bank reconciliation",
        ),
        versions=(
            VersionChange(
                approved_on=d(2023, 3, 13),
                effective_from=d(2023, 4, 3),
                change_summary="Moved from desktop to cloud accounting software.",
                changes={
                    "learning_outcomes": [
                        "Record business transactions in cloud accounting software",
                        "Prepare a bank reconciliation",
                    ]
                },
            ),
            VersionChange(
                approved_on=d(2025, 2, 17),
                effective_from=d(2025, 3, 3),
                change_summary="Added GST returns; credits raised from 10 to 15.",
                changes={
                    "credits": 15,
                    "notional_hours": 150,
                    "learning_outcomes": [
                        "Record business transactions in cloud accounting software",
                        "Prepare a bank reconciliation",
                        "Prepare and file a GST return",
                    ],
                },
            ),
        ),
        accredited=(("open-polytechnic", d(2021, 8, 16)),),
    ),
    MC(
        title="Library and Information Services Practice",
        level=5,
        credits=15,
        nzsced_code="091301",
        developer="open-polytechnic",
        listed_on=d(2022, 5, 9),
        review_period_years=2,
        use="Used by public and school libraries for library assistants.",
        learning_outcomes=(
            "Help library users find and evaluate information",
            "Describe and organise library collections",
        ),
        accredited=(("open-polytechnic", d(2022, 5, 9)),),
        status_steps=(
            StatusStep(
                ListingStatus.EXPIRING,
                d(2023, 6, 1),
                "Replaced by the library and information studies programme.",
                end_date=d(2025, 5, 31),
            ),
            StatusStep(
                ListingStatus.DISCONTINUED,
                d(2025, 6, 1),
                "End date of expiring status passed (LOR-8.3).",
            ),
        ),
    ),
    MC(
        title="Project Management Practice",
        level=6,
        credits=15,
        nzsced_code="080315",
        developer="open-polytechnic",
        listed_on=d(2025, 1, 27),
        review_period_years=3,
        use="Used by organisations that run projects to recognise project coordinators.",
        learning_outcomes=(
            "Plan a project's scope, schedule and budget",
            "Manage project risks and stakeholders",
        ),
        accredited=(("open-polytechnic", d(2025, 1, 27)),),
    ),
)

WANANGA = (
    MC(
        title="Raranga Harakeke",
        in_te_reo_maori=True,
        purpose_mi=(
            "Ka ako ngā ākonga i ngā tikanga me ngā pūkenga o te raranga harakeke, mai i te "
            "hauhake harakeke ki te whatu kete."
        ),
        level=2,
        credits=10,
        nzsced_code="100305",
        developer="te-wananga-o-aotearoa",
        approved_on=d(2022, 2, 28),
        listed_on=d(2022, 3, 14),
        review_period_years=3,
        use="Used by marae, iwi and community groups to keep the art of weaving alive.",
        learning_outcomes=(
            "Harvest and prepare harakeke following tikanga",
            "Weave a kete using traditional techniques",
        ),
        accredited=(("te-wananga-o-aotearoa", d(2022, 3, 14)),),
    ),
    MC(
        title="Kōrero Māori mō te Kāinga",
        in_te_reo_maori=True,
        purpose_mi="Ka whakamahi ngā ākonga i te reo Māori ki te kāinga, ki te whānau hoki.",
        level=1,
        credits=5,
        nzsced_code="091599",
        developer="te-wananga-o-aotearoa",
        listed_on=d(2023, 10, 2),
        review_period_years=2,
        use="Used by whānau who want to speak te reo Māori at home with their tamariki.",
        learning_outcomes=(
            "Use everyday te reo Māori phrases at home",
            "Read a short pukapuka to tamariki",
        ),
        accredited=(("te-wananga-o-aotearoa", d(2023, 10, 2)), ("te-kura", d(2024, 2, 5))),
    ),
    MC(
        title="Indigenous Research Methods",
        title_mi="Ngā Tikanga Rangahau Taketake",
        purpose_mi="Ka whakamahi ngā ākonga i ngā tikanga rangahau kaupapa Māori.",
        level=8,
        credits=15,
        nzsced_code="090311",
        developer="awanuiarangi",
        listed_on=d(2023, 4, 3),
        review_period_years=3,
        use="Used by researchers working with iwi, hapū and Indigenous communities.",
        learning_outcomes=(
            "Design a research project grounded in kaupapa Māori",
            "Apply ethical practice when researching with communities",
        ),
        pathways="Credit towards a postgraduate programme in Indigenous studies.",
        accredited=(("awanuiarangi", d(2023, 4, 3)),),
    ),
    MC(
        title="Mātauranga Māori Environmental Monitoring",
        title_mi="Te Aroturuki Taiao",
        purpose_mi=(
            "Ka aroturuki ngā ākonga i te hauora o te taiao mā te mātauranga Māori me ngā "
            "tohu o te whenua, o te wai."
        ),
        level=6,
        credits=15,
        nzsced_code="050999",
        developer="awanuiarangi",
        listed_on=d(2024, 10, 7),
        review_period_years=3,
        te_hono=True,
        use="Used by iwi environmental units and regional councils monitoring awa and whenua.",
        learning_outcomes=(
            "Monitor the health of a waterway using mātauranga Māori indicators",
            "Report monitoring results to iwi and councils",
        ),
        accredited=(("awanuiarangi", d(2024, 10, 7)),),
    ),
)

PRIVATE_AND_GOVERNMENT = (
    MC(
        title="Food Safety Supervision",
        level=4,
        credits=5,
        nzsced_code="110111",
        developer="harbourside-hospitality",
        listed_on=d(2024, 1, 15),
        review_period_years=3,
        use="Used by food businesses operating under a food control plan.",
        learning_outcomes=(
            "Supervise safe food handling in a food business",
            "Verify food control plan records",
        ),
        accredited=(("harbourside-hospitality", d(2024, 1, 15)),),
    ),
    MC(
        title="Cocktail and Bar Service",
        level=3,
        credits=5,
        nzsced_code="110103",
        developer="harbourside-hospitality",
        approved_on=d(2019, 9, 23),
        listed_on=d(2019, 10, 7),
        review_period_years=1,
        use="Used by bars and restaurants to recognise bartenders.",
        learning_outcomes=(
            "Prepare classic cocktails to recipe",
            "Serve alcohol responsibly",
        ),
        accredited=(("harbourside-hospitality", d(2019, 10, 7)),),
        status_steps=(
            StatusStep(
                ListingStatus.EXPIRING,
                d(2023, 2, 1),
                "Developer review: not to continue.",
                end_date=d(2024, 12, 31),
            ),
            StatusStep(
                ListingStatus.DISCONTINUED,
                d(2025, 1, 1),
                "End date of expiring status passed (LOR-8.3).",
            ),
        ),
    ),
    MC(
        title="He Pātaka Reo",
        in_te_reo_maori=True,
        purpose_mi=(
            "Ka whakapakari tēnei tohu iti i te reo Māori o ngā kaiako kōhungahunga, kia "
            "rere ai te reo i ngā rā katoa ki te taha o ngā tamariki."
        ),
        level=5,
        credits=12,
        nzsced_code="070101",
        developer="ecnz",
        listed_on=d(2023, 2, 27),
        review_period_years=3,
        use="Used by early childhood services to grow kaiako confidence in te reo Māori.",
        learning_outcomes=(
            "Use te reo Māori naturally in daily routines with tamariki",
            "Plan learning that weaves te reo Māori through the curriculum",
        ),
        accredited=(("ecnz", d(2023, 2, 27)),),
    ),
    MC(
        title="Introduction to Trades Skills",
        level=1,
        credits=10,
        nzsced_code="120505",
        developer="turanga-trades",
        listed_on=d(2023, 7, 24),
        review_period_years=3,
        use="Used by schools and employers as a first step into the building and motor trades.",
        learning_outcomes=(
            "Use hand tools safely",
            "Follow health and safety instructions at work",
        ),
        accredited=(("turanga-trades", d(2023, 7, 24)), ("te-kura", d(2023, 9, 18))),
    ),
    MC(
        title="Class 2 Heavy Vehicle Driving",
        level=3,
        credits=10,
        nzsced_code="030515",
        developer="waikato-driver-training",
        approved_on=d(2022, 7, 18),
        listed_on=d(2022, 8, 1),
        review_period_years=3,
        use="Used by freight firms to prepare drivers for the Class 2 licence.",
        learning_outcomes=(
            "Drive a medium rigid vehicle safely",
            "Complete daily vehicle checks and logbooks",
        ),
        accredited=(("waikato-driver-training", d(2022, 8, 1)),),
        status_steps=(
            StatusStep(
                ListingStatus.EXPIRING,
                d(2026, 2, 2),
                "Being replaced by a heavy vehicle listing under the 2026 rules.",
                end_date=d(2028, 1, 31),
            ),
        ),
    ),
    MC(
        title="Leadership in Uniformed Services",
        level=4,
        credits=10,
        nzsced_code="080307",
        developer="nzdf",
        listed_on=d(2024, 7, 29),
        review_period_years=3,
        use="Used by the armed forces, police and fire services for junior leaders.",
        learning_outcomes=(
            "Lead a small team in a uniformed service",
            "Give clear orders and feedback",
        ),
        accredited=(("nzdf", d(2024, 7, 29)),),
    ),
)

UNIVERSITIES = (
    MC(
        title="Applied Data Science for Agribusiness",
        level=8,
        credits=15,
        nzsced_code="010103",
        developer="massey",
        listed_on=d(2023, 3, 20),
        review_period_years=3,
        use="Used by agribusiness analysts working with farm and supply chain data.",
        learning_outcomes=(
            "Analyse agricultural data with statistical models",
            "Communicate findings to farm and business decision makers",
        ),
        pathways="Credit towards the postgraduate certificate in agribusiness.",
        accredited=(("massey", d(2023, 3, 20)),),
    ),
    MC(
        title="Biosecurity in Veterinary Practice",
        level=7,
        credits=10,
        nzsced_code="061101",
        developer="massey",
        listed_on=d(2024, 8, 5),
        review_period_years=3,
        use="Used by veterinary practices to manage disease risk, such as Mycoplasma bovis.",
        learning_outcomes=(
            "Assess biosecurity risks in a veterinary practice",
            "Advise farmers on on-farm biosecurity",
        ),
        accredited=(("massey", d(2024, 8, 5)),),
    ),
    MC(
        title="Te Tiriti o Waitangi in Professional Practice",
        title_mi="Te Tiriti i te Mahi Ngaio",
        purpose_mi=(
            "Ka whakatinana ngā ākonga i ngā mātāpono o Te Tiriti o Waitangi i ā rātou mahi."
        ),
        level=7,
        credits=5,
        nzsced_code="090311",
        developer="massey",
        listed_on=d(2023, 7, 17),
        review_period_years=2,
        use="Used by professionals whose registration bodies expect Te Tiriti competence.",
        learning_outcomes=(
            "Explain the articles and principles of Te Tiriti o Waitangi",
            "Apply Te Tiriti principles in professional practice",
        ),
        accredited=(("massey", d(2023, 7, 17)),),
    ),
    MC(
        title="Cyber Security Leadership",
        level=9,
        credits=15,
        nzsced_code="029901",
        developer="waikato",
        listed_on=d(2024, 2, 19),
        review_period_years=3,
        use="Used by organisations to develop security managers and advisers.",
        learning_outcomes=(
            "Design a cyber security governance framework",
            "Lead the response to a security incident",
        ),
        pathways="Credit towards a master's programme in cyber security.",
        accredited=(("waikato", d(2024, 2, 19)),),
    ),
    MC(
        title="Research Supervision Practice",
        level=10,
        credits=10,
        nzsced_code="070111",
        developer="waikato",
        listed_on=d(2025, 3, 24),
        review_period_years=3,
        use="Used by universities to develop supervisors of research students.",
        learning_outcomes=(
            "Supervise research students ethically and effectively",
            "Evaluate supervision practice against current research",
        ),
        accredited=(("waikato", d(2025, 3, 24)),),
    ),
)

PROVIDER_LISTINGS: tuple[MC, ...] = (
    TE_PUKENGA_AND_POLYTECHNICS + WANANGA + PRIVATE_AND_GOVERNMENT + UNIVERSITIES
)
