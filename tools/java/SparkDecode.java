// Spark's ImageSchema.decode (Spark 2.3-4.x) on the JDK's ImageIO: for each file, the row Spark
// would hold - height x width x nChannels, mode and the sha256 of `data` - or "invalid" with the
// exception. The reference for imgframe's compat::spark decoder on damaged files
// (tests/runtime/io/test_decode_damaged.cpp). CI never needs Java: the values are committed.
// Run: javac -d /tmp/sd SparkDecode.java && java -cp /tmp/sd SparkDecode [--dump DIR] FILE...
// (tools/java/spark_decode.sh); --dump also writes each valid row's data to DIR/NAME.bin.
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import javax.imageio.ImageIO;

public class SparkDecode {
  public static void main(String[] args) throws Exception {
    ImageIO.setUseCache(false);  // Spark leaves the default; the pixels do not depend on it
    String dump = null;
    int first = 0;
    if (args.length > 1 && args[0].equals("--dump")) {
      dump = args[1];
      first = 2;
    }
    for (int a = first; a < args.length; a++) {
      String f = args[a];
      String out;
      try {
        byte[] bytes = Files.readAllBytes(Paths.get(f));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) {
          out = "invalid\tno reader";
        } else {
          // As org.apache.spark.ml.image.ImageSchema.decode.
          boolean isGray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
          boolean hasAlpha = img.getColorModel().hasAlpha();
          int height = img.getHeight(), width = img.getWidth();
          int nChannels = isGray ? 1 : hasAlpha ? 4 : 3;
          int mode = isGray ? 0 : hasAlpha ? 24 : 16;
          byte[] decoded = new byte[height * width * nChannels];
          int offset = 0;
          if (isGray) {
            Raster raster = img.getRaster();
            for (int h = 0; h < height; h++)
              for (int w = 0; w < width; w++) decoded[offset++] = (byte) raster.getSample(w, h, 0);
          } else {
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
          StringBuilder hex = new StringBuilder();
          for (byte b : MessageDigest.getInstance("SHA-256").digest(decoded)) hex.append(String.format("%02x", b & 0xff));
          out = height + "x" + width + "x" + nChannels + "\t" + mode + "\t" + hex;
          if (dump != null) Files.write(Paths.get(dump, Paths.get(f).getFileName() + ".bin"), decoded);
        }
      } catch (Throwable t) {
        out = "invalid\t" + t.toString().replace('\t', ' ').replace('\n', ' ');
      }
      System.out.println(f + "\t" + out);
    }
  }
}
