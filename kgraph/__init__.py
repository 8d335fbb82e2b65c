"""kgraph: knowledge graphs from Chinese news and commentary articles.

>>> import kgraph
>>> kgraph.__version__
'0.1.0'
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
