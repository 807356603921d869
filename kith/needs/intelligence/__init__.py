"""Local intelligence: needs recorded by the sector, reviewed by LIO staff, with unmet searches folded in, anonymised."""
