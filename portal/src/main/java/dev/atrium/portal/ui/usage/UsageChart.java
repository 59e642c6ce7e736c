package dev.atrium.portal.ui.usage;

import com.vaadin.flow.component.Svg;
import dev.atrium.tenancy.metering.Metered;
import dev.atrium.tenancy.billing.UsageQuery;
import dev.atrium.tenancy.billing.UsageResource;
import dev.atrium.tenancy.billing.UsageRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.XYItemEntity;
import dev.atrium.tenancy.metering.QuotaStep;
import dev.atrium.tenancy.quota.Quota;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.time.SimpleTimePeriod;
import org.jfree.data.time.TimePeriodValues;
import org.jfree.data.time.TimePeriodValuesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * One resource held per period (bars: the average over the period) against the quota as it was (a
 * step line that moves when the quota changed), drawn with JFreeChart into SVG on the server, so the
 * browser needs no chart script. Each bar says its period and value on hover.
 */
final class UsageChart {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 260;
  private static final Color HELD = new Color(0x16, 0x76, 0xf3); // Lumo primary
  private static final Color QUOTA = new Color(0xe2, 0x4c, 0x4c);
  private static final Color GRID = new Color(0xe6, 0xe9, 0xee);
  private static final Font FONT = new Font("SansSerif", Font.PLAIN, 12);

  private UsageChart() {}

