"""对话演练: branching client conversations scored on 合规 / 专业 / 适当 / 服务 (issue 13).

Content as data (``exercises/chNN_dialogues.yaml``), a validator that refuses a broken drill with
the node named, variants drawn from the synthetic book with personal data masked, and a pure
scorer over a path. Library only: no widgets, no store.
"""
from clientkit.practice.dialogue.loader import DIALOGUE_VERSION, dialogue_version, drill, drills, read_file
from clientkit.practice.dialogue.model import DIMENSIONS, Choice, Drill, Node
from clientkit.practice.dialogue.play import Bubble, Conversation, replay_attempt, transcript
from clientkit.practice.dialogue.scorer import DialogueResult, WeakTurn, check_path, score_path
from clientkit.practice.dialogue.validate import parse_drill
from clientkit.practice.dialogue.variant import Variant, draw
from clientkit.practice.dialogue.votes import score_votes

__all__ = [
    "Bubble",
    "Choice",
    "Conversation",
    "DIALOGUE_VERSION",
    "DIMENSIONS",
    "DialogueResult",
    "Drill",
    "Node",
    "Variant",
    "WeakTurn",
    "check_path",
    "dialogue_version",
    "draw",
    "drill",
    "drills",
    "parse_drill",
    "read_file",
    "replay_attempt",
    "score_path",
    "score_votes",
    "transcript",
]
