"""The demo's people: one persona per role, and learners in the index.

Every name and National Student Number here is invented. The personas all sign in with
`DEMO_PASSWORD`, printed by `tohu demo`: demo data only.
"""

from __future__ import annotations

from datetime import date

from tohu.demo.specs import LearnerSpec, PersonaSpec
from tohu.organisations.models import Role

LEARNER_NSN = "0041872305"

PERSONAS = (
    PersonaSpec(
        username="evaluator",
        first_name="Aroha",
        last_name="Ngata",
        role_label="Quality assurer: evaluator",
        organisation="nzqa",
        role=Role.EVALUATOR,
    ),
    PersonaSpec(
        username="qa-manager",
        first_name="Hemi",
        last_name="Walker",
        role_label="Quality assurer: manager",
        organisation="nzqa",
        role=Role.MANAGER,
    ),
    PersonaSpec(
        username="unz-evaluator",
        first_name="Rachel",
        last_name="Thompson",
        role_label="Quality assurer for universities: evaluator",
        organisation="universities-nz",
        role=Role.EVALUATOR,
    ),
    PersonaSpec(
        username="translator",
        first_name="Hana",
        last_name="Parata",
        role_label="Translator: reviews the te reo Māori interface",
        organisation="nzqa",
        role=Role.TRANSLATOR,
    ),
    PersonaSpec(
        username="developer",
        first_name="Priya",
        last_name="Naidu",
        role_label="Developer (Industry Skills Board staff)",
        organisation="isb-services",
        role=Role.STAFF,
    ),
    PersonaSpec(
        username="provider-admin",
        first_name="Sione",
        last_name="Fifita",
        role_label="Provider administrator",
        organisation="harbourside-hospitality",
        role=Role.ADMIN,
    ),
    PersonaSpec(
        username="results-officer",
        first_name="Mei",
        last_name="Chen",
        role_label="Provider results officer",
        organisation="harbourside-hospitality",
        role=Role.RESULTS_OFFICER,
    ),
    PersonaSpec(
        username="overseas-provider",
        first_name="Litia",
        last_name="Naivalu",
        role_label="Overseas provider: asks for statements of equivalency",
        organisation="coral-coast-maritime",
        role=Role.ADMIN,
    ),
    PersonaSpec(
        username="learner",
        first_name="Tama",
        last_name="Rāwiri",
        role_label="Learner",
        nsn=LEARNER_NSN,
    ),
)

NAMED_LEARNERS = (
    LearnerSpec(LEARNER_NSN, "Tama", "Rāwiri", date(2001, 3, 14)),
    LearnerSpec("0003518846", "Anahera", "Te Whata", date(1998, 11, 2)),
    LearnerSpec("0128830571", "Losa", "Faleolo", date(2003, 7, 21)),
    LearnerSpec("129904412", "Jack", "Brennan", date(1987, 1, 30)),
    LearnerSpec("0090011234", "Mere", "Kāretu", date(1975, 6, 9)),
    LearnerSpec("131245780", "Arjun", "Patel", date(2000, 9, 17)),
    LearnerSpec("0000482913", "Olivia", "Smith", date(2006, 2, 28)),
    LearnerSpec("124400957", "Wiremu", "Pōmare", date(1992, 12, 5)),
    LearnerSpec("0077120066", "Siaosi", "Tuilagi", date(1999, 4, 11)),
    LearnerSpec("133009871", "Grace", "Liu", date(2004, 8, 23)),
    LearnerSpec("0105566321", "Ngaio", "Herewini", date(1981, 10, 16)),
    LearnerSpec("127781045", "Liam", "O'Connor", date(1995, 5, 3)),
)

# More learners, so providers' reports and the register's figures look like a real year's work.
_GIVEN = [
    "Aroha",
    "Hine",
    "Kiri",
    "Manaia",
    "Ngaire",
    "Rangi",
    "Tui",
    "Awhina",
    "Ella",
    "Sophie",
    "Chloe",
    "Isla",
    "Ruby",
    "Mia",
    "Amelia",
    "Wiremu",
    "Nikau",
    "Rawiri",
    "Tane",
    "Ariki",
    "Oliver",
    "Noah",
    "Jack",
    "Leo",
    "Lucas",
    "Mateo",
    "Sione",
    "Tevita",
    "Pita",
    "Samuel",
]
_FAMILY = [
    "Ngata",
    "Tipene",
    "Parata",
    "Horomona",
    "Walker",
    "Wilson",
    "Taylor",
    "Brown",
    "Williams",
    "Thompson",
    "Anderson",
    "Singh",
    "Kumar",
    "Wang",
    "Zhang",
    "Tuilagi",
    "Leota",
    "Fonoti",
    "Latu",
    "Havili",
    "Morgan",
    "Campbell",
    "Robinson",
    "Clarke",
    "Reid",
]


def _more_learners(count: int) -> tuple[LearnerSpec, ...]:
    made = []
    for n in range(count):
        given = _GIVEN[(n * 7 + 3) % len(_GIVEN)]
        family = _FAMILY[(n * 11) % len(_FAMILY)]
        # NSNs are issued in sequence, so older ones keep leading zeros (ROA-nsn)
        nsn = f"{(n * 2_654_435 + 1_237_911) % 140_000_000 + 1_000_000:010d}".lstrip("0").rjust(
            9 + n % 2, "0"
        )
        born = date(1970 + (n * 13) % 38, 1 + n % 12, 1 + (n * 5) % 28)
        made.append(LearnerSpec(nsn, given, family, born))
    return tuple(made)


LEARNERS = NAMED_LEARNERS + _more_learners(48)
