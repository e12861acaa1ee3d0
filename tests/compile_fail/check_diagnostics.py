#!/usr/bin/env python3
"""The first lines of a wrong chain's diagnostic must say what is wrong.

For each compile-fail test (tests/compile_fail/*.cpp) with `// first-lines: REGEX` comments,
compile it with IMGFRAME_COMPILE_FAIL defined and check that every REGEX matches somewhere in the
first 5 lines of the compiler's output (include trace included: that is what a user reads first).
The REGEXes name the stage and the mismatch in words.

  check_diagnostics.py [--compiler CXX]... [--include DIR]... [--lines N] [FILE.cpp...]

Defaults: g++ and clang++, this repository's include/ and every annotated file. Exit 1 on any miss.
"""
import argparse
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parents[2]


def expectations(path):
    return [m.group(1).strip() for m in re.finditer(r"^// first-lines: (.+)$", path.read_text(), re.M)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--compiler", action="append", help="C++ compiler (repeatable; default g++ and clang++)")
    ap.add_argument("--include", action="append", default=[], help="extra include directory (repeatable)")
    ap.add_argument("--lines", type=int, default=5, help="how many first lines must say it (default 5)")
    ap.add_argument("files", nargs="*", type=pathlib.Path)
    a = ap.parse_args()
    compilers = a.compiler or ["g++", "clang++"]
    files = a.files or sorted((root / "tests" / "compile_fail").glob("*.cpp"))
    files = [f for f in files if expectations(f)]
    if not files:
        print("check_diagnostics: no annotated compile-fail test", file=sys.stderr)
        return 1
    failures = 0
    for cxx in compilers:
        for f in files:
            cmd = [cxx, "-std=c++20", "-fsyntax-only", "-DIMGFRAME_COMPILE_FAIL", f"-I{root / 'include'}",
                   *[f"-I{d}" for d in a.include], str(f)]
            if "clang" in pathlib.Path(cxx).name:
                cmd.insert(1, "-fno-color-diagnostics")
            else:
                cmd.insert(1, "-fdiagnostics-color=never")
            for _ in range(3):  # a compiler killed from outside (a signal, no output) is run again
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode >= 0 and (r.stdout + r.stderr).strip():
                    break
            head = "\n".join((r.stdout + r.stderr).splitlines()[: a.lines])
            missing = [e for e in expectations(f) if not re.search(e, head)]
            if r.returncode == 0:
                missing = ["(it compiled)"]
            elif r.returncode < 0:
                missing = [f"(the compiler was killed by signal {-r.returncode})"]
            status = "ok  " if not missing else "FAIL"
            print(f"{status} {pathlib.Path(cxx).name:10} {f.name}")
            if missing:
                failures += 1
                print(f"     not in the first {a.lines} lines: {missing}\n" + "\n".join("     | " + l for l in head.splitlines()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
