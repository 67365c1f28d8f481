"""The emotion scale as faces: the language-neutral companions of the catalogs'
``emotion.1`` (very negative) to ``emotion.5`` (very positive) words.

The app's emotion buttons and the participants' page on their phones show the same
face for the same score; neither needs the other (the page runs no widgets).
"""

from __future__ import annotations

from typing import Final

EMOTION_FACES: Final = {1: "😠", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}
"""emotion score -> its face."""
