import xml.etree.ElementTree as ET

import pytest

from kith.areas.loading import area_km2, read_features, rounded
from kith.areas.management.commands.load_demo_areas import DATA
from django.core.management import call_command

from kith.areas.labels import ward_labels
from kith.areas.maps import LABEL_NUDGES, MAX_LABELS, PALETTE, MapLabel, ServicePoint, choropleth, label_box, overlap
from kith.areas.models import Area

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sunderland_lsoas() -> list[Area]:
    """The vendored boundaries as the loader would store them; drawing needs no database."""
    features, kind, _ = read_features(DATA / "lsoa21_E08000024_sunderland.geojson.gz")
    return [
        Area(code=f.code, name=f.name, kind=kind, boundary=rounded(f.geometry), area_km2=area_km2(f.geometry))
        for f in features
    ]


def profile(code: str) -> str:
    return f"/needs/areas/{code}/"


def draw(areas, values, **options):
    return choropleth(areas, values, title="Area of each LSOA", units="km²", href=profile, **options)


def test_sunderland_lsoas_draw_as_one_linked_titled_path_each(sunderland_lsoas):
    values = {area.code: area.area_km2 for area in sunderland_lsoas}

    result = draw(sunderland_lsoas, values)

    root = ET.fromstring(result.svg)
    links = root.findall(f".//{SVG}a")
    paths = root.findall(f".//{SVG}a/{SVG}path")
    assert len(paths) == len(links) == 185
    assert {link.get("href") for link in links} == {profile(area.code) for area in sunderland_lsoas}
    titles = [path.find(f"{SVG}title").text for path in paths]
    first = sunderland_lsoas[0]
    assert titles[0] == f"{first.name} ({first.code}): {first.area_km2:,.1f} km², class {result.rows[0].class_number} of 5"
    assert root.get("aria-labelledby") == "map-title map-desc"
    assert root.find(f"{SVG}title").text == "Area of each LSOA"


def test_legend_has_five_classes_with_their_ranges_as_text(sunderland_lsoas):
    values = {area.code: float(number) for number, area in enumerate(sunderland_lsoas, start=1)}

    result = draw(sunderland_lsoas, values, decimals=0)

    legend = ET.fromstring(result.svg).find(f".//{SVG}g[@class='kith-map-legend']")
    texts = [text.text for text in legend.findall(f"{SVG}text")]
    # Quantile breaks put 37 of the 185 areas in each class.
    assert texts == ["Class 1: 1 to 37 km²", "Class 2: 38 to 74 km²", "Class 3: 75 to 111 km²", "Class 4: 112 to 148 km²", "Class 5: 149 to 185 km²"]
    assert [rect.get("fill") for rect in legend.findall(f"{SVG}rect")] == PALETTE
    for number in range(1, 6):
        assert sum(1 for row in result.rows if row.class_number == number) == 37


def test_table_rows_carry_the_same_figures_as_the_map(sunderland_lsoas):
    values = {area.code: area.area_km2 for area in sunderland_lsoas}

    result = draw(sunderland_lsoas, values)

    assert [(row.code, row.name, row.value, row.href) for row in result.rows] == [
        (area.code, area.name, area.area_km2, profile(area.code)) for area in sunderland_lsoas
    ]
    paths = ET.fromstring(result.svg).findall(f".//{SVG}a/{SVG}path")
    assert [path.get("class") for path in paths] == [f"kith-map-class-{row.class_number}" for row in result.rows]
    assert [path.get("fill") for path in paths] == [PALETTE[row.class_number - 1] for row in result.rows]
    biggest = max(result.rows, key=lambda row: row.value)
    assert biggest.class_number == 5


def test_areas_without_a_value_are_hatched_and_named_no_data(sunderland_lsoas):
    missing = sunderland_lsoas[0]
    values = {area.code: area.area_km2 for area in sunderland_lsoas[1:]}

    result = draw(sunderland_lsoas, values)

    root = ET.fromstring(result.svg)
    path = root.find(f".//{SVG}a[@href='{profile(missing.code)}']/{SVG}path")
    assert path.get("fill") == "url(#map-no-data)"
    assert path.find(f"{SVG}title").text.endswith("no data, no data")
    assert result.rows[0].class_number == 0 and result.rows[0].value is None
    assert result.legend[-1].label == "No data"
    assert root.find(f".//{SVG}pattern[@id='map-no-data']") is not None


def test_service_points_are_drawn_inside_the_map(sunderland_lsoas):
    points = [ServicePoint("Sunderland Minster", 54.9055, -1.3862), ServicePoint("Washington library", 54.9000, -1.5207)]

    result = draw(sunderland_lsoas, {}, points=points)

    root = ET.fromstring(result.svg)
    circles = root.findall(f".//{SVG}g[@class='kith-map-points']/{SVG}circle")
    assert [circle.find(f"{SVG}title").text for circle in circles] == ["Sunderland Minster", "Washington library"]
    width, height = (float(n) for n in root.get("viewBox").split()[2:])
    for circle in circles:
        assert 0 < float(circle.get("cx")) < width and 0 < float(circle.get("cy")) < height
    # East is right: the Minster lies east of Washington.
    assert float(circles[0].get("cx")) > float(circles[1].get("cx"))


