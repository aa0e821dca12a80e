"""The class's votes on one turn of a live drill (issue 13, 培训师课堂): counts per reply and the
majority. Pure: the votes come in, nothing is read or written.

The class follows the reply most agents voted for; a tie for first place (or no vote at all) has
no majority, and the trainer then names the reply the class follows.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    """``counts[i]`` votes for reply ``i`` of the node; ``majority`` is the reply with strictly
    the most votes, or None (no votes, or a tie for first place)."""

    counts: tuple[int, ...]
    voters: int
    majority: int | None

    def share(self, index: int) -> float:
        return self.counts[index] / self.voters if self.voters else 0.0


def tally(choices, choice_count: int) -> Tally:
    """Count ``choices`` (one reply index per voter) over ``choice_count`` replies; indices outside
    the node are ignored (the store refuses them already)."""
    seen = Counter(int(c) for c in choices if 0 <= int(c) < choice_count)
    counts = tuple(seen.get(i, 0) for i in range(choice_count))
    top = max(counts, default=0)
    leaders = [i for i, n in enumerate(counts) if n == top]
    return Tally(counts, sum(counts), leaders[0] if top > 0 and len(leaders) == 1 else None)
