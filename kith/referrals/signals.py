"""What other parts of referrals listen for: sent after the change has committed, so a listener (an email,
a figure for the needs map) never acts on a change that was rolled back.

- referral_sent(referral, by): a draft became a sent referral.
- referral_status_changed(referral, by, from_status, to_status, event): the receiver (or the system) moved it on.
"""

from django.dispatch import Signal

referral_sent = Signal()
referral_status_changed = Signal()
