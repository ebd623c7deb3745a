"""zone-analysis: reproducible briefings on the 2025 targets of 魏县经济开发区."""
import sys as _sys

__version__ = "0.1.0"

# nbformat imports jsonschema, whose format checkers import ``rfc3987_syntax`` when it is installed
# (jupyter-events pulls it in); that module compiles 38 lark grammars at import, 1.6 s in every process
# that reads or writes a notebook (the build, each worker, each export).  Notebook schemas never use the
# ``iri`` formats it checks, so the build's processes go without it.  Benchmarked in benchmarks/bench_build.py.
_sys.modules.setdefault("rfc3987_syntax", None)
