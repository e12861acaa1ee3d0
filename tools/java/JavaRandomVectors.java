// Generates tests/data/java_random_vectors.tsv with the JDK's own java.util.Random and
// String.hashCode, so the C++ re-implementations are checked against the real thing.
// Run: javac -d /tmp JavaRandomVectors.java && java -cp /tmp JavaRandomVectors > tests/data/java_random_vectors.tsv
// (tools/java/regenerate.sh does exactly that). CI never needs Java: the output is committed.
//
// Lines (tab-separated):
//   double  SEED  BITS...           nextDouble() x 24 as Double.doubleToLongBits, hex
//   int     SEED  V...              nextInt() x 12
//   intb    SEED  BOUND  V...       nextInt(BOUND) x 12
//   long    SEED  V...              nextLong() x 6
//   hash    UTF8HEX  HASH           new String(bytes, UTF_8).hashCode()
//   keep    UTF8HEX  SEED  RATIOBITS  KEEP   SynapseML per-file rule:
//           new Random((long) origin.hashCode() ^ seed).nextDouble() <= ratio
//   tree    KIND  RELPATH           the folder tree of the Spark-walk vectors (d = dir, f = file)
//   walk    INPUT  RECURSIVE  SEED  RATIOBITS  KEPT   Spark 2.x readImages listing with
//           SamplePathFilter: files kept, in Hadoop's order, separated by '|'
import java.nio.charset.StandardCharsets;
import java.util.*;

