// read_image on what a folder can hold besides images (FIFOs, devices, directories, unreadable,
// missing, empty, oversized files), origin_for, format gating and truncation, and the limits.
#include <filesystem>
#include <functional>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "catch_compat.hpp"
#include "io_test_support.hpp"

using namespace imgframe;
using io_test::corpus;
using io_test::sample;
namespace fs = std::filesystem;

namespace {

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "imgframe-io-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
};

void write_file(const fs::path& p, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void check_invalid(const decode_result& r, failure f, const std::string& message) {
  CHECK(r.reason == f);
  CHECK(r.message == message);
  CHECK(r.row.is_invalid());
}

}  // namespace

TEST_CASE("origin_for is file: plus the absolute, normalized, decoded path", "[io][origin]") {
  CHECK(origin_for("/abs/dir/a b.jpg") == "file:/abs/dir/a b.jpg");
  CHECK(origin_for("/abs/./dir/../x/%20.png") == "file:/abs/x/%20.png");
  CHECK(origin_for("//abs/y.png") == "file:/abs/y.png");
  const std::string cwd = fs::current_path().generic_string();
  CHECK(origin_for("rel/../pic.gif") == "file:" + cwd + "/pic.gif");
}

TEST_CASE("origin_style::uri writes the path as java.net.URI does (Spark 3's image data source)", "[io][origin]") {
  const auto uri = [](const char* p) { return origin_for(p, origin_style::uri); };
  // Expected strings printed by JDK 17: new URI("file", null, path, null, null).toString()
  CHECK(uri("/abs/dir/a b.jpg") == "file:/abs/dir/a%20b.jpg");
  CHECK(uri("/d/100%.png") == "file:/d/100%25.png");
  CHECK(uri("/d/new\nline.png") == "file:/d/new%0Aline.png");
  CHECK(uri("/d/c:d.png") == "file:/d/c:d.png");
  CHECK(uri("/d/#?[]{}|^`\"<>\\.png") == "file:/d/%23%3F%5B%5D%7B%7D%7C%5E%60%22%3C%3E%5C.png");
  CHECK(uri("/d/caf\u00e9 \u00a0\u2028\u3000.png") == "file:/d/caf\u00e9%20%C2%A0%E2%80%A8%E3%80%80.png");
  CHECK(uri("/d/;@&=+$,!~*'()-_.png") == "file:/d/;@&=+$,!~*'()-_.png");
  CHECK(uri("/d/\u0085x\x7f.png") == "file:/d/%C2%85x%7F.png");
  // Not UTF-8: Java would see U+FFFD and lose the name; each byte is encoded so the origin still names the file.
  CHECK(uri("/d/\xff\xfe.png") == "file:/d/%FF%FE.png");
  CHECK(uri("/d/\xe2\x80.png") == "file:/d/%E2%80.png");  // a truncated 3-byte sequence
  CHECK(uri("/d/\xc0\xaf.png") == "file:/d/%C0%AF.png");  // overlong '/'
  CHECK(zip_entry_origin(uri("/d/a b.zip"), "x y/1.png", origin_style::uri) == "file:/d/a%20b.zip/x%20y/1.png");
  CHECK(zip_entry_origin("file:/d/a b.zip", "x y/1.png") == "file:/d/a b.zip/x y/1.png");
}

TEST_CASE("read_image is decode(bytes, origin_for(path))", "[io][read]") {
  const std::string path = sample("coffee.png");
  const auto a = read_image(path);
  const auto bytes = io_test::file_bytes(path);
  const auto b = decode(bytes, origin_for(path));
  REQUIRE(a.ok());
  CHECK(a.row == b.row);
  CHECK(a.format == image_format::png);
  CHECK(a.row.origin == origin_for(path));
}

TEST_CASE("missing, dangling, empty, oversized files", "[io][read]") {
  temp_dir t;
  check_invalid(read_image(t.path / "nope.jpg"), failure::not_found, "no such file or directory");
  CHECK(read_image(t.path / "nope.jpg").row.origin == origin_for(t.path / "nope.jpg"));
  fs::create_symlink(t.path / "missing-target.png", t.path / "link.png");
  check_invalid(read_image(t.path / "link.png"), failure::not_found, "dangling symbolic link (its target does not exist)");
  write_file(t.path / "empty.jpg", {});
  check_invalid(read_image(t.path / "empty.jpg"), failure::empty_file, "file is empty (0 bytes)");
  check_invalid(decode({}, "file:/x.png"), failure::empty_file, "no data (0 bytes)");
  decode_options small;
  small.limits.max_file_bytes = 1000;
  check_invalid(read_image(sample("coffee.png"), small), failure::too_large,
                "file is " + std::to_string(fs::file_size(sample("coffee.png"))) +
                    " bytes, over max_file_bytes = 1000 bytes");
}

