#!/usr/bin/python3
"""Prints the benchmark table from the tab-separated lines of peers and pillow_peer.py and draws
the plot (matplotlib, Agg). Lines: workload, set, threads, contender, kind, median images/s,
min, max, median images per CPU-second. kind is imgframe, peer (a library), chain (hand-written
TurboJPEG chains) or bound (memset/memcpy). Ratios: imgframe / contender, both in images/s of the
same run (and per CPU-second, steadier on a loaded machine).

    table.py RESULTS.tsv [--plot out.png]
"""
import argparse
import collections


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results")
    ap.add_argument("--plot")
    a = ap.parse_args()
    groups = collections.OrderedDict()
    notes = []
    for line in open(a.results):
        f = line.rstrip("\n").split("\t")
        if not f or not f[0]:
            continue
        if f[0] in ("#", "RSS"):
            notes.append("  ".join(x for x in f[1:] if x))
            continue
        w, s, t, name, kind = f[:5]
        med, lo, hi, cpu = map(float, f[5:9])
        groups.setdefault((w, s, int(t)), []).append((name, kind, med, lo, hi, cpu))
    for n in notes:
        print(n)
    print()
    head = f"{'workload':<16} {'contender':<42} {'img/s med':>9} {'min':>8} {'max':>8} {'img/CPU-s':>9}  {'imgframe/x':>10} {'(CPU-s)':>8}"
    for (w, s, t), rows in groups.items():
        mine = [r for r in rows if r[1] == "imgframe"]
        mine = [max(mine, key=lambda r: r[2])] if mine else []  # the faster imgframe mode
        print(head)
        for name, kind, med, lo, hi, cpu in rows:
            ratio = f"{mine[0][2] / med:10.2f} {mine[0][5] / cpu:8.2f}" if mine and kind != "imgframe" else ""
            print(f"{w + ' ' + s + ' ' + str(t) + 't':<16} {name:<42} {med:9.1f} {lo:8.1f} {hi:8.1f} {cpu:9.1f}  {ratio}")
        peers = [r for r in rows if r[1] in ("peer", "chain")]
        if mine and peers:
            best = max(peers, key=lambda r: r[2])
            best_cpu = max(peers, key=lambda r: r[5])
            print(f"  -> imgframe / best peer: {mine[0][2] / best[2]:.2f} (images/s, vs {best[0]}); "
                  f"{mine[0][5] / best_cpu[5]:.2f} (per CPU-s, vs {best_cpu[0]})")
        print()
    if a.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        keys = [k for k in groups if k[0] != "W4"]
        # Two rows of panels (small set above, 1080p below), wide enough for the contenders' names.
        columns = max(1, (len(keys) + 1) // 2)
        rows_of_panels = (len(keys) + columns - 1) // columns
        fig, axes = plt.subplots(rows_of_panels, columns, figsize=(4.6 * columns, 3.6 * rows_of_panels),
                                 squeeze=False)
        for ax in axes.flat[len(keys):]:
            ax.axis("off")
        for ax, k in zip(axes.flat, keys):
            rows = groups[k]
            names = [r[0] for r in rows]
            med = [r[5] for r in rows]
            colors = ["tab:red" if r[1] == "imgframe" else "tab:blue" if r[1] == "peer" else "tab:gray" for r in rows]
            ax.barh(range(len(rows)), med, color=colors)
            ax.set_yticks(range(len(rows)))
            ax.set_yticklabels(names, fontsize=7)
            ax.invert_yaxis()
            ax.set_title(f"{k[0]} {k[1]}, {k[2]} thread{'s' if int(k[2]) != 1 else ''}", fontsize=9)
            ax.set_xlabel("images per CPU-second", fontsize=7)
            ax.tick_params(axis="x", labelsize=6)
        fig.suptitle("imgframe (red) vs libraries (blue) and hand-written TurboJPEG chains (grey)", fontsize=9)
        fig.tight_layout()
        fig.savefig(a.plot, dpi=110)
        print(f"plot: {a.plot}")


if __name__ == "__main__":
    main()
