#!/usr/bin/env python3
"""Independent re-implementation of trec_eval 9.0.x's ndcg_cut.10, recall.100 and recip_rank (cut at 10).

Written from trec_eval's definitions, not from MODE's code:
  - run lines: qid Q0 docno rank score tag; trec_eval ignores the rank column and sorts a query's documents by
    score descending, ties by docno descending (strcmp(docno2, docno1));
  - qrels: qid 0 docno rel (TREC) or BEIR tsv (query-id, corpus-id, score with a header);
  - relevant = rel >= 1 (relevance_level 1);
  - ndcg_cut.k: sum_{i<k, rel_i>0} rel_i / log2(i+2), over the ideal: positive rels sorted desc, same discount;
    when the ideal is 0 the value stays the (zero) DCG;
  - recall.k: relevant retrieved in the first k / number relevant (0 when none);
  - recip_rank cut at k: 1 / rank of the first relevant document within the first k, else 0;
  - mean over the queries of the run that are in the qrels (trec_eval without -c); with -c, over every qrels
    query, a query without results scoring 0.
Usage: python3 docs/eval/trec_eval.py QRELS RUN [-c] [-q]   (QRELS: a BEIR qrels/test.tsv or TREC qrels; RUN: from
`bin/mode eval --runs DIR`; -c averages over every qrels query, -q prints per-query figures)
"""
import math
import sys
from collections import defaultdict


def read_qrels(path):
    qrels = defaultdict(dict)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            parts = line.split()
            if not parts:
                continue
            if n == 0 and parts[0] == "query-id":
                continue
            if len(parts) == 3:  # BEIR tsv
                q, d, r = parts
            else:  # TREC: qid iter docno rel
                q, _, d, r = parts[:4]
            if d in qrels[q]:
                raise SystemExit(f"duplicate judgment {q} {d}")
            qrels[q][d] = int(r)
    return qrels


def read_run(path):
    run = defaultdict(list)
    seen = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            q, _, d, _rank, score = parts[:5]
            if d in seen[q]:
                raise SystemExit(f"duplicate document {d} for query {q} in {path}")
            seen[q].add(d)
            run[q].append((float(score), d))
    ranked = {}
    for q, docs in run.items():
        # score descending, then docno descending, as trec_eval's comp_sim_docno
        docs.sort(key=lambda t: t[1], reverse=True)
        docs.sort(key=lambda t: t[0], reverse=True)
        ranked[q] = [d for _, d in docs]
    return ranked


def ndcg_cut(ranked, rels, k):
    dcg = 0.0
    for i, d in enumerate(ranked[:k]):
        g = rels.get(d, 0)
        if g > 0:
            dcg += g / math.log2(i + 2)
    ideal = sorted((g for g in rels.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else dcg


def recall(ranked, rels, k):
    num_rel = sum(1 for g in rels.values() if g >= 1)
    if num_rel == 0:
        return 0.0
    return sum(1 for d in ranked[:k] if rels.get(d, 0) >= 1) / num_rel


def recip_rank(ranked, rels, k):
    for i, d in enumerate(ranked[:k]):
        if rels.get(d, 0) >= 1:
            return 1.0 / (i + 1)
    return 0.0


def evaluate(qrels, run, complete=False):
    per_query = {}
    queries = sorted(qrels) if complete else sorted(q for q in run if q in qrels)
    for q in queries:
        ranked = run.get(q, [])
        rels = qrels[q]
        per_query[q] = (ndcg_cut(ranked, rels, 10), recall(ranked, rels, 100), recip_rank(ranked, rels, 10))
    n = len(per_query)
    means = tuple(sum(v[i] for v in per_query.values()) / n for i in range(3)) if n else (0.0, 0.0, 0.0)
    return means, per_query


def main(argv):
    args = [a for a in argv if not a.startswith("-")]
    complete = "-c" in argv
    qrels = read_qrels(args[0])
    run = read_run(args[1])
    (nd, rc, rr), per_query = evaluate(qrels, run, complete)
    if "-q" in argv:
        for q, (a, b, c) in per_query.items():
            print(f"{q}\t{a:.6f}\t{b:.6f}\t{c:.6f}")
    print(f"num_q\t{len(per_query)}\nndcg_cut_10\t{nd:.10f}\nrecall_100\t{rc:.10f}\nrecip_rank@10\t{rr:.10f}")


if __name__ == "__main__":
    main(sys.argv[1:])
