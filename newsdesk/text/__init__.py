"""Small text tools that every pipeline stage shares, one module per idea.

Date sanity (``dates``), publisher-link safety (``links``), word tokens (``tokens``),
the English suffix stemmer (``stemming``), stop words (``stopwords``), word shingles
(``shingles``) and JSON-LD reading (``jsonld``). Like ``newsdesk.plaintext`` beside it,
this package imports neither Django nor any stage, so that every stage may import it
and two stages never hold two copies of one rule.
"""
