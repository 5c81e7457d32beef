package dev.flinfer.sql.internal;

import dev.flinfer.bundle.ModelBundle;
import dev.flinfer.engine.BatchTask;
import dev.flinfer.record.BadRecordException;
import dev.flinfer.session.ModelSession;
import org.apache.flink.annotation.Internal;

/**
 * A batch task over the value of one SQL row (a {@code String} text or the {@code byte[]} of an
 * image), giving the model's OUTPUT row.
 *
 * @param <P> prepared value (tokens, pixels)
 * @param <B> result of a batch
 */
@Internal
public abstract class RowTask<P, B> implements BatchTask<Object, P, B, Prediction> {
    protected final ModelSpec spec;
    protected final ModelBundle bundle;

    protected RowTask(ModelSpec spec, ModelBundle bundle) {
        this.spec = spec;
        this.bundle = bundle;
    }

    /** The session, for the device and fallback. */
    protected abstract ModelSession session();

    @Override
    public Prediction reject(Object value, BadRecordException error) {
        return new Prediction(
                spec.layout().failed(error.code() + ": " + error.getMessage()), error);
    }

    @Override
    public void stopRuns() {
        session().stopRuns();
    }

    @Override
    public String device() {
        return session().activeDevice();
    }

    @Override
    public boolean cpuFallback() {
        return session().fallbackReason() != null;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    /** The text of a row, or why it cannot be used. */
    protected String text(Object value) throws BadRecordException {
        if (value == null) {
            throw new BadRecordException(BadRecordException.NULL_VALUE, "the text is NULL");
        }
        String text = (String) value;
        if (text.length() > spec.maxTextChars()) {
            throw new BadRecordException(
                    BadRecordException.TOO_LARGE,
                    "the text has "
                            + text.length()
                            + " characters, more than 'max-text-chars' = "
                            + spec.maxTextChars());
        }
        if (text.isBlank()) {
            throw new BadRecordException(BadRecordException.EMPTY_TEXT, "the text is empty");
        }
        return text;
    }
}
