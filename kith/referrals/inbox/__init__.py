"""The receiving organisation's inbox and answering a referral: opened, accepted, waiting list, declined, could not contact, outcome, closed, and onward referral."""
