"""Telling people what happened: email and on-screen notices of new referrals and status changes, and escalation of referrals not opened in time."""
