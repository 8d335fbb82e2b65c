"""The ``kg:`` vocabulary as a closed namespace: a misspelled term is an error.

The terms are declared, with English and Chinese labels, in ``ontology.ttl``
beside this module; a test keeps the two in step.

Examples
--------
>>> KG.proposed
rdflib.term.URIRef('https://w3id.org/kgraph/ns#proposed')
>>> KG.proposd
Traceback (most recent call last):
...
AttributeError: term 'proposd' not in namespace 'https://w3id.org/kgraph/ns#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["DATA", "KG", "KGD", "NS", "PREFIXES", "compact_iri"]

NS = "https://w3id.org/kgraph/ns#"
DATA = "https://w3id.org/kgraph/id/"

#: Namespace of kgraph's instance data (documents, entities, mentions).
KGD = Namespace(DATA)

#: Prefixes bound in every export, predeclared for queries and used to abbreviate IRIs.
PREFIXES: dict[str, str] = {
    "kg": NS,
    "kgd": DATA,
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def compact_iri(iri: str) -> str:
    """Abbreviate an IRI with :data:`PREFIXES` (the longest namespace wins); others stay whole.

    The query page's JavaScript receives :data:`PREFIXES` from the server and
    abbreviates the same way.

    >>> compact_iri("https://w3id.org/kgraph/id/Place/福建省")
    'kgd:Place/福建省'
    >>> compact_iri("urn:x")
    'urn:x'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]) :]}" if best else iri


class KG(DefinedNamespace):
    """Classes and properties of kgraph's own vocabulary."""

    _NS = Namespace(NS)
    _fail = True

    # classes
    Campaign: URIRef  # a named initiative, work system or plan
    Slogan: URIRef  # a political formula or slogan
    Sentence: URIRef
    Mention: URIRef
    Evidence: URIRef
    RelationAssertion: URIRef  # a reified typed relation with its evidence
    CoOccurrence: URIRef  # a reified co-occurrence with its statistics
    Quote: URIRef  # a quoted statement attributed to someone
    Section: URIRef

    # provenance of text
    inDocument: URIRef
    inSentence: URIRef
    index: URIRef
    begin: URIRef
    end: URIRef
    text: URIRef
    normalizedText: URIRef
    section: URIRef
    surface: URIRef
    extractor: URIRef
    confidence: URIRef
    refersTo: URIRef
    pattern: URIRef
    evidence: URIRef
    encoding: URIRef
    characterCount: URIRef

    # entity facts
    adminCode: URIRef
    role: URIRef
    definition: URIRef
    hasPart: URIRef
    tfidf: URIRef

    # typed relations
    proposed: URIRef
    workedIn: URIRef
    visited: URIRef
    stated: URIRef
    mentionsEntity: URIRef
    locatedIn: URIRef
    authorOf: URIRef
    originatedIn: URIRef
    namedAfter: URIRef

    # co-occurrence
    coOccursWith: URIRef
    member: URIRef
    sentenceCount: URIRef
    documentCount: URIRef
    pmi: URIRef
    llr: URIRef
    rank: URIRef

    # analytics
    degree: URIRef
    pageRank: URIRef
    community: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
