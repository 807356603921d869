"""The permission matrix's vocabulary: the roles, the usual groups of them, and a row per URL.

Areas with many URLs keep their rows in their own module (tests/matrix_*.py); the matrix test joins
them. A module may also offer `records(records, people)` returning extra objects its URLs need.
"""

from dataclasses import dataclass
from typing import Callable

ROLES = ["anonymous", "resident", "member_a", "manager_a", "member_b", "lio_staff", "council_officer", "administrator"]
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
EDITORS_OF_A = frozenset({"member_a", "manager_a", "lio_staff", "administrator"})
MANAGERS_OF_A = frozenset({"manager_a", "lio_staff", "administrator"})
LIO_AND_ADMIN = frozenset({"lio_staff", "administrator"})
NOBODY: frozenset = frozenset()


@dataclass(frozen=True)
class Row:
    url: Callable[[dict], str]
    read: frozenset = NOBODY          # may GET with 200; None means the URL takes POST only
    change: frozenset | None = None   # may POST; None means the URL changes nothing
    post_only: bool = False
    # Signed-in roles refused with 404 rather than 403, so that a private record's existence is not given away.
    hidden: frozenset = NOBODY


