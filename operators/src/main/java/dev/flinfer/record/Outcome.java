package dev.flinfer.record;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What became of one input record: either an output record or a dead letter, never both. Operators
 * emit outcomes in input order; {@code Outcomes.split} turns them into a main stream and a
 * dead-letter stream.
 */
@PublicEvolving
public final class Outcome {
    public SourceRecord output;
    public DeadLetter deadLetter;

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

    @Override
    public String toString() {
        return isDeadLetter() ? deadLetter.toString() : "Outcome{ok " + output.position() + "}";
    }
}
