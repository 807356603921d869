"""Organisations: the organisations of a place (VCFSE groups, the LIO, the council and other
statutory bodies) with their UK identity — type, registered numbers and org-id identifier, size band,
people, areas served — and who belongs to each: memberships, roles, invitations, and the
verification state that the LIO confirms."""
