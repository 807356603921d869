"""Referral figures without personal data: each organisation's, and the network's flows between sectors and organisations for LIO staff and the council."""
