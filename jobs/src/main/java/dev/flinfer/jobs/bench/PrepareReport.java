package dev.flinfer.jobs.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/** {@code bench prepare}'s figures as a table and as JSON. */
final class PrepareReport {
    private PrepareReport() {}

    static void print(List<PrepareRun.Point> points) {
        System.out.printf(
                "%nprepare%n  %-28s %-14s %8s %12s %12s %10s%n",
                "input", "path", "threads", "records/s", "per thread", "mean KB");
        for (PrepareRun.Point p : points) {
            System.out.printf(
                    "  %-28s %-14s %8d %12.1f %12.1f %10s%n",
                    p.what(),
                    p.path(),
                    p.threads(),
                    p.perSecond(),
                    p.perThread(),
                    p.meanBytes() > 0 ? String.format("%.0f", p.meanBytes() / 1024) : "-");
        }
        for (PrepareRun.Point p : points) {
            if (!p.path().equals("flinfer")) {
                continue;
            }
            for (PrepareRun.Point q : points) {
                if (q.what().equals(p.what())
                        && q.threads() == p.threads()
                        && q.path().equals(PrepareRun.BEFORE)) {
                    System.out.printf(
                            "  %s, %d thread(s): flinfer %.2f x the path before issue 15%n",
                            p.what(), p.threads(), p.perSecond() / q.perSecond());
                }
            }
        }
    }

    static ArrayNode json(List<PrepareRun.Point> points) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (PrepareRun.Point p : points) {
            array.addObject()
                    .put("input", p.what())
                    .put("path", p.path())
                    .put("threads", p.threads())
                    .put("per_second", p.perSecond())
                    .put("per_second_per_thread", p.perThread())
                    .put("mean_bytes", p.meanBytes());
        }
        return array;
    }
}
