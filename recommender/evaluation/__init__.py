"""Measuring the recommendations; never imported when serving."""
