package dev.flinfer.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What became of one input record: either an output record or a dead letter, never both. Operators
 * emit outcomes in input order; {@code Outcomes.split} turns them into a main stream and a
 * dead-letter stream. A job whose model versions change while it runs also emits, between them,
 * lifecycle events (a version served, refused) and shadow comparisons, each as its JSON.
 */
@PublicEvolving
public final class Outcome {
    public SourceRecord output;
    public DeadLetter deadLetter;
    public byte[] event;
    public byte[] comparison;

    /** For Flink's POJO serializer. */
    public Outcome() {}

    private Outcome(SourceRecord output, DeadLetter deadLetter) {
        this.output = output;
        this.deadLetter = deadLetter;
    }

    public static Outcome ok(SourceRecord output) {
        return new Outcome(output, null);
    }

    public static Outcome dead(DeadLetter deadLetter) {
        return new Outcome(null, deadLetter);
    }

    /** A model lifecycle event ({@code dev.flinfer.lifecycle.ModelEvent} as JSON). */
    public static Outcome event(byte[] json) {
        Outcome outcome = new Outcome();
        outcome.event = json;
        return outcome;
    }

    /** A shadow comparison ({@code dev.flinfer.lifecycle.ShadowComparison} as JSON). */
    public static Outcome comparison(byte[] json) {
        Outcome outcome = new Outcome();
        outcome.comparison = json;
        return outcome;
    }

    /** The dead letter for a record that {@code model}'s task could not process. */
    public static Outcome rejected(SourceRecord record, BadRecordException error, String model) {
        String stage =
                BadRecordException.INFERENCE_FAILED.equals(error.code())
                        ? "inference"
                        : "preprocess";
        return dead(new DeadLetter(error.code(), error.getMessage(), stage, model, record));
    }

    public boolean isDeadLetter() {
        return deadLetter != null;
    }

    public boolean isEvent() {
        return event != null;
    }

    public boolean isComparison() {
        return comparison != null;
    }

    @Override
    public String toString() {
        if (event != null || comparison != null) {
            return "Outcome{"
                    + new String(
                            event != null ? event : comparison,
                            java.nio.charset.StandardCharsets.UTF_8)
                    + "}";
        }
        return isDeadLetter() ? deadLetter.toString() : "Outcome{ok " + output.position() + "}";
    }
}
