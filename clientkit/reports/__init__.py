"""Aggregates for agents and supervisors, from the store's SQL aggregates."""
