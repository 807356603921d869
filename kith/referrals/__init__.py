"""Referrals: closed-loop referral of a person from one organisation (or themselves) to a service.

Owns the referral journey (safeguarding notice, consent, the person's details, reason and needs,
check answers, send), the Referral, Consent and ReferralEvent records, the encryption at rest of the
person's details (crypto.py, fields.py) and the pages where referrers and receivers read them.
Imports from core, accounts, organisations and directory; nothing imports referrals.
"""
