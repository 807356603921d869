"""Postcodes: the ONS Postcode Directory held offline in the database — each postcode's point and
local authority, and each postcode district's centre — and the look-up that turns what someone typed
into a point. Loaded by `manage.py load_postcodes`; knows no other Kith app."""