public class JavaRandomVectors {
  static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) s.append(String.format("%02x", x & 0xff));
    return s.length() == 0 ? "-" : s.toString();
  }

  static byte[] unhex(String h) {
    byte[] b = new byte[h.length() / 2];
    for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    return b;
  }

  static String dbits(double d) { return Long.toHexString(Double.doubleToLongBits(d)); }

  // ---- the tree walked by Spark's readImages (Hadoop FileInputFormat + SamplePathFilter) ----
  static final class Node {
    final String name; final boolean dir; final TreeMap<String, Node> kids = new TreeMap<>();
    Node(String name, boolean dir) { this.name = name; this.dir = dir; }
  }

  static Node root = new Node("root", true);
  static List<String[]> treeLines = new ArrayList<>();

  static void add(String rel) {  // "a/b/" dir, "a/b" file; parents created implicitly
    boolean isDir = rel.endsWith("/");
    String[] parts = (isDir ? rel.substring(0, rel.length() - 1) : rel).split("/");
    Node n = root;
    StringBuilder path = new StringBuilder("root");
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      boolean d = !last || isDir;
      path.append('/').append(parts[i]);
      Node k = n.kids.get(parts[i]);
      if (k == null) {
        k = new Node(parts[i], d);
        n.kids.put(parts[i], k);
        treeLines.add(new String[] {d ? "d" : "f", path.toString()});
      }
      n = k;
    }
  }

  // Hadoop FileInputFormat.hiddenFileFilter
  static boolean hidden(String name) { return name.startsWith("_") || name.startsWith("."); }

  // Spark ImageSchema SamplePathFilter.isFile: FilenameUtils.getExtension(path) != ""
  static boolean hasExtension(String path) {
    int dot = path.lastIndexOf('.');
    int sep = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return dot > sep && dot < path.length() - 1;
  }

  static final class Filter {
    final Random random; final double ratio;
    Filter(long seed, double ratio) { random = new Random(); random.setSeed(seed); this.ratio = ratio; }
    // MultiPathFilter(hidden, sample): the hidden filter runs first, so hidden names draw nothing.
    boolean accept(String path) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (hidden(name)) return false;
      if (ratio >= 1.0) return true;  // readImages installs no sample filter when sampleRatio == 1
      return !hasExtension(path) || random.nextDouble() < ratio;
    }
  }

  static void addRecursively(Node dir, String path, Filter f, List<String> out) {
    for (Node k : dir.kids.values()) {
      String p = path + "/" + k.name;
      if (!f.accept(p)) continue;
      if (k.dir) addRecursively(k, p, f, out); else out.add(p);
    }
  }

  static Node find(String rel) {
    Node n = root;
    String[] parts = rel.split("/");
    for (int i = 1; i < parts.length; i++) n = n.kids.get(parts[i]);
    return n;
  }

  // FileInputFormat.singleThreadedListStatus for one input path (no glob characters).
  static List<String> listStatus(String input, boolean recursive, long seed, double ratio) {
    Filter f = new Filter(seed, ratio);
    List<String> out = new ArrayList<>();
    Node n = find(input);
    if (!f.accept(input)) return out;  // globStatus(p, inputFilter): the input path itself is filtered
    if (!n.dir) { out.add(input); return out; }
    for (Node k : n.kids.values()) {
      String p = input + "/" + k.name;
      if (!f.accept(p)) continue;
      if (k.dir) { if (recursive) addRecursively(k, p, f, out); }  // non-recursive: subdirectories skipped
      else out.add(p);
    }
    return out;
  }

  public static void main(String[] args) {
    StringBuilder o = new StringBuilder();
    long[] seeds = {0L, 1L, 42L, -1L, 7L, -7L, 123456789L, 0x5DEECE66DL, Long.MIN_VALUE, Long.MAX_VALUE,
                    1234567890123456789L};
    for (long s : seeds) {
      Random r = new Random(s);
      o.append("double\t").append(s);
      for (int i = 0; i < 24; i++) o.append('\t').append(dbits(r.nextDouble()));
      o.append('\n');
    }
    for (long s : seeds) {
      Random r = new Random(s);
      o.append("int\t").append(s);
      for (int i = 0; i < 12; i++) o.append('\t').append(r.nextInt());
      o.append('\n');
    }
    int[] bounds = {1, 2, 10, 16, 1000, 1 << 30, 1000000007, Integer.MAX_VALUE};
    for (long s : new long[] {0L, 42L, -7L}) {
      for (int b : bounds) {
        Random r = new Random(s);
        o.append("intb\t").append(s).append('\t').append(b);
        for (int i = 0; i < 12; i++) o.append('\t').append(r.nextInt(b));
        o.append('\n');
      }
    }
    for (long s : seeds) {
      Random r = new Random(s);
      o.append("long\t").append(s);
      for (int i = 0; i < 6; i++) o.append('\t').append(r.nextLong());
      o.append('\n');
    }

    // String.hashCode over UTF-16 code units, including invalid UTF-8 as the JVM decodes it.
    List<byte[]> strings = new ArrayList<>();
    String[] texts = {"", "a", "file:/tmp/a.jpg", "file:/data/photos/kittens/54893.jpg",
                      "file:/home/user/images/a b.jpg", "file:/tmp/caf\u00e9.png", "file:/tmp/\u65e5\u672c/\u732b.jpg",
                      "file:/tmp/\ud83d\ude00smile.png", "file:/tmp/\ud800\udc00\udbff\udfff.png", "\uffff\u0800\u07ff\u0080",
                      "file:/mnt/datasets/imagenet/train/n01440764/n01440764_10026.JPEG",
                      "file:/tmp/x%20y.jpg", "file:/tmp/k=v/d=2018-02/x.jpg"};
    for (String t : texts) strings.add(t.getBytes(StandardCharsets.UTF_8));
    String[] badHex = {"ff", "c0af", "e08080", "eda080", "f4908080", "f0808080", "e282", "41e2", "c3", "80bf",
                       "f09f98", "2f746d702fff2e6a7067", "edb080edbfbf", "e0a0", "e0a041", "f09080", "f0908041", "ed9fbf",
                       "edbfbf41", "f8888080", "c1bf", "f5808080", "e0a0c0", "eda0", "ed80"};
    for (String h : badHex) strings.add(unhex(h));
    for (byte[] b : strings) {
      String s = new String(b, StandardCharsets.UTF_8);
      o.append("hash\t").append(hex(b)).append('\t').append(s.hashCode()).append('\n');
    }

    // SynapseML BinaryFileReader per-file sampling.
    double[] ratios = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};
    long[] keepSeeds = {0L, 1L, 42L, -7L, 123456789L, Long.MIN_VALUE};
    for (int i = 0; i < 40; i++) {
      String origin = "file:/data/set/img_" + i + (i % 3 == 0 ? ".png" : ".jpg");
      strings.add(origin.getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] b : strings) {
      String origin = new String(b, StandardCharsets.UTF_8);
      for (long s : keepSeeds) {
        for (double ratio : ratios) {
          Random rng = new Random();
          rng.setSeed(((long) origin.hashCode()) ^ s);
          boolean keep = rng.nextDouble() <= ratio;
          o.append("keep\t").append(hex(b)).append('\t').append(s).append('\t').append(dbits(ratio))
           .append('\t').append(keep ? 1 : 0).append('\n');
        }
      }
    }

    // Spark 2.x readImages sampling walk over a tree with the awkward cases of spark-semantics.md 3.1.
    for (int i = 0; i < 24; i++) add(String.format("p%02d.jpg", i));
    String[] tree = {"a.jpg", "a/", "a/a1.jpg", "a/a2.png", "b", "c.png", ".hidden.jpg", "_meta.txt", "d.txt",
                     "foo.", "noext", "sub/e.jpg", "sub/f.jpg", "sub/noext2", "sub/.git/x.jpg", "sub/_tmp/y.jpg",
                     "sub/deeper/g.jpg", "sub/deeper/h.jpg", "v1.0/g.jpg", "v1.0/h.jpg", "v1.0/deeper/i.jpg",
                     "v2.0/j.jpg", "v2.0/k.jpg", "_skip/k.jpg", ".cache/l.jpg", "z/deep/w.jpg", "z/deep/x.png",
                     "z/deep/y.gif", "z/q.bmp", "empty/", "dir.d/", "dir.d/m.jpg"};
    for (String t : tree) add(t);
    for (int i = 0; i < 12; i++) add(String.format("z/deep/r%02d.jpg", i));
    for (String[] t : treeLines) o.append("tree\t").append(t[0]).append('\t').append(t[1]).append('\n');
    String[] inputs = {"root", "root/v1.0", "root/sub", "root/a.jpg", "root/b", "root/p07.jpg"};
    double[] walkRatios = {0.0, 0.2, 0.5, 0.8, 1.0};
    long[] walkSeeds = {0L, 1L, 42L, -7L, 123456789L};
    for (String in : inputs) {
      for (int rec = 0; rec <= 1; rec++) {
        for (long s : walkSeeds) {
          for (double ratio : walkRatios) {
            List<String> kept = listStatus(in, rec == 1, s, ratio);
            o.append("walk\t").append(in).append('\t').append(rec).append('\t').append(s).append('\t')
             .append(dbits(ratio)).append('\t').append(kept.isEmpty() ? "-" : String.join("|", kept)).append('\n');
          }
        }
      }
    }
    System.out.print(o);
  }
}
