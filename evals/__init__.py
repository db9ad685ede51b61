"""Evaluation datasets, runners and reports."""
