"""The partition contract for engines that schedule workers: Dask here; Spark tasks and Ray actors
the same way (README, "Beyond one machine").

Every worker lists the same folder with the same options; partition i is then the same files on every
worker (a pure function of the listing, num_partitions and the seed), so the engine only hands out
partition numbers and gathers what the workers return: no file lists travel, no rows are read twice.

    import dask.bag
    from imgframe.partitions import dask_bag
    rows = dask_bag("photos/", num_partitions=16, stages=[{"action": "resize", "height": 64, "width": 64}])
    summary = rows.compute()        # on whatever dask scheduler / distributed Client is active
"""
import hashlib


def read_partition(path, num_partitions, i, stages=None, tensor=None, **options):
    """Worker side: read partition i of `path` and transform it; one summary tuple per row:
    (file_index, origin, ok, data_sha256, output_shape, output_sha256, channel_sums, error).
    Runs in the worker process; imports imgframe there. stages: SynapseML stage dicts; tensor: a dict
    of ImageTransformer keyword parameters (toTensor, normalizeMean, ...)."""
    import imgframe

    options.setdefault("threads", 1)  # the engine's workers are the parallelism
    ds = imgframe.read_images(path, num_partitions=num_partitions, **options)
    rows = ds.partition(i)
    transformer = imgframe.ImageTransformer(stages=stages or [], **(tensor or {}))
    out = []
    for row in rows:
        if not row.ok:
            out.append((row.file_index, row.origin, False, None, None, None, None, row.error))
            continue
        data_sha = hashlib.sha256(row.data).hexdigest()
        try:
            result = transformer.transform([row])[0]
        except ValueError as e:  # a stage that cannot take this row (SynapseML would fail the job)
            out.append((row.file_index, row.origin, True, data_sha, None, None, None, str(e)))
            continue
        values = result if not isinstance(result, imgframe.Row) else result.toNDArray()
        planes = values.reshape(values.shape[0], -1) if not isinstance(result, imgframe.Row) \
            else values.reshape(-1, values.shape[2]).T
        out.append((row.file_index, row.origin, True, data_sha, tuple(values.shape),
                    hashlib.sha256(values.tobytes()).hexdigest(),
                    tuple(float(p.sum(dtype="float64")) for p in planes), ""))
    return out


def dask_bag(path, num_partitions, stages=None, tensor=None, **options):
    """A dask.bag of the per-row summaries, one bag partition per imgframe partition."""
    import dask.bag

    parts = dask.bag.from_sequence(range(num_partitions), npartitions=num_partitions)
    return parts.map(lambda i: read_partition(path, num_partitions, i, stages, tensor, **options)).flatten()


def dask_delayed(path, num_partitions, stages=None, tensor=None, **options):
    """The same with dask.delayed: a list of one delayed list per partition."""
    import dask

    task = dask.delayed(read_partition, pure=True)
    return [task(path, num_partitions, i, stages, tensor, **options) for i in range(num_partitions)]
