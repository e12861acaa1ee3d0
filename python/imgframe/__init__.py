"""imgframe: folders of images into Spark image rows and model-ready tensors, from Python.

    import imgframe
    ds = imgframe.read_images("photos/", recursive=True, num_partitions=8, labels="parent_dir")
    rows = ds.partition(3)                      # Rows: origin, height, width, nChannels, mode, data
    t = (imgframe.ImageTransformer()
         .resize(size=256, keepAspectRatio=True).centerCrop(224, 224)
         .normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225], 1 / 255))
    tensors = t.transform(rows)                 # C x H x W float32 NumPy arrays
    for batch in ds.batches(partition=3, transformer=t, batch_size=64):
        x = torch.from_dlpack(batch)            # N x 3 x 224 x 224, no copy
        y = torch.from_numpy(batch.labels)

Row.data is a read-only NumPy view of the row's bytes (Spark's data field, no copy); reading and
transforming release the GIL. ImageTransformer mirrors SynapseML's Python ImageTransformer
(synapse.ml.opencv): the same stage builders and parameter setters, on lists of rows.
"""

from . import _core
from ._core import Batch, BatchError, Dataset, Row, TransformError

__all__ = ["read_images", "ImageTransformer", "Dataset", "Row", "Batch", "TransformError", "BatchError",
           "image_fields", "__version__"]
__version__ = _core.__version__
image_fields = _core.image_fields


def read_images(path, recursive=False, num_partitions=-1, drop_image_failures=False, sample_ratio=1.0, seed=0,
                sampling="per_file", labels=None, threads=0, path_glob_filter="", ignore_missing_files=False,
                progress=False):
    """Spark's ImageSchema.readImages(path, recursive, numPartitions, dropImageFailures, sampleRatio, seed).

    path: a file, folder or glob pattern, or a list of them. sampling: "per_file" (SynapseML's per-file
    rule, independent of partitioning) or "spark" (Spark 2.x's sequential walk). labels: None,
    "parent_dir" (class folders, like torchvision's ImageFolder) or "partition_columns" (cls=x/ folders).
    threads: decode threads (0: one per core). Files are listed now; partitions are decoded when read.
    """
    return _core.read_images(path, recursive=recursive, num_partitions=num_partitions,
                             drop_image_failures=drop_image_failures, sample_ratio=sample_ratio, seed=seed,
                             sampling=sampling, labels=labels, threads=threads, path_glob_filter=path_glob_filter,
                             ignore_missing_files=ignore_missing_files, progress=progress)


def _element_type_name(value):
    """'float'/'double' from a string, a NumPy dtype or a Spark DataType (FloatType(), DoubleType())."""
    if isinstance(value, str):
        return value
    name = type(value).__name__ if not isinstance(value, type) else value.__name__
    if name in ("FloatType", "DoubleType"):
        return name
    import numpy
    kind = numpy.dtype(value)
    if kind == numpy.float32:
        return "float"
    if kind == numpy.float64:
        return "double"
    raise ValueError("tensorElementType must be float or double, got %r" % (value,))


