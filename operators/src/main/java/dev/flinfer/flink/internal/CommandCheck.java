package dev.flinfer.flink.internal;

import dev.flinfer.flink.ModelRepository;
import dev.flinfer.lifecycle.ModelEvent;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each model command once, before it is broadcast to the subtasks: its form, the model's
 * name, that the version it names is in the repository, that a shadow has a comparison output. A
 * bad command becomes a {@code command-rejected} event and changes nothing. {@code "serve":
 * "latest"} goes on with the repository's newest version; a poll's {@code newest} goes on only when
 * it changed.
 */
@Internal
public final class CommandCheck extends ProcessFunction<byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CommandCheck.class);

    /** Refused commands, as events (JSON). */
    public static final OutputTag<byte[]> REFUSED =
            new OutputTag<>("flinfer-refused-commands", TypeInformation.of(byte[].class));

    private final ModelRepository repository;
    private final CommandRules rules;

    /**
     * @param comparisons whether the job writes shadow comparisons somewhere (else a shadow is
     *     refused)
     */
    public CommandCheck(ModelRepository repository, boolean comparisons) {
        this.repository = repository;
        this.rules = new CommandRules(repository, comparisons);
    }

    @Override
    public void processElement(byte[] bytes, Context context, Collector<byte[]> out) {
        CommandRules.Verdict verdict = rules.check(bytes);
        if (verdict.refusal() != null) {
            refuse(context, bytes, verdict.refusal());
        }
        verdict.commands().forEach(out::collect);
    }

    private void refuse(Context context, byte[] bytes, String reason) {
        LOG.warn("Model command refused: {}", reason);
        context.output(
                REFUSED,
                ModelEvent.badCommand(repository.name(), bytes, reason)
                        .toJson(-1, System.currentTimeMillis()));
    }
}
