"""Accounts: who people are and how they prove it — users identified by email, Argon2 passwords,
sign in and out, password reset by email and lockout after repeated failures. What people may do
in an organisation (memberships and roles) belongs to `organisations`."""
