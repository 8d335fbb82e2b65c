"""The seed facts: is every relation a reader sees in ``seeds/`` typed with a fitting predicate?

Issue 13's criterion on the seeds. The facts are the seven relations the
relations issue names (习近平 proposed 四下基层, which originated in 宁德; 习近平
worked in 宁德; 张成慧 served as 县委书记 of 古田县; 古田县 is part of 宁德市, which
is part of 福建省; 习近平 wrote 《摆脱贫困》) and three of the vocabulary layer
the texts state (四下基层 has its four parts, 习近平 visited 下党 — the
“三进下党” —, and 习近平 stated the slogan ‘最后一公里’ inside his quoted words).

A fact counts when the built graph holds a relation from its subject to its
object with the expected predicate (and the role, where one is given); any
other predicate between the same two entities is printed as a misfit.

Usage::

    python benchmarks/seed_facts.py                           # kgraph build: rules + learned tagger
    python benchmarks/seed_facts.py --no-learned-vocabulary   # kgraph build --no-learned-vocabulary
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

__all__ = ["FACTS", "main"]

ROOT = Path(__file__).resolve().parent.parent

#: (subject key, predicate, object key or parts, role): what a reader of the seeds sees.
FACTS: tuple[tuple[str, str, str, str], ...] = (
    ("Person/习近平", "proposed", "Campaign/四下基层", ""),
    ("Campaign/四下基层", "originatedIn", "Place/宁德市", ""),
    ("Person/习近平", "workedIn", "Place/宁德市", ""),
    ("Person/张成慧", "workedIn", "Place/古田县", "县委书记"),
    ("Place/古田县", "containedInPlace", "Place/宁德市", ""),
    ("Place/宁德市", "containedInPlace", "Place/福建省", ""),
    ("Person/习近平", "authorOf", "CreativeWork/摆脱贫困", ""),
    (
        "Campaign/四下基层",
        "hasPart",
        "宣传党的路线、方针、政策下基层|调查研究下基层|信访接待下基层|现场办公下基层",
        "",
    ),
    ("Person/习近平", "visited", "Place/下党乡", ""),
    ("Person/习近平", "stated", "Slogan/最后一公里", ""),
)


def main(argv: list[str] | None = None) -> int:
    import kgraph

    learned = "--no-learned-vocabulary" not in (sys.argv[1:] if argv is None else argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = kgraph.build([ROOT / "seeds"], out=None, jobs=1, learned_vocabulary=learned).corpus
    relations = corpus.relations
    met = 0
    for subject, predicate, obj, role in FACTS:
        objects = obj.split("|")
        found = [
            r
            for r in relations
            if r.subject == subject
            and r.predicate == predicate
            and r.object in objects
            and (not role or r.role == role)
        ]
        ok = {r.object for r in found} == set(objects)
        met += ok
        others = sorted(
            {
                r.predicate
                for r in relations
                if {r.subject, r.object} & {subject} and r.object in objects
            }
            - {predicate}
        )
        note = f"  (also: {', '.join(others)})" if others else ""
        shown = obj if len(objects) == 1 else f"{len(objects)} parts"
        print(f"{'yes' if ok else 'NO '}  {subject} -{predicate}-> {shown}{note}")
    built = "rules + learned tagger" if learned else "rules alone"
    print(f"\nseed facts typed with a fitting predicate ({built}): {met} of {len(FACTS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
