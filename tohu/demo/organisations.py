"""The demo's organisations: the quality assurers, the standard-setting bodies and providers.

Real names, invented numbers:
- NZQA and Universities New Zealand are the real quality assurers.
- The six Workforce Development Councils are the real ones (October 2021 to 31 December 2025).
- The Industry Skills Boards that replace them from 1 January 2026 are **illustrative**: the
  domain research (`research.md`) records that ISBs replace WDCs but lists no ISB names, so these
  are plausible names by industry, one successor for each WDC.
- Te Pūkenga, the polytechnics, wānanga, universities, the New Zealand Defence Force (a GTE),
  Early Childhood New Zealand and Te Kura are real organisations. The other PTEs are fictitious.
- Every MoE provider number is an invented four-digit number (9xxx), not the organisation's
  real one.
- The overseas provider that asks for statements of equivalency is fictitious.
"""

from __future__ import annotations

from datetime import date

from tohu.demo.specs import OrganisationSpec
from tohu.organisations.models import OrganisationType as T

WDC_FROM = date(2021, 10, 4)
WDC_UNTIL = date(2025, 12, 31)
ISB_FROM = date(2026, 1, 1)

QUALITY_ASSURERS = (
    OrganisationSpec(
        slug="nzqa",
        name="New Zealand Qualifications Authority",
        name_mi="Mana Tohu Mātauranga o Aotearoa",
        org_type=T.NZQA,
        website="https://www2.nzqa.govt.nz/",
    ),
    OrganisationSpec(
        slug="universities-nz",
        name="Universities New Zealand",
        name_mi="Te Pōkai Tara",
        org_type=T.UNIVERSITIES_NZ,
        website="https://www.universitiesnz.ac.nz/",
    ),
)


def _wdc(slug: str, name: str, website: str) -> OrganisationSpec:
    return OrganisationSpec(
        slug=slug,
        name=name,
        org_type=T.WDC,
        website=website,
        active_from=WDC_FROM,
        active_until=WDC_UNTIL,
    )


WORKFORCE_DEVELOPMENT_COUNCILS = (
    _wdc(
        "toitu-te-waiora",
        "Toitū te Waiora Community, Health, Education and Social Services "
        "Workforce Development Council",
        "https://toitutewaiora.nz/",
    ),
    _wdc(
        "waihanga-ara-rau",
        "Waihanga Ara Rau Construction and Infrastructure Workforce Development Council",
        "https://www.waihangaararau.nz/",
    ),
    _wdc(
        "hanga-aro-rau",
        "Hanga-Aro-Rau Manufacturing, Engineering and Logistics Workforce Development Council",
        "https://hangaarorau.nz/",
    ),
    _wdc(
        "muka-tangata",
        "Muka Tangata People, Food and Fibre Workforce Development Council",
        "https://mukatangata.nz/",
    ),
    _wdc(
        "ringa-hora", "Ringa Hora Services Workforce Development Council", "https://ringahora.nz/"
    ),
    _wdc(
        "toi-mai",
        "Toi Mai Creative, Cultural, Recreation and Technology Workforce Development Council",
        "https://toimai.nz/",
    ),
)


def _isb(slug: str, name: str) -> OrganisationSpec:
    return OrganisationSpec(slug=slug, name=name, org_type=T.ISB, active_from=ISB_FROM)


# Illustrative names (see the module docstring); each follows the WDC named beside it.
INDUSTRY_SKILLS_BOARDS = (
    _isb("isb-health-community", "Health, Community and Social Services Industry Skills Board"),
    _isb("isb-construction", "Construction and Infrastructure Industry Skills Board"),
    _isb("isb-manufacturing", "Manufacturing, Engineering and Logistics Industry Skills Board"),
    _isb("isb-food-fibre", "Food and Fibre Industry Skills Board"),
    _isb("isb-services", "Services Industry Skills Board"),
    _isb("isb-creative-technology", "Creative, Cultural and Technology Industry Skills Board"),
)

