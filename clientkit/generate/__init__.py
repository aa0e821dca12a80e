"""Synthetic Chinese client books with planted defects (DESIGN.md "Generator")."""
