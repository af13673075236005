"""Audits, compliance and certification (domain.md §9–§10).

So far only the pure compliance and certification calculations; the models, services and screens
come with the audits issue.
"""
