#!/usr/bin/env python3
"""lede_dask.py -- lede on a Dask distributed cluster.

Splits a JSONL corpus into contiguous partitions and gives each to a Dask
worker, which runs the `lede` binary on it in a subprocess:

  --spans OUT.jsonl  each worker pipes its partition into `lede map --extract`
                     and returns the span lines; the client writes them in
                     partition order, which is corpus order. The lines are
                     those `lede ingest` + `lede extract --no-corpus --format
                     jsonl` print for the whole corpus on one machine.
  --store OUT.db     each worker builds a store of its partition (`lede ingest
                     -`, then `lede extract --no-corpus`) and sends the file
                     back; the client merges them in partition order with
                     `lede merge OUT.db part-00001.db ...`. OUT.db then holds
                     the documents and spans a single-machine store of the
                     corpus holds (the corpus-wide step of `lede extract`,
                     surname-only mentions resolved across documents, is
                     not run: it needs the whole corpus; see README.md).

Workers need the `lede` binary (--lede, default `lede` on their PATH); they
get the partition's bytes from the client, so no shared file system is
needed. Without --scheduler/--scheduler-file a LocalCluster of --workers
processes is started on 127.0.0.1.

Exit status: 0 ok; 1 usage error; 2 some record was malformed (each one is
reported as `partition N: stdin:LINE: reason`, LINE counted within the
partition); otherwise the first failing lede command's status.
"""
import argparse
import os
import subprocess
import sys
import tempfile


def partitions(path, n):
    """The corpus as at most n lists of whole lines, contiguous and of
    about equal size in bytes (corpus order is partition order)."""
    with open(path, "rb") as f:
        lines = f.readlines()
    total = sum(len(x) for x in lines)
    target = max(1, -(-total // max(1, n)))
    parts, cur, size = [], [], 0
    for line in lines:
        cur.append(line)
        size += len(line)
        if size >= target and len(parts) < n - 1:
            parts.append(b"".join(cur))
            cur, size = [], 0
    if cur:
        parts.append(b"".join(cur))
    return parts


# The two tasks run on the workers: only the standard library and the
# lede binary are needed there.

def map_partition(lede, data, extra):
    """`lede map --extract` over one partition: (status, spans, stderr)."""
    p = subprocess.run([lede, "map", "--extract", *extra], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def store_partition(lede, data, extra):
    """A store of one partition: (status, store bytes, stderr)."""
    with tempfile.TemporaryDirectory(prefix="lede-part-") as d:
        db = os.path.join(d, "part.db")
        ingest = subprocess.run([lede, "--db", db, "ingest", "-"], input=data,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # 2: some records were rejected (and reported); the rest is stored.
        if ingest.returncode not in (0, 2):
            return ingest.returncode, b"", ingest.stderr
        extract = subprocess.run([lede, "--db", db, "extract", "--no-corpus", *extra],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if extract.returncode != 0:
            return extract.returncode, b"", ingest.stderr + extract.stderr
        # lede closes the store with its WAL checkpointed: the file is whole.
        with open(db, "rb") as f:
            return ingest.returncode, f.read(), ingest.stderr


def report(i, err):
    for line in err.decode("utf-8", "replace").splitlines():
        print(f"partition {i}: {line}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="Run lede map / build and merge lede stores on Dask.")
    ap.add_argument("corpus", help="JSONL corpus, one document per line")
    ap.add_argument("--spans", metavar="OUT.jsonl", help="write the span JSON Lines here")
    ap.add_argument("--store", metavar="OUT.db", help="build per-partition stores and merge them here")
    ap.add_argument("--partitions", type=int, default=0, help="number of partitions (default: 2 per worker)")
    ap.add_argument("--scheduler", metavar="ADDR", help="scheduler address, e.g. tcp://10.0.0.5:8786")
    ap.add_argument("--scheduler-file", metavar="FILE", help="scheduler file written by dask-scheduler")
    ap.add_argument("--workers", type=int, default=2,
                    help="LocalCluster workers when no scheduler is given; else wait for this many")
    ap.add_argument("--lede", default="lede", help="the lede binary on the workers (default: lede)")
    ap.add_argument("--parts-dir", metavar="DIR", help="keep the partition stores here (default: a temporary folder)")
    args = ap.parse_args()
    if not args.spans and not args.store:
        ap.error("nothing to do: give --spans OUT.jsonl and/or --store OUT.db")

    from dask.distributed import Client, LocalCluster

    cluster = None
    if args.scheduler_file:
        client = Client(scheduler_file=args.scheduler_file)
    elif args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None)
        client = Client(cluster)
    status = 0
    try:
        client.wait_for_workers(args.workers, timeout=120)
        nworkers = len(client.scheduler_info()["workers"])
        parts = partitions(args.corpus, args.partitions or 2 * nworkers)
        print(f"lede_dask: {len(parts)} partitions on {nworkers} workers", file=sys.stderr)
        # Shipped once, used by both passes.
        data = client.scatter(parts)

        def worst(rc):
            nonlocal status
            if rc != 0 and (status == 0 or status == 2):
                status = rc

        if args.spans:
            futures = [client.submit(map_partition, args.lede, d, [], pure=False) for d in data]
            with open(args.spans, "wb") as out:
                for i, fut in enumerate(futures, 1):  # in partition order
                    rc, spans, err = fut.result()
                    report(i, err)
                    worst(rc)
                    out.write(spans)

        if args.store:
            futures = [client.submit(store_partition, args.lede, d, [], pure=False) for d in data]
            keep = args.parts_dir
            tmp = None if keep else tempfile.TemporaryDirectory(prefix="lede-parts-")
            where = keep or tmp.name
            os.makedirs(where, exist_ok=True)
            names = []
            for i, fut in enumerate(futures, 1):
                rc, store, err = fut.result()
                report(i, err)
                worst(rc)
                if store:
                    names.append(os.path.join(where, f"part-{i:05d}.db"))
                    with open(names[-1], "wb") as f:
                        f.write(store)
            if names:
                rc = subprocess.run([args.lede, "merge", "--quiet", args.store, *names]).returncode
                worst(rc)
            if tmp:
                tmp.cleanup()
    finally:
        client.close()
        if cluster:
            cluster.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
