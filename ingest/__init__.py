"""Files in, clean text and passages out.

The one entry point other layers need is :func:`ingest.pipeline.ingest_file`;
it never raises for bad input but returns a :class:`ingest.models.Skipped`.
"""

from ingest.models import Block, DocumentMeta, ExtractedDocument, IngestedDocument, Passage, Skipped
from ingest.pipeline import CHUNKER_VERSION, corpus_files, file_sha256, ingest_file

__all__ = [
    "Block",
    "CHUNKER_VERSION",
    "DocumentMeta",
    "ExtractedDocument",
    "IngestedDocument",
    "Passage",
    "Skipped",
    "corpus_files",
    "file_sha256",
    "ingest_file",
]