class ImageTransformer:
    """SynapseML's ImageTransformer: stages applied in order, optionally ending in a C x H x W tensor.

    Builders (each returns self, like SynapseML's): resize, crop, centerCrop, colorFormat, blur,
    threshold, gaussianKernel, flip, normalize. Parameters: setStages, setToTensor,
    setTensorElementType, setTensorChannelOrder, setNormalizeMean, setNormalizeStd,
    setColorScaleFactor, setAutoConvertToColor (and their getters). transform(rows) returns a list
    with a Row per image result and a NumPy array per tensor; invalid rows pass through unchanged.
    """

    def __init__(self, stages=None, toTensor=False, tensorElementType="float", tensorChannelOrder="rgb",
                 normalizeMean=None, normalizeStd=None, colorScaleFactor=None, autoConvertToColor=False,
                 inputCol="image", outputCol=None):
        self._stages = [dict(s) for s in (stages or [])]
        self._to_tensor = bool(toTensor)
        self._element_type = _element_type_name(tensorElementType)
        self._channel_order = tensorChannelOrder
        self._mean = list(normalizeMean or [])
        self._std = list(normalizeStd or [])
        self._scale = colorScaleFactor
        self._auto_convert = bool(autoConvertToColor)
        self.inputCol, self.outputCol = inputCol, outputCol  # kept for SynapseML compatibility; rows are lists here
        self._built = None

    # ---- stages (SynapseML's builder methods) ----
    def _add(self, stage):
        self._stages.append(stage)
        self._built = None
        return self

    def resize(self, height=None, width=None, size=None, keepAspectRatio=None, interpolation=None):
        """resize(height, width), or resize(size=, keepAspectRatio=True) to scale the shorter side.
        interpolation: "bilinear" (OpenCV INTER_LINEAR, SynapseML's), "area", or "antialias" (Pillow's
        BILINEAR, what torchvision's Resize does on PIL images) -- imgframe's extension."""
        if size is not None:
            stage = {"action": "resize", "size": int(size)}
            if keepAspectRatio is not None:
                stage["keepAspectRatio"] = bool(keepAspectRatio)
        else:
            if height is None or width is None:
                raise ValueError("resize needs height and width, or size (with keepAspectRatio)")
            stage = {"action": "resize", "height": int(height), "width": int(width)}
        if interpolation is not None:
            stage["interpolation"] = interpolation
        return self._add(stage)

    def crop(self, x, y, height, width):
        return self._add({"action": "crop", "x": int(x), "y": int(y), "height": int(height), "width": int(width)})

    def centerCrop(self, height, width):
        return self._add({"action": "centercrop", "height": int(height), "width": int(width)})

    def colorFormat(self, format):
        return self._add({"action": "colorformat", "format": int(format)})

    def blur(self, height, width):
        return self._add({"action": "blur", "height": float(height), "width": float(width)})

    def threshold(self, threshold, maxVal, thresholdType):
        return self._add({"action": "threshold", "threshold": float(threshold), "maxVal": float(maxVal),
                          "type": int(thresholdType)})

    def gaussianKernel(self, apertureSize, sigma):
        return self._add({"action": "gaussiankernel", "apertureSize": int(apertureSize), "sigma": float(sigma)})

    def flip(self, flipCode=1):
        return self._add({"action": "flip", "flipCode": int(flipCode)})

    def normalize(self, mean, std, colorScaleFactor=1.0):
        """Sets toTensor and the per-plane mean/std (in tensorChannelOrder) and the scale, as SynapseML."""
        self._to_tensor = True
        self._mean, self._std, self._scale = list(mean), list(std), float(colorScaleFactor)
        self._built = None
        return self

    # ---- parameters ----
    def _set(self, attr, value):
        setattr(self, attr, value)
        self._built = None
        return self

    def setStages(self, value):
        return self._set("_stages", [dict(s) for s in value])

    def getStages(self):
        return [dict(s) for s in self._stages]

    def setToTensor(self, value):
        return self._set("_to_tensor", bool(value))

    def getToTensor(self):
        return self._to_tensor

    def setTensorElementType(self, value):
        return self._set("_element_type", _element_type_name(value))

    def getTensorElementType(self):
        return self._element_type

    def setTensorChannelOrder(self, value):
        return self._set("_channel_order", value)

    def getTensorChannelOrder(self):
        return self._channel_order

    def setNormalizeMean(self, value):
        return self._set("_mean", list(value))

    def getNormalizeMean(self):
        return list(self._mean)

    def setNormalizeStd(self, value):
        return self._set("_std", list(value))

    def getNormalizeStd(self):
        return list(self._std)

    def setColorScaleFactor(self, value):
        return self._set("_scale", float(value))

    def getColorScaleFactor(self):
        return self._scale

    def setAutoConvertToColor(self, value):
        return self._set("_auto_convert", bool(value))

    def getAutoConvertToColor(self):
        return self._auto_convert

    # ---- running ----
    def _core(self):
        """The checked C++ transformer (errors name the stage: TransformError)."""
        if self._built is None:
            self._built = _core.Transformer(self._stages, to_tensor=self._to_tensor, mean=self._mean, std=self._std,
                                            color_scale_factor=self._scale, channel_order=self._channel_order,
                                            element_type=self._element_type,
                                            auto_convert_to_color=self._auto_convert)
        return self._built

    def transform(self, rows):
        """Rows in; a list out: a Row per image result, a (C, H, W) NumPy array per tensor."""
        return self._core().transform(list(rows))

    def describe(self):
        return self._core().describe()

    def __repr__(self):
        return "ImageTransformer(%s)" % self.describe()


def _batches(self, partition=None, transformer=None, batch_size=64):
    """Batches of a partition (or of every row): samples stacked N x C x H x W (tensors) or N x H x W x C
    (images), filled by the reader's threads. Each Batch is a DLPack producer: torch.from_dlpack(batch),
    numpy.from_dlpack(batch) share its buffer. Rows that do not fit are listed in batch.skipped."""
    core = transformer._core() if isinstance(transformer, ImageTransformer) else transformer
    return self._batches(partition=partition, transformer=core, batch_size=batch_size)


Dataset.batches = _batches
