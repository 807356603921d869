"""Indicators of need: official imports (IoD 2025, Census 2021) and validated CSV uploads."""

from .official import load_census_age, load_census_households, load_iod
from .reading import ReadError
from .saving import Report
from .upload import Problem, UploadRow, check_indicator_csv, save_indicator

__all__ = [
    "Problem",
    "ReadError",
    "Report",
    "UploadRow",
    "check_indicator_csv",
    "load_census_age",
    "load_census_households",
    "load_iod",
    "save_indicator",
]