def test_names_are_escaped():
    area = Area(code="E01000001", name='Mill & "Dam" <Lane>', boundary={"type": "Polygon", "coordinates": [[[0, 50], [1, 50], [1, 51], [0, 50]]]})

    svg = choropleth([area], {"E01000001": 1}, title="A < B", href=lambda code: f"/a?code={code}&x=1").svg

    root = ET.fromstring(svg)
    assert root.find(f".//{SVG}path/{SVG}title").text.startswith('Mill & "Dam" <Lane> (E01000001)')
    assert root.find(f".//{SVG}a").get("href") == "/a?code=E01000001&x=1"


def test_place_names_are_printed_where_they_are_and_hidden_from_screen_readers(sunderland_lsoas):
    labels = [MapLabel("Washington & <Usworth>", 54.9000, -1.5207), MapLabel("Millfield", 54.9055, -1.3862)]

    root = ET.fromstring(draw(sunderland_lsoas, {}, labels=labels).svg)

    group = root.find(f".//{SVG}g[@class='kith-map-labels']")
    assert group.get("aria-hidden") == "true" and group.get("pointer-events") == "none"
    texts = group.findall(f"{SVG}text")
    assert [text.text for text in texts] == ["Washington & <Usworth>", "Millfield"]
    assert float(texts[0].get("x")) < float(texts[1].get("x"))  # west is left


def test_too_many_labels_to_read_are_left_off(sunderland_lsoas):
    crowd = [MapLabel(f"Place {n}", 54.9, -1.4) for n in range(MAX_LABELS + 1)]

    root = ET.fromstring(draw(sunderland_lsoas, {}, labels=crowd).svg)

    assert root.find(f".//{SVG}g[@class='kith-map-labels']") is None


def printed_labels(svg: str) -> list[tuple[float, float, str]]:
    group = ET.fromstring(svg).find(f".//{SVG}g[@class='kith-map-labels']")
    return [(float(text.get("x")), float(text.get("y")), text.text) for text in group.findall(f"{SVG}text")]


def overlapping(labels: list[tuple[float, float, str]]) -> list[tuple[str, str]]:
    boxes = [(label_box(x, y, text), text) for x, y, text in labels]
    return [(a, b) for i, (box_a, a) in enumerate(boxes) for box_b, b in boxes[i + 1:] if overlap(box_a, box_b)]


def test_a_name_that_would_print_over_another_moves_a_line_and_one_with_no_room_is_left_off(sunderland_lsoas):
    crowd = [MapLabel(f"Place {n}", 54.9, -1.4) for n in range(len(LABEL_NUDGES) + 1)]

    printed = printed_labels(draw(sunderland_lsoas, {}, labels=crowd).svg)

    assert [text for _, _, text in printed] == [f"Place {n}" for n in range(len(LABEL_NUDGES))]
    assert len({x for x, _, _ in printed}) == 1 and len({y for _, y, _ in printed}) == len(LABEL_NUDGES)
    assert overlapping(printed) == []


@pytest.mark.django_db
def test_every_sunderland_ward_is_named_on_its_map_and_no_name_prints_over_another(sunderland_lsoas):
    call_command("load_demo_areas", verbosity=0)
    wards = ward_labels("E08000024")

    printed = printed_labels(draw(sunderland_lsoas, {}, labels=wards).svg)

    assert sorted(text for _, _, text in printed) == sorted(label.text for label in wards) and len(wards) == 25
    assert overlapping(printed) == []


def test_a_name_on_a_service_s_dot_moves_off_it_unless_there_is_no_room(sunderland_lsoas):
    dot = ServicePoint("Advice centre", 54.9055, -1.3862)
    alone = printed_labels(draw(sunderland_lsoas, {}, labels=[MapLabel("Millfield", 54.9055, -1.3862)], points=[dot]).svg)
    root = ET.fromstring(draw(sunderland_lsoas, {}, points=[dot]).svg)
    circle = root.find(f".//{SVG}g[@class='kith-map-points']/{SVG}circle")
    x, y, r = (float(circle.get(name)) for name in ("cx", "cy", "r"))
    assert [text for _, _, text in alone] == ["Millfield"]
    assert not overlap(label_box(*alone[0]), (x - r, y - r, x + r, y + r))

    # Dots above, on and below the name's every line: it still prints, over a dot, rather than not at all.
    crowd = [ServicePoint(f"Service {n}", 54.9055 + n * 0.0004, -1.3862) for n in range(-40, 41)]
    svg = draw(sunderland_lsoas, {}, labels=[MapLabel("Millfield", 54.9055, -1.3862)], points=crowd).svg
    crowded = printed_labels(svg)
    dots = [(float(c.get("cx")) - r, float(c.get("cy")) - r, float(c.get("cx")) + r, float(c.get("cy")) + r)
            for c in ET.fromstring(svg).findall(f".//{SVG}g[@class='kith-map-points']/{SVG}circle")]
    assert [text for _, _, text in crowded] == ["Millfield"]
    assert any(overlap(label_box(*crowded[0]), dot) for dot in dots)
