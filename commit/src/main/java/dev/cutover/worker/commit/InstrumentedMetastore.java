package dev.cutover.worker.commit;

import dev.cutover.protocol.Hour;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A metastore that records every call made through it and fails the calls a test or the simulation picks: before
 * the call reaches the metastore ({@link Timing#BEFORE}: nothing changed) or after it was applied
 * ({@link Timing#AFTER}: the metastore changed but the caller is told it failed, as when the answer is lost).
 * Failing calls are recorded too. Thread-safe.
 */
public final class InstrumentedMetastore implements Metastore {

    public enum Kind { PARTITIONS, ENSURE_TABLE, CREATE, ALTER, DROP }

    public enum Timing { BEFORE, AFTER }

    /** One call: what, on which table, for which partitions (none for a listing or the table call). */
    public record Call(Kind kind, TableRef table, List<Map<String, String>> specs) {

        public Call {
            specs = List.copyOf(specs);
        }

        public static Predicate<Call> is(Kind kind) {
            return call -> call.kind() == kind;
        }
    }

    /** The exception an injected failure throws. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }

    private static final class Rule {
        final Predicate<Call> which;
        final Timing timing;
        final String message;
        int skip;
        int remaining;

        Rule(Predicate<Call> which, Timing timing, String message, int skip, int remaining) {
            this.which = which;
            this.timing = timing;
            this.message = message;
            this.skip = skip;
            this.remaining = remaining;
        }
    }

    private final Metastore delegate;
    private final List<Call> calls = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    public InstrumentedMetastore(Metastore delegate) {
        this.delegate = delegate;
    }

    /** Every call matching {@code which} fails from now on, with {@code message}. */
    public synchronized InstrumentedMetastore failAlways(Predicate<Call> which, Timing timing, String message) {
        rules.add(new Rule(which, timing, message, 0, Integer.MAX_VALUE));
        return this;
    }

    /** The next call matching {@code which} fails, with {@code message}. */
    public synchronized InstrumentedMetastore failOnce(Predicate<Call> which, Timing timing, String message) {
        return failNth(which, 1, timing, message);
    }

    /** The {@code n}-th call from now matching {@code which} fails, with {@code message}. */
    public synchronized InstrumentedMetastore failNth(Predicate<Call> which, int n, Timing timing, String message) {
        if (n < 1) {
            throw new IllegalArgumentException("n counts from 1: " + n);
        }
        rules.add(new Rule(which, timing, message, n - 1, 1));
        return this;
    }

    /** The calls so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The kinds of the calls so far, in order. */
    public synchronized List<Kind> kinds() {
        return calls.stream().map(Call::kind).toList();
    }

    @Override
    public List<PartitionRef> partitions(TableRef table, Hour hour) {
        Rule rule = start(new Call(Kind.PARTITIONS, table, List.of()));
        fail(rule, Timing.BEFORE);
        List<PartitionRef> result = delegate.partitions(table, hour);
        fail(rule, Timing.AFTER);
        return result;
    }

    @Override
    public void ensureTable(TableDefinition definition, boolean exists) {
        Rule rule = start(new Call(Kind.ENSURE_TABLE, definition.table(), List.of()));
        fail(rule, Timing.BEFORE);
        delegate.ensureTable(definition, exists);
        fail(rule, Timing.AFTER);
    }

    @Override
    public void createPartitions(TableRef table, List<PartitionRef> partitions, boolean ignoreIfExists) {
        Rule rule = start(new Call(Kind.CREATE, table, partitions.stream().map(PartitionRef::spec).toList()));
        fail(rule, Timing.BEFORE);
        delegate.createPartitions(table, partitions, ignoreIfExists);
        fail(rule, Timing.AFTER);
    }

    @Override
    public void alterPartitions(TableRef table, List<PartitionRef> partitions) {
        Rule rule = start(new Call(Kind.ALTER, table, partitions.stream().map(PartitionRef::spec).toList()));
        fail(rule, Timing.BEFORE);
        delegate.alterPartitions(table, partitions);
        fail(rule, Timing.AFTER);
    }

    @Override
    public void dropPartitions(TableRef table, List<Map<String, String>> specs) {
        Rule rule = start(new Call(Kind.DROP, table, specs));
        fail(rule, Timing.BEFORE);
        delegate.dropPartitions(table, specs);
        fail(rule, Timing.AFTER);
    }

    /** Records the call; returns the first rule that fails it, if any (and counts it). */
    private synchronized Rule start(Call call) {
        calls.add(call);
        for (Rule rule : rules) {
            if (rule.remaining == 0 || !rule.which.test(call)) {
                continue;
            }
            if (rule.skip > 0) {
                rule.skip--;
                continue;
            }
            rule.remaining--;
            return rule;
        }
        return null;
    }

    private static void fail(Rule rule, Timing now) {
        if (rule != null && rule.timing == now) {
            throw new InjectedFailure(rule.message);
        }
    }
}
