"""The demo's micro-credentials: every definition, and the listing details each one makes.

The definitions live in the modules beside this one: `wdc_services` and `wdc_trades` (developed
by the six WDCs), `isb_nzqa` (Industry Skills Boards from 2026, and NZQA) and `providers`
(polytechnics, wānanga, PTEs, a GTE and universities).
"""

from __future__ import annotations

from tohu.demo.catalogue.isb_nzqa import INDUSTRY_SKILLS_BOARD_LISTINGS, NZQA_LISTINGS
from tohu.demo.catalogue.providers import PROVIDER_LISTINGS
from tohu.demo.catalogue.wdc_services import RINGA_HORA, TOITU_TE_WAIORA
from tohu.demo.catalogue.wdc_trades import HANGA_ARO_RAU, MUKA_TANGATA, TOI_MAI, WAIHANGA_ARA_RAU
from tohu.demo.specs import MicroCredentialSpec
from tohu.register.services import VersionDetails
from tohu.rulebook import hours_for_credits

MICRO_CREDENTIALS: tuple[MicroCredentialSpec, ...] = (
    RINGA_HORA
    + TOITU_TE_WAIORA
    + WAIHANGA_ARA_RAU
    + HANGA_ARO_RAU
    + MUKA_TANGATA
    + TOI_MAI
    + INDUSTRY_SKILLS_BOARD_LISTINGS
    + NZQA_LISTINGS
    + PROVIDER_LISTINGS
)

# LOR-6.1d (ii) and (v) by NZSCED broad field, for definitions that do not write their own.
FIELD_RELEVANCE = {
    "01": "Relevant to learners, laboratories, regional councils and science employers.",
    "02": "Relevant to learners, employers and the technology industry across Aotearoa.",
    "03": "Relevant to learners, employers and the engineering and logistics industries.",
    "04": "Relevant to learners, building firms, councils and the construction industry.",
    "05": "Relevant to learners, whānau, iwi land trusts and the food and fibre sector.",
    "06": "Relevant to learners, whānau, hapori Māori, health providers and patients.",
    "07": "Relevant to learners, teachers, whānau and early learning and school communities.",
    "08": "Relevant to learners, employers and businesses of every size.",
    "09": "Relevant to learners, whānau, hapū, iwi, community groups and employers.",
    "10": "Relevant to learners, iwi, creative communities and the creative industries.",
    "11": "Relevant to learners, employers and the hospitality and personal services industry.",
    "12": "Relevant to learners, whānau, community groups and employers.",
}
FIELD_CONTRIBUTION = {
    "01": "Supports employment in science and environmental monitoring roles.",
    "02": "Supports employment in technology roles and digital capability in communities.",
    "03": "Supports employment in engineering, manufacturing and logistics.",
    "04": "Supports employment in building and construction and safer worksites.",
    "05": "Supports employment on farms, orchards and forests, and kaitiakitanga of the whenua.",
    "06": "Supports employment in health care and the wellbeing of whānau and communities.",
    "07": "Supports teaching careers and the learning of tamariki and rangatahi.",
    "08": "Supports employment and career progression in business roles.",
    "09": "Supports employment in community services and contribution to whānau, hapū and iwi.",
    "10": "Supports creative careers and the cultural life of communities.",
    "11": "Supports employment in hospitality, food and personal services.",
    "12": "Supports first steps into work, further study and community life.",
}


def _sentence_list(items: tuple[str, ...]) -> str:
    phrases = [item[:1].lower() + item[1:] for item in items]
    if len(phrases) == 1:
        return phrases[0]
    return f"{'; '.join(phrases[:-1])}; and {phrases[-1]}"


def details_for(spec: MicroCredentialSpec) -> VersionDetails:
    """Return the listing details of version 1, composing the purpose and outcome statement."""
    broad = spec.nzsced_code[:2]
    return VersionDetails(
        title=spec.title,
        title_mi=spec.title_mi,
        level=spec.level,
        credits=spec.credits,
        notional_hours=hours_for_credits(spec.credits),
        nzsced_code=spec.nzsced_code,
        purpose_use=spec.use,
        purpose_relevance=spec.relevance or FIELD_RELEVANCE[broad],
        purpose_outcomes=f"A graduate can {_sentence_list(spec.learning_outcomes)}.",
        purpose_pathways=spec.pathways,
        purpose_contribution=spec.contribution or FIELD_CONTRIBUTION[broad],
        purpose_mi=spec.purpose_mi,
        in_te_reo_maori=spec.in_te_reo_maori,
        review_period_years=spec.review_period_years,
        learning_outcomes=list(spec.learning_outcomes),
        standards_used=list(spec.standards_used),
    )
