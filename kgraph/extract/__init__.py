"""Extract: candidate mentions of one document's sentences.

==================  ==========================================================
:mod:`.rules`       the extractor: rule families over jieba-segmented sentences
:mod:`.lexicon`     the word classes the rules use (titles, verbs, units)
:mod:`.gazetteer`   China's administrative divisions from jionlp's data
==================  ==========================================================
"""
