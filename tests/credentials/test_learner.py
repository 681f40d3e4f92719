"""The learner's side: their credentials to download as JSON, a baked badge and a QR code; the
share link offers them too; nobody else gets them."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.credentials.conftest import NodeScript
from tests.credentials.helpers import record, verifier_documents
from tests.factories import accredit, listed_micro_credential
from tohu.achievements.services import records
from tohu.core.documents import qr_code
from tohu.core.models import AuditEvent
from tohu.credentials.baking import NotABadge, bake_png, unbake_png
from tohu.credentials.models import Credential
from tohu.credentials.services.issuing import credentials_create_missing, credentials_sweep
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(learner, provider_org: Organisation, forklift: MicroCredential) -> Credential:
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    credentials_sweep()
    return Credential.objects.get()


def _client(learner) -> Client:
    person: Persona = learner[0]
    return person.client


def test_the_learner_sees_each_credential_with_its_downloads(
    learner, mine, isb, provider_org, django_assert_num_queries
):
    client = _client(learner)
    with django_assert_num_queries(6):
        client.get("/credentials/")
    # more credentials, the same number of queries
    for number in ("8001", "8002"):
        accredit(provider_org, listed_micro_credential(developer=isb, listing_number=number))
        import_file(provider_org, csv_bytes(HEADER, f"{learner[1].nsn},{number},2025-05-02"))
    credentials_sweep()
    with django_assert_num_queries(6):
        page = client.get("/credentials/").content.decode()
    assert page.count("Badge image (PNG)") == 3
    assert f"/credentials/{mine.uuid}.json" in page
    assert f"/credentials/{mine.uuid}.png" in page
    assert f"/credentials/{mine.uuid}/qr.svg" in page
    record_page = client.get("/achievements/record/").content.decode()
    assert 'href="/credentials/"' in record_page


def test_the_json_download_is_the_signed_credential(
    learner, mine, client: Client, node_script: NodeScript
):
    response = _client(learner).get(f"/credentials/{mine.uuid}.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vc+ld+json")
    credential = json.loads(response.content)
    documents = verifier_documents(client, [credential])
    (verdict,) = node_script("verify.mjs", {"documents": documents, "credentials": [credential]})
    assert verdict["verified"] is True


def test_credentials_the_background_has_not_issued_are_issued_on_the_learners_page(
    learner, provider_org, forklift
):
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    assert not Credential.objects.exists()
    page = _client(learner).get("/credentials/").content.decode()
    credential = Credential.objects.get()
    assert f"/credentials/{credential.uuid}.json" in page


def test_an_unsigned_credential_is_signed_on_first_request(learner, provider_org, forklift):
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    credentials_create_missing()
    credential = Credential.objects.get()
    assert credential.signed_at is None
    response = _client(learner).get(f"/credentials/{credential.uuid}.json")
    assert response.json()["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    credential.refresh_from_db()
    assert credential.signed_at is not None


def test_the_badge_image_carries_the_credential_and_verify_reads_it(learner, mine, client):
    response = _client(learner).get(f"/credentials/{mine.uuid}.png")
    assert response["Content-Type"] == "image/png"
    baked = response.content
    credential = json.loads(unbake_png(baked))
    assert credential["id"] == mine.credential_id
    checked = client.post("/verify/", {"file": SimpleUploadedFile("badge.png", baked)})
    assert "Verified: every check passed." in checked.content.decode()


def test_baking_replaces_a_credential_already_there_and_plain_images_say_so():
    image = qr_code("https://example.org/", kind="png", scale=2)
    once = bake_png(image, '{"a": 1}')
    assert unbake_png(bake_png(once, '{"b": 2}')) == '{"b": 2}'
    with pytest.raises(NotABadge, match="carries no Open Badges credential"):
        unbake_png(image)
    with pytest.raises(NotABadge, match="not a PNG"):
        unbake_png(b"GIF89a")


def test_the_qr_code_leads_to_verify(learner, mine):
    response = _client(learner).get(f"/credentials/{mine.uuid}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<title>QR code: check this credential" in response.content


def test_nobody_else_gets_a_learners_credentials(
    mine, outsider: Persona, provider: Persona, client: Client
):
    for person in (outsider.client, provider.client, client):
        for path in (
            f"/credentials/{mine.uuid}.json",
            f"/credentials/{mine.uuid}.png",
            f"/credentials/{mine.uuid}/qr.svg",
        ):
            assert person.get(path).status_code == 404, path
    assert client.get("/credentials/").status_code == 302
    assert outsider.client.get("/credentials/").status_code == 404


def test_the_share_link_offers_the_credentials(learner, mine, client: Client):
    person, learner_record = learner
    token = records.share_link_create(
        actor=person.user, learner=learner_record, label="Employer", days=7
    ).token
    shared = client.get(f"/achievements/shared/{token}/").content.decode()
    assert f'href="/credentials/shared/{token}/"' in shared
    listing = client.get(f"/credentials/shared/{token}/")
    assert listing["Referrer-Policy"] == "no-referrer"
    path = f"/credentials/shared/{token}/{mine.uuid}.json"
    assert path in listing.content.decode()
    assert client.get(path).json()["id"] == mine.credential_id
    assert client.get(f"/credentials/shared/not-a-token/{mine.uuid}.json").status_code == 404


def test_the_learner_chooses_the_name_their_credentials_show(
    learner, mine, client: Client, node_script: NodeScript
):
    person, record_ = learner
    before = json.loads(person.client.get(f"/credentials/{mine.uuid}.json").content)
    names = [i for i in before["credentialSubject"]["identifier"] if i["identityType"] == "name"]
    assert names[0]["identityHash"] == record_.full_name
    response = person.client.post("/credentials/name/", {"name": "  Mere   Parata "})
    assert response.status_code == 302
    after = json.loads(person.client.get(f"/credentials/{mine.uuid}.json").content)
    names = [i for i in after["credentialSubject"]["identifier"] if i["identityType"] == "name"]
    assert names == [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": "Mere Parata",
        }
    ]
    # the same credential (id and status entry), signed again; the earlier copy still verifies
    assert after["id"] == before["id"]
    assert after["credentialStatus"] == before["credentialStatus"]
    documents = verifier_documents(client, [after])
    verdicts = node_script("verify.mjs", {"documents": documents, "credentials": [before, after]})
    assert [v["verified"] for v in verdicts] == [True, True]
    event = AuditEvent.objects.get(event="learner.credential_name_set")
    assert event.detail == {"previous": "", "name": "Mere Parata"}
    assert event.actor_id == person.user.pk
    # no date of birth, whatever the name
    assert "birth" not in json.dumps(after).lower()
    # emptied: back to the legal name
    person.client.post("/credentials/name/", {"name": ""})
    again = json.loads(person.client.get(f"/credentials/{mine.uuid}.json").content)
    names = [i for i in again["credentialSubject"]["identifier"] if i["identityType"] == "name"]
    assert names[0]["identityHash"] == record_.full_name


def test_a_name_with_a_control_character_is_refused_saying_why(learner, mine):
    person = learner[0]
    response = person.client.post("/credentials/name/", {"name": "Mere\u200bParata"})
    assert response.status_code == 400
    assert "invisible character" in response.content.decode()
    assert not AuditEvent.objects.filter(event="learner.credential_name_set").exists()


def test_only_the_learner_chooses_their_name(learner, mine, quality_assurer):
    from tohu.core.errors import NotAllowed
    from tohu.credentials.services.names import credential_name_choose

    with pytest.raises(NotAllowed):
        credential_name_choose(actor=quality_assurer.user, learner=learner[1], name="Someone")
    # a signed-in person who is not a learner has no name to choose
    assert quality_assurer.client.post("/credentials/name/", {"name": "X"}).status_code == 404


def test_the_issuer_profile_names_its_moe_number_and_nzbn(learner, provider_org, forklift):
    from tohu.core.principal import COMMAND
    from tohu.organisations.services import organisation_nzbn_set

    organisation_nzbn_set(actor=COMMAND, organisation=provider_org, nzbn="9429000000017")
    record(provider_org, f"{learner[1].nsn},2025-05-01")
    credentials_sweep()
    issuer = Credential.objects.get().document["issuer"]  # type: ignore[index]
    assert issuer["otherIdentifier"] == [
        {
            "type": "IdentifierEntry",
            "identifier": provider_org.moe_number,
            "identifierType": "ext:MoEProviderNumber",
        },
        {"type": "IdentifierEntry", "identifier": "9429000000017", "identifierType": "ext:NZBN"},
    ]