TEST_CASE("FIFOs, devices, sockets and directories are never opened", "[io][read]") {
  temp_dir t;
  REQUIRE(::mkfifo((t.path / "pipe.jpg").c_str(), 0644) == 0);
  // Opening a FIFO for reading would block until a writer appears: this returns at once.
  check_invalid(read_image(t.path / "pipe.jpg"), failure::not_regular_file,
                "is a FIFO (named pipe), not a regular file; not opened");
  check_invalid(read_image("/dev/zero"), failure::not_regular_file, "is a character device, not a regular file; not opened");
  fs::create_directory(t.path / "dir.png");
  check_invalid(read_image(t.path / "dir.png"), failure::not_regular_file, "is a directory, not a regular file; not opened");
  const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  const std::string sock = (t.path / "s.png").string();
  REQUIRE(sock.size() < sizeof addr.sun_path);
  std::copy(sock.begin(), sock.end(), addr.sun_path);
  REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  check_invalid(read_image(sock), failure::not_regular_file, "is a socket, not a regular file; not opened");
  ::close(s);
}

TEST_CASE("an unreadable file is permission_denied", "[io][read]") {
  temp_dir t;
  const fs::path file = t.path / "secret.png";
  fs::copy_file(sample("coffee.png"), file);
  fs::permissions(file, fs::perms::none);
  if (::geteuid() != 0) {
    check_invalid(read_image(file), failure::permission_denied, "cannot open: Permission denied");
    return;
  }
  // root reads anything (CAP_DAC_OVERRIDE): check as the unprivileged user "nobody" in a child.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    int code = 100;
    if (::setgid(65534) == 0 && ::setuid(65534) == 0) {
      const auto r = read_image(file);
      const std::string out = std::string(failure_name(r.reason)) + "|" + r.message;
      code = ::write(fds[1], out.data(), out.size()) == static_cast<ssize_t>(out.size()) ? 0 : 101;
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string got;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(got == "permission_denied|cannot open: Permission denied");
  // And what root itself gets: the file decodes.
  CHECK(read_image(file).ok());
}

TEST_CASE("errno classification of open/read failures", "[io][read]") {
  CHECK(detail::classify_errno(EACCES, true) == failure::permission_denied);
  CHECK(detail::classify_errno(EPERM, true) == failure::permission_denied);
  CHECK(detail::classify_errno(ENOENT, true) == failure::vanished);  // listed, gone before open
  CHECK(detail::classify_errno(ENOENT, false) == failure::not_found);
  CHECK(detail::classify_errno(EIO, true) == failure::unreadable);
}

TEST_CASE("limits are configurable and name the limit and the values", "[io][limits]") {
  decode_options o;
  o.limits.max_pixels = 1000;
  check_invalid(read_image(sample("coffee.png"), o), failure::too_large,
                "image is 600 x 400 = 240000 pixels, over max_pixels = 1000");
  o = {};
  o.limits.max_side = 500;
  check_invalid(read_image(sample("coffee.png"), o), failure::too_large, "image is 600 x 400: a side over max_side = 500");
  o = {};
  o.limits.max_decoded_bytes = 100'000;
  check_invalid(read_image(sample("coffee.png"), o), failure::too_large,
                "image 600 x 400 x 3 channels x 1 bytes decodes to 720000 bytes, over max_decoded_bytes = 100000");
  o = {};
  o.limits.max_decoder_memory = 100'000;
  check_invalid(read_image(sample("coffee.png"), o), failure::too_large,
                "decoding PNG needs more than max_decoder_memory = 100000 bytes");
  // The same limits hold for the libjpeg-turbo path.
  o = {};
  o.limits.max_pixels = 1000;
  const auto j = read_image(sample("rocket.jpg"), o);
  CHECK(j.reason == failure::too_large);
  CHECK(j.message == "image is 640 x 427 = 273280 pixels, over max_pixels = 1000");
}

TEST_CASE("formats: content sniffing, Spark's set by default, TGA only by extension", "[io][format]") {
  const auto as_png = read_image(corpus("edge/hidden_nonimage/jpeg_content_png_ext.png"));
  CHECK(as_png.ok());
  CHECK(as_png.format == image_format::jpeg);
  check_invalid(read_image(corpus("edge/hidden_nonimage/readme_named.jpg")), failure::unsupported_format,
                "not a recognised image format (no JPEG, PNG, GIF or BMP signature)");
  check_invalid(read_image(corpus("valid/pnm/hopper.ppm")), failure::unsupported_format,
                "PNM is not read by Spark's ImageIO; enable decode_options::extra_formats |= extra_format::pnm to decode it");
  check_invalid(read_image(corpus("valid/tga/rgb32rle.tga")), failure::unsupported_format,
                "TGA is not read by Spark's ImageIO; enable decode_options::extra_formats |= extra_format::tga to decode it");
  check_invalid(read_image(corpus("valid/psd/rgba.psd")), failure::unsupported_format,
                "PSD is not read by Spark's ImageIO; enable decode_options::extra_formats |= extra_format::psd to decode it");
  check_invalid(read_image(corpus("valid/hdr/rgbr4x4.hdr")), failure::unsupported_format,
                "HDR is not read by Spark's ImageIO; enable decode_options::extra_formats |= extra_format::hdr to decode it");

  decode_options o;
  o.extra_formats = extra_format::tga | extra_format::pnm;
  const auto ppm = read_image(corpus("valid/pnm/hopper.ppm"), o);
  REQUIRE(ppm.ok());
  CHECK(ppm.row.mode == 16);
  CHECK(read_image(corpus("valid/psd/rgba.psd"), o).reason == failure::unsupported_format);  // not enabled
  const auto tga_bytes = io_test::file_bytes(corpus("valid/tga/rgb32rle.tga"));
  const auto tga = decode(tga_bytes, "file:/x/pic.TGA", o);
  REQUIRE(tga.ok());
  CHECK(tga.row.n_channels == 4);
  // Without the extension the bytes are not tried as TGA at all (it has no magic number).
  check_invalid(decode(tga_bytes, "file:/x/pic.bin", o), failure::unsupported_format,
                "not a recognised image format (no JPEG, PNG, GIF or BMP signature)");
  const std::vector<std::uint8_t> tiff = {'I', 'I', '*', 0, 8, 0, 0, 0, 0, 0};
  if (can_decode(image_format::tiff))
    CHECK(decode(tiff, "file:/x/a.tif").reason == failure::corrupt);  // an IFD with no entries
  else
    check_invalid(decode(tiff, "file:/x/a.tif"), failure::unsupported_format,
                  "TIFF needs libtiff: build the decoder TU with IMGFRAME_WITH_TIFF (Spark on JDK 9+ reads it)");
  check_invalid(read_image(corpus("edge/unsupported/narrow.pbm"), o), failure::unsupported_format,
                "PNM type P4 is not supported (only P5, P6)");
}

TEST_CASE("truncated files: an error by default, decoded and flagged with allow_truncated", "[io][truncated]") {
  check_invalid(read_image(corpus("invalid/jpeg/truncated_jpeg.jpg")), failure::truncated,
                "truncated JPEG: no EOI marker after the scan data (allow_truncated decodes what is there, as Spark does)");
  check_invalid(read_image(corpus("invalid/png/truncated_image.png")), failure::truncated,
                "truncated PNG: no IEND chunk, and the image data ends early (stb_image: bad huffman code)");
  decode_options strict;
  strict.strict = true;
  check_invalid(read_image(corpus("invalid/png/truncated_image.png"), strict), failure::truncated,
                "truncated PNG: the data ends before the IEND chunk (allow_truncated decodes what is there)");
  check_invalid(read_image(corpus("invalid/bmp/Bad_shortfile.bmp")), failure::truncated,
                "truncated BMP: the pixel rows need 1086 bytes, the data has 273 (allow_truncated decodes what is there)");
  decode_options o;
  o.allow_truncated = true;
  const auto jpg = read_image(corpus("invalid/jpeg/truncated_jpeg.jpg"), o);
  REQUIRE(jpg.ok());
  CHECK(jpg.truncated);
  CHECK(jpg.row.height == 100);
  CHECK(jpg.row.width == 100);
  if (jpeg_backend_name() == "libjpeg-turbo") {  // the rest filled as libjpeg does, as OpenCV shows too
    const cv::Mat m = cv::imread(corpus("invalid/jpeg/truncated_jpeg.jpg"), cv::IMREAD_UNCHANGED);
    CHECK(jpg.row.data == io_test::mat_bytes(m));
  }
  const auto png = read_image(corpus("invalid/png/truncated_image.png"), o);
  CHECK(png.reason == failure::truncated);  // stb cannot render a cut zlib stream
  CHECK(png.message == "truncated PNG: no IEND chunk, and the image data ends early (stb_image: bad huffman code)");
  const auto bmp = read_image(corpus("invalid/bmp/Bad_shortfile.bmp"), o);
  CHECK(bmp.ok());
  CHECK(bmp.truncated);
}

TEST_CASE("corrupt data carries stb's reason", "[io][corrupt]") {
  check_invalid(read_image(corpus("invalid/png/pngsuite_x/xdtn0g01.png")), failure::corrupt,
                "corrupt PNG data (stb_image: no IDAT)");
  check_invalid(read_image(corpus("invalid/bmp/bmpsuite_b/badheadersize.bmp")), failure::corrupt,
                "corrupt BMP header (stb_image: unknown image type)");
  decode_options strict;
  strict.strict = true;
  check_invalid(read_image(corpus("invalid/gif/issue_1455_oversized.gif"), strict), failure::corrupt,
                "first GIF frame (16 x 16 at 0, 0) lies outside the 10 x 10 logical screen (Spark reads it)");
}

TEST_CASE("failure names are stable", "[io]") {
  CHECK(failure_name(failure::not_regular_file) == "not_regular_file");
  CHECK(failure_name(failure::too_large) == "too_large");
  CHECK(failure_name(failure::none) == "none");
  CHECK(format_name(image_format::jpeg) == "JPEG");
}

TEST_CASE("a file that shrinks, grows, is replaced or deleted while it is read", "[io][read][hostile]") {
  temp_dir t;
  const fs::path file = t.path / "moving.png";
  const auto png = io_test::file_bytes(sample("coffee.png"));
  static thread_local std::function<void(const fs::path&)> action;
  detail::read_file_test_hook = [](const fs::path& p) { action(p); };
  struct unhook {
    ~unhook() { detail::read_file_test_hook = nullptr; }
  } restore;
  const auto read_with = [&](std::function<void(const fs::path&)> f) {
    write_file(file, png);
    action = std::move(f);
    return read_image(file);
  };
  check_invalid(read_with([](const fs::path& p) { fs::resize_file(p, 100); }), failure::vanished,
                "file shrank while being read (" + std::to_string(png.size()) + " bytes at open, 100 read)");
  check_invalid(read_with([](const fs::path& p) { std::ofstream(p, std::ios::app) << "more"; }), failure::vanished,
                "file grew while being read (" + std::to_string(png.size()) +
                    " bytes at open, more since): it is still being written");
  // Deleted or replaced after open: the open file is still the old one, read whole and consistent.
  const auto deleted = read_with([](const fs::path& p) { fs::remove(p); });
  CHECK(deleted.ok());
  const auto replaced = read_with([&](const fs::path& p) {
    write_file(t.path / "other.png", {1, 2, 3});
    fs::rename(t.path / "other.png", p);
  });
  CHECK(replaced.ok());
  CHECK(replaced.row.width == 600);
  detail::read_file_test_hook = nullptr;
  CHECK(read_image(file).reason == failure::unsupported_format);  // the replacement, read afterwards
}

TEST_CASE("bombs: a TGA header alone, a JPEG with too many scans", "[io][limits][bombs]") {
  // stb issue 1996: 18 bytes declaring 23169 x 23169 RLE pixels used to "decode" 2 GB of zeros.
  const auto tga = io_test::file_bytes(corpus("edge/pocs/stb1996_tga_18byte_header.tga"));
  decode_options o;
  o.extra_formats = extra_format::tga;
  o.limits.max_pixels = std::uint64_t{1} << 40;
  o.limits.max_decoded_bytes = std::uint64_t{1} << 40;
  const auto r = decode(tga, "file:/x/bomb.tga", o);
  CHECK(r.reason == failure::truncated);
  CHECK(r.message.rfind("truncated TGA: ", 0) == 0);
  // A progressive JPEG: every scan is a pass over the image; the last scan repeated past the limit.
  auto jpg = io_test::file_bytes(corpus("edge/progressive/test.jpg"));
  REQUIRE(decode(jpg, "file:/x/p.jpg").ok());
  const std::size_t eoi = jpg.size() - 2;
  std::size_t last_sos = eoi;
  while (!(jpg[last_sos] == 0xFF && jpg[last_sos + 1] == 0xDA)) --last_sos;
  const std::vector<std::uint8_t> scan(jpg.begin() + static_cast<std::ptrdiff_t>(last_sos),
                                       jpg.begin() + static_cast<std::ptrdiff_t>(eoi));
  jpg.resize(eoi);
  for (int i = 0; i < 300; ++i) jpg.insert(jpg.end(), scan.begin(), scan.end());
  jpg.push_back(0xFF);
  jpg.push_back(0xD9);
  const auto many = decode(jpg, "file:/x/scans.jpg");
  CHECK(many.reason == failure::too_large);
  CHECK(many.message.find("scans, over max_jpeg_scans = 256") != std::string::npos);
  o = {};
  o.limits.max_jpeg_scans = 100'000;
  CHECK(decode(jpg, "file:/x/scans.jpg", o).reason != failure::too_large);
}
