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
        username="learner",
        first_name="Tama",
        last_name="Rāwiri",
        role_label="Learner",
        nsn=LEARNER_NSN,
    ),
)

LEARNERS = (
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
