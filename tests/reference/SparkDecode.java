// Spark's ImageSchema.decode (Spark 2.3-4.x, mllib/.../ml/image/ImageSchema.scala) run on this JVM's
// ImageIO: the reference the decoder tests compare imgframe's rows with. Not needed by the build or CI
// (the outputs it gave on OpenJDK 17 are committed next to it); rerun with:
//   javac -d /tmp/sparkdecode tests/reference/SparkDecode.java
//   java -cp /tmp/sparkdecode SparkDecode [--dump DIR] FILE...
// Prints one tab-separated line per file: name, height, width, nChannels, mode, sha256 of data
// (or "invalid" and the exception). --dump writes each valid row's data to DIR/NAME.bin.
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import javax.imageio.ImageIO;

public final class SparkDecode {
  // ImageSchema.decode, statement by statement (Spark >= 3.3 catches every Throwable).
  static byte[] decode(byte[] bytes, int[] dims) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    if (img == null) return null;
    boolean isGray = img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
    boolean hasAlpha = img.getColorModel().hasAlpha();
    int height = img.getHeight(), width = img.getWidth();
    int nChannels = isGray ? 1 : hasAlpha ? 4 : 3;
    int mode = isGray ? 0 : hasAlpha ? 24 : 16;
    byte[] decoded = new byte[height * width * nChannels];
    if (isGray) {
      int offset = 0;
      WritableRaster raster = img.getRaster();
      for (int h = 0; h < height; h++)
        for (int w = 0; w < width; w++) {
          decoded[offset] = (byte) raster.getSample(w, h, 0);
          offset += 1;
        }
    } else {
      int offset = 0;
      for (int h = 0; h < height; h++)
        for (int w = 0; w < width; w++) {
          Color color = new Color(img.getRGB(w, h), hasAlpha);
          decoded[offset] = (byte) color.getBlue();
          decoded[offset + 1] = (byte) color.getGreen();
          decoded[offset + 2] = (byte) color.getRed();
          if (hasAlpha) decoded[offset + 3] = (byte) color.getAlpha();
          offset += nChannels;
        }
    }
    dims[0] = height; dims[1] = width; dims[2] = nChannels; dims[3] = mode;
    return decoded;
  }

  public static void main(String[] args) throws Exception {
    Path dump = null;
    int i = 0;
    if (args.length > 1 && args[0].equals("--dump")) { dump = Path.of(args[1]); i = 2; }
    for (; i < args.length; i++) {
      Path p = Path.of(args[i]);
      String name = p.getFileName().toString();
      try {
        int[] d = new int[4];
        byte[] data = decode(Files.readAllBytes(p), d);
        if (data == null) { System.out.println(name + "\tinvalid\tno ImageIO reader"); continue; }
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(data)) hex.append(String.format("%02x", b));
        System.out.println(name + "\t" + d[0] + "\t" + d[1] + "\t" + d[2] + "\t" + d[3] + "\t" + hex);
        if (dump != null) Files.write(dump.resolve(name + ".bin"), data);
      } catch (Throwable t) {
        System.out.println(name + "\tinvalid\t" + t.getClass().getSimpleName() + ": " + t.getMessage());
      }
    }
  }
}
