"""The partition contract on Dask: a dask.bag and dask.delayed over imgframe partitions, on a
LocalCluster with 2 worker processes, give exactly the rows of a single process (sha256 per row)."""
import os
import time
import unittest

import imgframe
from imgframe.partitions import dask_bag, dask_delayed, read_partition

DATA = os.environ.get("IMGFRAME_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data"))
FOLDER = os.path.join(DATA, "corpus")
STAGES = [{"action": "resize", "size": 64, "keepAspectRatio": True}, {"action": "centercrop", "height": 48, "width": 48}]
TENSOR = {"toTensor": True, "colorScaleFactor": 1 / 255, "autoConvertToColor": True}


class Dask(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from dask.distributed import Client, LocalCluster

        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        cls.client = Client(cls.cluster)
        start = time.perf_counter()
        cls.single = read_partition(FOLDER, 1, 0, STAGES, TENSOR, recursive=True)
        cls.single_seconds = time.perf_counter() - start

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()

    def test_cluster_has_two_worker_processes(self):
        workers = self.client.scheduler_info()["workers"]
        self.assertEqual(len(workers), 2)
        pids = set(self.client.run(os.getpid).values())
        self.assertEqual(len(pids), 2)
        self.assertNotIn(os.getpid(), pids)

    def test_bag_union_equals_single_process(self):
        start = time.perf_counter()
        rows = dask_bag(FOLDER, 6, STAGES, TENSOR, recursive=True).compute()
        seconds = time.perf_counter() - start
        self.assertGreaterEqual(len(self.single), 200)
        self.assertGreaterEqual(sum(1 for r in self.single if r[5]), 100)  # transformed rows
        self.assertEqual(sorted(rows), self.single)  # every row once, same bytes (sha256 per row)
        print("\ndask.bag, 2 workers x 6 partitions: %.2f s; single process: %.2f s (loaded machine: noisy)"
              % (seconds, self.single_seconds))

    def test_delayed_union_equals_single_process(self):
        import dask

        parts = dask.compute(*dask_delayed(FOLDER, 3, STAGES, TENSOR, recursive=True))
        self.assertEqual(sorted(r for p in parts for r in p), self.single)
        # Each partition is the contiguous file range the C++ partition function gives.
        ds = imgframe.read_images(FOLDER, recursive=True, num_partitions=3)
        self.assertEqual([[r[1] for r in p] for p in parts],
                         [[r.origin for r in ds.partition(i)] for i in range(3)])


if __name__ == "__main__":
    unittest.main()
