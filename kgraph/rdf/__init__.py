"""RDF: kgraph's vocabulary, serializations, the Oxigraph store and its servers.

==================  ==========================================================
:mod:`.vocab`       the ``kg:`` vocabulary, prefixes and IRI compaction
:mod:`.serialize`   the corpus as N-Triples, Turtle and JSON-LD
:mod:`.fragments`   each document's own lines, cached between builds
:mod:`.store`       the Oxigraph store: load, open, query, check queries
:mod:`.validate`    SHACL validation of an export (``shapes.ttl``)
:mod:`.serve`       the read-only SPARQL endpoint and query page
:mod:`.push`        streaming a build into an external SPARQL server
==================  ==========================================================
"""
