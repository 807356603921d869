import pytest

from kith.postcodes import lookup
from kith.postcodes.lookup import MalformedPostcode, PostcodeError, UnknownPostcode, find, normalise
from kith.postcodes.models import Postcode, PostcodeDistrict

# Real values from the ONS Postcode Directory (November 2025).
SR1_3SD = (54.904456, -1.390973)
SR1_CENTRE = (54.906874, -1.381591)


@pytest.fixture
def sunderland(db):
    Postcode.objects.create(postcode="SR1 3SD", outcode="SR1", latitude=SR1_3SD[0], longitude=SR1_3SD[1],
                            local_authority="E08000024")
    Postcode.objects.create(postcode="DH4 4AA", outcode="DH4", latitude=54.843221, longitude=-1.471234,
                            local_authority="E08000024")
    PostcodeDistrict.objects.create(outcode="SR1", latitude=SR1_CENTRE[0], longitude=SR1_CENTRE[1], postcodes=677,
                                    local_authority="E08000024")
    PostcodeDistrict.objects.create(outcode="DH4", latitude=54.852597, longitude=-1.490141, postcodes=1211,
                                    local_authority="E08000024")


# --- normalise ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["SR1 3SD", "sr13sd", "  sr1   3sd ", "Sr1\t3sD", "SR1\n3SD", "sR1 3Sd",
                                  "SR1\u00a03SD", "SR1\u200b3SD", "\ufeffSR1 3SD", "ＳＲ１ ３ＳＤ", "SR1\u30003SD"])
def test_normalise_accepts_any_spacing_case_and_width(text):
    assert normalise(text) == "SR1 3SD"


@pytest.mark.parametrize("text,expected", [("ne371aa", "NE37 1AA"), ("dh4 4aa", "DH4 4AA"), ("ec1a1bb", "EC1A 1BB"),
                                           ("w1a 0ax", "W1A 0AX"), ("m11ae", "M1 1AE"), ("sr431zz", "SR43 1ZZ")])
def test_normalise_handles_every_shape_of_outward_code(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text", [
    None, "", "   ", "SR1", "SR1 3S", "SR1 3SDX", "12345", "SR 3SD", "SR1 3-SD", "SR1 3SD;drop", "SR1 3SD SR1 3SD",
    "SR1\x003SD", "SR1 3SD\x00", "\x00", "🏠", "SR1 3SD 🏠", "SR1 3S🏠", "ŚR1 3SD", "SR1 3ŞD", "S\u0301R1 3SD",
    "x" * 10_000, " " * 50 + "SR13SD", "SR1 3SD" * 3, "<script>", "' OR 1=1 --", "٣SR1 3SD", "SR١ ٣SD",
    42, 13.5, b"SR13SD", ["SR1 3SD"],
])
def test_normalise_rejects_anything_not_shaped_like_a_full_postcode(text):
    assert normalise(text) is None


def test_a_normalised_postcode_normalises_to_itself():
    for text in ["sr13sd", "ec1a1bb", "w1a0ax", "sr431zz"]:
        assert normalise(normalise(text)) == normalise(text)


# --- find ------------------------------------------------------------------------------------------------

def test_find_gives_a_known_postcode_its_own_point_in_one_query(sunderland, django_assert_num_queries):
    with django_assert_num_queries(1):
        match = find(" sr13sd ")
    assert (match.postcode, match.outcode, match.point, match.local_authority) == ("SR1 3SD", "SR1", SR1_3SD, "E08000024")
    assert match.exact and not match.fallback and not match.is_district and match.notice is None


def test_an_unknown_postcode_falls_back_to_its_district_centre_with_a_notice(sunderland, django_assert_num_queries):
    with django_assert_num_queries(1):
        match = find("sr1 9zz")
    assert (match.postcode, match.outcode, match.point) == ("SR1 9ZZ", "SR1", SR1_CENTRE)
    assert match.fallback and match.is_district and not match.exact
    assert match.local_authority == "E08000024"
    assert match.notice == "We could not find SR1 9ZZ, so we searched from the centre of SR1"


@pytest.mark.parametrize("text", ["SR1", "sr1", " Sr1 ", "ＳＲ１"])
def test_a_district_alone_is_a_district_search(sunderland, django_assert_num_queries, text):
    with django_assert_num_queries(1):
        match = find(text)
    assert (match.postcode, match.outcode, match.point) == ("SR1", "SR1", SR1_CENTRE)
    assert match.is_district and not match.fallback and match.notice is None


@pytest.mark.parametrize("text", ["ZZ9", "zz9 9zz", "SR9 1AA", "NE1"])
def test_an_unknown_district_is_not_found(sunderland, text):
    with pytest.raises(UnknownPostcode) as caught:
        find(text)
    assert caught.value.message == str(caught.value) == "We could not find that postcode"


@pytest.mark.parametrize("text", [None, "", "   ", "SR1 3", "SR1 3S", "12345", "SR 3SD", "SR1 3SD;drop", "SR1\x003SD",
                                  "🏠", "x" * 100_000, "SR1 3-SD", "NE 37", "SR1 3SD SR1 3SD", 7])
def test_malformed_input_gets_the_message_to_show_and_no_query(sunderland, django_assert_num_queries, text):
    with django_assert_num_queries(0), pytest.raises(MalformedPostcode) as caught:
        find(text)
    assert caught.value.message == str(caught.value) == "Enter a real postcode, like SR1 3SD"


def test_both_failures_are_postcode_errors_and_value_errors():
    assert issubclass(MalformedPostcode, PostcodeError) and issubclass(UnknownPostcode, PostcodeError)
    assert issubclass(PostcodeError, ValueError)
    assert lookup.MALFORMED != lookup.NOT_FOUND


def test_find_with_an_empty_directory_says_not_found(db):
    with pytest.raises(UnknownPostcode):
        find("SR1 3SD")

