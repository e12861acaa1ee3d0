// imgframe's Python bindings (pybind11): the C++ core of the `imgframe` package (imgframe._core).
// The SynapseML-style ImageTransformer builder and the package surface are in imgframe/__init__.py.
//
//   rows       Row objects with Spark's field names; `data` is a read-only NumPy view of the row's
//              bytes (no copy), kept alive by the row
//   reading    Dataset.partition(i) / rows() decode with the GIL released
//   transform  Transformer.transform(rows) runs with the GIL released; tensors come back as NumPy
//   batches    Batch implements __dlpack__ / __dlpack_device__: torch.from_dlpack and
//              numpy.from_dlpack share its buffer (no copy); the buffer lives until every consumer
//              is gone, and the reader reuses it for the next batch when nobody holds it
// This file is the module's one translation unit, so it also compiles the decoders.
#include <Python.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <imgframe/batch.hpp>
#include <imgframe/dlpack.hpp>
#include <imgframe/erased/image_transformer.hpp>  // dispatch: imgframe_transformer_dispatch
#include <imgframe/io.hpp>
#include <imgframe/io/stb_implementation.hpp>
#include <imgframe/version.hpp>

namespace py = pybind11;
namespace imf = imgframe;

namespace {

using row_ptr = std::shared_ptr<imf::dataset_row>;

// ---- rows -----------------------------------------------------------------------------------------

py::array read_only(py::array a) {
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

// The row's bytes as a flat uint8 array owned by the row's Python object.
py::array row_data(py::object self) {
  auto& r = self.cast<imf::dataset_row&>();
  const auto n = static_cast<py::ssize_t>(r.row.data.size());
  return read_only(py::array(py::dtype::of<std::uint8_t>(), {n}, {py::ssize_t{1}}, r.row.data.data(), self));
}

// Spark's ImageSchema.toNDArray: (height, width, nChannels), channel order unchanged (BGR(A)).
py::array row_array(py::object self) {
  auto& r = self.cast<imf::dataset_row&>();
  if (r.row.is_invalid()) throw py::value_error("'" + r.row.origin + "' is an invalid image row: " + r.error);
  const imf::mode_info* m = imf::find_mode(r.row.mode);
  if (!m) throw py::value_error("row mode " + std::to_string(r.row.mode) + " is not an OpenCV type code");
  const auto item = static_cast<py::ssize_t>(imf::depth_size(m->depth_code));
  static const char* formats[] = {"u1", "i1", "<u2", "<i2", "<i4", "<f4", "<f8"};
  const py::dtype dt(formats[static_cast<int>(m->depth_code)]);
  const py::ssize_t h = r.row.height, w = r.row.width, c = r.row.n_channels;
  return read_only(py::array(dt, {h, w, c}, {w * c * item, c * item, item}, r.row.data.data(), self));
}

py::object row_label(const imf::dataset_row& r) {
  if (!r.label) return py::none();
  if (r.label->index >= 0) return py::int_(r.label->index);
  py::dict d;
  for (const auto& [k, v] : r.label->columns) d[py::str(k)] = v;
  return d;
}

// ---- reading --------------------------------------------------------------------------------------

imf::read_options make_options(bool recursive, int num_partitions, bool drop_image_failures, double sample_ratio,
                               std::int64_t seed, const std::string& sampling, const std::optional<std::string>& labels,
                               unsigned threads, const std::string& path_glob_filter, bool ignore_missing_files,
                               bool progress) {
  imf::read_options o;
  o.recursive = recursive;
  o.num_partitions = num_partitions;
  o.drop_image_failures = drop_image_failures;
  o.sample_ratio = sample_ratio;
  o.seed = seed;
  if (sampling == "per_file") o.sample_mode = imf::sampling::per_file;
  else if (sampling == "spark") o.sample_mode = imf::sampling::spark;
  else throw py::value_error("sampling must be 'per_file' or 'spark', got '" + sampling + "'");
  if (!labels) o.label = imf::label_from::none;
  else if (*labels == "parent_dir") o.label = imf::label_from::parent_dir;
  else if (*labels == "partition_columns") o.label = imf::label_from::partition_columns;
  else throw py::value_error("labels must be None, 'parent_dir' or 'partition_columns', got '" + *labels + "'");
  o.threads = threads;
  o.path_glob_filter = path_glob_filter;
  o.ignore_missing_files = ignore_missing_files;
  o.show_progress = progress ? imf::progress::automatic : imf::progress::never;
  return o;
}

std::vector<row_ptr> drain(imf::reading&& reading) {
  std::vector<row_ptr> out;
  py::gil_scoped_release nogil;
  for (auto it = reading.begin(); it != reading.end(); ++it)
    out.push_back(std::make_shared<imf::dataset_row>(std::move(reading.current())));
  return out;
}

// ---- transformer ----------------------------------------------------------------------------------

imf::param_value to_param(const std::string& key, const py::handle& v) {
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>();
  if (py::isinstance<py::int_>(v)) return v.cast<std::int64_t>();
  if (py::isinstance<py::float_>(v)) return v.cast<double>();
  if (py::isinstance<py::str>(v)) return v.cast<std::string>();
  throw py::type_error("stage parameter '" + key + "' must be a bool, int, float or str, got " +
                       std::string(py::str(v.get_type().attr("__name__"))));
}

std::shared_ptr<const imf::image_transformer> make_transformer(const py::list& stages, bool to_tensor,
                                                               std::vector<double> mean, std::vector<double> stddev,
                                                               std::optional<double> scale, std::string order,
                                                               std::string element_type, bool auto_convert) {
  std::vector<imf::stage_spec> specs;
  for (const py::handle& item : stages) {
    if (!py::isinstance<py::dict>(item)) throw py::type_error("each stage must be a dict with an 'action' key");
    imf::stage_spec s;
    for (const auto& [k, v] : item.cast<py::dict>()) {
      const std::string key = py::str(k);
      if (key == "action") s.action = py::str(v);
      else s.params[key] = to_param(key, v);
    }
    specs.push_back(std::move(s));
  }
  imf::transformer_params p;
  p.to_tensor = to_tensor;
  p.normalize_mean = std::move(mean);
  p.normalize_std = std::move(stddev);
  p.color_scale_factor = scale;
  p.tensor_channel_order = std::move(order);
  p.tensor_element_type = std::move(element_type);
  p.auto_convert_to_color = auto_convert;
  return std::make_shared<const imf::image_transformer>(specs, p);
}

// A tensor row's values as a (C, H, W) NumPy array that owns them.
py::array tensor_array(imf::tensor_row&& t) {
  const auto shape = t.shape();
  return std::visit(
      [&](auto& values) -> py::array {
        using V = std::remove_reference_t<decltype(values)>;
        using T = typename V::value_type;
        auto* held = new V(std::move(values));
        py::capsule owner(held, [](void* p) { delete static_cast<V*>(p); });
        return py::array_t<T>({static_cast<py::ssize_t>(shape[0]), static_cast<py::ssize_t>(shape[1]),
                                static_cast<py::ssize_t>(shape[2])},
                               held->data(), owner);
      },
      t.values);
}

// transform(rows): image results as new Rows (label and index of the input kept), tensors as arrays.
py::list transform_rows(const imf::image_transformer& tr, const std::vector<row_ptr>& rows) {
  std::vector<imf::transform_result> results;
  results.reserve(rows.size());
  {
    py::gil_scoped_release nogil;
    for (const row_ptr& r : rows) results.push_back(tr.transform(r->row));
  }
  py::list out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (auto* img = std::get_if<imf::image_row>(&results[i])) {
      auto r = std::make_shared<imf::dataset_row>(*rows[i]);
      r->row = std::move(*img);
      out.append(py::cast(r));
    } else {
      out.append(tensor_array(std::move(std::get<imf::tensor_row>(results[i]))));
    }
  }
  return out;
}

// ---- batches --------------------------------------------------------------------------------------

struct runtime_transform {
  std::shared_ptr<const imf::image_transformer> tr;  // null: rows as they are
  void operator()(const imf::image_row& row, imf::batch& b, std::size_t i) const {
    if (tr) b.put(i, tr->transform(row));
    else b.put(i, row);
  }
};

// One batch buffer per stream: each Batch handed out is a snapshot sharing it. While a snapshot (or a
// tensor made from it) lives, the next batch gets a fresh buffer; once all are gone, it is reused.
struct batch_stream {
  imf::batch_reader<runtime_transform> reader;
  imf::batch current;
};

void capsule_destructor(PyObject* capsule) {
  // A consumer renames the capsule to "used_dltensor" and owns the tensor; otherwise it is ours.
  if (PyCapsule_IsValid(capsule, "dltensor")) {
    auto* t = static_cast<DLManagedTensor*>(PyCapsule_GetPointer(capsule, "dltensor"));
    if (t && t->deleter) t->deleter(t);
  }
}

py::capsule dlpack_capsule(DLManagedTensor* t) {
  imf::unique_dlpack guard(t);
  PyObject* cap = PyCapsule_New(t, "dltensor", capsule_destructor);
  if (!cap) throw py::error_already_set();
  guard.release();
  return py::reinterpret_steal<py::capsule>(cap);
}

const char* numpy_dtype(imf::depth d) {
  static const char* names[] = {"uint8", "int8", "uint16", "int16", "int32", "float32", "float64"};
  return names[static_cast<int>(d)];
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "imgframe's C++ core (see the imgframe package)";
  m.attr("__version__") = imf::version_string;
  m.attr("image_fields") = py::make_tuple("origin", "height", "width", "nChannels", "mode", "data");

  py::class_<imf::dataset_row, row_ptr>(m, "Row", "One image row: Spark's six fields, plus label and error")
      .def_property_readonly("origin", [](const imf::dataset_row& r) { return r.row.origin; })
      .def_property_readonly("height", [](const imf::dataset_row& r) { return r.row.height; })
      .def_property_readonly("width", [](const imf::dataset_row& r) { return r.row.width; })
      .def_property_readonly("nChannels", [](const imf::dataset_row& r) { return r.row.n_channels; })
      .def_property_readonly("mode", [](const imf::dataset_row& r) { return r.row.mode; })
      .def_property_readonly("data", &row_data, "The row's bytes: a read-only uint8 NumPy view (no copy)")
      .def("toNDArray", &row_array, "(height, width, nChannels) read-only view, channels as stored (BGR(A))")
      .def_property_readonly("label", &row_label, "Class index (labels='parent_dir'), column dict, or None")
      .def_property_readonly("label_name",
                             [](const imf::dataset_row& r) -> py::object {
                               if (!r.label) return py::none();
                               return py::str(r.label->name);
                             })
      .def_property_readonly("error", [](const imf::dataset_row& r) { return r.error; })
      .def_property_readonly("ok", &imf::dataset_row::ok)
      .def_property_readonly("file_index", [](const imf::dataset_row& r) { return r.file_index; })
      .def("__getitem__",
           [](py::object self, const std::string& field) -> py::object {
             for (const char* f : imf::image_fields)
               if (field == f) return self.attr(f);
             throw py::key_error(field);
           })
      .def("__repr__", [](const imf::dataset_row& r) {
        return "Row(origin='" + r.row.origin + "', height=" + std::to_string(r.row.height) + ", width=" +
               std::to_string(r.row.width) + ", nChannels=" + std::to_string(r.row.n_channels) + ", mode=" +
               std::to_string(r.row.mode) + ", data=<" + std::to_string(r.row.data.size()) + " bytes>)";
      });

  py::class_<imf::image_transformer, std::shared_ptr<imf::image_transformer>>(m, "Transformer")
      .def(py::init([](const py::list& stages, bool to_tensor, std::vector<double> mean, std::vector<double> stddev,
                       std::optional<double> scale, std::string order, std::string element_type, bool auto_convert) {
             return std::const_pointer_cast<imf::image_transformer>(make_transformer(
                 stages, to_tensor, std::move(mean), std::move(stddev), scale, std::move(order),
                 std::move(element_type), auto_convert));
           }),
           py::arg("stages"), py::arg("to_tensor") = false, py::arg("mean") = std::vector<double>{},
           py::arg("std") = std::vector<double>{}, py::arg("color_scale_factor") = std::nullopt,
           py::arg("channel_order") = "rgb", py::arg("element_type") = "float", py::arg("auto_convert_to_color") = false)
      .def("transform", &transform_rows, py::arg("rows"), "Rows in, rows (or C x H x W tensors) out; GIL released")
      .def("describe", &imf::image_transformer::describe);

  py::class_<imf::batch>(m, "Batch", "Samples stacked in one buffer; a DLPack producer (torch/numpy.from_dlpack)")
      .def("__len__", &imf::batch::size)
      .def_property_readonly("shape", [](const imf::batch& b) { return py::tuple(py::cast(b.shape())); })
      .def_property_readonly("dtype", [](const imf::batch& b) { return numpy_dtype(b.format().dtype); })
      .def_property_readonly("layout", [](const imf::batch& b) { return std::string(imf::batch_layout_name(b.format().layout)); })
      .def_property_readonly("order", [](const imf::batch& b) { return b.format().order; })
      .def_property_readonly("data_ptr", [](const imf::batch& b) { return reinterpret_cast<std::uintptr_t>(b.bytes()); })
      .def_property_readonly("labels", [](const imf::batch& b) { return py::array_t<std::int64_t>(b.labels().size(), b.labels().data()); })
      .def_property_readonly("origins", [](const imf::batch& b) { return b.origins(); })
      .def_property_readonly("skipped",
                             [](const imf::batch& b) {
                               py::list out;
                               for (const auto& s : b.skipped()) out.append(py::make_tuple(s.origin, s.reason));
                               return out;
                             })
      .def("__dlpack__", [](const imf::batch& b, py::object /*stream*/) { return dlpack_capsule(imf::to_dlpack(b)); },
           py::arg("stream") = py::none())
      .def("__dlpack_device__", [](const imf::batch&) { return py::make_tuple(static_cast<int>(kDLCPU), 0); })
      .def("__repr__", [](const imf::batch& b) {
        return "Batch(" + std::to_string(b.size()) + " x " + (b.has_format() ? b.format().describe() : "empty") + ")";
      });

  py::class_<batch_stream>(m, "BatchReader")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", [](batch_stream& s) {
        bool more;
        {
          py::gil_scoped_release nogil;
          more = s.reader.next(s.current);
        }
        if (!more) throw py::stop_iteration();
        return s.current;  // a snapshot sharing the buffer
      });

  py::class_<imf::dataset>(m, "Dataset")
      .def_property_readonly("num_partitions", &imf::dataset::num_partitions)
      .def("__len__", &imf::dataset::size)
      .def_property_readonly("files",
                             [](const imf::dataset& d) {
                               std::vector<std::string> out;
                               for (const auto& f : d.files()) out.push_back(f.origin);
                               return out;
                             })
      .def_property_readonly("class_names", [](const imf::dataset& d) { return d.class_names(); })
      .def("partition", [](const imf::dataset& d, std::size_t i) { return drain(d.partition(i)); }, py::arg("i"),
           "Rows of partition i (only its own files are read); GIL released while decoding")
      .def("rows", [](const imf::dataset& d) { return drain(d.rows()); })
      .def(
          "_batches",
          [](const imf::dataset& d, std::optional<std::size_t> partition,
             std::shared_ptr<imf::image_transformer> transformer, std::size_t batch_size) {
            imf::reading r = partition ? d.partition(*partition) : d.rows();
            return batch_stream{{std::move(r), runtime_transform{std::move(transformer)}, {.batch_size = batch_size}}, {}};
          },
          py::arg("partition") = std::nullopt, py::arg("transformer") = nullptr, py::arg("batch_size") = 64,
          py::keep_alive<0, 1>());

  m.def(
      "read_images",
      [](const py::object& path, bool recursive, int num_partitions, bool drop_image_failures, double sample_ratio,
         std::int64_t seed, const std::string& sampling, const std::optional<std::string>& labels, unsigned threads,
         const std::string& path_glob_filter, bool ignore_missing_files, bool progress) {
        std::vector<std::string> paths;
        if (py::isinstance<py::str>(path)) paths.push_back(path.cast<std::string>());
        else for (const py::handle& p : path) paths.push_back(py::str(p));
        const imf::read_options o = make_options(recursive, num_partitions, drop_image_failures, sample_ratio, seed,
                                                 sampling, labels, threads, path_glob_filter, ignore_missing_files,
                                                 progress);
        py::gil_scoped_release nogil;  // listing a large folder takes a while
        return imf::read_images(paths, o);
      },
      py::arg("path"), py::arg("recursive") = false, py::arg("num_partitions") = -1,
      py::arg("drop_image_failures") = false, py::arg("sample_ratio") = 1.0, py::arg("seed") = 0,
      py::arg("sampling") = "per_file", py::arg("labels") = std::nullopt, py::arg("threads") = 0,
      py::arg("path_glob_filter") = "", py::arg("ignore_missing_files") = false, py::arg("progress") = false);

  py::register_exception<imf::transform_error>(m, "TransformError", PyExc_ValueError);
  py::register_exception<imf::batch_error>(m, "BatchError", PyExc_ValueError);
}
