import hashlib
import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command

from kith.accounts.models import User
from kith.directory import demo
from kith.directory.models import Attribute, Location, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from kith.organisations.identifiers import validate_org_id
from kith.organisations.models import IncomeBand, Membership, Organisation, OrganisationType
from kith.organisations.roles import roles_for
from kith.postcodes.models import Postcode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sunderland_postcodes")]
SIGN_IN = "/accounts/sign-in/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Argon2 costs a few hundred milliseconds per demo account; these tests are about the accounts, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def generate(seed=7, organisations=30, services=150, **kwargs):
    return demo.generate_directory(seed=seed, organisations=organisations, services=services, **kwargs)


def digest() -> str:
    parts = [
        sorted(demo.demo_organisations().values_list("id", "name", "org_id", "organisation_type", "income_band")),
        sorted(Location.objects.values_list("id", "name", "postcode")),
        sorted(Service.objects.values_list("id", "name", "organisation_id", "referral_route", "minimum_age")),
        sorted(Attribute.objects.values_list("service_id", "taxonomy_term_id")),
        sorted(Schedule.objects.values_list("service_id", "byday", "opens_at")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def run(command, *args, **options) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_generation_makes_the_numbers_asked_for():
    summary = generate(organisations=40, services=160)
    assert summary.organisations == 40 == demo.demo_organisations().count()
    assert summary.services == 160 == Service.objects.count() == demo.demo_services().count()
    # plus the place's own LIO and council
    assert Organisation.objects.count() == 42


def test_generation_is_deterministic_for_a_seed():
    generate(seed=11)
    first = digest()
    generate(seed=11, replace=True)
    assert digest() == first
    generate(seed=12, replace=True)
    assert digest() != first


def test_generated_organisations_cover_every_type_and_income_band_with_valid_identifiers():
    generate(organisations=20, services=40)
    organisations = Organisation.objects.all()
    assert {o.organisation_type for o in organisations} == set(OrganisationType.values)
    assert {o.income_band for o in demo.demo_organisations()} == set(IncomeBand.values)
    with_ids = [o for o in organisations if o.org_id]
    assert len(with_ids) >= len(organisations) // 2
    for organisation in organisations:
        if organisation.org_id:
            validate_org_id(organisation.org_id)
        organisation.full_clean()
        assert organisation.areas_served == ["E08000024"]
    assert Organisation.objects.get(pk=demo.COUNCIL_ID).org_id == "GB-LAE-SND"


def test_generated_records_pass_model_validation_and_use_reserved_contact_details():
    generate(organisations=25, services=120)
    for service in Service.objects.all():
        service.full_clean()
        assert service.email.endswith(".demo.example") and service.url.startswith("https://")
    for location in Location.objects.prefetch_related("addresses"):
        location.full_clean()
        for address in location.addresses.all():
            address.full_clean()
    for schedule in Schedule.objects.all():
        schedule.full_clean()
        assert schedule.opens_at < schedule.closes_at
    phones = list(Phone.objects.values_list("number", flat=True))
    assert phones and all(n.startswith("0191 498 0") and len(n) == 13 for n in phones)


def test_every_location_is_at_a_real_postcode_with_its_own_point():
    generate()
    known = {p.postcode: p for p in Postcode.objects.filter(local_authority="E08000024")}
    for location in Location.objects.all():
        point = known[location.postcode]
        assert (location.latitude, location.longitude) == (point.latitude, point.longitude)
        assert location.addresses.get().postal_code == location.postcode


def test_council_owns_five_to_eight_family_hubs_with_services():
    generate()
    hubs = Location.objects.filter(is_family_hub=True)
    assert 5 <= hubs.count() <= 8
    assert {h.organisation_id for h in hubs} == {demo.COUNCIL_ID}
    assert ServiceAtLocation.objects.filter(location__in=hubs).count() >= hubs.count()


def test_services_show_a_realistic_mix_of_capacity_costs_and_verification():
    generate(organisations=60, services=600)
    services = Service.objects.all()
    assert services.filter(accepting_referrals=True).count() > 0.8 * 600
    assert services.filter(accepting_referrals=False).exists()
    assert services.filter(typical_wait_weeks__gt=0).exists()
    assert set(services.values_list("referral_route", flat=True)) == {"self", "professional", "both", "signposting"}
    assert set(services.values_list("verification_status", flat=True)) == {"verified", "awaiting", "sent_back"}
    assert services.filter(verification_status="sent_back").exclude(verification_comment="").exists()
    stale = services.possibly_out_of_date().count()
    assert 0.05 * 600 < stale < 0.4 * 600
    paid = services.filter(cost_options__amount__gt=0).distinct().count()
    assert 0 < paid < 0.3 * 600
    assert services.filter(languages__code="pl").exists() or services.filter(languages__code="ar").exists()
    attributes = Attribute.objects.values("service").distinct().count()
    assert attributes == 600
    assert all(1 <= s.attributes.count() <= 3 for s in services[:100])
    used_terms = TaxonomyTerm.objects.filter(attributes__isnull=False).distinct().count()
    assert used_terms >= 40


def test_generation_refuses_to_run_twice_unless_replacing():
    generate()
    with pytest.raises(demo.DemoDataExists):
        generate()
    with pytest.raises(CommandError, match="--replace"):
        run("generate_directory", "--services", "10")
    out = run("generate_directory", "--seed", "3", "--organisations", "10", "--services", "50", "--replace")
    assert "Generated 10 organisations" in out and "Deleted" in out
    assert demo.demo_organisations().count() == 10 and Service.objects.count() == 50


def test_generate_directory_refuses_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run("generate_directory", "--services", "10")
    assert not Service.objects.exists()


def test_two_thousand_services_generate_in_several_batches():
    # How fast is for the benchmarks (bench/directory_pages.py generates its directories the same way).
    summary = generate(organisations=200, services=2000, batch_size=500)
    assert summary.services == 2000 == Service.objects.count()


def test_load_demo_twice_creates_everything_once_and_prints_the_logins_both_times():
    first = run("load_demo")
    counts = [m.objects.count() for m in (Organisation, Service, Location, User, Membership, TaxonomyTerm)]
    second = run("load_demo")
    assert [m.objects.count() for m in (Organisation, Service, Location, User, Membership, TaxonomyTerm)] == counts
    assert counts[0] == demo.DEMO_ORGANISATIONS + 2 and counts[1] == demo.DEMO_SERVICES
    assert "already loaded" in second
    for output in (first, second):
        for account in demo.demo_accounts():
            assert account.email in output and account.password in output


def test_load_demo_loads_the_place_postcodes_first_and_only_once():
    Postcode.objects.all().delete()
    first = run("load_demo")
    assert "Postcodes for Sunderland (E08000024) from the ONS Postcode Directory: 9,709" in first
    assert Postcode.objects.filter(local_authority="E08000024").count() == 9709
    assert Location.objects.exclude(postcode__in=Postcode.objects.values("postcode")).count() == 0
    loaded = set(Postcode.objects.values_list("postcode", "latitude"))
    second = run("load_demo")
    # Loaded once: the second run neither reads the directory again nor rewrites a postcode.
    assert "Postcodes for" not in second
    assert set(Postcode.objects.values_list("postcode", "latitude")) == loaded


def test_demo_accounts_sign_in_and_hold_their_roles(client):
    run("load_demo")
    roles = {}
    for account in demo.demo_accounts():
        validate_password(account.password)
        response = client.post(SIGN_IN, {"username": account.email, "password": account.password})
        assert response.status_code == 302, account.email
        user = User.objects.get(email=account.email)
        assert client.session["_auth_user_id"] == str(user.pk)
        client.post("/accounts/sign-out/")
        roles[account.role] = roles_for(user)
    assert not roles["Resident"].is_professional and not roles["Resident"].is_administrator
    member, manager = roles["Organisation member"], roles["Organisation manager"]
    assert set(member.roles_by_organisation) == set(manager.roles_by_organisation)
    vcfse = Organisation.objects.get(pk=next(iter(manager.roles_by_organisation)))
    assert not vcfse.is_statutory and not vcfse.is_lio
    assert list(manager.roles_by_organisation.values()) == ["manager"]
    professional = roles["Professional"]
    assert professional.is_professional and not professional.sees_whole_sector
    assert Organisation.objects.get(pk=next(iter(professional.roles_by_organisation))).organisation_type in ("nhs", "school")
    assert roles["LIO staff"].is_lio_staff and roles["LIO staff"].can_verify
    assert roles["Council officer"].is_council_officer and not roles["Council officer"].is_lead_member
    assert roles["Lead member"].is_lead_member
    assert roles["Administrator"].is_administrator


def test_load_demo_puts_back_a_changed_demo_password():
    run("load_demo")
    user = User.objects.get(email="manager@example.org")
    user.set_password("someone-changed-it-123")
    user.save()
    out = run("load_demo")
    user.refresh_from_db()
    assert user.check_password("kith-demo-manager")
    assert "manager@example.org: password reset" in out


def test_load_demo_refuses_in_production_unless_allowed(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run("load_demo")
    assert not User.objects.exists() and not Organisation.objects.exists()
    assert "kith-demo-administrator" in run("load_demo", "--allow-production")
