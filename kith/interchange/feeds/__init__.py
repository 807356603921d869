"""Importing ORUK feeds (a URL or a JSON file): fetch, clean, upsert with provenance, report."""
