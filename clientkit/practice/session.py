"""The paper of a class session (DESIGN.md journey "trainer").

A session names chapters, a mode and an item count. Its paper takes items in turn from the
chapters' assessment papers built with the session's seed: in ``assessment`` mode the seed is
the session id (everyone gets the same paper, so a class's answers are comparable item by item);
in ``practice`` mode it is derived from (user, session) so neighbours see different variants.
The exercise id ``session:<id>`` and the seed replay the paper (:func:`replay_session_task`).
"""
from __future__ import annotations

from clientkit.practice.content import content, released
from clientkit.practice.engine import assessment_from, derive_seed
from clientkit.practice.task import Task


def session_seed(session: dict, user_id: int) -> int:
    if session["mode"] == "assessment":
        return int(session["id"])
    return derive_seed(user_id, f"session:{session['id']}", 1)


def session_paper(session: dict, seed: int, content_version: str | None = None) -> Task:
    """``item_count`` items taken round-robin from the assessment papers of the session's
    chapters (built with ``seed``); the time limit is the session's. ``content_version``: build
    from that released content (a replay) instead of the content in force."""
    source = content() if content_version is None else released(content_version)
    papers = [assessment_from(source, int(ch), seed=int(seed)) for ch in session["chapters"]]
    want = max(1, int(session["item_count"]))
    items, key, i = [], {}, 0
    while len(items) < want and any(i < len(p.items) for p in papers):
        for no, paper in enumerate(papers):
            if i < len(paper.items) and len(items) < want:
                item = paper.items[i]
                new_id = f"c{paper.chapter}-{item.item_id}"
                items.append(type(item)(**{**item.__dict__, "item_id": new_id}))
                key[new_id] = paper.key[item.item_id]
        i += 1
    first = papers[0]
    return Task(exercise_id=f"session:{session['id']}", chapter=first.chapter, kind="session", seed=int(seed),
                title=session["name"], intro=first.intro, items=items, time_limit_s=session.get("time_limit_s"),
                content_version=source.version, key=key)


def replay_session_task(session: dict, seed: int, content_version: str | None = None) -> Task:
    """The paper a session attempt answered: built from the attempt's ``content_version``."""
    return session_paper(session, seed, content_version)
