"""Errors people read: which file, sheet, row, column, what was expected (Chinese, English alongside)."""
from __future__ import annotations

from pathlib import Path


class AnalysisError(Exception):
    """Base of the package's user-facing errors; the CLI prints them and exits non-zero.

    In a notebook (JupyterLab, IPython) the error shows as its message alone, not a traceback:
    IPython renders an exception with ``_render_traceback_`` by the lines it returns.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[1;31m⚠ {self}\x1b[0m"]


class InputError(AnalysisError):
    """Bad input data, located as precisely as the reader could."""

    def __init__(self, path, problem: str, *, sheet=None, row=None, column=None, expected=None, value=None):
        self.path = Path(path) if path is not None else None
        self.sheet, self.row, self.column = sheet, row, column
        self.problem, self.expected, self.value = problem, expected, value
        super().__init__(self.message())

    def message(self) -> str:
        parts = [f"输入数据错误 / input error: 文件 {self.path}" if self.path else "输入数据错误 / input error"]
        if self.sheet is not None:
            parts.append(f"工作表 {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column is not None:
            parts.append(f"列 {self.column}")
        text = "，".join(parts) + f"：{self.problem}"
        if self.value is not None:
            text += f"（收到 {self.value!r}）"
        if self.expected:
            text += f"；应为：{self.expected}"
        return text


class ParameterError(AnalysisError):
    """A notebook parameter that the notebook does not declare, or of the wrong type."""


class FontError(AnalysisError):
    """No CJK font could be found for matplotlib."""


class BuildError(AnalysisError):
    """A notebook failed to execute or export; the previous report is left in place."""


class OutputError(AnalysisError):
    """The reports or processed folder cannot be written (permissions, another build running)."""
