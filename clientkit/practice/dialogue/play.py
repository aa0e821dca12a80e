"""A conversation in progress: the drill, its variant and the path so far (pure state, no I/O).

The service keeps one :class:`Conversation` per open drill on the server; the browser only sends
the index of the reply it picked, which :meth:`Conversation.step` checks against the current node
(DESIGN.md: every widget event is untrusted input).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from clientkit.errors import InputError
from clientkit.practice.dialogue.model import Drill, Node
from clientkit.practice.dialogue.scorer import check_path
from clientkit.practice.dialogue.variant import Variant


@dataclass(frozen=True)
class Bubble:
    """One line of the chat: ``speaker`` is ``client`` or ``agent``; ``card`` marks a client line
    shown with the client card; ``node_id``/``choice`` say where it came from."""

    speaker: str
    text: str
    node_id: str
    choice: int | None = None
    card: bool = False


@dataclass
class Conversation:
    drill: Drill
    variant: Variant
    path: list[tuple[str, int]] = field(default_factory=list)

    @property
    def node(self) -> Node:
        """The node the client is at now (an end node when the conversation is over)."""
        node_id = self.drill.start
        for step_node, index in self.path:
            node_id = self.drill.nodes[step_node].choices[index].next
        return self.drill.nodes[node_id]

    @property
    def finished(self) -> bool:
        return self.node.is_end

    def choices(self) -> list[tuple[int, str]]:
        """``(choice_index, text)`` of the current node in the variant's display order."""
        node = self.node
        return [(i, self.variant.text(node.choices[i].text)) for i in self.variant.order.get(node.id, ())]

    def step(self, choice_index: int) -> Node:
        """Take reply ``choice_index`` of the current node; returns the node reached.

        Raises:
            InputError: ``dialogue.finished`` when the conversation is over, ``dialogue.path_invalid``
                for an index the current node does not have.
        """
        node = self.node
        if node.is_end:
            raise InputError("dialogue.finished")
        try:
            index = int(choice_index)
        except (TypeError, ValueError):
            raise InputError("dialogue.path_invalid") from None
        if not 0 <= index < len(node.choices):
            raise InputError("dialogue.path_invalid")
        self.path.append((node.id, index))
        return self.node

    def transcript(self) -> list[Bubble]:
        """The chat so far: the client's lines and the agent's replies, placeholders filled."""
        return transcript(self.drill, self.variant, self.path)


def transcript(drill: Drill, variant: Variant, path) -> list[Bubble]:
    """The chat of ``path`` (checked against the drill, need not be finished)."""
    steps = check_path(drill, path, complete=False)
    node = drill.nodes[drill.start]
    out = [Bubble("client", variant.text(node.say), node.id, card=node.card)]
    for node_id, index in steps:
        choice = drill.nodes[node_id].choices[index]
        out.append(Bubble("agent", variant.text(choice.text), node_id, index))
        node = drill.nodes[choice.next]
        out.append(Bubble("client", variant.text(node.say), node.id, card=node.card))
    return out


def replay_attempt(exercise_id: str, seed: int, content_version: str, path, book, votes=None):
    """``(drill, variant, DialogueResult)`` of a stored drill attempt (exercise id
    ``dialogue:<drill id>``) rebuilt from its seed on ``book``, or None when the drill content
    changed since (another version) or the drill is gone. ``votes`` (an attempt of a class drill:
    the agent's vote per turn of the class's ``path``) scores the votes instead of the path."""
    from datetime import date

    from clientkit.errors import ClientkitError
    from clientkit.practice.dialogue.loader import dialogue_version, drill
    from clientkit.practice.dialogue.scorer import score_path
    from clientkit.practice.dialogue.variant import draw
    from clientkit.practice.dialogue.votes import score_votes

    if content_version != dialogue_version():
        return None
    try:
        found = drill(exercise_id.removeprefix("dialogue:"))
        on = date.fromisoformat(str(book.meta.get("on", "2026-06-30"))[:10])
        result = score_path(found, path) if votes is None else score_votes(found, path, votes)
        return found, draw(found, int(seed), book, on), result
    except (ClientkitError, KeyError, ValueError, TypeError):
        return None
