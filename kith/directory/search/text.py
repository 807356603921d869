"""Words for search: folded to plain lower-case ASCII, split, stemmed and, in queries, widened with
synonyms. Documents and queries go through the same functions, so both databases see the same terms.

Splitting on anything that is not a letter or digit also disarms every full-text query syntax
(quotes, *, -, NEAR, parentheses, column filters): what reaches the database is only quoted words.
"""

import re
import unicodedata
from dataclasses import dataclass

from .porter import stem

MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['‘’`]")

# Words that say nothing about the service wanted. Dropped from queries only; documents keep them.
STOPWORDS = frozenset("""
a about an and any are as at be by can do for from get getting have help i in into is it me my near nearby
need needs of on or our please some someone that the their them there they this to want we what where who
with you your
""".split())

# Groups of words a person may use for the same thing. Each word found in a query also finds the
# rest of its group. Kept to family-support words where the match is safe both ways.
SYNONYM_GROUPS = [
    "mum mam mummy mother mothers",
    "dad daddy father fathers",
    "baby babies infant infants newborn",
    "child children kid kids",
    "teen teens teenager teenagers adolescent",
    "nursery preschool childcare creche",
    "foodbank foodbanks",
    "pregnant pregnancy antenatal maternity",
    "breastfeeding breastfeed",
    "counselling counseling counsellor therapy therapist",
    "autism autistic asd",
    "send sen",
    "abuse violence",
    "homeless homelessness",
    "housing accommodation",
    "lonely loneliness isolated isolation",
    "befriending befriender",
    "bereavement bereaved grief grieving",
    "job jobs employment",
    "elderly older pensioner pensioners",
    "carer carers caregiver",
    "disabled disability disabilities",
    "benefits welfare",
    "debt debts arrears",
    "gp doctor",
    "refugee refugees asylum",
    "esol english",
]


def fold(text: str) -> str:
    """Lower-case ASCII: accents dropped, apostrophes closed up (children's → childrens)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", text.lower())


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(fold(text)) if len(w) <= MAX_WORD_LENGTH]


def terms(text: str) -> list[str]:
    """The indexed form of a text: its words, stemmed, in order."""
    return [stem(w) for w in words(text)]


def indexed(*texts: str) -> str:
    return " ".join(t for text in texts for t in terms(text))


def _synonyms() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for line in SYNONYM_GROUPS:
        group = frozenset(stem(w) for w in line.split())
        for member in group:
            table[member] = table.get(member, frozenset()) | group
    return table


SYNONYMS = _synonyms()


@dataclass(frozen=True)
class Query:
    """What a person typed, as groups of alternative terms: every group must match somewhere."""

    groups: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        groups: list[tuple[str, ...]] = []
        seen: set[str] = set()
        for word in words(text[:1000]):
            if word in STOPWORDS:
                continue
            term = stem(word)
            if term in seen:
                continue
            seen.add(term)
            groups.append(tuple(sorted(SYNONYMS.get(term, {term}))))
            if len(groups) == MAX_QUERY_WORDS:
                break
        return cls(tuple(groups))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self, columns: tuple[str, ...] | None = None) -> str:
        """An FTS5 MATCH expression; every term quoted, so nothing in it is syntax from the user."""
        expression = " AND ".join("(" + " OR ".join(f'"{t}"' for t in group) + ")" for group in self.groups)
        return f"{{{' '.join(columns)}}} : ({expression})" if columns else f"({expression})"

    def tsquery(self) -> str:
        """A PostgreSQL tsquery literal, every term quoted."""
        return " & ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in self.groups)
