"""What a planner types in a cell, read as meant: IME quotes, full-width digits and ``true``/``false``.

A parameters cell runs before the package is imported, so these slips used to end in Python's English
SyntaxError or NameError.  ``make lab`` and ``make explore`` start kernels with ``IPYTHONDIR=lab/ipython``,
whose start-up file calls :func:`register`: an IPython input transformer that, for a cell Python cannot
compile, tries it again with Chinese quotes (“ ” ‘ ’) and full-width digits read as their ASCII forms, and in
any cell reads a bare ``= true`` / ``= false`` assignment as ``True`` / ``False``.  A cell so read prints one
Chinese line saying what was read differently; a cell that still does not compile is left for Python to
report.  Code that compiles is never changed (a quote inside a string stays as typed).
"""
from __future__ import annotations

import re

QUOTES = {"“": '"', "”": '"', "‘": "'", "’": "'", "＂": '"', "＇": "'"}
WIDE = {chr(0xFF10 + k): str(k) for k in range(10)} | {"．": ".", "－": "-", "＋": "+", "，": ","}
BOOL = re.compile(r"^(\s*[A-Za-z_]\w*\s*(?::\s*\w+\s*)?=\s*)(true|false)(\s*(?:#.*)?)$")


def _compiles(src: str) -> bool:
    try:
        compile(src, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def read_as_meant(src: str) -> tuple[str, list[str]]:
    """``src`` with the slips read as meant, and the notes saying what was read differently."""
    notes = []
    if not _compiles(src) and any(c in src for c in (*QUOTES, *WIDE)):
        trial = src.translate(str.maketrans({**QUOTES, **WIDE}))
        if _compiles(trial):
            src = trial
            notes.append("中文引号或全角数字已按英文半角读取")
    lines = []
    for line in src.split("\n"):
        m = BOOL.match(line)
        if m:
            line = m.group(1) + m.group(2).capitalize() + m.group(3)
            if "true/false 已按 True/False 读取" not in notes:
                notes.append("true/false 已按 True/False 读取")
        lines.append(line)
    return "\n".join(lines), notes


def transformer(lines: list[str]) -> list[str]:
    """The IPython cleanup transformer: the cell read as meant, with a print of the notes first."""
    src, notes = read_as_meant("".join(lines))
    if notes:
        src = f"print({('提示：' + '；'.join(notes) + '。')!r})\n" + src
    return src.splitlines(keepends=True)


def register(ip=None) -> None:
    """Add the transformer to the running IPython shell (once)."""
    if ip is None:
        from IPython import get_ipython

        ip = get_ipython()
    if ip is not None and transformer not in ip.input_transformers_cleanup:
        ip.input_transformers_cleanup.append(transformer)
