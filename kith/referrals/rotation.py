"""Re-encrypting every stored personal value with the newest key, so older keys can be retired.

Works on the raw tokens (never decrypting into model instances), in batches, each batch its own
transaction. A row changed by someone else between our read and our write keeps their value: the
update matches the token we read, and their newer write is already under the newest key.
"""

from dataclasses import dataclass
from typing import Callable

from django.apps import apps
from django.db import connection, transaction

from . import crypto
from .fields import EncryptedTextField


@dataclass
class RotationReport:
    rotated: int = 0
    current: int = 0
    undecryptable: int = 0


def encrypted_models() -> list[tuple[type, list[str]]]:
    """Each referrals model with its encrypted columns."""
    found = []
    for model in apps.get_app_config("referrals").get_models():
        columns = [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if columns:
            found.append((model, columns))
    return found


def rows_to_rotate() -> int:
    return sum(model._default_manager.count() for model, _ in encrypted_models())


def _rotate_batch(table: str, pk: str, columns: list[str], rows: list, report: RotationReport) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            changes = {}
            for column, token in zip(columns, row[1:]):
                if not token:
                    continue
                if crypto.is_current(token):
                    report.current += 1
                    continue
                try:
                    changes[column] = (token, crypto.rotate(token))
                except crypto.UndecryptableValue:
                    report.undecryptable += 1
            if not changes:
                continue
            sets = ", ".join(f"{quote(c)} = %s" for c in changes)
            matches = " AND ".join(f"{quote(c)} = %s" for c in changes)
            cursor.execute(f"UPDATE {quote(table)} SET {sets} WHERE {quote(pk)} = %s AND {matches}",
                           [new for _, new in changes.values()] + [row[0]] + [old for old, _ in changes.values()])
            report.rotated += len(changes)


def rotate_all(*, batch_size: int = 500, progress: Callable[[int], object] = lambda n: None) -> RotationReport:
    report = RotationReport()
    quote = connection.ops.quote_name
    for model, columns in encrypted_models():
        table, pk = model._meta.db_table, model._meta.pk.column
        select = f"SELECT {quote(pk)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)}"
        last = None
        while True:
            with connection.cursor() as cursor:
                if last is None:
                    cursor.execute(f"{select} ORDER BY {quote(pk)} LIMIT %s", [batch_size])
                else:
                    cursor.execute(f"{select} WHERE {quote(pk)} > %s ORDER BY {quote(pk)} LIMIT %s", [last, batch_size])
                rows = cursor.fetchall()
            if not rows:
                break
            _rotate_batch(table, pk, columns, rows, report)
            last = rows[-1][0]
            progress(len(rows))
    return report
