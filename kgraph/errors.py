"""kgraph's exceptions, one tree::

KgraphError
├── InputError          a source path is missing or holds no readable file
├── ExportError         an export could not be written
├── PushError           a push to an external SPARQL store failed
├── QueryError          a SPARQL query is malformed or failed
└── ValidationError     an export does not conform to kgraph's shapes

and one warning, ``SkippedFile``: a file or folder under the sources that
was left out, named with the reason.
"""

from __future__ import annotations

__all__ = [
    "ExportError",
    "InputError",
    "KgraphError",
    "PushError",
    "QueryError",
    "SkippedFile",
    "ValidationError",
]


class KgraphError(Exception):
    """Base of every error kgraph raises on purpose; its message says how to fix it."""


class InputError(KgraphError):
    """A source path is missing or holds no readable file."""


class ExportError(KgraphError):
    """An export could not be written."""


class PushError(KgraphError):
    """A push to an external SPARQL store failed (connection, HTTP error, credentials).

    ``triples`` and ``batches`` count what the server had accepted before the failure.
    """

    def __init__(self, message: str, triples: int = 0, batches: int = 0) -> None:
        super().__init__(message)
        self.triples = triples
        self.batches = batches


class QueryError(KgraphError):
    """A SPARQL query is malformed or failed."""


class ValidationError(KgraphError):
    """An export does not conform to kgraph's SHACL shapes."""


class SkippedFile(UserWarning):
    """A file or folder under the sources was left out; the message names it and says why."""
