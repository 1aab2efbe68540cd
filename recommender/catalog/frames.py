"""Typed access to catalog columns. pandas' stubs type `frame[name]` as a Series *or* a
DataFrame; a catalog column is always one Series, and saying so once here keeps the type
checker exact everywhere else."""

from __future__ import annotations

from typing import cast

import pandas as pd


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column `name` of `frame` (a KeyError when absent, as `frame[name]`)."""
    return cast(pd.Series, frame[name])


def numeric(values: pd.Series) -> pd.Series:
    """`values` as float64; what cannot be read as a number becomes NaN."""
    return cast(pd.Series, pd.to_numeric(values, errors="coerce")).astype("float64")
