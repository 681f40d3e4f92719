"""`build_demo`: a realistic framework, loaded once, every listing valid."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from tohu.core import policy
from tohu.core.models import AuditEvent
from tohu.demo.build import DemoSummary, build_demo
from tohu.demo.specs import DEMO_PASSWORD
from tohu.learners.models import Learner
from tohu.organisations.models import Membership, Organisation, OrganisationKind, OrganisationType
from tohu.register.models import (
    Accreditation,
    FieldOfStudy,
    ListingStatus,
    MicroCredential,
    MicroCredentialVersion,
    SearchDocument,
    StatusChange,
)
from tohu.reviews.selectors import legacy_micro_credentials
from tohu.reviews.services import period_of, reviews_schedule
from tohu.rulebook import ListingDetails, blocks, check_listing


def _table_counts() -> dict[str, int]:
    models = (
        Organisation,
        Membership,
        get_user_model(),
        Learner,
        MicroCredential,
        MicroCredentialVersion,
        StatusChange,
        Accreditation,
        SearchDocument,
        AuditEvent,
    )
    return {model._meta.label: model.objects.count() for model in models}


def test_demo_builds_a_realistic_framework_on_an_empty_database(demo: DemoSummary) -> None:
    assert not demo.already_loaded
    assert demo.organisations == Organisation.objects.count() == 29
    assert 55 <= demo.micro_credentials <= 70
    versions = MicroCredentialVersion.objects.all()
    assert {v.level for v in versions} == set(range(1, 11))
    assert len({v.nzsced_code for v in versions}) >= 40
    assert all(1 <= v.credits <= 40 for v in versions)
    assert {v.review_period_years for v in versions} == {1, 2, 3}
    statuses = set(MicroCredential.objects.values_list("status", flat=True))
    assert statuses == {ListingStatus.CURRENT, ListingStatus.EXPIRING, ListingStatus.DISCONTINUED}


def test_demo_has_every_kind_of_organisation_with_its_dates(demo: DemoSummary) -> None:
    types = set(Organisation.objects.values_list("org_type", flat=True))
    assert types >= {
        OrganisationType.NZQA,
        OrganisationType.UNIVERSITIES_NZ,
        OrganisationType.WDC,
        OrganisationType.ISB,
        OrganisationType.ITP,
        OrganisationType.TE_PUKENGA,
        OrganisationType.WANANGA,
        OrganisationType.PTE,
        OrganisationType.GTE,
        OrganisationType.UNIVERSITY,
        OrganisationType.SCHOOL,
        OrganisationType.OVERSEAS_PROVIDER,
    }
    nzqa = Organisation.objects.get(slug="nzqa")
    assert nzqa.name_mi == "Mana Tohu Mātauranga o Aotearoa"
    assert Organisation.objects.get(slug="universities-nz").name_mi == "Te Pōkai Tara"
    wdcs = Organisation.objects.filter(org_type=OrganisationType.WDC)
    assert {w.slug for w in wdcs} == {
        "toitu-te-waiora",
        "waihanga-ara-rau",
        "hanga-aro-rau",
        "muka-tangata",
        "ringa-hora",
        "toi-mai",
    }
    assert {w.active_until for w in wdcs} == {date(2025, 12, 31)}
    isbs = Organisation.objects.filter(org_type=OrganisationType.ISB)
    assert isbs.count() == 6
    assert {i.active_from for i in isbs} == {date(2026, 1, 1)}
    providers = [o for o in Organisation.objects.all() if o.kind == OrganisationKind.PROVIDER]
    assert len(providers) >= 12
    assert all(p.moe_number.isdigit() for p in providers)


def test_a_second_run_says_so_and_changes_nothing(demo: DemoSummary) -> None:
    before = _table_counts()
    again = build_demo()
    assert again.already_loaded
    assert _table_counts() == before
    assert again.micro_credentials == demo.micro_credentials


def test_every_listing_passes_the_model_constraints_and_the_rulebook(demo: DemoSummary) -> None:
    known_codes = frozenset(FieldOfStudy.objects.values_list("code", flat=True))
    for micro_credential in MicroCredential.objects.select_related("developer"):
        micro_credential.full_clean()
        for version in micro_credential.versions.all():
            version.full_clean()
            assert version.nzsced_code in known_codes
            findings = check_listing(
                _listing_details(version, micro_credential),
                on=version.approved_on,
                known_nzsced_codes=known_codes,
                cutover_2022=policy.current().rules_2022_cutover,
            )
            assert blocks(findings) == [], (micro_credential.listing_number, findings)


def _listing_details(
    version: MicroCredentialVersion, micro_credential: MicroCredential
) -> ListingDetails:
    return ListingDetails(
        title=version.title,
        title_mi=version.title_mi,
        level=version.level,
        credits=version.credits,
        notional_hours=version.notional_hours,
        nzsced_code=version.nzsced_code,
        purpose_i=version.purpose_use,
        purpose_ii=version.purpose_relevance,
        purpose_iii=version.purpose_outcomes,
        purpose_iv=version.purpose_pathways,
        purpose_v=version.purpose_contribution,
        purpose_mi=version.purpose_mi,
        in_te_reo_maori=version.in_te_reo_maori,
        developer_name=micro_credential.developer.name,
        standards_used=tuple(version.standards_used),
        review_period_years=version.review_period_years,
        te_hono=micro_credential.te_hono,
        te_hono_summary="Summary against ngā kaupapa." if micro_credential.te_hono else "",
        approved_on=version.approved_on,
    )


def test_listing_5056_is_the_licence_controller_qualification(demo: DemoSummary) -> None:
    lcq = MicroCredential.objects.select_related("current_version", "developer").get(
        listing_number="5056"
    )
    version = lcq.current_version
    assert version is not None
    assert version.listed_title == "Licence Controller Qualification – LCQ (Micro-credential)"
    assert (version.level, version.credits) == (4, 5)
    assert lcq.developer.slug == "ringa-hora"
    assert lcq.developer.org_type == OrganisationType.WDC
    assert lcq.status == ListingStatus.CURRENT
    assert lcq.accreditations.filter(provider__slug="harbourside-hospitality").exists()


def test_listings_carry_te_reo_maori_versions_and_history(demo: DemoSummary) -> None:
    in_te_reo = MicroCredentialVersion.objects.filter(in_te_reo_maori=True)
    assert in_te_reo.count() >= 4
    assert all(v.purpose_mi and v.purpose_use for v in in_te_reo)
    assert MicroCredentialVersion.objects.filter(title="He Pātaka Reo").exists()
    assert MicroCredentialVersion.objects.exclude(title_mi="").count() >= 5
    later = MicroCredentialVersion.objects.filter(number__gte=2)
    assert later.count() >= 8
    assert MicroCredentialVersion.objects.filter(number=3).exists()
    assert all(v.change_summary and v.change_summary != "First listing." for v in later)
    for micro_credential in MicroCredential.objects.select_related("current_version"):
        assert micro_credential.current_version is not None
        latest = micro_credential.versions.order_by("-number").first()
        assert micro_credential.current_version == latest


def test_expiring_and_discontinued_listings_have_their_dates(demo: DemoSummary) -> None:
    expiring = MicroCredential.objects.filter(status=ListingStatus.EXPIRING)
    discontinued = MicroCredential.objects.filter(status=ListingStatus.DISCONTINUED)
    assert expiring.count() >= 3
    assert discontinued.count() >= 3
    assert all(m.expiring_end_date and m.expiring_end_date > date(2026, 11, 1) for m in expiring)
    for micro_credential in discontinued:
        moves = list(micro_credential.status_changes.values_list("to_status", flat=True))
        assert moves == ["current", "expiring", "discontinued"]


def test_approval_before_the_2022_rules_means_a_one_year_review(demo: DemoSummary) -> None:
    bookkeeping = MicroCredential.objects.get(current_version__title="Introduction to Bookkeeping")
    assert bookkeeping.next_review_due == date(2022, 8, 16)


def test_1047_first_approved_in_2021_stays_in_the_2025_review_after_its_changes(
    demo: DemoSummary,
) -> None:
    # versions approved in 2023 and 2025 do not make it a listing under the current rules
    bookkeeping = MicroCredential.objects.get(listing_number="1047")
    assert bookkeeping.current_version is not None
    assert bookkeeping.current_version.title == "Introduction to Bookkeeping"
    assert bookkeeping.current_version.approved_on == date(2025, 2, 17)
    assert period_of(bookkeeping).years == 1
    quality_assurer = _quality_assurer()
    assert bookkeeping in legacy_micro_credentials(quality_assurer)
    reviews = reviews_schedule(only=[bookkeeping])
    assert reviews
    assert all(review.transition_2025 for review in reviews)


def test_1028_version_3_moves_the_next_review_to_its_three_year_period(
    demo: DemoSummary,
) -> None:
    cyber = MicroCredential.objects.get(listing_number="1028")
    versions = list(cyber.versions.values_list("number", "review_period_years"))
    assert versions == [(1, 2), (2, 2), (3, 3)]
    # listed 2024-02-26: two years would be 2026-02-26; version 3 proposes three
    assert cyber.next_review_due == date(2027, 2, 26)
    moved = AuditEvent.objects.get(
        event="micro_credential.next_review_set", subject_id=str(cyber.pk)
    )
    assert (moved.detail["from"], moved.detail["to"]) == ("2026-02-26", "2027-02-26")


def test_accreditations_go_only_to_providers(demo: DemoSummary) -> None:
    accreditations = Accreditation.objects.select_related("provider")
    assert accreditations.count() >= 50
    assert all(a.provider.is_provider for a in accreditations)
    accredited = {a.provider.slug for a in accreditations}
    assert {"te-kura", "nzdf", "massey", "te-wananga-o-aotearoa"} <= accredited


def test_each_persona_signs_in_with_the_demo_password(demo: DemoSummary) -> None:
    users = get_user_model().objects
    roles = {}
    for sign_in in demo.sign_ins:
        user = users.get(username=sign_in.username)
        assert sign_in.password == DEMO_PASSWORD
        assert user.check_password(DEMO_PASSWORD)
        roles[sign_in.username] = set(
            Membership.objects.filter(user=user).values_list("organisation__slug", "role")
        )
    assert roles["evaluator"] == {("nzqa", "evaluator")}
    assert roles["qa-manager"] == {("nzqa", "manager")}
    assert roles["translator"] == {("nzqa", "translator")}
    assert roles["unz-evaluator"] == {("universities-nz", "evaluator")}
    assert roles["developer"] == {("isb-services", "staff")}
    assert roles["provider-admin"] == {("harbourside-hospitality", "admin")}
    assert roles["results-officer"] == {("harbourside-hospitality", "results_officer")}
    assert roles["overseas-provider"] == {("coral-coast-maritime", "admin")}
    assert roles["learner"] == set()
    learner = Learner.objects.get(user__username="learner")
    assert learner.nsn == "0041872305"


def test_learners_keep_the_leading_zeros_of_their_nsn(demo: DemoSummary) -> None:
    nsns = list(Learner.objects.values_list("nsn", flat=True))
    assert len(nsns) == len(set(nsns)) == 60
    assert sum(nsn.startswith("0") for nsn in nsns) >= 5
    assert all(nsn.isascii() and nsn.isdigit() and 9 <= len(nsn) <= 10 for nsn in nsns)
    assert "0000482913" in nsns


def test_the_demo_is_audited_and_the_chain_holds(demo: DemoSummary) -> None:
    from tohu.core.audit import verify_chain

    checked, broken = verify_chain()
    assert broken is None
    assert checked == AuditEvent.objects.count()
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {
        "organisation.created",
        "membership.created",
        "learner.registered",
        "learner.account_linked",
        "micro_credential.listed",
        "micro_credential.version_added",
        "micro_credential.status_changed",
        "accreditation.granted",
        "demo.loaded",
    } <= events
    assert AuditEvent.objects.get(event="demo.loaded").actor_label == "demo"


def _quality_assurer() -> AbstractBaseUser:
    return get_user_model().objects.get(username="evaluator")


def test_personas_who_must_use_a_second_factor_have_the_demo_authenticator(
    demo: DemoSummary,
) -> None:
    from allauth.mfa.models import Authenticator

    from tests.factories import totp_code
    from tohu.demo.specs import DEMO_TOTP_SECRET

    marked = {s.username for s in demo.sign_ins if s.second_factor}
    assert marked == {
        "evaluator",
        "qa-manager",
        "translator",
        "unz-evaluator",
        "provider-admin",
        "overseas-provider",
    }
    enrolled = set(
        Authenticator.objects.filter(type="totp").values_list("user__username", flat=True)
    )
    assert enrolled == marked
    client = Client()
    response = client.post("/sign-in/", {"login": "evaluator", "password": DEMO_PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert response["Location"] == "/dashboard/"
    developer = Client()
    response = developer.post("/sign-in/", {"login": "developer", "password": DEMO_PASSWORD})
    assert response["Location"] == "/dashboard/"


def test_every_demo_application_names_a_detailed_field_of_study_on_the_reference_list(
    db: None,
) -> None:
    from tohu.demo.activity import APPLICATIONS

    detailed = dict(
        FieldOfStudy.objects.filter(level=FieldOfStudy.Level.DETAILED).values_list("code", "name")
    )
    named = {
        application.content["title"]: detailed.get(application.content["nzsced_code"])
        for application in APPLICATIONS
    }
    assert None not in named.values(), named
    # the fields fit what the demo's applications are about
    assert named["Wine Service Fundamentals"] == "Food and Beverage Service"
    assert named["Event Security Fundamentals"] == "Security Services"
