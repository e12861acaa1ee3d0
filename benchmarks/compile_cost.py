#!/usr/bin/env python3
"""What including imgframe costs at compile time, side by side with xsimd and OpenCV in one run.

Compiles each case RUNS times (default 5) with g++ -O2 -std=c++20 -c and prints the median wall
time, the median CPU time (user + sys of the compiler: steadier than wall time on a loaded
machine) and both as a ratio to the empty TU. Then compiles the pipeline case once with
clang++ -ftime-trace and prints the 10 most expensive headers and the 10 most expensive
template instantiations.

  benchmarks/compile_cost.py [--runs N] [--cxx g++] [--clang clang++] [--with-transformer] [--no-trace]

Cases:
  empty                      an empty TU
  xsimd                      #include <xsimd/xsimd.hpp>
  opencv                     #include <opencv2/core.hpp> + <opencv2/imgproc.hpp> (skipped without OpenCV)
  umbrella                   #include <imgframe/imgframe.hpp>
  pipeline                   the umbrella + resize_short -> center_crop -> to_tensor run on a BGR view
  umbrella (extern kernels)  the umbrella with -DIMGFRAME_EXTERN_KERNELS (the kernels compiled once,
  pipeline (extern kernels)  in imgframe::kernels: README "Compile cost"), and the pipeline case so
  json                       #include <imgframe/json/image_transformer_json.hpp> (builds transformers)
  transformer                #include <imgframe/transformer.hpp>: the runtime dispatch (slow; --with-transformer)
Goals (issue 13): pipeline <= 1.5 s and <= 1.6x xsimd in the same run (checked for both pipeline cases).
"""
import argparse
import json
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

root = pathlib.Path(__file__).resolve().parents[1]

PIPELINE = """#include <imgframe/imgframe.hpp>
#include <cstdint>
namespace imf = imgframe;
auto prep(imf::image_view<const std::uint8_t, 3, imf::bgr> v) {
  constexpr auto p = imf::resize_short{256} | imf::center_crop{224, 224}
                   | imf::to_tensor<float, imf::rgb, imf::chw>{{0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 1.0 / 255};
  return p(v);
}
"""

EXTERN = ["-DIMGFRAME_EXTERN_KERNELS"]
# (name, source, extra compiler flags)
CASES = [
    ("empty", "", []),
    ("xsimd", "#include <xsimd/xsimd.hpp>\n", []),
    ("opencv", "#include <opencv2/core.hpp>\n#include <opencv2/imgproc.hpp>\n", []),
    ("umbrella", "#include <imgframe/imgframe.hpp>\n", []),
    ("pipeline", PIPELINE, []),
    ("umbrella (extern kernels)", "#include <imgframe/imgframe.hpp>\n", EXTERN),
    ("pipeline (extern kernels)", PIPELINE, EXTERN),
    ("json", "#include <imgframe/json/image_transformer_json.hpp>\n", []),
    ("transformer", "#include <imgframe/transformer.hpp>\n", []),
]


def flags(extra_includes):
    out = ["-std=c++20", "-O2", f"-I{root / 'include'}", f"-I{root / 'third_party' / 'stb'}"]
    for d in extra_includes:
        out.append(f"-I{d}")
    return out


def compile_once(cxx, src, obj, fl, extra=()):
    for _ in range(3):  # a compiler killed from outside (signal) is run again
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        r = subprocess.run([cxx, *fl, *extra, "-c", str(src), "-o", str(obj)], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if r.returncode >= 0:
            break
    if r.returncode != 0:
        raise RuntimeError(f"{cxx} failed on {src.name} (exit {r.returncode}):\n{r.stderr[:2000]}")
    return wall, cpu


def time_trace_top(clang, src, obj, fl, n=10):
    compile_once(clang, src, obj, fl, ["-ftime-trace"])
    trace = json.loads(obj.with_suffix(".json").read_text())
    headers, inst = {}, {}
    for e in trace.get("traceEvents", []):
        if e.get("ph") != "X":
            continue
        name, detail, dur = e.get("name"), e.get("args", {}).get("detail", ""), e.get("dur", 0) / 1e6
        if name == "Source":
            headers[detail] = max(headers.get(detail, 0), dur)  # nested: take the outermost span
        elif name in ("InstantiateFunction", "InstantiateClass"):
            inst[detail] = inst.get(detail, 0) + dur
    top = lambda d: sorted(d.items(), key=lambda kv: -kv[1])[:n]
    return top(headers), top(inst)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cxx", default="g++")
    ap.add_argument("--clang", default="clang++")
    ap.add_argument("--with-transformer", action="store_true", help="also time <imgframe/transformer.hpp> (minutes)")
    ap.add_argument("--no-trace", action="store_true", help="skip the clang -ftime-trace top-10")
    ap.add_argument("--include", action="append", default=[], help="extra include directory (e.g. xsimd 14)")
    a = ap.parse_args()

    opencv = pathlib.Path("/usr/include/opencv4")
    extra = list(a.include) + ([str(opencv)] if opencv.is_dir() else [])
    fl = flags(extra)
    print(f"compile cost: {a.cxx} {' '.join(fl)}, {a.runs} runs each, median; "
          f"load average {os.getloadavg()[0]:.1f} at start ({os.cpu_count()} CPUs)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for i, (name, text, extra_flags) in enumerate(CASES):
            if name == "opencv" and not opencv.is_dir():
                print(f"  {name:26} skipped (no OpenCV headers)")
                continue
            if name == "transformer" and not a.with_transformer:
                continue
            src = tmp / f"case{i}.cpp"
            src.write_text(text)
            obj = tmp / f"case{i}.o"
            runs = [compile_once(a.cxx, src, obj, fl, extra_flags) for _ in range(a.runs)]
            results[name] = (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
        e_wall, e_cpu = results["empty"]
        print(f"  {'case':26} {'wall s':>8} {'x empty':>8} {'cpu s':>8} {'x empty':>8} {'cpu x xsimd':>12}")
        for name, (wall, cpu) in results.items():
            vs_xsimd = cpu / results["xsimd"][1] if "xsimd" in results else float("nan")
            print(f"  {name:26} {wall:8.2f} {wall / e_wall:8.1f} {cpu:8.2f} {cpu / e_cpu:8.1f} {vs_xsimd:12.2f}")
        for case in ("pipeline", "pipeline (extern kernels)"):
            if case in results and "xsimd" in results:
                wall, cpu = results[case]
                print(f"goal: {case} <= 1.5 s: wall {wall:.2f} s, cpu {cpu:.2f} s -> "
                      f"{'met' if cpu <= 1.5 else 'NOT met'} (cpu); <= 1.6x xsimd: "
                      f"{cpu / results['xsimd'][1]:.2f}x -> {'met' if cpu <= 1.6 * results['xsimd'][1] else 'NOT met'}")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")

        clang = shutil.which(a.clang)
        if not a.no_trace and clang:
            for case, extra_flags in (("pipeline", []), ("pipeline (extern kernels)", EXTERN)):
                src = tmp / "trace.cpp"
                src.write_text(PIPELINE)
                headers, inst = time_trace_top(clang, src, tmp / "trace.o", fl + extra_flags)
                print(f"\nclang -ftime-trace of the {case} case: the 10 most expensive headers (s)")
                for h, d in headers:
                    try:
                        h = str(pathlib.Path(h).resolve().relative_to(root))
                    except ValueError:
                        pass
                    print(f"  {d:6.2f}  {h}")
                print("the 10 most expensive instantiations (s, summed over nested ones)")
                for i, d in inst:
                    print(f"  {d:6.2f}  {i[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
