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

__all__ = ["DATA", "KG", "KGD", "NS"]

NS = "https://w3id.org/kgraph/ns#"
DATA = "https://w3id.org/kgraph/id/"

#: Namespace of kgraph's instance data (documents, entities, mentions).
KGD = Namespace(DATA)


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

    # co-occurrence
    coOccursWith: URIRef
    member: URIRef
    sentenceCount: URIRef
    documentCount: URIRef
    pmi: URIRef
    llr: URIRef

    # analytics
    degree: URIRef
    pageRank: URIRef
    community: URIRef
    firstSeen: URIRef
    lastSeen: URIRef
