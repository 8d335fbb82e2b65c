"""Ingest: from files on disk to documents with sections, metadata and sentences.

==================  ==========================================================
:mod:`.files`       which files to read under the sources, and document ids
:mod:`.decode`      bytes to text: byte-order marks, UTF-8/16, GB18030, Big5
:mod:`.html`        HTML pages reduced to their visible text
:mod:`.clean`       each part of a scraped page labelled; headline, date, source
:mod:`.dates`       dates in the forms pages write them, read into ISO form
:mod:`.normalize`   pinyin removed, Simplified script, offsets kept
:mod:`.segment`     sentences of the analysable sections
==================  ==========================================================
"""