  /**
   * The chart of {@code rows} (one resource, in period order) over the query's whole range. A period
   * not yet over is averaged over the part of it that is counted so far.
   */
  static Svg of(UsageResource resource, List<UsageRow> rows, List<QuotaStep> steps, UsageQuery query, Metered metered) {
    TimePeriodValues held = new TimePeriodValues("Held (average)");
    for (Average a : averages(resource, rows, metered)) {
      held.add(new SimpleTimePeriod(Date.from(a.start()), Date.from(a.end())), a.held());
    }
    XYSeries quota = new XYSeries("Quota", false, true);
    Instant drawnUntil = query.to().isBefore(metered.countedUntil()) ? query.to() : metered.countedUntil();
    for (QuotaStep step : steps) {
      Instant from = step.from().isBefore(query.from()) ? query.from() : step.from();
      Instant until = step.until() == null || step.until().isAfter(drawnUntil) ? drawnUntil : step.until();
      if (until.isAfter(from)) {
        quota.add(from.toEpochMilli(), limit(resource, step.limit()));
        quota.add(until.toEpochMilli(), limit(resource, step.limit()));
      }
    }

    DateAxis time = new DateAxis();
    time.setTimeZone(TimeZone.getTimeZone("UTC"));
    time.setRange(Date.from(query.from()), Date.from(query.to()));
    time.setTickLabelFont(FONT);
    NumberAxis amount = new NumberAxis(unit(resource));
    amount.setLabelFont(FONT);
    amount.setTickLabelFont(FONT);
    amount.setAutoRangeIncludesZero(true);

    XYBarRenderer bars = new XYBarRenderer();
    bars.setDefaultToolTipGenerator((dataset, series, item) -> {
      var periods = (org.jfree.data.xy.IntervalXYDataset) dataset;
      return HOVER.format(Instant.ofEpochMilli((long) periods.getStartXValue(series, item))) + "–"
          + HOVER.format(Instant.ofEpochMilli((long) periods.getEndXValue(series, item))) + " UTC: "
          + amount(resource, periods.getYValue(series, item)) + " held on average";
    });
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    bars.setSeriesPaint(0, HELD);
    bars.setMargin(0.1);
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, false);
    line.setSeriesPaint(0, QUOTA);
    line.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));

    XYPlot plot = new XYPlot(new TimePeriodValuesCollection(held), time, amount, bars);
    plot.setDataset(1, new XYSeriesCollection(quota));
    plot.setRenderer(1, line);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);

    JFreeChart chart = new JFreeChart(null, FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    LegendTitle legend = chart.getLegend();
    legend.setItemFont(FONT);
    legend.setPosition(RectangleEdge.TOP);
    legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);

    SVGGraphics2D g2 = new SVGGraphics2D(WIDTH, HEIGHT);
    ChartRenderingInfo info = new ChartRenderingInfo();
    chart.draw(g2, new Rectangle(0, 0, WIDTH, HEIGHT), info);
    String drawn = g2.getSVGElement(null, false, new ViewBox(0, 0, WIDTH, HEIGHT), PreserveAspectRatio.XMID_YMID, MeetOrSlice.MEET);
    Svg svg = new Svg(withHovers(drawn, info));
    svg.getElement().getStyle().set("width", "100%").set("height", "auto");
    svg.getElement().setAttribute("role", "img");
    svg.getElement().setAttribute("aria-label", label(resource) + " held per period against the quota");
    return svg;
  }

  /** What was held on average over one period, in the chart's unit; a period not yet over, over its counted part. */
  record Average(Instant start, Instant end, double held) {}

  /** The periods of {@code rows} that have counted time, each with its average. */
  static List<Average> averages(UsageResource resource, List<UsageRow> rows, Metered metered) {
    List<Average> averages = new java.util.ArrayList<>();
    for (UsageRow row : rows) {
      Instant start = Instant.parse(row.periodStart());
      Instant end = Instant.parse(row.periodEnd());
      double seconds = metered.coveredSeconds(start, end);
      if (seconds > 0) {
        averages.add(new Average(start, end, row.quantity() / seconds / scale(resource)));
      }
    }
    return averages;
  }

  private static final java.time.format.DateTimeFormatter HOVER =
      java.time.format.DateTimeFormatter.ofPattern("d MMM HH:mm").withZone(java.time.ZoneOffset.UTC);

  /** Over each bar, a transparent area whose title the browser shows on hover (and screen readers read). */
  private static String withHovers(String svg, ChartRenderingInfo info) {
    StringBuilder areas = new StringBuilder();
    for (Object entity : info.getEntityCollection().getEntities()) {
      if (entity instanceof XYItemEntity item && item.getToolTipText() != null) {
        java.awt.Rectangle r = item.getArea().getBounds();
        areas.append("<rect class=\"usage-bar\" x=\"").append(r.x).append("\" y=\"").append(r.y).append("\" width=\"").append(Math.max(1, r.width))
            .append("\" height=\"").append(Math.max(1, r.height)).append("\" fill=\"transparent\"><title>")
            .append(escape(item.getToolTipText())).append("</title></rect>");
      }
    }
    int end = svg.lastIndexOf("</svg>");
    return end < 0 ? svg : svg.substring(0, end) + areas + svg.substring(end);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The quota's limit of the resource, in the chart's unit. */
  static double limit(UsageResource resource, Quota quota) {
    return switch (resource.base()) {
      case MEMORY -> quota.memoryMiB() / 1024.0;
      case GPU -> quota.gpus();
      default -> quota.cpuMillis() / 1000.0;
    };
  }

  /** An amount in the chart's unit, as people read it: "1.25 cores", "3.5 GiB". */
  static String amount(UsageResource resource, double value) {
    return java.math.BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " " + unit(resource);
  }

  static String label(UsageResource resource) {
    String label =
        switch (resource.base()) {
          case MEMORY -> "Memory";
          case GPU -> "GPUs";
          default -> "CPU";
        };
    return resource.reserved() ? "Reserved " + label : label;
  }

  /** What one unit on the chart is in the export's unit per second. */
  static double scale(UsageResource resource) {
    return switch (resource.base()) {
      case MEMORY -> 1024; // MiB per GiB
      case GPU -> 1;
      default -> 1000; // millicores per core
    };
  }

  static String unit(UsageResource resource) {
    return switch (resource.base()) {
      case MEMORY -> "GiB";
      case GPU -> "GPUs";
      default -> "cores";
    };
  }
}
