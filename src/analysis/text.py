"""Text from inputs made inert where it becomes Markdown.

A briefing page renders Markdown with raw HTML escaped and links and images shown as text
(``pages.export``), so no input can put live content on a page.  ``md_text`` goes further for a name
quoted in a sentence: its Markdown punctuation is escaped too, so a project called ``**x**`` or
``[x](y)`` reads exactly as it was typed.
"""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:/@$])")


def md_text(text) -> str:
    """Text from an input file made inert for a Markdown cell: HTML escaped (no tags, no scripts),
    Markdown punctuation escaped (no links, autolinks, images, emphasis or math) and control characters
    shown as ``\x1b`` (as on the terminal and in Word)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(terminal_text(text), quote=False))   # quotes are text here


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(text) -> str:
    """Text from inputs made inert for a terminal: control characters (ESC, CR, backspace …) shown as
    ``\\x1b`` and the like, so a name can neither move the cursor nor overwrite a warning line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
