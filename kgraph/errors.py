"""kgraph's exceptions, one tree::

KgraphError
├── InputError          a source path is missing or holds no readable file
├── ExportError         an export could not be written
├── QueryError          a SPARQL query is malformed or failed
└── ValidationError     an export does not conform to kgraph's shapes
"""

from __future__ import annotations

__all__ = ["ExportError", "InputError", "KgraphError", "QueryError", "ValidationError"]


class KgraphError(Exception):
    """Base of every error kgraph raises on purpose; its message says how to fix it."""


class InputError(KgraphError):
    """A source path is missing or holds no readable file."""


class ExportError(KgraphError):
    """An export could not be written."""


class QueryError(KgraphError):
    """A SPARQL query is malformed or failed."""


class ValidationError(KgraphError):
    """An export does not conform to kgraph's SHACL shapes."""
