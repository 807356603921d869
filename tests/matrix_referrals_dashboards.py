"""Permission matrix rows for the referral dashboards pages. An organisation's figures are for its own
members and managers (LIO staff and council officers are members of theirs); the network's figures are
for LIO staff, council officers and administrators. Residents have no organisation and see neither."""

from .matrix import Row

MEMBERS = frozenset({"member_a", "manager_a", "member_b", "lio_staff", "council_officer"})
WHOLE_SECTOR = frozenset({"lio_staff", "council_officer", "administrator"})

ROWS: dict = {
    "referrals:dashboard": Row(lambda r: "/referrals/dashboard/", read=MEMBERS),
    "referrals:network": Row(lambda r: "/referrals/network/", read=WHOLE_SECTOR),
}
