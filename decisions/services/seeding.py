"""The ledger of shipped data a loader has written: each record is seeded once, then left to the Secretariat.

A loader asks `claim(key, values)` before writing a record of its file. The answer is yes only for a key it
never wrote before; the key is then recorded with the values written. A record seeded by an earlier run is
never touched again, whether the Secretariat has since changed it, deleted it or left it alone: re-running
the loader can add what a newer file brings, never undo an edit.

A database loaded before the ledger existed has the records but no ledger: `adopting=True` records every key
as found in place and writes nothing, so the first run after the upgrade does not undo edits either.
"""

from typing import Any

from decisions.models import SeededRecord


class SeedLedger:
    def __init__(self, source: str) -> None:
        self.source = source
        self.known: dict[str, dict] = dict(SeededRecord.objects.filter(source=source).values_list("key", "values"))
        self.pending: list[SeededRecord] = []

    def has_any(self, prefix: str) -> bool:
        return any(key.startswith(prefix) for key in self.known)

    def claim(self, key: str, values: dict[str, Any] | None = None, *, adopting: bool = False) -> bool:
        """Whether the loader should write this record now (never seeded before, and not adopting)."""
        if key in self.known:
            return False
        self.known[key] = values or {}
        self.pending.append(SeededRecord(source=self.source, key=key, values=self.known[key], adopted=adopting))
        return not adopting

    def values_of(self, key: str) -> dict[str, Any]:
        """What was recorded for a key (empty when it was never seeded)."""
        return self.known.get(key, {})

    def save(self) -> None:
        SeededRecord.objects.bulk_create(self.pending)
        self.pending = []