# The Industry Skills Board that takes over each Workforce Development Council's work.
SUCCESSOR_OF = {
    "toitu-te-waiora": "isb-health-community",
    "waihanga-ara-rau": "isb-construction",
    "hanga-aro-rau": "isb-manufacturing",
    "muka-tangata": "isb-food-fibre",
    "ringa-hora": "isb-services",
    "toi-mai": "isb-creative-technology",
}

PROVIDERS = (
    OrganisationSpec(
        slug="te-pukenga",
        name="Te Pūkenga – New Zealand Institute of Skills and Technology",
        org_type=T.TE_PUKENGA,
        moe_number="9001",
        website="https://www.tepukenga.ac.nz/",
        active_until=WDC_UNTIL,
    ),
    OrganisationSpec(
        slug="ara",
        name="Ara Institute of Canterbury",
        org_type=T.ITP,
        moe_number="9002",
        website="https://www.ara.ac.nz/",
    ),
    OrganisationSpec(
        slug="open-polytechnic",
        name="Open Polytechnic",
        name_mi="Kuratini Tuwhera",
        org_type=T.ITP,
        moe_number="9003",
        website="https://www.openpolytechnic.ac.nz/",
    ),
    OrganisationSpec(
        slug="te-wananga-o-aotearoa",
        name="Te Wānanga o Aotearoa",
        org_type=T.WANANGA,
        moe_number="9004",
        website="https://www.twoa.ac.nz/",
    ),
    OrganisationSpec(
        slug="awanuiarangi",
        name="Te Whare Wānanga o Awanuiārangi",
        org_type=T.WANANGA,
        moe_number="9005",
        website="https://www.wananga.ac.nz/",
    ),
    OrganisationSpec(
        slug="harbourside-hospitality",
        name="Harbourside Hospitality School",
        org_type=T.PTE,
        moe_number="9006",
    ),
    OrganisationSpec(
        slug="ecnz",
        name="Early Childhood New Zealand",
        name_mi="Te Tari Puna Ora o Aotearoa",
        org_type=T.PTE,
        moe_number="9007",
        website="https://www.ecnz.ac.nz/",
    ),
    OrganisationSpec(
        slug="pasifika-futures",
        name="Pasifika Futures Training Trust",
        org_type=T.PTE,
        moe_number="9008",
    ),
    OrganisationSpec(
        slug="turanga-trades",
        name="Tūranga Trades Academy",
        org_type=T.PTE,
        moe_number="9009",
    ),
    OrganisationSpec(
        slug="waikato-driver-training",
        name="Waikato Driver and Logistics Training",
        org_type=T.PTE,
        moe_number="9010",
    ),
    OrganisationSpec(
        slug="nzdf",
        name="New Zealand Defence Force",
        name_mi="Te Ope Kātua o Aotearoa",
        org_type=T.GTE,
        moe_number="9011",
        website="https://www.nzdf.mil.nz/",
    ),
    OrganisationSpec(
        slug="massey",
        name="Massey University",
        name_mi="Te Kunenga ki Pūrehuroa",
        org_type=T.UNIVERSITY,
        moe_number="9012",
        website="https://www.massey.ac.nz/",
    ),
    OrganisationSpec(
        slug="waikato",
        name="University of Waikato",
        name_mi="Te Whare Wānanga o Waikato",
        org_type=T.UNIVERSITY,
        moe_number="9013",
        website="https://www.waikato.ac.nz/",
    ),
    OrganisationSpec(
        slug="te-kura",
        name="Te Aho o Te Kura Pounamu",
        name_mi="Te Kura",
        org_type=T.SCHOOL,
        moe_number="9014",
        website="https://www.tekura.school.nz/",
    ),
)

# Outside New Zealand's tertiary system: may ask for statements of equivalency (EQV-who).
# Fictitious.
EQUIVALENCY_APPLICANTS = (
    OrganisationSpec(
        slug="coral-coast-maritime",
        name="Coral Coast Maritime Academy (Fiji)",
        org_type=T.OVERSEAS_PROVIDER,
    ),
)

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    QUALITY_ASSURERS
    + WORKFORCE_DEVELOPMENT_COUNCILS
    + INDUSTRY_SKILLS_BOARDS
    + PROVIDERS
    + EQUIVALENCY_APPLICANTS
)
