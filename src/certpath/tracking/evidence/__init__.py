"""Evidence importers and verifiers: Open Badges 2.0 and 3.0, Credly, xAPI, completion CSVs.

Each reader turns one file into an EvidenceBatch, or raises EvidenceError listing every
problem with its place; nothing here touches the database.
"""
