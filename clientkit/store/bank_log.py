"""The log of question banks published from Excel (issue 14, table ``bank_publications``)."""
from __future__ import annotations

import sqlalchemy as sa

from clientkit.store.tables import bank_publications
from clientkit.store.users import utcnow


def record_publication(store, publication, published_by: str, user_id: int | None = None, now=None) -> None:
    """Append one publication (a :class:`clientkit.practice.bank.Publication`)."""
    row = {"content_version": publication.version, "previous_version": publication.previous,
           "chapter": publication.chapter, "user_id": user_id, "published_by": published_by,
           "published_at": now or utcnow(),
           "summary": {"added": list(publication.added), "changed": list(publication.changed),
                       "removed": list(publication.removed)}}
    store._write(lambda c: c.execute(bank_publications.insert(), row))


def publications(store, limit: int = 50) -> list[dict]:
    """The newest publications first."""
    query = (sa.select(bank_publications)
             .order_by(bank_publications.c.published_at.desc(), bank_publications.c.id.desc()).limit(limit))
    return [dict(r._mapping) for r in store._read(lambda c: c.execute(query).all())]
