package dev.cutover.controller.reconcile;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.cutover.streamconfig.CutoverSettings;

import java.util.List;

/**
 * The config patch that sets the flag of some streams: an object of stream name -> the entry's part along the flag
 * pointer, e.g. {@code {"s": {"consumers": {"analytics_hive_ingestion": {"hive_database": "event"}}}}}. Promote sets
 * the production database; revert sets the new job's shadow database (the value before the promotion), which is
 * what reverting a promoting edit of the entry gives. What an engineer applies to a read-only config source, and
 * what the console shows for every stream.
 */
public final class ConfigPatch {

    private ConfigPatch() {
    }

    /** The patch that makes the new job lead these streams. */
    public static String promote(CutoverSettings settings, List<String> streams) {
        return of(settings, streams, settings.productionDatabase().value());
    }

    /** The patch that gives the lead back to the legacy job for these streams. */
    public static String revert(CutoverSettings settings, List<String> streams) {
        return of(settings, streams, settings.newShadow().value());
    }

    /** The patch that sets the flag of every stream to {@code value}. */
    public static String of(CutoverSettings settings, List<String> streams, String value) {
        StringBuilder patch = new StringBuilder("{");
        for (int i = 0; i < streams.size(); i++) {
            patch.append(i == 0 ? "" : ", ").append(quote(streams.get(i))).append(": ")
                    .append(entry(settings, value));
        }
        return patch.append("}").toString();
    }

    /** The part of one entry along the flag pointer that holds {@code value}. */
    static String entry(CutoverSettings settings, String value) {
        String json = quote(value);
        String[] parts = settings.flagPointer().toString().substring(1).split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            String name = parts[i].replace("~1", "/").replace("~0", "~");
            json = "{" + quote(name) + ": " + json + "}";
        }
        return json;
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
