"""Kith: the shared platform of a place — council, local infrastructure organisation and VCFSE groups."""
