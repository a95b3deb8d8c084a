package dev.triggerflow.aws.cost;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** Draws cost per million units of work against n, on log scales, as a PNG. */
final class CostPlot {
  private static final int W = 960;
  private static final int H = 560;
  private static final int LEFT = 90;
  private static final int RIGHT = 290;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private CostPlot() {}

  private record Series(String name, Color color, List<Double> xs, List<Double> ys) {}

  static void write(Path file, List<CostModel.Measured> all) throws IOException {
    List<CostModel.Measured> seq = all.stream().filter(m -> m.workload().equals("steps")).toList();
    List<CostModel.Measured> map =
        all.stream().filter(m -> m.workload().equals("fanout") && m.concurrency() > 1).toList();
    List<CostModel.Measured> mapOne =
        all.stream().filter(m -> m.workload().equals("fanout") && m.concurrency() == 1).toList();
    List<Series> series =
        List.of(
            series("Triggerflow, sequential", new Color(0x1f77b4), seq, CostModel::triggerflowCost),
            series(
                "Triggerflow, map (" + CostModel.CONCURRENT + " at once)",
                new Color(0x2ca02c),
                map,
                CostModel::triggerflowCost),
            series(
                "Triggerflow, map (one at a time)",
                new Color(0x8c564b),
                mapOne,
                CostModel::triggerflowCost),
            series(
                "Step Functions Standard",
                new Color(0xd62728),
                seq,
                m -> CostModel.standardCost(m.n())),
            series(
                "Step Functions Express",
                new Color(0xff7f0e),
                seq,
                m -> CostModel.expressCost(m.n())),
            series(
                "Lambda durable functions",
                new Color(0x9467bd),
                seq,
                m -> CostModel.durableCost(m.n())));
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    double xMin = Math.log10(5);
    double xMax = Math.log10(2000);
    double yMin = -2;
    double yMax = 2;
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Cost per million units of work (us-east-1, task compute excluded)", LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int e = (int) yMin; e <= (int) yMax; e++) {
      int y = ys(e, yMin, yMax);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, W - RIGHT, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "$%s", fmt(Math.pow(10, e))), 20, y + 4);
    }
    for (int n : new int[] {10, 100, 1000}) {
      int x = xs(Math.log10(n), xMin, xMax);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x, TOP, x, H - BOTTOM);
      g.setColor(Color.DARK_GRAY);
      g.drawString("n = " + n, x - 20, H - BOTTOM + 20);
    }
    g.drawString("steps in a run (sequential) or tasks in a map", LEFT + 160, H - 25);
    g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
    int legendY = TOP + 20;
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(new BasicStroke(2.5f));
      for (int i = 0; i < s.xs().size(); i++) {
        int x = xs(Math.log10(s.xs().get(i)), xMin, xMax);
        int y = ys(Math.log10(Math.max(s.ys().get(i), 0.0101)), yMin, yMax);
        g.fillOval(x - 4, y - 4, 8, 8);
        if (i > 0) {
          g.drawLine(
              xs(Math.log10(s.xs().get(i - 1)), xMin, xMax),
              ys(Math.log10(Math.max(s.ys().get(i - 1), 0.0101)), yMin, yMax),
              x,
              y);
        }
      }
      g.drawLine(W - RIGHT + 15, legendY - 4, W - RIGHT + 40, legendY - 4);
      g.setColor(Color.DARK_GRAY);
      g.drawString(s.name(), W - RIGHT + 46, legendY);
      legendY += 22;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static Series series(
      String name,
      Color color,
      List<CostModel.Measured> ms,
      ToDoubleFunction<CostModel.Measured> perUnit) {
    List<Double> xs = new java.util.ArrayList<>();
    List<Double> ys = new java.util.ArrayList<>();
    for (CostModel.Measured m : ms) {
      xs.add((double) m.n());
      ys.add(perUnit.applyAsDouble(m) * 1e6);
    }
    return new Series(name, color, xs, ys);
  }

  private static int xs(double v, double min, double max) {
    return LEFT + (int) Math.round((v - min) / (max - min) * (W - LEFT - RIGHT));
  }

  private static int ys(double v, double min, double max) {
    return H - BOTTOM - (int) Math.round((v - min) / (max - min) * (H - TOP - BOTTOM));
  }

  private static String fmt(double v) {
    return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
