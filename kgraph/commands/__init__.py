"""The subcommands of ``kgraph``: one module each, registered by :mod:`kgraph.cli`."""
