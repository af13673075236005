"""Sustainability indicators and MRV (domain.md §11): activity reporting, versioned factors, emissions and
reductions with provenance, verification, the public calculator and the national accounts."""
