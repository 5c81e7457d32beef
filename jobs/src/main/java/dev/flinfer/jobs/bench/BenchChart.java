package dev.flinfer.jobs.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Throughput against batch size: raw ONNX Runtime, Flinfer end to end, the per-record map. */
final class BenchChart {
    private BenchChart() {}

    static void write(Path png, Workload.Figures figures) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title(figures.name() + " (" + figures.model() + ")")
                        .xAxisTitle("max batch size")
                        .yAxisTitle(figures.unit() + " per second")
                        .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        series(
                chart,
                "ONNX Runtime alone",
                figures.raw().stream().map(p -> p.batchSize()).toList(),
                figures.raw().stream().map(p -> p.perSecond()).toList());
        List<Integer> sizes = figures.endToEnd().keySet().stream().sorted().toList();
        series(
                chart,
                "Flinfer, Kafka to Kafka",
                sizes,
                sizes.stream().map(s -> figures.endToEnd().get(s).perSecond()).toList());
        if (figures.perRecord() != null) {
            double naive = figures.perRecord().perSecond();
            int last = Math.max(sizes.isEmpty() ? 1 : sizes.get(sizes.size() - 1), 1);
            series(
                    chart,
                    "per-record map (no batching)",
                    List.of(1, Math.max(2, last)),
                    List.of(naive, naive));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void series(XYChart chart, String name, List<Integer> x, List<Double> y) {
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
    }
}
