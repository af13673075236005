"""Sustainability indicators and MRV (domain.md §11).

So far only the pure emission and reduction formulas; factors arrive as arguments (the versioned
factor data, reporting and verification come with the MRV issue).
"""
