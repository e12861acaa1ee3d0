"""imgframe's Python bindings: rows with Spark's fields and zero-copy data, the SynapseML-style
ImageTransformer, byte-for-byte agreement with the C++ tool, DLPack batches without copies."""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import numpy as np

import imgframe

DATA = os.environ.get("IMGFRAME_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data"))
SAMPLES = os.path.join(DATA, "samples")
CLI = os.environ.get("IMGFRAME_CLI")


def cli_tsv(*args):
    """The C++ tool's TSV rows (origin -> fields), for the byte-for-byte comparisons."""
    out = subprocess.run([CLI, *args, "--format", "tsv", "--no-progress"], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    header = out[0].split("\t")
    return {line.split("\t")[0]: dict(zip(header, line.split("\t"))) for line in out[1:]}


class ReadImages(unittest.TestCase):
    def test_rows_have_sparks_fields_and_zero_copy_read_only_data(self):
        ds = imgframe.read_images(SAMPLES, num_partitions=3, threads=2)
        self.assertEqual(imgframe.image_fields, ("origin", "height", "width", "nChannels", "mode", "data"))
        self.assertEqual(len(ds), 10)
        self.assertEqual(ds.num_partitions, 3)
        rows = ds.rows()
        chelsea = next(r for r in rows if r.origin.endswith("/chelsea.png"))
        self.assertTrue(chelsea.origin.startswith("file:/"))
        self.assertEqual((chelsea.height, chelsea.width, chelsea.nChannels, chelsea.mode), (300, 451, 3, 16))
        self.assertEqual(chelsea["mode"], 16)
        data = chelsea.data
        self.assertEqual(data.dtype, np.uint8)
        self.assertEqual(data.shape, (300 * 451 * 3,))
        self.assertFalse(data.flags.writeable)
        with self.assertRaises(ValueError):
            data[0] = 1
        # No copy: every access is a view on the same bytes, kept alive by the row.
        self.assertEqual(data.ctypes.data, chelsea.data.ctypes.data)
        self.assertEqual(chelsea.toNDArray().ctypes.data, data.ctypes.data)
        self.assertEqual(chelsea.toNDArray().shape, (300, 451, 3))
        del rows, chelsea
        self.assertEqual(int(data[0]), int(data[0]))  # still valid: the array holds the row
        # Channel means in Spark's BGR order (README's OpenCV reference values).
        arr = data.reshape(300, 451, 3)
        self.assertEqual([round(float(m), 2) for m in arr.reshape(-1, 3).mean(axis=0)], [86.80, 111.44, 147.67])

    def test_invalid_rows_and_errors(self):
        rows = imgframe.read_images(SAMPLES, threads=1).rows()
        bad = next(r for r in rows if r.origin.endswith("/LICENSES.txt"))
        self.assertEqual((bad.height, bad.width, bad.nChannels, bad.mode, len(bad.data)), (-1, -1, -1, -1, 0))
        self.assertFalse(bad.ok)
        self.assertIn("not a recognised image format", bad.error)
        self.assertEqual(len(imgframe.read_images(SAMPLES, drop_image_failures=True).rows()), 9)
        with self.assertRaisesRegex(ValueError, "sample_ratio should be between 0 and 1"):
            imgframe.read_images(SAMPLES, sample_ratio=1.5)
        with self.assertRaisesRegex(ValueError, "sampling must be"):
            imgframe.read_images(SAMPLES, sampling="random")

    def test_partitions_concatenate_to_rows_and_sampling_is_per_file(self):
        ds = imgframe.read_images(SAMPLES, num_partitions=4, sample_ratio=0.6, seed=7, threads=2)
        parts = [r.origin for i in range(ds.num_partitions) for r in ds.partition(i)]
        self.assertEqual(parts, [r.origin for r in ds.rows()])
        one = imgframe.read_images(SAMPLES, num_partitions=1, sample_ratio=0.6, seed=7)
        self.assertEqual(ds.files, one.files)  # per-file sampling: independent of the partitioning

    def test_labels_from_class_folders(self):
        with tempfile.TemporaryDirectory() as d:
            for cls, name in [("cat", "chelsea.png"), ("cup", "coffee.png"), ("cat", "astronaut.png")]:
                os.makedirs(os.path.join(d, cls), exist_ok=True)
                shutil.copy(os.path.join(SAMPLES, name), os.path.join(d, cls, name))
            ds = imgframe.read_images(d, recursive=True, labels="parent_dir")
            self.assertEqual(ds.class_names, ["cat", "cup"])
            self.assertEqual([(r.label, r.label_name) for r in ds.rows()], [(0, "cat"), (0, "cat"), (1, "cup")])

    @unittest.skipUnless(CLI, "needs the imgframe tool (IMGFRAME_CLI)")
    def test_rows_equal_the_cpp_reader_byte_for_byte(self):
        cpp = cli_tsv("read", SAMPLES, "--partitions", "2")
        rows = imgframe.read_images(SAMPLES, num_partitions=2).rows()
        self.assertEqual(sorted(cpp), sorted(r.origin for r in rows))
        for r in rows:
            c = cpp[r.origin]
            self.assertEqual((c["height"], c["width"], c["nChannels"]), (str(r.height), str(r.width), str(r.nChannels)))
            if r.ok:
                self.assertEqual(c["sha256"], hashlib.sha256(r.data.tobytes()).hexdigest(), r.origin)

    def test_reading_releases_the_gil(self):
        ticks = []
        stop = threading.Event()

        def ticker():
            while not stop.is_set():
                ticks.append(1)
                time.sleep(0.001)

        t = threading.Thread(target=ticker)
        t.start()
        start = len(ticks)
        imgframe.read_images([os.path.join(SAMPLES, "retina.jpg")] * 1, threads=1).rows()
        imgframe.read_images(SAMPLES, threads=1).rows()
        during = len(ticks) - start
        stop.set()
        t.join()
        self.assertGreater(during, 5)  # the other thread ran while C++ decoded


class Transformer(unittest.TestCase):
    def test_synapseml_builder_names(self):
        t = (imgframe.ImageTransformer().resize(height=32, width=48).crop(1, 2, 20, 30).centerCrop(16, 16)
             .colorFormat(6).blur(3, 3).threshold(100, 255, 0).gaussianKernel(3, 1.0).flip(1))
        self.assertEqual([s["action"] for s in t.getStages()],
                         ["resize", "crop", "centercrop", "colorformat", "blur", "threshold", "gaussiankernel", "flip"])
        rows = imgframe.read_images(os.path.join(SAMPLES, "chelsea.png")).rows()
        out = t.transform(rows)
        self.assertEqual((out[0].height, out[0].width, out[0].nChannels, out[0].mode), (16, 16, 1, 0))
        binary = imgframe.ImageTransformer().colorFormat(6).threshold(100, 255, 0).transform(rows)[0]
        self.assertEqual(set(np.unique(binary.data)), {0, 255})
        t2 = imgframe.ImageTransformer().resize(size=64, keepAspectRatio=True).normalize(
            [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], 1 / 255).setTensorElementType("double")
        self.assertTrue(t2.getToTensor())
        tensor = t2.transform(rows)[0]
        self.assertEqual((tensor.shape, tensor.dtype), ((3, 64, 96), np.float64))
        t2.setTensorElementType(np.float32)
        self.assertEqual(t2.transform(rows)[0].dtype, np.float32)

    def test_errors_name_the_stage(self):
        with self.assertRaisesRegex(imgframe.TransformError, "unsupported transformation 'foo' in stage 0"):
            imgframe.ImageTransformer(stages=[{"action": "foo"}]).transform([])
        with self.assertRaisesRegex(ValueError, "stage 0 \\(crop\\)"):
            imgframe.ImageTransformer().crop(400, 0, 10, 60).transform(
                imgframe.read_images(os.path.join(SAMPLES, "chelsea.png")).rows())

    def test_invalid_rows_pass_through(self):
        rows = imgframe.read_images(SAMPLES).rows()
        out = imgframe.ImageTransformer().resize(8, 8).transform(rows)
        bad = [o for o in out if not o.ok]
        self.assertEqual(len(bad), 1)
        self.assertEqual(bad[0].mode, -1)

    @unittest.skipUnless(CLI, "needs the imgframe tool (IMGFRAME_CLI)")
    def test_results_equal_the_cpp_transformer_byte_for_byte(self):
        stages = '[{"action":"resize","height":40,"width":30},{"action":"flip","flipCode":-1}]'
        cpp = cli_tsv("transform", SAMPLES, "--stages", stages)
        t = imgframe.ImageTransformer().resize(40, 30).flip(-1)
        rows = imgframe.read_images(SAMPLES).rows()
        for r, o in zip(rows, t.transform(rows)):
            if r.ok:
                self.assertEqual(cpp[r.origin]["sha256"], hashlib.sha256(o.data.tobytes()).hexdigest(), r.origin)
        tensor_json = ('{"stages":[{"action":"resize","size":32,"keepAspectRatio":true}],"toTensor":true,'
                       '"normalizeMean":[0.5,0.5,0.5],"normalizeStd":[0.25,0.25,0.25],"colorScaleFactor":0.00392156862745098}')
        # Gray images cannot take three means (the tool reports them and goes on with --keep-going).
        cpp = cli_tsv("transform", SAMPLES, "--glob", "*.png", "--keep-going", "--stages", tensor_json)
        t = imgframe.ImageTransformer().resize(size=32, keepAspectRatio=True).normalize(
            [0.5] * 3, [0.25] * 3, 0.00392156862745098)
        rows = [r for r in imgframe.read_images(SAMPLES, path_glob_filter="*.png").rows() if r.nChannels != 1]
        checked = 0
        for r, o in zip(rows, t.transform(rows)):
            self.assertEqual(cpp[r.origin]["sha256"], hashlib.sha256(o.tobytes()).hexdigest(), r.origin)
            checked += 1
        self.assertGreaterEqual(checked, 4)


class Batches(unittest.TestCase):
    def test_numpy_from_dlpack_shares_the_buffer(self):
        ds = imgframe.read_images(SAMPLES, threads=2)
        t = imgframe.ImageTransformer().resize(24, 32).normalize([0.5] * 3, [0.25] * 3, 1 / 255).setAutoConvertToColor(True)
        batches = list(ds.batches(transformer=t, batch_size=4))
        self.assertEqual([len(b) for b in batches], [4, 4, 1])
        b = batches[0]
        self.assertEqual((b.shape, b.dtype, b.layout, b.order), ((4, 3, 24, 32), "float32", "NCHW", "rgb"))
        a = np.from_dlpack(b)
        self.assertEqual(a.shape, (4, 3, 24, 32))
        self.assertEqual(a.dtype, np.float32)
        self.assertEqual(a.ctypes.data, b.data_ptr)  # same memory: no copy
        self.assertEqual(a.strides, (3 * 24 * 32 * 4, 24 * 32 * 4, 32 * 4, 4))
        # Each sample is the transformer's tensor for that row, byte for byte.
        rows = {r.origin: r for r in ds.rows()}
        for i, origin in enumerate(b.origins):
            np.testing.assert_array_equal(a[i], t.transform([rows[origin]])[0])
        self.assertEqual(list(b.labels), [-1] * 4)
        skipped = [s for batch in batches for s in batch.skipped]
        self.assertEqual(len(skipped), 1)
        self.assertTrue(skipped[0][0].endswith("/LICENSES.txt"))

    def test_the_exported_buffer_outlives_the_batch_and_the_reader(self):
        t = imgframe.ImageTransformer().resize(8, 8)
        it = imgframe.read_images(SAMPLES, path_glob_filter="*.jpg").batches(transformer=t, batch_size=2)
        first = next(it)
        a = np.from_dlpack(first)
        copy = a.copy()
        ptr = first.data_ptr
        second = next(it)
        self.assertNotEqual(second.data_ptr, ptr)  # a consumer holds the first buffer: not reused
        del first, second, it
        np.testing.assert_array_equal(a, copy)
        self.assertEqual(a.shape, (2, 8, 8, 3))  # NHWC uint8 images

    def test_the_buffer_is_reused_once_released(self):
        t = imgframe.ImageTransformer().resize(8, 8)
        it = imgframe.read_images(SAMPLES, path_glob_filter="*.jpg").batches(transformer=t, batch_size=1)
        ptr = next(it).data_ptr  # the snapshot is dropped at once
        self.assertEqual(next(it).data_ptr, ptr)


if __name__ == "__main__":
    unittest.main()
