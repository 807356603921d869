"""Data protection for referrals: consent withdrawal, retention and anonymisation, subject access export and erasure."""
