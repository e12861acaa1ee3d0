"""imgframe tensors in PyTorch: torch.from_dlpack shares the batch's buffer, and imgframe's
Resize(256) -> CenterCrop(224) -> ToTensor -> Normalize chain against torchvision's on the same
decoded images."""
import os
import unittest

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image

import imgframe

DATA = os.environ.get("IMGFRAME_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data"))
SAMPLES = os.path.join(DATA, "samples")
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def imagenet(interpolation):
    return (imgframe.ImageTransformer().resize(size=256, keepAspectRatio=True, interpolation=interpolation)
            .centerCrop(224, 224).normalize(MEAN, STD, 1 / 255))


def torchvision_chain():
    return T.Compose([T.Resize(256), T.CenterCrop(224), T.ToTensor(), T.Normalize(MEAN, STD)])


def colour_rows():
    rows = imgframe.read_images(SAMPLES, drop_image_failures=True).rows()
    return [r for r in rows if r.nChannels == 3]


def as_pil(row):
    """The same decoded pixels torchvision gets: imgframe's row, BGR -> RGB."""
    return Image.fromarray(np.ascontiguousarray(row.toNDArray()[:, :, ::-1]))


class Torch(unittest.TestCase):
    def test_from_dlpack_is_zero_copy(self):
        ds = imgframe.read_images(SAMPLES, drop_image_failures=True, threads=2)
        for batch in ds.batches(transformer=imagenet("antialias").setAutoConvertToColor(True), batch_size=4):
            x = torch.from_dlpack(batch)
            self.assertEqual(x.data_ptr(), batch.data_ptr)  # same memory
            self.assertEqual(tuple(x.shape), (len(batch), 3, 224, 224))
            self.assertEqual(x.dtype, torch.float32)
            self.assertEqual(x.device.type, "cpu")
            self.assertTrue(x.is_contiguous())
            y = torch.from_numpy(batch.labels)
            self.assertEqual(y.dtype, torch.int64)
        # A tensor outlives its batch, its reader and its dataset.
        x = torch.from_dlpack(next(iter(imgframe.read_images(SAMPLES, drop_image_failures=True)
                                        .batches(transformer=imagenet("bilinear").setAutoConvertToColor(True),
                                                 batch_size=2))))
        self.assertTrue(torch.isfinite(x).all())
        self.assertEqual(tuple(x.shape), (2, 3, 224, 224))

    def test_against_torchvision(self):
        """Same decoded images through both chains. Expected differences:
        * antialias (Pillow's BILINEAR, what torchvision's Resize does on PIL images): imgframe
          reproduces Pillow's resampling; both round to 8 bits after resizing, so values differ by
          at most one 8-bit level where rounding ties break differently: 1/255/0.225 = 0.0174.
          torchvision sizes the long side by truncation (int(256 * long / short)), SynapseML by
          Math.round; where they disagree by a pixel the crops sample slightly different points, which
          is why those images are only reported.
        * bilinear (SynapseML's, OpenCV INTER_LINEAR without antialiasing) differs much more on
          downscaling: it aliases; that is reported, not bounded."""
        tv = torchvision_chain()
        report = []
        for interpolation in ("antialias", "bilinear"):
            ours = imagenet(interpolation)
            for row in colour_rows():
                a = torch.from_numpy(ours.transform([row])[0])
                b = tv(as_pil(row))
                self.assertEqual(tuple(a.shape), tuple(b.shape))
                short, long_ = min(row.width, row.height), max(row.width, row.height)
                same_size = round(256 * long_ / short) == int(256 * long_ / short)
                diff = (a - b).abs()
                report.append((interpolation, os.path.basename(row.origin), same_size, diff.max().item(),
                               diff.mean().item()))
                if interpolation == "antialias" and same_size:
                    self.assertLessEqual(diff.max().item(), 1 / 255 / 0.225 + 1e-5, row.origin)
        print()
        for interpolation, name, same_size, mx, mean in report:
            print("  %-9s %-22s %-14s max |diff| %.4f  mean %.5f" % (
                interpolation, name, "same size" if same_size else "long side +-1", mx, mean))
        self.assertGreaterEqual(sum(1 for r in report if r[0] == "antialias" and r[2]), 3)


if __name__ == "__main__":
    unittest.main()
